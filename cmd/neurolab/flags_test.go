package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"neurolab/dataio/npy"
)

// flagCommands are the commands whose flags follow the common convention,
// with the flags that satisfy their required-flag check.
var flagCommands = []struct {
	name     string
	required []string // minimal arguments past the required-flag check
}{
	{"deconvolve", []string{"--npy", "F.npy", "--fs", "30"}},
	{"cilds", []string{"--npy", "F.npy", "--fs", "30", "--dims", "2"}},
	{"jpca", []string{"--input", "X.npy"}},
	{"remap", []string{"--tensor", "X.npy"}},
	{"maps", []string{"--events", "E.npy", "--position", "P.npy", "--trials", "T.npy"}},
	{"average-test", []string{"--counts", "C.npy", "--labels", "L.npy"}},
	{"visual-drift", []string{"--responses", "R.npy"}},
	{"drift-geometry", []string{"--input", "X.npy"}},
	{"run", []string{"fake-one"}},
	{"params", []string{"fake-one"}},
	{"report", []string{"."}},
	{"list", nil},
}

// cmdByName returns the command name of the full command tree.
func cmdFlagSet(t *testing.T, name string) *pflag.FlagSet {
	t.Helper()
	root := newRootCmd(context.Background(), &bytes.Buffer{}, &bytes.Buffer{}, fakes)
	c, _, err := root.Find([]string{name})
	if err != nil || c.Name() != name {
		t.Fatalf("no command %s: %v", name, err)
	}
	return c.Flags()
}

