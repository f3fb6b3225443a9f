package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"neurolab/experiment"
)

// One convention for every command's flags (the analysis commands, run,
// params and report), so that the same mistake reads the same everywhere:
//
//	bad value         --NAME VALUE: want RANGE
//	missing flag      --NAME META is required (see 'neurolab CMD --help')
//	missing file      --NAME PATH: file not found   (folder not found for DIR flags)
//	unknown flag      unknown flag --NAME (did you mean "--OTHER"?) (see 'neurolab CMD --help')
//
// all with exit status 2. Flags are declared through cmdFlags, which records
// each flag's placeholder, default and valid range; the range is checked
// before the command does any work (nothing is written on a bad value), is
// named in the message when a value does not even parse, and is printed in
// the help next to the default.

// Flag annotations read by the help table and the parse-error messages.
const (
	annMeta     = "neurolab/meta"     // placeholder of the value: FILE.npy, DIR, N, HZ
	annRange    = "neurolab/range"    // valid range in words: "an integer ≥ 1"
	annRequired = "neurolab/required" // "true" when the flag must be given
	annKind     = "neurolab/kind"     // "file" or "dir": an input path that must exist; "out": an output folder
)

// flagRange is the valid range of a flag's value.
type flagRange struct {
	want string              // the range in words, e.g. "an integer ≥ 1"
	ok   func(s string) bool // whether a value (as the flag prints it) lies in it
}

// numRange is a numeric range: ok is given the parsed value.
func numRange(want string, ok func(v float64) bool) flagRange {
	return flagRange{want, func(s string) bool {
		v, err := strconv.ParseFloat(s, 64)
		return err == nil && ok(v)
	}}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// intAtLeast is the range of an integer flag ≥ n.
func intAtLeast(n int) flagRange {
	return numRange(fmt.Sprintf("an integer ≥ %d", n), func(v float64) bool { return v >= float64(n) })
}

// intIn is the range of an integer flag in [lo, hi].
func intIn(lo, hi int) flagRange {
	return numRange(fmt.Sprintf("an integer in [%d, %d]", lo, hi), func(v float64) bool { return v >= float64(lo) && v <= float64(hi) })
}

// anyUint is the range of an unsigned flag (a seed): every value pflag parses.
var anyUint = flagRange{"an integer ≥ 0", func(string) bool { return true }}

// above is a finite number > lo: what names it ("a frame rate"), unit
// follows the bound ("Hz"; "" for none).
func above(what string, lo float64, unit string) flagRange {
	return numRange(withUnit(fmt.Sprintf("%s > %g", what, lo), unit), func(v float64) bool { return v > lo && finite(v) })
}

// atLeast is a finite number ≥ lo.
func atLeast(what string, lo float64, unit string) flagRange {
	return numRange(withUnit(fmt.Sprintf("%s ≥ %g", what, lo), unit), func(v float64) bool { return v >= lo && finite(v) })
}

// within is a number in [lo, hi].
func within(what string, lo, hi float64) flagRange {
	return numRange(fmt.Sprintf("%s in [%g, %g]", what, lo, hi), func(v float64) bool { return v >= lo && v <= hi })
}

// zeroOr accepts 0 (meaning zero, e.g. "estimated from the data") besides r.
func zeroOr(zero string, r flagRange) flagRange {
	return flagRange{fmt.Sprintf("0 (%s) or %s", zero, r.want), func(s string) bool {
		v, err := strconv.ParseFloat(s, 64)
		return err == nil && v == 0 || r.ok(s)
	}}
}

// oneOf is one of the listed values.
func oneOf(vals ...string) flagRange {
	return flagRange{"one of " + strings.Join(vals, ", "), func(s string) bool {
		for _, v := range vals {
			if s == v {
				return true
			}
		}
		return false
	}}
}

func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// badFlag is the error of a flag whose value is outside its range want:
// "--NAME VALUE: want RANGE" (exit status 2).
func badFlag(name string, value any, want string, args ...any) error {
	if len(args) > 0 {
		want = fmt.Sprintf(want, args...)
	}
	return experiment.Inputf("--%s %s: want %s", name, showValue(value), want)
}

// showValue prints a flag value as the user would type it; an empty value or
// one with spaces is quoted.
func showValue(v any) string {
	s := fmt.Sprint(v)
	if f, ok := v.(float64); ok {
		s = strconv.FormatFloat(f, 'g', -1, 64)
	}
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return strconv.Quote(s)
	}
	return s
}

