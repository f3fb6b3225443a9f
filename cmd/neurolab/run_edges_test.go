package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"neurolab/experiment"
)

// After Ctrl-C, the results that finished are kept ("finished results are
// kept in DIR"), so DIR/index.html must list them: it used to be rebuilt
// only by a run that was not interrupted, leaving no page (or the previous
// run's page) next to the new results.
func TestInterruptRebuildsIndex(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel once fake-one's result exists, while fake-two hangs.
	cancelWhenWritten(filepath.Join(dir, "fake-one", "result.json"), cancel)
	code, out, stderr := runCLI(t, ctx, "run", "fake-one", "fake-two", "--out", dir, "--set", "fake-two.mode=hang")
	if code != exitRun || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("got exit %d, stderr %q; want %d and 'interrupted'", code, stderr, exitRun)
	}
	html, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatalf("index.html not written after an interrupted run that kept a result: %v", err)
	}
	if !strings.Contains(string(html), `id="fake-one"`) || strings.Contains(string(html), `id="fake-two"`) {
		t.Errorf("index.html should list fake-one only")
	}
	if !strings.Contains(out, "index.html (1 experiment)") {
		t.Errorf("stdout %q does not name the report", out)
	}
}

// Bad input found while running one experiment (exit 2) must not leave the
// other experiments' fresh results out of DIR/index.html.
func TestInputErrorStillRebuildsIndex(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, context.Background(), "run", "fake-one", "fake-two", "--out", dir, "--set", "fake-two.mode=input", "--workers", "1")
	if code != exitUsage || !strings.Contains(stderr, "n must be even") {
		t.Fatalf("got exit %d, stderr %q; want %d and the input error", code, stderr, exitUsage)
	}
	if n := strings.Count(stderr, "\n"); n != 1 {
		t.Errorf("stderr has %d lines, want 1: %q", n, stderr)
	}
	html, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatalf("index.html not written: %v", err)
	}
	if !strings.Contains(string(html), `id="fake-one"`) {
		t.Errorf("index.html lacks fake-one")
	}
}

// Nothing written (the only experiment interrupted): no index.html, and the
// folder the run created is removed.
func TestInterruptNothingWrittenNoIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	code, _, _ := runCLI(t, ctx, "run", "fake-two", "--out", dir, "--set", "mode=hang")
	if code != exitRun {
		t.Fatalf("exit %d, want %d", code, exitRun)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", dir, err)
	}
}

// h18PathParams is a fake experiment's parameters with a data file, as
// cross-attractor's sc and specialization's objects.
type h18PathParams struct {
	Data string  `param:"data" unit:"path" doc:"a data file"`
	G    float64 `param:"g" unit:"-" doc:"a gain"`
}

// h18PathFake reads its data file: Validate (run by sweep plan and by each
// SLURM task) fails when the path names nothing from the working directory.
type h18PathFake struct{}

func (h18PathFake) Meta() experiment.Meta {
	return experiment.Meta{ID: "fake-path", Title: "fake with a data file", Citation: "none", Family: "test",
		Claim: "a fake", Params: experiment.Describe(h18PathParams{G: 1})}
}

func (h18PathFake) Validate(cfg experiment.Config) error {
	p := h18PathParams{G: 1}
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return err
	}
	if p.Data != "" {
		if _, err := os.Stat(p.Data); err != nil {
			return experiment.Inputf("data: %s: file not found", p.Data)
		}
	}
	return nil
}

func (f h18PathFake) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	if err := f.Validate(cfg); err != nil {
		return nil, err
	}
	p := h18PathParams{G: 1}
	experiment.Apply(&p, cfg.Set)
	res := experiment.NewResult(f.Meta(), cfg, &p)
	res.Metric("g", p.G)
	res.Finish()
	return res, nil
}

