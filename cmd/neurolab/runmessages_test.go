package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSetForUnselectedExperiment checks that --set with a name (or ID.
// prefix) of an experiment that exists but is not selected says so and how
// to run it, instead of "unknown parameter".
func TestSetForUnselectedExperiment(t *testing.T) {
	exps := experiments()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"ssn-variability", "--set", "sparse-lowrank.s=0.5"},
			"neurolab: --set sparse-lowrank.s=0.5: sparse-lowrank is not selected; run it: neurolab run sparse-lowrank --set s=0.5"},
		{[]string{"ssn-variability", "--set", "s=0.5"},
			"neurolab: --set: s is a parameter of sparse-lowrank, which is not selected; run it: neurolab run sparse-lowrank --set s=0.5"},
		{[]string{"ssn-variability", "sparse-lowrank", "--set", "mode=fast"},
			"neurolab: --set: mode is a parameter of arm-feedback, which is not selected; run it: neurolab run arm-feedback --set mode=fast"},
		{[]string{"ssn-variability", "--set", "sparse-lowrank.zz=1"},
			`neurolab: --set sparse-lowrank.zz=1: sparse-lowrank is not selected, and it has no parameter "zz" (see 'neurolab params sparse-lowrank')`},
		// Still unknown everywhere: the old message.
		{[]string{"ssn-variability", "--set", "zz=1"}, `neurolab: --set: unknown parameter "zz" for ssn-variability (valid: burn_in,`},
		{[]string{"ssn-variability", "sparse-lowrank", "--set", "zz=1"},
			`neurolab: --set: no selected experiment has a parameter "zz" (see 'neurolab params ID')`},
	}
	for _, tc := range cases {
		out := filepath.Join(t.TempDir(), "out")
		var o, e bytes.Buffer
		code := cli(context.Background(), append(append([]string{"run"}, tc.args...), "--scale", "quick", "--out", out), &o, &e, exps)
		if code != exitUsage {
			t.Errorf("%v: got exit %d, want %d (stderr %q)", tc.args, code, exitUsage, e.String())
			continue
		}
		if got := e.String(); !strings.HasPrefix(got, tc.want) || strings.Count(got, "\n") != 1 {
			t.Errorf("%v: got %q, want one line starting %q", tc.args, got, tc.want)
		}
	}
}

// TestRunInputErrorPrintedOnce checks that an input error found while an
// experiment runs is printed once (the usage error on stderr), not also as
// an ERROR verdict line, and that every experiment's input error is in it.
func TestRunInputErrorPrintedOnce(t *testing.T) {
	cases := []struct {
		ids  []string
		want string
	}{
		{[]string{"fake-one"}, "neurolab: fake-one: fake: n must be even\n"},
		{[]string{"fake-one", "fake-two"}, "neurolab: fake-one: fake: n must be even; fake-two: fake: n must be even\n"},
	}
	for _, tc := range cases {
		args := append(append([]string{"run"}, tc.ids...), "--set", "mode=input", "--out", t.TempDir())
		code, stdout, stderr := runCLI(t, context.Background(), args...)
		if code != exitUsage {
			t.Errorf("%v: got exit %d, want %d", tc.ids, code, exitUsage)
		}
		if stderr != tc.want {
			t.Errorf("%v: got stderr %q, want %q", tc.ids, stderr, tc.want)
		}
		if n := strings.Count(stdout+stderr, "n must be even"); n != len(tc.ids) {
			t.Errorf("%v: got the message %d times in stdout %q and stderr, want %d", tc.ids, n, stdout, len(tc.ids))
		}
	}
}

// TestRunCountsGrammar checks "1 experiment" / "2 experiments" in the report
// lines of run and report, and "1 job" in sweep plan.
func TestRunCountsGrammar(t *testing.T) {
	dir := t.TempDir()
	if _, out, _ := runCLI(t, context.Background(), "run", "fake-one", "--out", dir); !strings.Contains(out, "index.html (1 experiment)\n") {
		t.Errorf("run one: got %q, want it to contain %q", out, "index.html (1 experiment)")
	}
	if _, out, _ := runCLI(t, context.Background(), "report", dir); !strings.Contains(out, "index.html (1 experiment)\n") {
		t.Errorf("report of one: got %q, want it to contain %q", out, "index.html (1 experiment)")
	}
	if _, out, _ := runCLI(t, context.Background(), "run", "fake-one", "fake-two", "--out", dir); !strings.Contains(out, "index.html (2 experiments)\n") {
		t.Errorf("run two: got %q, want it to contain %q", out, "index.html (2 experiments)")
	}
	file := writeSweepFile(t, "experiment = \"fake-one\"\n[grid]\nn = [5]\n")
	if _, out, _ := sweepCLI(context.Background(), sweepFakes, "sweep", "plan", file); !strings.Contains(out, "\n1 job (1 × 1 seed(s))\n") {
		t.Errorf("plan of one job: got %q, want it to contain %q", out, "1 job (1 × 1 seed(s))")
	}
	for _, tc := range []struct {
		n          int
		word, want string
	}{{0, "job", "0 jobs"}, {1, "job", "1 job"}, {2, "experiment", "2 experiments"}} {
		if got := plural(tc.n, tc.word); got != tc.want {
			t.Errorf("plural(%d, %q): got %q, want %q", tc.n, tc.word, got, tc.want)
		}
	}
}

