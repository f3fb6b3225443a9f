package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"neurolab/experiment"
	"neurolab/report"
)

// newAboutCmd prints an experiment's paper, claim and model summary
// (Meta.About): what a run simulates or analyses, with which equations and
// at which sizes.
func newAboutCmd(exps []experiment.Experiment) *cobra.Command {
	c := &cobra.Command{
		Use:   "about ID",
		Short: "Describe an experiment: its paper, claim, model equations, protocol and deviations",
		Args:  oneArg("an experiment ID", "see 'neurolab list'"),
		RunE: func(c *cobra.Command, args []string) error {
			e, err := lookup(exps, args[0])
			if err != nil {
				return err
			}
			m := e.Meta()
			w := c.OutOrStdout()
			fmt.Fprintf(w, "%s: %s\n%s (%s)\n\n", m.ID, m.Title, m.Citation, m.Family)
			fmt.Fprintf(w, "%s\n", fill("Claim. "+m.Claim, 0, 0, 100))
			if about := strings.TrimSpace(m.About); about != "" {
				fmt.Fprintf(w, "\n%s\n", strings.TrimRight(m.About, " \n"))
			}
			fmt.Fprintf(w, "\nParameters: neurolab params %s   Run: neurolab run %s\n", m.ID, m.ID)
			return nil
		},
	}
	newCmdFlags(c).finish("  neurolab about ssn-variability")
	return c
}

// reportOptions gives the report each registered experiment's claim and
// model summary, by id.
func reportOptions(exps []experiment.Experiment) report.Options {
	return report.Options{Meta: func(id string) (experiment.Meta, bool) {
		if e := find(exps, id); e != nil {
			return e.Meta(), true
		}
		return experiment.Meta{}, false
	}}
}