// helpHint is the "(see 'neurolab CMD --help')" that ends messages about a
// command's usage.
func helpHint(c *cobra.Command) string {
	return fmt.Sprintf("(see '%s --help')", c.CommandPath())
}

// requiredErr is the error of missing required flags (or arguments), each
// given as it is written in the usage line ("--tensor FILE.npy").
func requiredErr(c *cobra.Command, what ...string) error {
	verb := "is"
	if len(what) > 1 {
		verb = "are"
	}
	return experiment.Inputf("%s %s required %s", joinAnd(what), verb, helpHint(c))
}

// joinAnd joins "a", "b", "c" as "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// cmdFlags declares a command's flags with their placeholders, defaults and
// ranges; finish installs the checks, the error messages and the help.
type cmdFlags struct {
	c      *cobra.Command
	fl     *pflag.FlagSet
	ranges map[string]flagRange
}

func newCmdFlags(c *cobra.Command) *cmdFlags {
	fl := c.Flags()
	fl.SortFlags = false // help lists flags as declared: inputs, options, then --out, --seed, --workers
	return &cmdFlags{c: c, fl: fl, ranges: map[string]flagRange{}}
}

// note records a flag's annotations.
func (f *cmdFlags) note(name, key, value string) {
	if value != "" {
		f.fl.SetAnnotation(name, key, []string{value})
	}
}

func (f *cmdFlags) setRange(name string, r flagRange) {
	f.ranges[name] = r
	f.note(name, annRange, r.want)
}

// Int declares an integer flag with its range.
func (f *cmdFlags) Int(p *int, name, meta string, def int, usage string, r flagRange) {
	f.fl.IntVar(p, name, def, usage)
	f.note(name, annMeta, meta)
	f.setRange(name, r)
}

// Float declares a float flag with its range.
func (f *cmdFlags) Float(p *float64, name, meta string, def float64, usage string, r flagRange) {
	f.fl.Float64Var(p, name, def, usage)
	f.note(name, annMeta, meta)
	f.setRange(name, r)
}

// Bool declares a switch.
func (f *cmdFlags) Bool(p *bool, name string, def bool, usage string) {
	f.fl.BoolVar(p, name, def, usage)
}

// String declares a string flag; r may be nil (any value).
func (f *cmdFlags) String(p *string, name, meta, def, usage string, r *flagRange) {
	f.fl.StringVar(p, name, def, usage)
	f.note(name, annMeta, meta)
	if r != nil {
		f.setRange(name, *r)
	}
}

// File declares an input file flag (meta: "FILE.npy"): given, it must
// exist and be a file.
func (f *cmdFlags) File(p *string, name, meta, usage string, required bool) {
	f.fl.StringVar(p, name, "", usage)
	f.note(name, annMeta, meta)
	f.note(name, annKind, "file")
	f.required(name, required)
}

// Dir declares an input folder flag: given, it must exist and be a folder.
func (f *cmdFlags) Dir(p *string, name, usage string, required bool) {
	f.fl.StringVar(p, name, "", usage)
	f.note(name, annMeta, "DIR")
	f.note(name, annKind, "dir")
	f.required(name, required)
}

func (f *cmdFlags) required(name string, required bool) {
	if required {
		f.note(name, annRequired, "true")
	}
}

// Require marks an already declared flag as required.
func (f *cmdFlags) Require(name string) { f.required(name, true) }

// Out declares --out DIR with the command's default folder.
func (f *cmdFlags) Out(p *string, def string) {
	f.String(p, "out", "DIR", def, "output folder (created if needed)", nil)
	f.note("out", annKind, "out")
}

// Seed declares --seed N.
func (f *cmdFlags) Seed(p *uint64, usage string) {
	f.fl.Uint64Var(p, "seed", 1, usage)
	f.note("seed", annMeta, "N")
	f.setRange("seed", anyUint)
}

// Workers declares --workers N.
func (f *cmdFlags) Workers(p *int) {
	f.Int(p, "workers", "N", 2, "goroutines; results do not depend on it", intAtLeast(1))
}

