package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/sweep"
)

// slowParams are the parameters of slowFake.
type slowParams struct {
	X     float64 `param:"x" unit:"1" range:"[0,10]" doc:"swept value"`
	Delay int     `param:"delay_ms" unit:"ms" range:"[0,inf)" doc:"how long the run takes"`
}

// slowFake is a fake experiment that takes delay_ms and counts its runs per
// (x, seed), to test that no job runs twice.
type slowFake struct{}

var (
	slowMu   sync.Mutex
	slowRuns = map[string]int{}
)

func (slowFake) Meta() experiment.Meta {
	return experiment.Meta{ID: "fake-slow", Title: "Slow fake", Citation: "Nobody 2026", Family: "test", Claim: "a slow fake",
		Params: experiment.Describe(slowParams{X: 1})}
}

func (slowFake) Validate(cfg experiment.Config) error {
	if cfg.Set["x"] == "3" {
		return experiment.Inputf("fake-slow: x must not be 3")
	}
	return nil
}

func (slowFake) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := slowParams{X: 1}
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	slowMu.Lock()
	slowRuns[fmt.Sprintf("x=%g seed=%d", p.X, cfg.Seed)]++
	slowMu.Unlock()
	select {
	case <-time.After(time.Duration(p.Delay) * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	res := experiment.NewResult(slowFake{}.Meta(), cfg, &p)
	res.Metric("y", 2*p.X+float64(cfg.Seed))
	res.AddCheck(experiment.NewCheck("y", "y above 0", 2*p.X+float64(cfg.Seed), ">", 0))
	res.Finish()
	return res, nil
}

var sweepFakes = append(append([]experiment.Experiment{}, fakes...), slowFake{})

// sweepCLI runs the command line against exps.
func sweepCLI(ctx context.Context, exps []experiment.Experiment, args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = cli(ctx, args, &o, &e, exps)
	return code, o.String(), e.String()
}

func writeSweepFile(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sweep.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSweepBadFileExits2BeforeAnyJob(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"unknown parameter", "experiment = \"fake-one\"\n[grid]\nzz = [1, 2]\n", []string{`unknown parameter "zz"`, "mode, n, s"}},
		{"value out of range", "experiment = \"fake-one\"\n[grid]\ns = [0.5, 1.5]\n", []string{"grid.s[1] = 1.5", "[0,1)"}},
		{"bad value", "experiment = \"fake-one\"\n[grid]\nmode = [\"ok\", \"zzz\"]\n", []string{"grid.mode[1]", "one of ok"}},
		{"unknown experiment", "experiment = \"nope\"\n", []string{"unknown experiment"}},
		{"syntax", "experiment = \"fake-one\n", []string{"line 1"}},
		{"validator", "experiment = \"fake-slow\"\n[grid]\nx = [1, 3]\n", []string{"x=3", "must not be 3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := writeSweepFile(t, tc.src)
			for _, cmd := range []string{"plan", "run", "slurm"} {
				dir := filepath.Join(t.TempDir(), "out")
				args := []string{"sweep", cmd, file}
				if cmd != "plan" {
					args = append(args, "--out", dir, "--binary", file)
				}
				if cmd == "run" {
					args = slicesDelete(args, "--binary", file)
				}
				code, _, stderr := sweepCLI(context.Background(), sweepFakes, args...)
				if code != exitUsage {
					t.Fatalf("sweep %s: exit %d, want %d (stderr %q)", cmd, code, exitUsage, stderr)
				}
				for _, w := range tc.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("sweep %s: stderr %q does not contain %q", cmd, stderr, w)
					}
				}
				if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
					t.Errorf("sweep %s: want a one-line message, got %q", cmd, stderr)
				}
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Errorf("sweep %s: %s was created before validation", cmd, dir)
				}
			}
		})
	}
}