// TestBadFlagValues runs each command with one bad value per flag that has
// a valid range: exit status 2, the one-line message "--NAME VALUE: want
// RANGE", and nothing written. Every ranged flag of every command must be
// in the table.
func TestBadFlagValues(t *testing.T) {
	cases := []struct {
		cmd, flag, value, want string
	}{
		{"deconvolve", "fs", "-3", "0 (from ops.npy or the NWB file) or a frame rate > 0 Hz"},
		{"deconvolve", "neucoeff", "11", "a coefficient in [0, 10]"},
		{"deconvolve", "tau", "-0.4", "0 (ops.npy's tau, else estimated from the data) or a time constant > 0 s"},
		{"deconvolve", "ar", "3", "one of 1, 2"},
		{"deconvolve", "tau-rise", "+Inf", "0 (g1, g2 estimated from the data) or a time constant > 0 s"},
		{"deconvolve", "smin", "-1", "a size ≥ 0"},
		{"deconvolve", "workers", "0", "an integer ≥ 1"},
		{"cilds", "fs", "NaN", "0 (from ops.npy or the NWB file) or a frame rate > 0 Hz"},
		{"cilds", "neucoeff", "-0.1", "a coefficient in [0, 10]"},
		{"cilds", "dims", "0", "an integer ≥ 1"},
		{"cilds", "trial-frames", "-5", "0 (the shortest gap between onsets, or the whole recording) or an integer ≥ 1"},
		{"cilds", "iters", "0", "an integer ≥ 1"},
		{"cilds", "workers", "-1", "an integer ≥ 1"},
		{"jpca", "dims", "3", "an even integer ≥ 2"},
		{"jpca", "bin-ms", "0", "a width > 0 ms"},
		{"jpca", "soft-norm", "-1", "a constant ≥ 0"},
		{"remap", "maps", "-1", "0 (chosen by silhouette) or an integer ≥ 1"},
		{"remap", "max-maps", "1", "an integer ≥ 2"},
		{"remap", "min-silhouette", "1.5", "a silhouette in [-1, 1]"},
		{"remap", "restarts", "0", "an integer ≥ 1"},
		{"remap", "min-trials", "0", "an integer ≥ 1"},
		{"remap", "workers", "0", "an integer ≥ 1"},
		{"maps", "bins", "1", "an integer in [2, 10000]"},
		{"maps", "bins", "100000", "an integer in [2, 10000]"},
		{"maps", "fs", "0", "a frame rate > 0 Hz"},
		{"maps", "min-speed", "-1", "a speed ≥ 0 cm/s"},
		{"maps", "speed-smoothing", "+Inf", "a window ≥ 0 s"},
		{"maps", "max-k", "1", "an integer ≥ 2"},
		{"maps", "min-silhouette", "-2", "a silhouette in [-1, 1]"},
		{"maps", "min-sessions", "-1", "an integer ≥ 0"},
		{"maps", "shuffles", "0", "an integer ≥ 1"},
		{"maps", "window", "0", "a window > 0 s"},
		{"maps", "step", "-3", "a step > 0 s"},
		{"maps", "threshold", "2", "a PV correlation in [-1, 1]"},
		{"maps", "workers", "0", "an integer ≥ 1"},
		{"average-test", "window", "0.2,0", "START,END in seconds with START < END, e.g. 0,0.2"},
		{"average-test", "surrogates", "0", "an integer ≥ 1"},
		{"average-test", "workers", "0", "an integer ≥ 1"},
		{"visual-drift", "shuffles", "0", "an integer ≥ 1"},
		{"visual-drift", "workers", "0", "an integer ≥ 1"},
		{"drift-geometry", "lag", "0", "an integer ≥ 1"},
		{"run", "scale", "huge", "one of quick, default, paper"},
		{"run", "workers", "0", "an integer ≥ 1"},
		{"params", "scale", "huge", "one of quick, default, paper"},
		// Values that do not parse name the same range.
		{"remap", "workers", "two", "an integer ≥ 1"},
		{"maps", "fs", "fast", "a frame rate > 0 Hz"},
		{"deconvolve", "ar", "1.5", "one of 1, 2"},
		{"visual-drift", "seed", "-1", "an integer ≥ 0"},
		{"jpca", "no-normalize=maybe", "", "true or false"},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.cmd+" --"+c.flag] = true
	}
	for _, fc := range flagCommands {
		cmdFlagSet(t, fc.name).VisitAll(func(fl *pflag.Flag) {
			if annotation(fl, annRange) != "" && fl.Name != "seed" && !covered[fc.name+" --"+fl.Name] {
				t.Errorf("%s --%s has a valid range but no case in this table", fc.name, fl.Name)
			}
		})
	}
	for _, c := range cases {
		t.Run(c.cmd+"--"+c.flag+"="+c.value, func(t *testing.T) {
			var base []string
			for _, fc := range flagCommands {
				if fc.name == c.cmd {
					base = fc.required
				}
			}
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{c.cmd}, base...)
			flag, value := c.flag, c.value
			if value == "" { // a switch given a value: --flag=value
				flag, value, _ = strings.Cut(c.flag, "=")
				args = append(args, "--"+c.flag)
			} else {
				args = append(args, "--"+c.flag, c.value)
			}
			if cmdFlagSet(t, c.cmd).Lookup("out") != nil { // params has no --out
				args = append(args, "--out", out)
			}
			var so, se bytes.Buffer
			code := cli(context.Background(), args, &so, &se, fakes)
			want := "neurolab: --" + flag + " " + value + ": want " + c.want + "\n"
			if code != exitUsage || se.String() != want {
				t.Errorf("%v: got exit %d, stderr %q; want exit %d, %q", args, code, se.String(), exitUsage, want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("--out: got %v, want nothing written", err)
			}
		})
	}
}