// finish installs the flag checks (before the command runs), the flag
// error messages and the help layout. example is the Example line(s).
func (f *cmdFlags) finish(example string) {
	c := f.c
	c.Example = example
	c.SilenceUsage, c.SilenceErrors = true, true // cli prints the one-line message
	prev := c.PreRunE
	c.PreRunE = func(c *cobra.Command, args []string) error {
		if err := f.check(); err != nil {
			return err
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
	c.SetFlagErrorFunc(flagError)
	setHelp(c)
}

// check returns the first problem with the flags as given: a required flag
// missing, a value out of range, an input path that does not exist.
func (f *cmdFlags) check() error {
	var missing []string
	f.fl.VisitAll(func(fl *pflag.Flag) {
		if annotation(fl, annRequired) != "" && (!fl.Changed || fl.Value.String() == "") {
			missing = append(missing, usageName(fl))
		}
	})
	if len(missing) > 0 {
		return requiredErr(f.c, missing...)
	}
	var err error
	f.fl.VisitAll(func(fl *pflag.Flag) {
		if r, ok := f.ranges[fl.Name]; ok && err == nil && !r.ok(fl.Value.String()) {
			err = badFlag(fl.Name, fl.Value.String(), r.want)
		}
	})
	if err != nil {
		return err
	}
	f.fl.VisitAll(func(fl *pflag.Flag) {
		if err == nil && fl.Value.String() != "" {
			err = checkPath(fl.Name, fl.Value.String(), annotation(fl, annKind))
		}
	})
	return err
}

// checkPath checks that an input path given to --name exists and is of the
// kind ("file" or "dir") the flag takes.
func checkPath(name, path, kind string) error {
	switch kind {
	case "":
		return nil
	case "out":
		return checkOutPath(name, path)
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && kind == "dir":
		return experiment.Inputf("--%s %s: folder not found", name, path)
	case errors.Is(err, os.ErrNotExist):
		return experiment.Inputf("--%s %s: file not found", name, path)
	case err != nil:
		return experiment.Inputf("--%s %s: cannot read: %v", name, path, errors.Unwrap(err))
	case kind == "dir" && !st.IsDir():
		return experiment.Inputf("--%s %s: not a folder", name, path)
	case kind == "file" && st.IsDir():
		return experiment.Inputf("--%s %s: a folder, not a file", name, path)
	}
	return nil
}

func annotation(fl *pflag.Flag, key string) string {
	if v := fl.Annotations[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// usageName is a flag as the usage line writes it: "--tensor FILE.npy".
func usageName(fl *pflag.Flag) string {
	if m := metaOf(fl); m != "" {
		return "--" + fl.Name + " " + m
	}
	return "--" + fl.Name
}

// metaOf is the placeholder of a flag's value ("" for a switch).
func metaOf(fl *pflag.Flag) string {
	if m := annotation(fl, annMeta); m != "" {
		return m
	}
	switch fl.Value.Type() {
	case "bool":
		return ""
	case "int", "uint64", "uint", "int64":
		return "N"
	case "float64":
		return "X"
	}
	return "VALUE"
}

// wantOf is a flag's valid range in words, from its annotation or its type.
func wantOf(fl *pflag.Flag) string {
	if w := annotation(fl, annRange); w != "" {
		return w
	}
	switch fl.Value.Type() {
	case "bool":
		return "true or false"
	case "int", "int64":
		return "an integer"
	case "uint64", "uint":
		return "an integer ≥ 0"
	case "float64":
		return "a number"
	}
	if m := metaOf(fl); m != "" {
		return m
	}
	return "a value"
}

// flagError rewrites the parser's errors (a value that does not parse, an
// unknown flag, a flag without its value) in the shapes above.
func flagError(c *cobra.Command, err error) error {
	var inv *pflag.InvalidValueError
	var unknown *pflag.NotExistError
	var noValue *pflag.ValueRequiredError
	switch {
	case errors.As(err, &inv):
		return badFlag(inv.GetFlag().Name, inv.GetValue(), wantOf(inv.GetFlag()))
	case errors.As(err, &noValue):
		fl := noValue.GetFlag()
		return experiment.Inputf("--%s: missing value; want %s %s", fl.Name, wantOf(fl), helpHint(c))
	case errors.As(err, &unknown):
		if sh := unknown.GetSpecifiedShortnames(); sh != "" {
			in := ""
			if sh != unknown.GetSpecifiedName() {
				in = " in -" + sh
			}
			return experiment.Inputf("unknown flag -%s%s %s", unknown.GetSpecifiedName(), in, helpHint(c))
		}
		name := "--" + unknown.GetSpecifiedName()
		var names []string
		c.Flags().VisitAll(func(fl *pflag.Flag) { names = append(names, "--"+fl.Name) })
		return experiment.Inputf("unknown flag %s%s %s", name, experiment.DidYouMean(name, names), helpHint(c))
	}
	return experiment.Inputf("%v %s", err, helpHint(c))
}

// noArgs is the Args check of a command that takes flags only.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return experiment.Inputf("%s takes no arguments, got %s; give inputs as flags %s", c.Name(), showValue(args[0]), helpHint(c))
	}
	return nil
}

// setHelp gives c the common help layout: description, usage line, one row
// per flag with its default and valid range (in declaration order), and the
// example.
func setHelp(c *cobra.Command) {
	c.SetUsageTemplate(`Usage:
  {{.UseLine}}

Flags:
{{flagTable .}}{{if .HasExample}}
Example:
{{.Example}}
{{end}}`)
}

func init() {
	cobra.AddTemplateFunc("flagTable", flagTable)
}

// flagTable formats c's flags, one per row: "--name META", the usage, and in
// parentheses the default and the valid range.
func flagTable(c *cobra.Command) string {
	type row struct{ name, doc string }
	var rows []row
	width := 0
	c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden || fl.Name == "help" {
			return
		}
		r := row{name: usageName(fl), doc: fl.Usage + " (" + flagFacts(fl) + ")"}
		rows = append(rows, r)
		width = max(width, utf8.RuneCountInString(r.name))
	})
	rows = append(rows, row{"-h, --help", "show this help"})
	width = min(max(width, 10), 26)
	var b strings.Builder
	for _, r := range rows {
		pad := width - utf8.RuneCountInString(r.name)
		if pad < 0 { // a long name: the text starts on the next line
			b.WriteString("  " + r.name + "\n" + strings.Repeat(" ", width+2))
		} else {
			b.WriteString("  " + r.name + strings.Repeat(" ", pad))
		}
		b.WriteString(wrap(r.doc, width+5, 110))
		b.WriteString("\n")
	}
	return b.String()
}