// slicesDelete removes the pair (flag, value) from args.
func slicesDelete(args []string, flag, value string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag && i+1 < len(args) && args[i+1] == value {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func TestSweepPlan(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\nscale = \"quick\"\nseeds = 3\n[grid]\ns = {from = 0.1, to = 0.5, step = 0.1}\nn = [5, 10]\n")
	code, out, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "plan", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"30 jobs (5 × 2 × 3 seed(s))", "0.1, 0.2, 0.3, 0.4, 0.5", "s=0.1 n=5 seed=1", "s=0.5 n=10 seed=3", "(23 more"} {
		if !strings.Contains(out, w) {
			t.Errorf("plan output lacks %q:\n%s", w, out)
		}
	}
}

func TestSweepRunSkipsFinishedAndMatchesPlainRun(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\nscale = \"quick\"\nseeds = [1, 4]\nmetrics = [\"mean\"]\n[set]\nmode = \"ok\"\n[grid]\ns = [0.1, 0.5]\nn = [5, 12]\n")
	dir := t.TempDir()
	code, out, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir, "--workers", "3")
	if code != exitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, out)
	}
	if !strings.Contains(out, "8 jobs, 8 to run") || !strings.Contains(out, "8 ok") {
		t.Errorf("run output:\n%s", out)
	}
	// Rerunning skips every finished job.
	code, out, _ = sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir)
	if code != exitOK || !strings.Contains(out, "8 jobs, 0 to run") {
		t.Errorf("rerun: exit %d, output:\n%s", code, out)
	}
	// A job's result equals a plain run of the same parameters and seed.
	p, _, err := sweep.ParseFile(file, sweepFakes)
	if err != nil {
		t.Fatal(err)
	}
	j := p.Jobs[5]
	plain := t.TempDir()
	args := []string{"run", "fake-one", "--out", plain, "--scale", "quick", "--seed", fmt.Sprint(j.Seed)}
	for k, v := range p.Set(j) {
		args = append(args, "--set", k+"="+v)
	}
	if code, _, stderr := runCLI(t, context.Background(), args...); code != exitOK {
		t.Fatalf("plain run: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"result.json", "samples.png", "grid.svg"} {
		a, err1 := os.ReadFile(filepath.Join(dir, "jobs", j.ID, "fake-one", f))
		b, err2 := os.ReadFile(filepath.Join(plain, "fake-one", f))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", f, err1, err2)
		}
		if f == "result.json" {
			a, b = []byte(stripElapsed(a)), []byte(stripElapsed(b))
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s of job %s differs from a plain run:\n%s\n---\n%s", f, p.Describe(j), a, b)
		}
	}
	// collect: one CSV row per job, and the summary plots.
	code, out, stderr = sweepCLI(context.Background(), sweepFakes, "sweep", "collect", dir)
	if code != exitOK || !strings.Contains(out, "8 finished") {
		t.Fatalf("collect: exit %d: %s %s", code, out, stderr)
	}
	rows := readCSV(t, filepath.Join(dir, "results.csv"))
	if len(rows) != 9 || strings.Join(rows[0][:8], ",") != "job,seed,s,n,pass,failed_checks,elapsed_s,mean" {
		t.Fatalf("results.csv: %d rows, header %v", len(rows), rows[0])
	}
	if rows[0][len(rows[0])-1] != "mode" {
		t.Errorf("results.csv should end with the other parameters: %v", rows[0])
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, w := range []string{"plots/mean-vs-s.png", "plots/mean-vs-n.png", "results.csv", "8 finished"} {
		if !bytes.Contains(html, []byte(w)) {
			t.Errorf("index.html lacks %q", w)
		}
	}
	if bytes.Contains(html, []byte("http://")) || bytes.Contains(html, []byte("https://")) {
		t.Errorf("index.html refers to the network")
	}
}

