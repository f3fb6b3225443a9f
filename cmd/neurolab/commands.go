package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"neurolab/experiment"
	"neurolab/report"
)

func newListCmd(exps []experiment.Experiment) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List every experiment: id, paper, family",
		Args:  noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			type row struct {
				ID       string `json:"id"`
				Citation string `json:"paper"`
				Family   string `json:"family"`
				Title    string `json:"title"`
				Claim    string `json:"claim"`
			}
			rows := make([]row, 0, len(exps))
			for _, e := range exps {
				m := e.Meta()
				rows = append(rows, row{m.ID, m.Citation, m.Family, m.Title, m.Claim})
			}
			if asJSON {
				return writeJSON(c, rows)
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPAPER\tFAMILY")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Citation, r.Family)
			}
			return tw.Flush()
		},
	}
	fs := newCmdFlags(c)
	fs.Bool(&asJSON, "json", false, "print JSON")
	fs.finish("  neurolab list\n  neurolab list --json")
	return c
}

func writeJSON(c *cobra.Command, v any) error {
	enc := json.NewEncoder(c.OutOrStdout())
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// paramRow is one parameter in 'neurolab params --json': the Param (its
// "default" the value at the default scale) with its value at the chosen
// scale.
type paramRow struct {
	experiment.Param
	Scale   string `json:"scale"`
	Value   any    `json:"value"`
	Differs bool   `json:"differs_from_default"`
}

func newParamsCmd(exps []experiment.Experiment) *cobra.Command {
	var asJSON bool
	var scaleName string
	c := &cobra.Command{
		Use:   "params ID",
		Short: "List an experiment's parameters: name, value at a scale, unit, valid range, doc",
		Args:  oneArg("an experiment ID", "see 'neurolab list'"),
		RunE: func(c *cobra.Command, args []string) error {
			e, err := lookup(exps, args[0])
			if err != nil {
				return err
			}
			scale, err := experiment.ParseScale(scaleName)
			if err != nil {
				return badFlag("scale", scaleName, "one of quick, default, paper")
			}
			def := e.Meta().Params
			at := experiment.ParamsAt(e, scale)
			defAt := map[string]any{}
			for _, p := range def {
				defAt[p.Name] = p.Default
			}
			rows := make([]paramRow, len(at))
			anyDiff := false
			for i, p := range at {
				d, ok := defAt[p.Name]
				rows[i] = paramRow{Param: p, Scale: scale.String(), Value: p.Default, Differs: !ok || d != p.Default}
				rows[i].Param.Default = d
				anyDiff = anyDiff || rows[i].Differs
			}
			if asJSON {
				return writeJSON(c, rows)
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 0, 2, ' ', 0)
			head := "DEFAULT"
			if scale != experiment.Default {
				head = "VALUE (" + scale.String() + ")"
			}
			fmt.Fprintf(tw, "NAME\t%s\tUNIT\tVALID\tDOC\n", head)
			for _, r := range rows {
				v := fmt.Sprint(r.Value)
				if r.Differs {
					v += fmt.Sprintf(" * (default %v)", r.Param.Default)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, v, r.Unit, r.Valid(), r.Doc)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			switch {
			case scale == experiment.Default:
				if sameValues(def, experiment.ParamsAt(e, experiment.Paper)) {
					fmt.Fprintf(c.OutOrStdout(), "%s: the paper scale uses these values too\n", args[0])
				}
			case anyDiff:
				fmt.Fprintln(c.OutOrStdout(), "* differs from the default scale")
			default:
				fmt.Fprintf(c.OutOrStdout(), "%s: the %s scale uses the default scale's values\n", args[0], scale)
			}
			return nil
		},
	}
	fs := newCmdFlags(c)
	scales := oneOf("quick", "default", "paper")
	fs.String(&scaleName, "scale", "SCALE", "default", "show each parameter's value at this scale (values that differ from the default scale are marked *)", &scales)
	fs.Bool(&asJSON, "json", false, "print JSON")
	fs.finish("  neurolab params ssn-variability\n  neurolab params ssn-variability --scale paper\n  neurolab params ssn-variability --json")
	return c
}

// sameValues reports whether a and b list the same parameters with the same
// values.
func sameValues(a, b []experiment.Param) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Default != b[i].Default {
			return false
		}
	}
	return true
}

func ids(exps []experiment.Experiment) []string {
	out := make([]string, len(exps))
	for i, e := range exps {
		out[i] = e.Meta().ID
	}
	return out
}

func lookup(exps []experiment.Experiment, id string) (experiment.Experiment, error) {
	for _, e := range exps {
		if e.Meta().ID == id {
			return e, nil
		}
	}
	return nil, usagef("unknown experiment %q%s (known: %s)", id, experiment.DidYouMean(id, ids(exps)), strings.Join(ids(exps), ", "))
}