// flagFacts is "default X; valid: RANGE", "required" or "optional".
func flagFacts(fl *pflag.Flag) string {
	var facts []string
	switch {
	case annotation(fl, annRequired) != "":
		facts = append(facts, "required")
	case annotation(fl, annKind) == "file" || annotation(fl, annKind) == "dir" || fl.Value.Type() == "string" && fl.DefValue == "" || fl.Value.Type() == "stringArray":
		facts = append(facts, "optional")
	default:
		facts = append(facts, "default "+fl.DefValue)
	}
	if w := annotation(fl, annRange); w != "" {
		facts = append(facts, "valid: "+w)
	}
	return strings.Join(facts, "; ")
}

// wrap breaks s into lines of at most width runes, the lines after the
// first indented by indent spaces (the first starts after a 3-space gap).
func wrap(s string, indent, width int) string {
	return "   " + fill(s, indent, indent, width)
}

// fill breaks s at spaces into lines of at most width runes, the first
// starting at column start and the others indented by indent spaces (a
// word too long for a line stands on its own).
func fill(s string, start, indent, width int) string {
	var b strings.Builder
	col := start
	for i, w := range strings.Fields(s) {
		n := utf8.RuneCountInString(w)
		if i > 0 {
			if col+1+n > width {
				b.WriteString("\n" + strings.Repeat(" ", indent))
				col = indent
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// checkOutPath checks, before any work, that the output folder given to
// --name could be created: it is a folder, or the nearest existing folder
// above it is one. Nothing is created: checkOut does that when there are
// results to write.
func checkOutPath(name, dir string) error {
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err == nil {
			if !st.IsDir() {
				return experiment.Inputf("--%s %s: not writable (%s is a file)", name, dir, p)
			}
			return nil
		}
		if parent := filepath.Dir(p); parent == p {
			return nil
		}
	}
}

// checkOut makes sure the output folder dir exists (creating it) and that a
// file can be written in it.
func checkOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return experiment.Inputf("--out %s: not writable (%v)", dir, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, ".neurolab-write-test*")
	if err != nil {
		return experiment.Inputf("--out %s: not writable (%v)", dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// printDone prints an analysis command's last line on stdout:
// "CMD: SUMMARY; wrote FILES and N figures in DIR".
func printDone(c *cobra.Command, summary, dir string, files []string, figures int) {
	what := append([]string(nil), files...)
	if figures > 0 {
		what = append(what, plural(figures, "figure"))
	}
	fmt.Fprintf(c.OutOrStdout(), "%s: %s; wrote %s in %s\n", c.Name(), summary, joinAnd(what), dir)
}