// TestFlagMistakes: a missing required flag, a missing input file or
// folder, an unknown flag, a flag without its value and a stray argument
// read the same in every command.
func TestFlagMistakes(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.npy")
	outcome := filepath.Join(dir, "outcome.npy")
	if err := npy.WriteFloat64(outcome, []int{2}, []float64{1, 0}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"deconvolve"}, "--suite2p DIR, --npy FILE.npy or --nwb FILE.nwb is required (see 'neurolab deconvolve --help')"},
		{[]string{"cilds", "--npy", missing, "--fs", "30"}, "--dims K is required (see 'neurolab cilds --help')"},
		{[]string{"jpca"}, "--input FILE.npy is required (see 'neurolab jpca --help')"},
		{[]string{"remap"}, "--tensor FILE.npy is required (see 'neurolab remap --help')"},
		{[]string{"maps", "--events", missing}, "--position FILE.npy and --trials FILE.npy are required (see 'neurolab maps --help')"},
		{[]string{"average-test"}, "--counts FILE.npy with --labels FILE.npy, or --alf DIR, is required (see 'neurolab average-test --help')"},
		{[]string{"visual-drift"}, "--responses FILE.npy is required (see 'neurolab visual-drift --help')"},
		{[]string{"drift-geometry"}, "--input FILE.npy|FILE.npz is required (see 'neurolab drift-geometry --help')"},
		{[]string{"run"}, "run: an experiment ID, or all, is required (see 'neurolab list')"},
		{[]string{"params"}, "params: an experiment ID is required (see 'neurolab list')"},
		{[]string{"report"}, "report: a results folder DIR is required (e.g. 'neurolab report results')"},

		{[]string{"deconvolve", "--npy", missing, "--fs", "30"}, "--npy " + missing + ": file not found"},
		{[]string{"cilds", "--npy", missing, "--fs", "30", "--dims", "2"}, "--npy " + missing + ": file not found"},
		{[]string{"deconvolve", "--suite2p", filepath.Join(dir, "plane0")}, "--suite2p " + filepath.Join(dir, "plane0") + ": folder not found"},
		{[]string{"jpca", "--input", missing}, "--input " + missing + ": file not found"},
		{[]string{"remap", "--tensor", missing}, "--tensor " + missing + ": file not found"},
		{[]string{"maps", "--events", missing, "--position", missing, "--trials", missing}, "--events " + missing + ": file not found"},
		{[]string{"average-test", "--counts", missing, "--labels", missing}, "--counts " + missing + ": file not found"},
		{[]string{"average-test", "--alf", filepath.Join(dir, "session")}, "--alf " + filepath.Join(dir, "session") + ": folder not found"},
		{[]string{"visual-drift", "--responses", missing}, "--responses " + missing + ": file not found"},
		{[]string{"drift-geometry", "--input", missing}, "--input " + missing + ": file not found"},
		{[]string{"visual-drift", "--responses", dir}, "--responses " + dir + ": a folder, not a file"},
		{[]string{"report", filepath.Join(dir, "results")}, "report " + filepath.Join(dir, "results") + ": folder not found"},

		{[]string{"jpca", "--bogus"}, "unknown flag --bogus (see 'neurolab jpca --help')"},
		{[]string{"jpca", "-x"}, "unknown flag -x (see 'neurolab jpca --help')"},
		{[]string{"average-test", "--alf", dir, "--outcome", outcome}, "--outcome " + outcome + ": want no file with --alf, which takes the outcome from trials.feedbackType (--outcome goes with --counts)"},
		{[]string{"average-test", "--alf", dir, "--counts", outcome}, "--alf and --counts/--labels are alternatives: give one input (see 'neurolab average-test --help')"},
		{[]string{"deconvolve", "--npy", outcome, "--suite2p", dir}, "--suite2p, --npy and --nwb are alternatives: give one input, not 2 (see 'neurolab deconvolve --help')"},
		{[]string{"deconvolve", "--npy", outcome}, "--fs HZ is required with --npy (see 'neurolab deconvolve --help')"},
		{[]string{"average-test", "--counts", outcome}, "--labels FILE.npy is required with --counts (see 'neurolab average-test --help')"},
		{[]string{"run", "fake-one", "--set", "n"}, "--set n: want NAME=VALUE or ID.NAME=VALUE"},
		{[]string{"jpca", "--input", outcome, "--out", filepath.Join(outcome, "sub")}, "--out " + filepath.Join(outcome, "sub") + ": not writable (" + outcome + " is a file)"},
		{[]string{"frobnicate"}, `unknown command "frobnicate" (see 'neurolab --help')`},
		{[]string{"remap", "--wrokers", "2"}, `unknown flag --wrokers (did you mean "--workers"?) (see 'neurolab remap --help')`},
		{[]string{"run", "fake-one", "--bogus"}, "unknown flag --bogus (see 'neurolab run --help')"},
		{[]string{"params", "fake-one", "--bogus"}, "unknown flag --bogus (see 'neurolab params --help')"},
		{[]string{"report", dir, "--bogus"}, "unknown flag --bogus (see 'neurolab report --help')"},
		{[]string{"deconvolve", "--npy"}, "--npy: missing value; want FILE.npy (see 'neurolab deconvolve --help')"},
		{[]string{"maps", "--fs"}, "--fs: missing value; want a frame rate > 0 Hz (see 'neurolab maps --help')"},
		{[]string{"visual-drift", "R.npy"}, "visual-drift takes no arguments, got R.npy; give inputs as flags (see 'neurolab visual-drift --help')"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var so, se bytes.Buffer
			code := cli(context.Background(), c.args, &so, &se, fakes)
			if want := "neurolab: " + c.want + "\n"; code != exitUsage || se.String() != want {
				t.Errorf("got exit %d, stderr %q; want exit %d, %q", code, se.String(), exitUsage, want)
			}
		})
	}
}