// TestRunWorkersHelp checks that --workers is described as README describes
// it: a total shared by the experiments that run side by side.
func TestRunWorkersHelp(t *testing.T) {
	_, out, _ := runCLI(t, context.Background(), "run", "--help")
	if want := "goroutines in all: experiments run side by side and share them"; !strings.Contains(out, want) {
		t.Errorf("run --help: got %q, want it to contain %q", out, want)
	}
	if strings.Contains(out, "per experiment") {
		t.Errorf("run --help still says \"per experiment\": %q", out)
	}
}

// cancelOnWrite is a stdout that cancels the run's context once it has seen
// the verdict line of the given experiment: a Ctrl-C just after the last
// experiment finished.
type cancelOnWrite struct {
	buf    bytes.Buffer
	after  string
	cancel context.CancelFunc
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	n, err := w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.after) {
		w.cancel()
	}
	return n, err
}

// TestLateInterruptFinishesNormally: a Ctrl-C after every experiment has
// finished is not an interruption: the report is rebuilt and the exit status
// is the verdicts' (it used to exit 3 with "no result written for ;").
func TestLateInterruptFinishesNormally(t *testing.T) {
	cases := []struct {
		args  []string
		after string
		code  int
	}{
		{[]string{"fake-one"}, "PASS  fake-one", exitOK},
		{[]string{"fake-one", "fake-two", "--workers", "1"}, "PASS  fake-two", exitOK},
		{[]string{"fake-one", "--set", "mode=fail"}, "FAIL  fake-one", exitFailed},
	}
	for _, tc := range cases {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		stdout := &cancelOnWrite{after: tc.after, cancel: cancel}
		var stderr bytes.Buffer
		code := cli(ctx, append(append([]string{"run"}, tc.args...), "--out", dir), stdout, &stderr, fakes)
		if ctx.Err() == nil {
			t.Fatalf("%v: the context was not cancelled; stdout %q", tc.args, stdout.buf.String())
		}
		cancel()
		if code != tc.code || strings.Contains(stderr.String(), "interrupted") {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and no interruption", tc.args, code, stderr.String(), tc.code)
		}
		if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
			t.Errorf("%v: index.html not written: %v", tc.args, err)
		}
		if !strings.Contains(stdout.buf.String(), "report: ") {
			t.Errorf("%v: no report line in %q", tc.args, stdout.buf.String())
		}
	}
}

// TestInterruptBeforeAnyResult: when nothing finished, the message does not
// point at finished results, and an --out folder this run created is not
// left behind empty; one that existed stays.
func TestInterruptBeforeAnyResult(t *testing.T) {
	base := t.TempDir()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	hanging := func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		return ctx
	}
	cases := []struct {
		name string
		ctx  context.Context
		args []string
		out  string
		want string
	}{
		{"before start", cancelled, []string{"fake-one", "fake-two"}, filepath.Join(base, "new", "sub"),
			"neurolab: interrupted; no result written for fake-one, fake-two\n"},
		{"while running", hanging(), []string{"fake-one", "--set", "mode=hang"}, filepath.Join(base, "new2"),
			"neurolab: interrupted; no result written for fake-one\n"},
	}
	for _, tc := range cases {
		code, stdout, stderr := runCLI(t, tc.ctx, append(append([]string{"run"}, tc.args...), "--out", tc.out)...)
		if code != exitRun || stderr != tc.want {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", tc.name, code, stderr, exitRun, tc.want)
		}
		if strings.Contains(stdout, "report:") {
			t.Errorf("%s: stdout %q", tc.name, stdout)
		}
		if _, err := os.Stat(tc.out); !os.IsNotExist(err) {
			t.Errorf("%s: left %s behind (%v)", tc.name, tc.out, err)
		}
	}
	if entries, err := os.ReadDir(base); err != nil || len(entries) != 0 {
		t.Errorf("left %v in %s (%v)", entries, base, err)
	}

	// An --out folder that existed is kept.
	code, _, stderr := runCLI(t, cancelled, "run", "fake-one", "--out", base)
	if code != exitRun || !strings.Contains(stderr, "interrupted") {
		t.Errorf("existing folder: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(base); err != nil {
		t.Errorf("removed an --out folder that existed: %v", err)
	}
}