func newReportCmd(exps []experiment.Experiment) *cobra.Command {
	c := &cobra.Command{
		Use:   "report DIR",
		Short: "Rebuild DIR/index.html from the results in DIR",
		Args:  oneArg("a results folder DIR", "e.g. 'neurolab report results'"),
		RunE: func(c *cobra.Command, args []string) error {
			dir := args[0]
			if st, err := os.Stat(dir); err != nil {
				return experiment.Inputf("report %s: folder not found", dir)
			} else if !st.IsDir() {
				return experiment.Inputf("report %s: not a folder", dir)
			}
			rs, err := report.Rebuild(dir, reportOptions(exps))
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			fmt.Fprintf(c.OutOrStdout(), "report: %s (%s)\n", filepath.Join(dir, "index.html"), plural(len(rs), "experiment"))
			return nil
		},
	}
	newCmdFlags(c).finish("  neurolab report results")
	return c
}

// oneArg is the Args check of a command that takes one argument, what
// (hint says where to find one).
func oneArg(what, hint string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ") // "params", "sweep plan"
		switch {
		case len(args) == 0:
			return experiment.Inputf("%s: %s is required (%s)", name, what, hint)
		case len(args) > 1:
			return experiment.Inputf("%s takes one argument, %s; got %d: %s (%s)", name, what, len(args), strings.Join(args, " "), hint)
		}
		return nil
	}
}

// parseSets turns NAME=VALUE or ID.NAME=VALUE strings into per-experiment
// override maps for the selected experiments. An unqualified name applies to
// every selected experiment that has it, and must exist in at least one.
//
// all lists every experiment: a name (or ID. prefix) that belongs to an
// experiment that exists but is not selected is reported as such.
func parseSets(sets []string, selected, all []experiment.Experiment) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, e := range selected {
		out[e.Meta().ID] = map[string]string{}
	}
	for _, s := range sets {
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, badFlag("set", s, "NAME=VALUE or ID.NAME=VALUE")
		}
		target := ""
		if id, n, ok := strings.Cut(name, "."); ok {
			if _, known := out[id]; known {
				target, name = id, n
			} else if e := find(all, id); e != nil {
				if !hasParam(e.Meta(), n) {
					return nil, usagef("--set %s: %s is not selected, and it has no parameter %q (see 'neurolab params %s')", s, id, n, id)
				}
				return nil, usagef("--set %s: %s is not selected; run it: neurolab run %s --set %s=%s", s, id, id, n, value)
			}
		}
		applied := false
		for _, e := range selected {
			m := e.Meta()
			if target != "" && m.ID != target {
				continue
			}
			has := false
			for _, p := range m.Params {
				if p.Name == name {
					has = true
				}
			}
			if !has {
				continue
			}
			out[m.ID][name] = value
			applied = true
		}
		if !applied {
			if target == "" {
				if err := unselectedParam(name, value, selected, all); err != nil {
					return nil, err
				}
			}
			if len(selected) == 1 || target != "" {
				m := selected[0].Meta()
				if target != "" {
					e, _ := lookup(selected, target)
					m = e.Meta()
				}
				names := make([]string, len(m.Params))
				for i, p := range m.Params {
					names[i] = p.Name
				}
				return nil, usagef("--set: unknown parameter %q%s for %s (valid: %s)", name, experiment.DidYouMean(name, names), m.ID, paramList(m.Params))
			}
			return nil, usagef("--set: no selected experiment has a parameter %q (see 'neurolab params ID')", name)
		}
	}
	for _, e := range selected {
		m := e.Meta()
		if err := experiment.CheckSet(m.Params, out[m.ID]); err != nil {
			return nil, usagef("--set: %s: %v", m.ID, err)
		}
	}
	return out, nil
}

// find returns the experiment of exps with id, or nil.
func find(exps []experiment.Experiment, id string) experiment.Experiment {
	for _, e := range exps {
		if e.Meta().ID == id {
			return e
		}
	}
	return nil
}

func hasParam(m experiment.Meta, name string) bool {
	for _, p := range m.Params {
		if p.Name == name {
			return true
		}
	}
	return false
}

// unselectedParam returns the usage error for --set name=value when no
// selected experiment has the parameter name but experiments of all that are
// not selected do; nil if none does.
func unselectedParam(name, value string, selected, all []experiment.Experiment) error {
	sel := map[string]bool{}
	for _, e := range selected {
		sel[e.Meta().ID] = true
	}
	var owners []string
	for _, e := range all {
		if m := e.Meta(); !sel[m.ID] && hasParam(m, name) {
			owners = append(owners, m.ID)
		}
	}
	switch len(owners) {
	case 0:
		return nil
	case 1:
		return usagef("--set: %s is a parameter of %s, which is not selected; run it: neurolab run %s --set %s=%s",
			name, owners[0], owners[0], name, value)
	}
	list := owners
	more := ""
	if len(list) > 4 {
		list, more = list[:4], fmt.Sprintf(" and %d more", len(owners)-4)
	}
	return usagef("--set: %s is a parameter of %s%s, none of which is selected; run one of them, e.g.: neurolab run %s --set %s=%s",
		name, strings.Join(list, ", "), more, owners[0], name, value)
}

func paramList(ps []experiment.Param) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