// sbatch starts array tasks in the directory it is called from (and 'sweep
// slurm' tells the user to run 'sbatch /abs/path/array.sbatch', from
// anywhere). A sweep file that names its data by a relative path was
// validated against the directory 'sweep slurm' ran in, so the script must
// run the tasks there: every task used to fail with "file not found" (exit
// 2) when sbatch was called from another directory.
func TestSlurmScriptRunsWhereRelativePathsResolve(t *testing.T) {
	exps := []experiment.Experiment{h18PathFake{}}
	proj := t.TempDir()
	if err := os.WriteFile(filepath.Join(proj, "sc.npy"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "neurolab")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		path := filepath.Join(proj, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	rel := write("rel.toml", "experiment = \"fake-path\"\n[set]\ndata = \"sc.npy\"\n[grid]\ng = [1, 2]\n")
	abs := write("abs.toml", "experiment = \"fake-path\"\n[set]\ndata = "+strconv.Quote(filepath.Join(proj, "sc.npy"))+"\n[grid]\ng = [1, 2]\n")
	t.Chdir(proj)

	for _, tc := range []struct {
		file   string
		wantCd bool
	}{{rel, true}, {abs, false}} {
		out := filepath.Join(t.TempDir(), "sw")
		var o, e bytes.Buffer
		code := cli(context.Background(), []string{"sweep", "slurm", tc.file, "--out", out, "--binary", bin, "--max-array-size", "10"}, &o, &e, exps)
		if code != exitOK {
			t.Fatalf("%s: sweep slurm: exit %d: %s", tc.file, code, e.String())
		}
		script, err := os.ReadFile(filepath.Join(out, "slurm", "array.sbatch"))
		if err != nil {
			t.Fatal(err)
		}
		cd := "\ncd " + h18ShellQuote(proj) + "\n"
		if got := strings.Contains(string(script), cd); got != tc.wantCd {
			t.Errorf("%s: script has %q: %v, want %v\n%s", filepath.Base(tc.file), strings.TrimSpace(cd), got, tc.wantCd, script)
		}
		if i, j := strings.Index(string(script), cd), strings.Index(string(script), "\nexec "); tc.wantCd && i > j {
			t.Errorf("cd comes after exec")
		}
	}

	// What a task does when sbatch was called elsewhere: the relative path
	// names nothing there (the reason for the cd).
	t.Chdir(t.TempDir())
	var o, e bytes.Buffer
	code := cli(context.Background(), []string{"sweep", "task", rel, "--out", filepath.Join(t.TempDir(), "sw"), "--index", "0"}, &o, &e, exps)
	if code != exitUsage || !strings.Contains(e.String(), "file not found") {
		t.Errorf("task run from another directory: exit %d, %q; want %d and file not found", code, e.String(), exitUsage)
	}
}

func h18ShellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// A run that writes nothing (bad input found while running, or the run
// failed) leaves no empty --out folder behind, as an interrupted one does.
func TestNothingWrittenLeavesNoFolder(t *testing.T) {
	for _, mode := range []string{"input", "diverge"} {
		dir := filepath.Join(t.TempDir(), "new", "out")
		code, _, stderr := runCLI(t, context.Background(), "run", "fake-one", "--out", dir, "--set", "mode="+mode)
		if code == exitOK {
			t.Fatalf("%s: exit 0", mode)
		}
		if _, err := os.Stat(filepath.Dir(dir)); !os.IsNotExist(err) {
			t.Errorf("%s: %s left behind (%v); stderr %q", mode, filepath.Dir(dir), err, stderr)
		}
	}
}

// The sweep commands answer a missing or extra argument like the other
// commands do: one line naming the command and what it takes (cobra's own
// "accepts 1 arg(s), received 0" named neither).
func TestSweepArgMessages(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "plan"}, "sweep plan: a sweep file FILE is required"},
		{[]string{"sweep", "run", "--out", "x"}, "sweep run: a sweep file FILE is required"},
		{[]string{"sweep", "slurm", "a.toml", "b.toml", "--out", "x"}, "sweep slurm takes one argument, a sweep file FILE; got 2"},
		{[]string{"sweep", "task", "--out", "x", "--index", "0"}, "sweep task: a sweep file FILE is required"},
		{[]string{"sweep", "collect"}, "sweep collect: a sweep directory DIR is required"},
		{[]string{"params"}, "params: an experiment ID is required"},
	} {
		code, _, stderr := runCLI(t, context.Background(), tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q on one line", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
}