// TestHelpLayout: every command's help lists each flag with its default (or
// required/optional) and, for ranged flags, the valid range; the common
// flags come last as --out, --seed, --workers; and there is an example.
func TestHelpLayout(t *testing.T) {
	for _, fc := range flagCommands {
		t.Run(fc.name, func(t *testing.T) {
			var so, se bytes.Buffer
			if code := cli(context.Background(), []string{fc.name, "--help"}, &so, &se, fakes); code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, se.String())
			}
			help := so.String()
			if !strings.Contains(help, "\nExample:\n  neurolab "+fc.name) {
				t.Errorf("no example line:\n%s", help)
			}
			// Rows joined: a flag's text may wrap onto the next lines.
			table := help[strings.Index(help, "\nFlags:\n"):]
			rows := map[string]string{}
			var order []string
			var cur string
			for _, line := range strings.Split(table, "\n") {
				if strings.HasPrefix(line, "  --") {
					cur = strings.Fields(line)[0]
					order = append(order, cur)
				} else if !strings.HasPrefix(line, "     ") {
					cur = ""
				}
				if cur != "" {
					rows[cur] += " " + strings.TrimSpace(line)
				}
			}
			cmdFlagSet(t, fc.name).VisitAll(func(fl *pflag.Flag) {
				if fl.Name == "help" {
					return
				}
				row, ok := rows["--"+fl.Name]
				if !ok {
					t.Errorf("--%s is not in the help:\n%s", fl.Name, help)
					return
				}
				if !strings.Contains(row, "(default ") && !strings.Contains(row, "(required") && !strings.Contains(row, "(optional") {
					t.Errorf("--%s: no default in %q", fl.Name, row)
				}
				if w := annotation(fl, annRange); w != "" && !strings.Contains(row, "valid: "+w+")") {
					t.Errorf("--%s: range %q not in %q", fl.Name, w, row)
				}
			})
			var common []string
			for _, name := range order {
				if slices.Contains([]string{"--out", "--seed", "--workers"}, name) || len(common) > 0 {
					common = append(common, name)
				}
			}
			want := []string{}
			for _, name := range []string{"--out", "--seed", "--workers"} {
				if slices.Contains(order, name) {
					want = append(want, name)
				}
			}
			if !slices.Equal(common, want) {
				t.Errorf("flags after the first common one: got %v, want %v (--out, --seed, --workers last)", common, want)
			}
		})
	}
}

// TestAnalysisInterrupted: Ctrl-C (a cancelled context) stops every long
// analysis with exit status 3 and the same message, and nothing is written.
func TestAnalysisInterrupted(t *testing.T) {
	dir := t.TempDir()
	tensor := filepath.Join(dir, "x.npy")
	data := make([]float64, 6*5*4)
	for i := range data {
		data[i] = float64((i*7)%11) + 1
	}
	if err := npy.WriteFloat64(tensor, []int{6, 5, 4}, data); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		args []string
	}{
		{"remap", []string{"--tensor", tensor}},
		{"visual-drift", []string{"--responses", tensor}},
		{"drift-geometry", []string{"--input", tensor, "--allow-few-trials"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, c.name+"-out")
			var so, se bytes.Buffer
			code := cli(ctx, append(append([]string{c.name}, c.args...), "--out", out), &so, &se, nil)
			want := "neurolab: " + c.name + " interrupted; no result written to " + out + "\n"
			if code != exitRun || se.String() != want {
				t.Errorf("got exit %d, stderr %q; want exit %d, %q", code, se.String(), exitRun, want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("--out: got %v, want nothing written", err)
			}
		})
	}
}

// TestPrintDone pins the common last line of the analysis commands.
func TestPrintDone(t *testing.T) {
	c := newRemapCmd()
	var so bytes.Buffer
	c.SetOut(&so)
	printDone(c, "60 trials × 40 bins × 30 cells: 2 maps", "remap-out", []string{"remap.json"}, 2)
	if want := "remap: 60 trials × 40 bins × 30 cells: 2 maps; wrote remap.json and 2 figures in remap-out\n"; so.String() != want {
		t.Errorf("got %q, want %q", so.String(), want)
	}
}