func TestSweepFailedJobsAreRecorded(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\nscale = \"quick\"\nseeds = 2\n[grid]\nmode = [\"ok\", \"diverge\", \"nan\", \"fail\"]\n")
	dir := t.TempDir()
	code, out, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir, "--workers", "2")
	if code != exitRun {
		t.Fatalf("exit %d, want %d: %s", code, exitRun, stderr)
	}
	if !strings.Contains(out, "4 ok (2 with a failing check), 4 failed") || !strings.Contains(stderr, "4 job(s) failed") {
		t.Errorf("output:\n%s\nstderr %q", out, stderr)
	}
	code, out, _ = sweepCLI(context.Background(), sweepFakes, "sweep", "collect", dir)
	if code != exitOK || !strings.Contains(out, "4 failed") || !strings.Contains(out, "fake voltage diverged at t = 1.5 s") || !strings.Contains(out, "NaN") {
		t.Errorf("collect: exit %d:\n%s", code, out)
	}
	rows := readCSV(t, filepath.Join(dir, "jobs.csv"))
	failed := 0
	for _, r := range rows[1:] {
		if r[4] == "failed" {
			failed++
			if r[5] != "3" || r[6] == "" {
				t.Errorf("failed job row %v: want exit 3 and an error", r)
			}
		}
	}
	if failed != 4 {
		t.Errorf("jobs.csv: %d failed rows, want 4", failed)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !bytes.Contains(html, []byte("Failed jobs")) || !bytes.Contains(html, []byte("diverged")) {
		t.Errorf("index.html does not list the failed jobs")
	}
	// Failed jobs are not rerun unless asked, and a rerun that skips them
	// says so and exits 3: the sweep is not complete (it exited 0).
	code, out, stderr = sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir)
	if code != exitRun || !strings.Contains(out, "0 to run") || !strings.Contains(out, "8 already done (4 of them failed in an earlier run)") ||
		!strings.Contains(stderr, "4 job(s) failed in an earlier run and were not rerun") || !strings.Contains(stderr, "--retry-failed") {
		t.Errorf("rerun: exit %d, output:\n%s\nstderr %q", code, out, stderr)
	}
	_, out, _ = sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir, "--retry-failed")
	if !strings.Contains(out, "4 to run") || !strings.Contains(out, "4 failed") {
		t.Errorf("rerun --retry-failed: %s", out)
	}
}

func TestSweepTwoProcessesNeverRunAJobTwice(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-slow\"\nseeds = 3\n[set]\ndelay_ms = 40\n[grid]\nx = [0.5, 1.5, 2.5, 4.5]\n")
	dir := t.TempDir()
	slowMu.Lock()
	clear(slowRuns)
	slowMu.Unlock()
	var wg sync.WaitGroup
	outs := make([]string, 2)
	codes := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], outs[i], _ = sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir, "--workers", "2")
		}()
	}
	wg.Wait()
	for i := range 2 {
		if codes[i] != exitOK {
			t.Errorf("process %d: exit %d\n%s", i, codes[i], outs[i])
		}
	}
	slowMu.Lock()
	defer slowMu.Unlock()
	if len(slowRuns) != 12 {
		t.Errorf("ran %d distinct jobs, want 12", len(slowRuns))
	}
	for k, n := range slowRuns {
		if n != 1 {
			t.Errorf("job %s ran %d times", k, n)
		}
	}
	col, err := sweep.Collect(dir)
	if err != nil || col.OK != 12 {
		t.Errorf("collect: %v, %d ok, want 12", err, col.OK)
	}
}

func TestSweepInterruptWritesNothingForRunningJobs(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\nscale = \"quick\"\n[grid]\nmode = [\"ok\", \"hang\"]\n")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	code, _, stderr := sweepCLI(ctx, sweepFakes, "sweep", "run", file, "--out", dir, "--workers", "2")
	if code != exitRun || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("exit %d, stderr %q; want %d and 'interrupted'", code, stderr, exitRun)
	}
	col, err := sweep.Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	if col.OK != 1 || col.Missing != 1 || col.Failed != 0 {
		t.Errorf("after interrupt: %d ok, %d missing, %d failed; want 1, 1, 0", col.OK, col.Missing, col.Failed)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "jobs", ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary directories left: %v", left)
	}
}

// TestSweepHelperProcess is not a test: the kill test runs the command line
// in a child process through it.
func TestSweepHelperProcess(t *testing.T) {
	if os.Getenv("NEUROLAB_SWEEP_HELPER") != "1" {
		t.Skip("helper process for TestSweepKilledJobIsRedone")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	code, out, errs := sweepCLI(context.Background(), sweepFakes, args...)
	fmt.Print(out)
	fmt.Fprint(os.Stderr, errs)
	os.Exit(code)
}

func TestSweepKilledJobIsRedone(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	file := writeSweepFile(t, "experiment = \"fake-slow\"\n[set]\ndelay_ms = 600\n[grid]\nx = [1, 2]\n")
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSweepHelperProcess$", "--", "sweep", "run", file, "--out", dir, "--workers", "2")
	cmd.Env = append(os.Environ(), "NEUROLAB_SWEEP_HELPER=1")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it while both jobs run (their lock files exist once they start).
	deadline := time.Now().Add(20 * time.Second)
	for {
		locks, _ := filepath.Glob(filepath.Join(dir, "jobs", "*.lock"))
		if len(locks) == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	col, err := sweep.Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	if col.Missing != 2 {
		t.Fatalf("after kill: %d missing, want 2 (no partial result counts as finished)", col.Missing)
	}
	// A kill during the final rename leaves a temporary directory: plant one.
	junk := filepath.Join(dir, "jobs", ".tmp-"+col.Rows[0].Job.ID+"-123")
	if err := os.MkdirAll(filepath.Join(junk, "fake-slow"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir)
	if code != exitOK || !strings.Contains(out, "2 to run") {
		t.Fatalf("rerun: exit %d\n%s%s", code, out, stderr)
	}
	if _, err := os.Stat(junk); !os.IsNotExist(err) {
		t.Errorf("the killed run's temporary directory was not removed")
	}
	if col, _ := sweep.Collect(dir); col.OK != 2 {
		t.Errorf("after rerun: %d ok, want 2", col.OK)
	}
}

func TestSweepSlurmScriptAndTask(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\nscale = \"quick\"\nseeds = 3\n[grid]\ns = [0.1, 0.2, 0.3, 0.4]\n")
	dir := t.TempDir()
	bin, _ := os.Executable()
	slurm := func(extra ...string) (int, string, string) {
		args := append([]string{"sweep", "slurm", file, "--out", dir, "--binary", bin, "--max-array-size", "5",
			"--time", "00:10:00", "--mem", "1G", "--partition", "debug", "--max-parallel", "2", "--cpus-per-task", "2"}, extra...)
		return sweepCLI(context.Background(), sweepFakes, args...)
	}
	code, out, stderr := slurm()
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	script, err := os.ReadFile(filepath.Join(dir, "slurm", "array.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	p, _, _ := sweep.ParseFile(file, sweepFakes)
	absFile, _ := filepath.Abs(file)
	// 12 jobs, MaxArraySize 5: chunks of 3 jobs, tasks 0-3.
	for _, w := range []string{"#SBATCH --array=0-3%2", "#SBATCH --time=00:10:00", "#SBATCH --mem=1G", "#SBATCH --partition=debug",
		"#SBATCH --cpus-per-task=2", "'" + absFile + "'", "--out '" + dir + "'", `--index "$SLURM_ARRAY_TASK_ID" --chunk 3 --plan ` + p.Hash,
		"exec '" + bin + "'", "/slurm/logs/%A_%a.out"} {
		if !bytes.Contains(script, []byte(w)) {
			t.Errorf("script lacks %q:\n%s", w, script)
		}
	}
	if !strings.Contains(out, "12 pending job(s) of 12 in 4 array task(s)") {
		t.Errorf("output: %s", out)
	}
	// Run task 1 (jobs 3, 4, 5) as SLURM would.
	code, out, stderr = sweepCLI(context.Background(), sweepFakes, "sweep", "task", file, "--out", dir, "--index", "1", "--chunk", "3", "--plan", p.Hash)
	if code != exitOK || !strings.Contains(out, "3 ok") {
		t.Fatalf("task: exit %d\n%s%s", code, out, stderr)
	}
	// Re-submission covers only the unfinished chunks.
	if _, _, _ = slurm(); true {
		script, _ = os.ReadFile(filepath.Join(dir, "slurm", "array.sbatch"))
		if !bytes.Contains(script, []byte("#SBATCH --array=0,2-3%2")) {
			t.Errorf("resubmission array: want 0,2-3%%2 in\n%s", script)
		}
	}
	// Task errors: an edited file, an index past the end.
	for _, args := range [][]string{
		{"--index", "0", "--chunk", "3", "--plan", "000000000000"},
		{"--index", "4", "--chunk", "3"},
		{"--index", "0", "--chunk", "0"},
	} {
		code, _, stderr := sweepCLI(context.Background(), sweepFakes, append([]string{"sweep", "task", file, "--out", dir}, args...)...)
		if code != exitUsage {
			t.Errorf("task %v: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
	// Bad options are usage errors.
	for _, extra := range [][]string{{"--time", "ten minutes"}, {"--mem", "lots"}, {"--cpus-per-task", "0"}} {
		if code, _, stderr := slurm(extra...); code != exitUsage {
			t.Errorf("slurm %v: exit %d, want %d (%s)", extra, code, exitUsage, stderr)
		}
	}
	if _, err := exec.LookPath("sbatch"); err != nil {
		if code, _, stderr := slurm("--submit"); code != exitUsage || !strings.Contains(stderr, "sbatch not found") {
			t.Errorf("--submit without sbatch: exit %d, stderr %q", code, stderr)
		}
	}
	// Nothing left: nothing to submit.
	for i := 0; i < 4; i++ {
		sweepCLI(context.Background(), sweepFakes, "sweep", "task", file, "--out", dir, "--index", fmt.Sprint(i), "--chunk", "3")
	}
	if code, out, _ := slurm(); code != exitOK || !strings.Contains(out, "nothing to submit") {
		t.Errorf("all finished: exit %d, %s", code, out)
	}
}

// ssnQuick is a sweep of the real ssn-variability experiment small enough to
// take about a second per job.
const ssnQuick = `experiment = "ssn-variability"
scale = "quick"
seeds = 2
metrics = ["quench_ratio_sim", "fano_E_sim_h2"]
[set]
trials = 5
step_trials = 5
ring_trials = 2
duration = 0.2
ring_duration = 0.2
burn_in = 0.1
ring_burn_in = 0.1
[grid]
w_EE = [1.0, 1.25]
`

func TestSweepRealExperiment(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a real experiment")
	}
	exps := experiments()
	file := writeSweepFile(t, ssnQuick)
	dir := t.TempDir()
	code, out, stderr := sweepCLI(context.Background(), exps, "sweep", "run", file, "--out", dir, "--workers", "2")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	p, _, _ := sweep.ParseFile(file, exps)
	j := p.Jobs[3]
	plain := t.TempDir()
	args := []string{"run", "ssn-variability", "--out", plain, "--scale", "quick", "--seed", fmt.Sprint(j.Seed)}
	for k, v := range p.Set(j) {
		args = append(args, "--set", k+"="+v)
	}
	var o, e bytes.Buffer
	cli(context.Background(), args, &o, &e, exps)
	a, err1 := os.ReadFile(filepath.Join(dir, "jobs", j.ID, "ssn-variability", "result.json"))
	b, err2 := os.ReadFile(filepath.Join(plain, "ssn-variability", "result.json"))
	if err1 != nil || err2 != nil || stripElapsed(a) != stripElapsed(b) {
		t.Errorf("job %s differs from a plain run (%v %v)", p.Describe(j), err1, err2)
	}
	if code, out, stderr := sweepCLI(context.Background(), exps, "sweep", "collect", dir); code != exitOK || !strings.Contains(out, "4 finished") {
		t.Fatalf("collect: exit %d\n%s%s", code, out, stderr)
	}
	rows := readCSV(t, filepath.Join(dir, "results.csv"))
	if len(rows) != 5 || rows[0][6] != "quench_ratio_sim" || rows[0][7] != "fano_E_sim_h2" {
		t.Errorf("results.csv: %d rows, header %v", len(rows), rows[0])
	}
	for _, f := range []string{"plots/quench-ratio-sim-vs-w-ee.png", "plots/fano-e-sim-h2-vs-w-ee.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

// localSlurm reports whether a SLURM controller on this machine answers.
func localSlurm() (bool, string) {
	if _, err := exec.LookPath("sbatch"); err != nil {
		return false, "sbatch is not installed (scripts/slurm-local.sh start sets up a one-node cluster; .ci/run does)"
	}
	out, err := exec.Command("scontrol", "ping").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "UP") {
		return false, "no SLURM controller answers 'scontrol ping' (start one with scripts/slurm-local.sh start)"
	}
	host, _ := os.Hostname()
	s := string(out)
	if !strings.Contains(s, "localhost") && !strings.Contains(s, "127.0.0.1") && (host == "" || !strings.Contains(s, host)) {
		return false, "the SLURM controller is not on this machine; the end-to-end test only submits to a local cluster"
	}
	return true, ""
}

func TestSweepSlurmEndToEnd(t *testing.T) {
	if ok, why := localSlurm(); !ok {
		if os.Getenv("NEUROLAB_REQUIRE_SLURM") == "1" {
			t.Fatalf("NEUROLAB_REQUIRE_SLURM=1 but %s", why)
		}
		t.Skip("skipping the SLURM end-to-end test: " + why)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "neurolab")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "sweep", "--help").CombinedOutput(); err != nil || !strings.Contains(string(out), "slurm") {
		t.Skip("the built neurolab has no sweep command (register newSweepCmd in main.go)")
	}
	file := filepath.Join(tmp, "ssn.toml")
	if err := os.WriteFile(file, []byte(ssnQuick), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "my sweep") // a space, as in many home folders: sbatch must still parse the script
	submit := func(wantTasks string) {
		t.Helper()
		out, err := exec.Command(bin, "sweep", "slurm", file, "--out", dir, "--submit", "--time", "00:05:00").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "submitted array job") {
			t.Fatalf("sweep slurm --submit: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), wantTasks) {
			t.Errorf("submission %q, want %q", out, wantTasks)
		}
		var id string
		for _, f := range strings.Fields(string(out)) {
			if f != "" && strings.Trim(f, "0123456789;") == "" {
				id = strings.Split(f, ";")[0]
			}
		}
		// Wait until the array leaves the queue.
		deadline := time.Now().Add(3 * time.Minute)
		for time.Now().Before(deadline) {
			q, err := exec.Command("squeue", "-h", "-j", id).CombinedOutput()
			if err == nil && strings.TrimSpace(string(q)) == "" || err != nil && strings.Contains(string(q), "Invalid job id") {
				return
			}
			time.Sleep(500 * time.Millisecond)
		}
		logs, _ := filepath.Glob(filepath.Join(dir, "slurm", "logs", "*"))
		t.Fatalf("array job %s did not finish in 3 minutes (logs: %v)", id, logs)
	}
	submit("4 pending job(s) of 4 in 4 array task(s)")
	col, err := sweep.Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	if col.OK != 4 {
		logs, _ := filepath.Glob(filepath.Join(dir, "slurm", "logs", "*"))
		var b strings.Builder
		for _, l := range logs {
			d, _ := os.ReadFile(l)
			b.Write(d)
		}
		t.Fatalf("after the array: %d ok, %d failed, %d missing; logs:\n%s", col.OK, col.Failed, col.Missing, b.String())
	}
	// Losing a job's result and resubmitting reruns only that job.
	if err := os.RemoveAll(filepath.Join(dir, "jobs", col.Rows[2].Job.ID)); err != nil {
		t.Fatal(err)
	}
	submit("1 pending job(s) of 4 in 1 array task(s)")
	if col, err := sweep.Collect(dir); err != nil || col.OK != 4 {
		t.Fatalf("after resubmission: %v, %d ok", err, col.OK)
	}
	out, err := exec.Command(bin, "sweep", "collect", dir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "4 finished") {
		t.Fatalf("collect: %v\n%s", err, out)
	}
}

// TestSweepMessagesNameWhatWentWrong: the first failure a run reports is the
// first in plan order, with its parameters; collect says which checks failed
// and how many missing jobs it did not list; pointing a sweep at another
// sweep's DIR is said, not silent.
func TestSweepMessagesNameWhatWentWrong(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\nscale = \"quick\"\nseeds = 2\n[grid]\nmode = [\"ok\", \"fail\", \"diverge\", \"nan\"]\n")
	dir := t.TempDir()
	code, _, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "run", file, "--out", dir, "--workers", "3")
	if code != exitRun || !strings.Contains(stderr, "first: job 4 ") || !strings.Contains(stderr, "(mode=diverge seed=1): fake voltage diverged") {
		t.Errorf("run: exit %d, stderr %q: want the first failure in plan order (job 4, mode=diverge seed=1)", code, stderr)
	}
	code, out, _ := sweepCLI(context.Background(), sweepFakes, "sweep", "collect", dir)
	if code != exitOK || !strings.Contains(out, "check mean failed in 2 of 4 finished job(s): mean above threshold") ||
		!strings.Contains(out, "columns.csv") {
		t.Errorf("collect: exit %d:\n%s", code, out)
	}
	rows := readCSV(t, filepath.Join(dir, "results.csv"))
	for _, r := range rows[1:] {
		if want := map[string]string{"ok": "", "fail": "mean"}[r[2]]; r[4] != want {
			t.Errorf("results.csv row %v: failed_checks %q, want %q", r, r[4], want)
		}
	}

	// Another experiment's sweep in the same DIR: a note, then it runs.
	other := writeSweepFile(t, "experiment = \"fake-slow\"\nseeds = 12\n[grid]\nx = [1]\n")
	code, _, stderr = sweepCLI(context.Background(), sweepFakes, "sweep", "slurm", other, "--out", dir, "--binary", other)
	if code != exitOK || !strings.Contains(stderr, "held a sweep of fake-one (8 jobs") || !strings.Contains(stderr, "collect will list only its jobs") {
		t.Errorf("slurm into another sweep's DIR: exit %d, stderr %q", code, stderr)
	}
	// 12 missing jobs: collect lists 10 and counts the rest.
	code, out, _ = sweepCLI(context.Background(), sweepFakes, "sweep", "collect", dir)
	if code != exitOK || strings.Count(out, "  missing ") != 10 || !strings.Contains(out, "… and 2 more missing job(s)") {
		t.Errorf("collect of 12 missing jobs: exit %d:\n%s", code, out)
	}
	// The same plan again: no note.
	if _, _, stderr = sweepCLI(context.Background(), sweepFakes, "sweep", "slurm", other, "--out", dir, "--binary", other); stderr != "" {
		t.Errorf("same plan again: stderr %q, want none", stderr)
	}
}

// TestSweepSlurmRefusesUnquotableDir: a DIR that no #SBATCH line can hold is
// a usage error before anything is written.
func TestSweepSlurmRefusesUnquotableDir(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\n[grid]\ns = [0.1]\n")
	dir := filepath.Join(t.TempDir(), `a"b`)
	code, _, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "slurm", file, "--out", dir, "--binary", file)
	if code != exitUsage || !strings.Contains(stderr, "double quote") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s was created", dir)
	}
}

// TestSweepTaskInterruptSaysResubmit: an array task stopped by scancel or
// its time limit tells the reader of its log to resubmit with 'sweep slurm',
// not to "rerun the same command" (the task is not run by hand).
func TestSweepTaskInterruptSaysResubmit(t *testing.T) {
	file := writeSweepFile(t, "experiment = \"fake-one\"\nscale = \"quick\"\n[grid]\nmode = [\"hang\"]\n")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(200*time.Millisecond, cancel)
	code, _, stderr := sweepCLI(ctx, sweepFakes, "sweep", "task", file, "--out", dir, "--index", "0")
	if code != exitRun || !strings.Contains(stderr, "array task interrupted") || !strings.Contains(stderr, "neurolab sweep slurm "+file+" --out "+dir) ||
		strings.Contains(stderr, "rerun the same command") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestSweepSlurmRefusesGoRunBinary: the binary of 'go run' is deleted when
// the command ends, so a script that names it would fail in every task.
func TestSweepSlurmRefusesGoRunBinary(t *testing.T) {
	for path, want := range map[string]bool{
		"/tmp/go-build2471818203/b001/exe/neurolab":             true,
		"/var/folders/xy/T/go-build99/b001/exe/neurolab":        true,
		"/home/me/bin/neurolab":                                 false,
		"/home/me/exe/neurolab":                                 false,
		"/home/me/go-build-notes/b001/exe/neurolab-not-go-run/": false,
	} {
		if got := goRunBinary(path); got != want {
			t.Errorf("goRunBinary(%s) = %v, want %v", path, got, want)
		}
	}
	bin := filepath.Join(t.TempDir(), "go-build42", "b001", "exe", "neurolab")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := writeSweepFile(t, "experiment = \"fake-one\"\n[grid]\ns = [0.1]\n")
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "slurm", file, "--out", dir, "--binary", bin)
	if code != exitUsage || !strings.Contains(stderr, "temporary binary of 'go run'") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s was created", dir)
	}
}

// syncBuffer is a bytes.Buffer safe for the progress bar's and the job
// lines' writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// TestSweepRunLinesDoNotFollowTheBar: on a terminal each job's line starts
// on a cleared line, not after the progress bar (it used to read
// "sweep x  44% |████|  [0s:0s]ok  1/4 …").
func TestSweepRunLinesDoNotFollowTheBar(t *testing.T) {
	oldTerm, oldOut := stderrIsTerminal, progressOut
	defer func() { stderrIsTerminal, progressOut = oldTerm, oldOut }()
	var tty syncBuffer
	stderrIsTerminal = func() bool { return true }
	progressOut = &tty
	file := writeSweepFile(t, "experiment = \"fake-slow\"\nseeds = 4\n[set]\ndelay_ms = 150\n[grid]\nx = [1]\n")
	code := cli(context.Background(), []string{"sweep", "run", file, "--out", t.TempDir(), "--workers", "2"}, &tty, &tty, sweepFakes)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, tty.b.String())
	}
	out := tty.b.String()
	if n := strings.Count(out, "\r\033[Kok      "); n != 4 {
		t.Errorf("%d of 4 job lines start on a cleared line:\n%q", n, out)
	}
}

// TestSweepSlurmSbatchErrorIsOneLine: sbatch's several error lines become
// one line of the message.
func TestSweepSlurmSbatchErrorIsOneLine(t *testing.T) {
	bin := t.TempDir()
	fake := "#!/bin/sh\necho 'sbatch: error: invalid partition specified: gpu' >&2\necho 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	file := writeSweepFile(t, "experiment = \"fake-one\"\n[grid]\ns = [0.1]\n")
	code, _, stderr := sweepCLI(context.Background(), sweepFakes, "sweep", "slurm", file, "--out", t.TempDir(), "--binary", file, "--submit")
	if code != exitRun || strings.Count(strings.TrimSpace(stderr), "\n") > 0 ||
		!strings.Contains(stderr, "invalid partition specified: gpu; sbatch: error: Batch job submission failed") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
