package sweep

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"neurolab/experiment"
)

// TestParseTOMLTraps: the mistakes a newcomer makes in TOML get a message
// that says what to write, not the decoder's Go types, and a top-level key
// written below [grid] is never taken as a one-value grid axis (a single
// value under any other name is one).
func TestParseTOMLTraps(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"seeds below [grid]", "experiment = \"test-exp\"\n[grid]\ns = [0.5]\nseeds = 5\n",
			[]string{"[grid]", "seeds is a top-level key", "above [set] and [grid]"}},
		{"scale below [set]", "experiment = \"test-exp\"\n[set]\ng = 1\nscale = \"quick\"\n",
			[]string{"[set]", "scale is a top-level key"}},
		{"experiment below [grid]", "[grid]\ns = [0.5]\nexperiment = \"test-exp\"\n",
			[]string{"no experiment", "experiment is a top-level key"}},
		{"seed in [grid]", "experiment = \"test-exp\"\n[grid]\nseed = [1, 2]\n",
			[]string{"seed is not a parameter", "seeds = N"}},
		{"list in [set]", "experiment = \"test-exp\"\n[set]\ns = [0.5, 0.8]\n",
			[]string{"set.s", "goes in [grid]"}},
		{"several experiments", "experiment = [\"test-exp\", \"other\"]\n",
			[]string{"experiment: want one experiment id", "one file per experiment", "got a list"}},
		{"metrics as a string", "experiment = \"test-exp\"\nmetrics = \"y\"\n",
			[]string{`metrics = ["y"]`, "got a string"}},
		{"scale as a number", "experiment = \"test-exp\"\nscale = 1\n",
			[]string{"scale: want quick, default or paper", "got an integer"}},
		{"seeds as a range", "experiment = \"test-exp\"\nseeds = {from = 1, to = 5}\n",
			[]string{"seeds: want a count", "got a table"}},
		{"nested list", "experiment = \"test-exp\"\n[grid]\ns = [[0.5]]\n",
			[]string{"grid.s", "got a list"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := parseError(t, tc.src, tc.want)
			if strings.Contains(err.Error(), "interface") || strings.Contains(err.Error(), "[]any") {
				t.Errorf("error %q names Go types", err)
			}
		})
	}
	// An experiment with a parameter named seeds (sparse-lowrank has one):
	// `seeds = 5` below [grid] is still refused, and says both readings.
	_, _, err := Parse([]byte("experiment = \"seeded\"\n[grid]\nn = [1, 2]\nseeds = 5\n"), "test.toml", []experiment.Experiment{seededExp{}})
	if err == nil || !strings.Contains(err.Error(), "if you meant the sweep's own seeds") || !strings.Contains(err.Error(), "put seeds = 5 in [set]") {
		t.Errorf("seeds = 5 below [grid] of an experiment with a seeds parameter: %v", err)
	}
	if p, _, err := Parse([]byte("experiment = \"seeded\"\nseeds = 2\n[set]\nseeds = 5\n[grid]\nn = [1, 2]\n"), "test.toml", []experiment.Experiment{seededExp{}}); err != nil || len(p.Jobs) != 4 || p.Fixed["seeds"] != "5" {
		t.Errorf("seeds in [set]: %v", err)
	}
	// The documented forms still parse, [set] before [grid] or after it.
	if _, err := parse(t, "experiment = \"test-exp\"\nscale = \"quick\"\nseeds = [3, 7]\nmetrics = [\"y\"]\n[grid]\ns = [0.5]\n[set]\ng = 2\n"); err != nil {
		t.Errorf("valid file: %v", err)
	}
}

// seededExp has a parameter named seeds, like sparse-lowrank.
type seededExp struct{}

type seededParams struct {
	N     int `param:"n" unit:"neurons" range:"[1,inf)" doc:"size"`
	Seeds int `param:"seeds" unit:"networks" range:"[1,inf)" doc:"networks per point"`
}

func (seededExp) Meta() experiment.Meta {
	return experiment.Meta{ID: "seeded", Params: experiment.Describe(seededParams{N: 1, Seeds: 1})}
}

func (seededExp) Run(context.Context, experiment.Config) (*experiment.Result, error) {
	return nil, errors.New("not run")
}

// failingExp fails (like a diverging network) when s = 0.5, after
// fail_ms·10/n, and checks y < limit.
type failingExp struct{}

type failingParams struct {
	S     float64 `param:"s" unit:"1" range:"[0,1)" doc:"sparsity"`
	N     int     `param:"n" unit:"neurons" range:"[1,inf)" doc:"size"`
	Limit float64 `param:"limit" unit:"Hz" doc:"bound on y"`
	Fail  int     `param:"fail_ms" unit:"ms" range:"[0,inf)" doc:"how long a failing run takes"`
}

func (failingExp) Meta() experiment.Meta {
	return experiment.Meta{ID: "failing-exp", Params: experiment.Describe(failingParams{N: 10, Limit: 100})}
}

func (failingExp) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := failingParams{N: 10, Limit: 100}
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	if p.S == 0.5 {
		time.Sleep(time.Duration(p.Fail*10/p.N) * time.Millisecond) // the larger n, the sooner it fails
		return nil, fmt.Errorf("diverged at s = %g", p.S)
	}
	res := experiment.NewResult(failingExp{}.Meta(), cfg, &p)
	y := p.S*float64(p.N) + float64(cfg.Seed)
	res.Metric("y", y)
	res.AddCheck(experiment.NewCheck("y", fmt.Sprintf("y below %g Hz", p.Limit), y, "<", p.Limit))
	res.Finish()
	return res, nil
}

// runSweep plans src for experiment e, runs every job into a fresh store
// with opt and returns the plan, the store and the run's summary.
func runSweep(t *testing.T, e experiment.Experiment, src string, opt Options) (*Plan, Store, Summary) {
	t.Helper()
	p, _, err := Parse([]byte(src), "test.toml", []experiment.Experiment{e})
	if err != nil {
		t.Fatal(err)
	}
	st := Store{t.TempDir()}
	if err := st.Init(p); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), st, p, e, p.Jobs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p, st, sum
}

// mustCollect collects the sweep in dir.
func mustCollect(t *testing.T, dir string) *Collection {
	t.Helper()
	c, err := Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func runFailing(t *testing.T, src string, parallel int) (*Plan, string, Summary) {
	t.Helper()
	p, st, sum := runSweep(t, failingExp{}, src, Options{Parallel: parallel})
	return p, st.Dir, sum
}

// TestPlotsShowFailedPoints: a grid value whose jobs failed is not silently
// left out of the summary plots: the x axis still spans it, a cross marks
// it, and the caption says how many jobs are missing where.
func TestPlotsShowFailedPoints(t *testing.T) {
	_, dir, sum := runFailing(t, "experiment = \"failing-exp\"\nseeds = 2\n[grid]\ns = [0.1, 0.2, 0.5]\nn = [10, 20]\n", 2)
	if sum.OK != 8 || sum.Failed != 4 {
		t.Fatalf("summary %+v, want 8 ok, 4 failed", sum)
	}
	c := mustCollect(t, dir)
	g := c.Gaps("y", 0)
	if g["0.5"].Failed != 4 || g["0.1"] != (Gap{}) {
		t.Errorf("gaps against s: %+v", g)
	}
	figs := c.Figures()
	if len(figs) != 2 {
		t.Fatalf("%d figures, want 2", len(figs))
	}
	f := figs[0] // y against s
	if !strings.Contains(f.Caption, "4 failed job(s), marked ✕ (at s = 0.5") {
		t.Errorf("caption %q does not name the failed jobs", f.Caption)
	}
	if f.Plot.X.Max < 0.5 {
		t.Errorf("x axis ends at %g, before the failed value 0.5", f.Plot.X.Max)
	}
	if !strings.Contains(figs[1].Caption, "4 failed job(s), marked ✕ (at n = 10, 20") {
		t.Errorf("caption against n %q", figs[1].Caption)
	}
	// The check y (y < limit = 100, the same in every job) is drawn.
	if !strings.Contains(f.Caption, "threshold of the check y (< 100)") || f.Plot.Y.Max < 100 {
		t.Errorf("caption %q, y axis up to %g: want the threshold 100 drawn", f.Caption, f.Plot.Y.Max)
	}
	// With limit swept, the threshold depends on the job: no line.
	_, dir2, _ := runFailing(t, "experiment = \"failing-exp\"\n[grid]\nlimit = [50, 100]\n", 1)
	c2 := mustCollect(t, dir2)
	for _, f := range c2.Figures() {
		if strings.Contains(f.Caption, "threshold") {
			t.Errorf("a threshold that varies is drawn: %q", f.Caption)
		}
	}
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !strings.Contains(string(html), "Not in the plot: 4 failed job(s)") {
		t.Errorf("index.html does not carry the caption's gaps")
	}
}

// TestFirstFailureIsInPlanOrder: the failure a run reports first is the
// failed job first in the plan, whatever order the jobs finished in.
func TestFirstFailureIsInPlanOrder(t *testing.T) {
	// Every job fails, job 0 (n=10) last: 200 ms, then n=20 100 ms, n=40 50 ms.
	src := "experiment = \"failing-exp\"\n[set]\nfail_ms = 200\n[grid]\ns = [0.5]\nn = [10, 20, 40]\n"
	p, _, sum := runFailing(t, src, 3)
	if sum.Failed != 3 || sum.FirstFailedJob.Index != 0 || sum.FirstFailure.ID != p.Jobs[0].ID {
		t.Fatalf("first failure: job %d (%+v), want job 0", sum.FirstFailedJob.Index, sum.FirstFailure)
	}
}

// TestChecksAndColumns: results.csv names the failed checks of each job,
// columns.csv gives each column's role and unit, Checks says where each
// check failed, and a second collect with fewer metrics leaves no stale
// plot behind.
func TestChecksAndColumns(t *testing.T) {
	p, dir, _ := runFailing(t, "experiment = \"failing-exp\"\nseeds = 2\n[set]\nlimit = 5\n[grid]\ns = [0.1, 0.4]\nn = [10, 20]\n", 2)
	c := mustCollect(t, dir)
	c.Params = failingExp{}.Meta().Params
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	// y = s·n + seed < 5 fails at s=0.4 (n=10: 5, 6; n=20: 9, 10) and
	// passes at s=0.1 (n=10: 2, 3; n=20: 3, 4).
	cs := c.Checks()
	if len(cs) != 1 || cs[0].Name != "y" || cs[0].Passed != 4 || cs[0].Failed != 4 {
		t.Fatalf("checks: %+v", cs)
	}
	if got := strings.Join(cs[0].FailedAt, "|"); got != "s=0.4 n=10: 2 of 2 seed(s)|s=0.4 n=20: 2 of 2 seed(s)" {
		t.Errorf("failed at: %s", got)
	}
	rows := readCSVFile(t, filepath.Join(dir, "results.csv"))
	head := strings.Join(rows[0][:8], ",")
	if head != "job,seed,s,n,pass,failed_checks,elapsed_s,y" {
		t.Fatalf("results.csv header %v", rows[0])
	}
	for _, r := range rows[1:] {
		if (r[4] == "false") != (r[5] == "y") {
			t.Errorf("row %v: pass and failed_checks disagree", r)
		}
	}
	cols := readCSVFile(t, filepath.Join(dir, "columns.csv"))
	units := map[string]string{}
	roles := map[string]string{}
	for _, r := range cols[1:] {
		units[r[0]], roles[r[0]] = r[2], r[1]
	}
	if len(cols)-1 != len(rows[0]) {
		t.Errorf("columns.csv has %d rows for %d columns", len(cols)-1, len(rows[0]))
	}
	if units["n"] != "neurons" || roles["n"] != "swept parameter" || units["limit"] != "Hz" ||
		roles["limit"] != "parameter ([set] in the sweep file)" || units["fail_ms"] != "ms" || roles["y"] != "metric" ||
		units["elapsed_s"] != "s" || units["s"] != "dimensionless" {
		t.Errorf("columns.csv: units %v roles %v", units, roles)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, w := range []string{"Acceptance checks", "y below 5 Hz", "s=0.4 n=10: 2 of 2 seed(s)", "columns.csv", "n ∈ {10, 20} neurons"} {
		if !strings.Contains(string(html), w) {
			t.Errorf("index.html lacks %q", w)
		}
	}

	// Drop the axis n: its plot must go.
	if _, err := os.Stat(filepath.Join(dir, "plots", "y-vs-n.png")); err != nil {
		t.Fatal(err)
	}
	p.Axes = p.Axes[:1]
	if err := (Store{dir}).Init(p); err != nil {
		t.Fatal(err)
	}
	c = mustCollect(t, dir)
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"y-vs-n.png", "y-vs-n.svg"} {
		if _, err := os.Stat(filepath.Join(dir, "plots", f)); err == nil {
			t.Errorf("stale plot %s left behind", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "plots", "y-vs-s.png")); err != nil {
		t.Errorf("current plot removed: %v", err)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
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

// TestSlurmOutputPathIsQuoted: a DIR with a space (sbatch rejected the
// script: "Invalid directive") or a '%' (a SLURM filename pattern) still
// gives a valid --output directive.
func TestSlurmOutputPathIsQuoted(t *testing.T) {
	p, err := parse(t, "experiment = \"test-exp\"\n[grid]\ns = [0.1, 0.2]\n")
	if err != nil {
		t.Fatal(err)
	}
	o := SlurmOptions{Binary: "/bin/neurolab", File: "/home/me/s.toml", Dir: "/home/me/My Sweeps/100%", CPUsPerTask: 1, MaxArraySize: 1001}
	script, _ := SlurmScript(p, p.Jobs, o, time.Unix(0, 0))
	if want := "#SBATCH --output=\"/home/me/My Sweeps/100%%/slurm/logs/%A_%a.out\"\n"; !strings.Contains(script, want) {
		t.Errorf("script lacks %q:\n%s", want, script)
	}
	if !strings.Contains(script, "--out '/home/me/My Sweeps/100%'") {
		t.Errorf("the task's --out is not the DIR as given:\n%s", script)
	}
}

// TestRecordWithoutResultIsMissing: a job whose record says ok but whose
// result.json is gone (a partial copy of DIR) is missing, so collect lists
// it instead of failing and a rerun redoes it.
func TestRecordWithoutResultIsMissing(t *testing.T) {
	p, st, _ := runSweep(t, testExp{}, "experiment = \"test-exp\"\nseeds = 2\n[grid]\ns = [0.1, 0.2]\n", Options{Parallel: 2})
	dir := st.Dir
	lost := p.Jobs[2]
	if err := os.Remove(st.ResultPath(p, lost.ID)); err != nil {
		t.Fatal(err)
	}
	c, err := Collect(dir)
	if err != nil {
		t.Fatalf("collect with a lost result.json: %v", err)
	}
	if c.OK != 3 || c.Missing != 1 || c.Rows[2].Status != StatusMissing {
		t.Errorf("collect: %d ok, %d missing, job 2 %s", c.OK, c.Missing, c.Rows[2].Status)
	}
	pending, err := st.Pending(p, false)
	if err != nil || len(pending) != 1 || pending[0].ID != lost.ID {
		t.Fatalf("pending: %v %v", pending, err)
	}
	sum, err := Run(context.Background(), st, p, testExp{}, pending, Options{Parallel: 1})
	if err != nil || sum.OK != 1 {
		t.Fatalf("rerun: %+v %v", sum, err)
	}
	if _, err := os.Stat(st.ResultPath(p, lost.ID)); err != nil {
		t.Errorf("result not rewritten: %v", err)
	}
}

// panicExp panics in a function of its own, like a bug in a model.
type panicExp struct{ testExp }

func (panicExp) Meta() experiment.Meta {
	m := testExp{}.Meta()
	m.ID = "panic-exp"
	return m
}

//go:noinline
func stepModel(xs []float64, i int) float64 { return xs[i] }

func (panicExp) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	xs := make([]float64, 3)
	return nil, fmt.Errorf("unreachable %g", stepModel(xs, len(xs)+int(cfg.Seed)))
}

// TestPanicRecordsWhere: a job that panics is recorded as failed with the
// function and line that panicked in its error, and its stack in job.json.
func TestPanicRecordsWhere(t *testing.T) {
	_, st, sum := runSweep(t, panicExp{}, "experiment = \"panic-exp\"\n[grid]\ns = [0.1]\n", Options{Parallel: 1})
	if sum.Failed != 1 {
		t.Fatalf("run: %+v", sum)
	}
	rec := sum.FirstFailure
	t.Logf("recorded error: %s", rec.Error)
	if !strings.Contains(rec.Error, "panic: runtime error: index out of range") ||
		!strings.Contains(rec.Error, "(at neurolab/sweep.stepModel (audit_test.go:") {
		t.Errorf("error %q does not say where it panicked", rec.Error)
	}
	got, err := st.Record(rec.ID)
	if err != nil || !strings.Contains(got.Stack, "stepModel") || got.Exit != 3 {
		t.Errorf("job.json: %+v %v: want the stack", got, err)
	}
}

// TestSeedsOnlySweepSummarisesMetrics: with nothing swept there is no plot,
// so index.html gives each metric's mean ± s.e.m. over the seeds.
func TestSeedsOnlySweepSummarisesMetrics(t *testing.T) {
	_, st, _ := runSweep(t, testExp{}, "experiment = \"test-exp\"\nseeds = 3\n[set]\ns = 0.5\nn = 10\n", Options{Parallel: 2})
	dir := st.Dir
	c := mustCollect(t, dir)
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	// y = s·n + seed = 6, 7, 8: mean 7, s.e.m. 1/√3.
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, w := range []string{"Metrics over seeds", "<td>y</td><td>7</td><td>0.577</td><td>3</td>"} {
		if !strings.Contains(string(html), w) {
			t.Errorf("index.html lacks %q", w)
		}
	}
}

// TestPooledPlotSaysSo: with more than MaxLines combinations of the other
// swept parameters, the caption and title say the points pool them, not
// only the seeds.
func TestPooledPlotSaysSo(t *testing.T) {
	_, st, _ := runSweep(t, testExp{}, "experiment = \"test-exp\"\n[grid]\ns = [0.1, 0.2]\nn = {from = 1, to = 9, step = 1}\n", Options{Parallel: 2})
	dir := st.Dir
	c := mustCollect(t, dir)
	figs := c.Figures()
	if len(figs) != 2 {
		t.Fatalf("%d figures", len(figs))
	}
	if !strings.Contains(figs[0].Caption, "means over seeds and over the values of the other swept parameters") ||
		!strings.Contains(figs[0].Plot.Title.Text, "over seeds and other parameters") {
		t.Errorf("pooled plot (9 values of n per s): caption %q, title %q", figs[0].Caption, figs[0].Plot.Title.Text)
	}
	if strings.Contains(figs[1].Caption, "pooled") { // against n: 2 values of s, 2 lines
		t.Errorf("unpooled plot: caption %q", figs[1].Caption)
	}
}

// TestMixedVersionsAreReported: a sweep resumed with another build of
// neurolab says so, and jobs.csv gives each job's version.
func TestMixedVersionsAreReported(t *testing.T) {
	p, err := parse(t, "experiment = \"test-exp\"\nseeds = 3\n[grid]\ns = [0.1]\n")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st := Store{dir}
	if err := st.Init(p); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), st, p, testExp{}, p.Jobs[:2], Options{Parallel: 1, Version: "v1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), st, p, testExp{}, p.Jobs, Options{Parallel: 1, Version: "v2"}); err != nil {
		t.Fatal(err)
	}
	c := mustCollect(t, dir)
	names, counts := c.Versions()
	if strings.Join(names, ",") != "v1,v2" || counts["v1"] != 2 || counts["v2"] != 1 {
		t.Errorf("versions %v %v", names, counts)
	}
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !strings.Contains(string(html), "different versions of neurolab: v1 (2 jobs), v2 (1 job)") {
		t.Errorf("index.html does not warn of mixed versions")
	}
	rows := readCSVFile(t, filepath.Join(dir, "jobs.csv"))
	if h := rows[0]; h[len(h)-1] != "version" || rows[1][len(h)-1] != "v1" || rows[3][len(h)-1] != "v2" {
		t.Errorf("jobs.csv: %v", rows)
	}
}

// TestRunCountsFailedBefore: jobs an earlier run recorded as failed are
// skipped (Done) and counted in FailedBefore, unless RetryFailed reruns
// them (then they fail again and count in Failed).
func TestRunCountsFailedBefore(t *testing.T) {
	p, st, sum := runSweep(t, failingExp{}, "experiment = \"failing-exp\"\nseeds = 2\n[grid]\ns = [0.1, 0.5]\n", Options{Parallel: 2})
	if sum.OK != 2 || sum.Failed != 2 || sum.FailedBefore != 0 {
		t.Fatalf("first run: %+v, want 2 ok, 2 failed, 0 failed before", sum)
	}
	again, err := Run(context.Background(), st, p, failingExp{}, p.Jobs, Options{Parallel: 2})
	if err != nil {
		t.Fatal(err)
	}
	if again.Done != 4 || again.FailedBefore != 2 || again.Failed != 0 {
		t.Errorf("rerun: %+v, want 4 done of which 2 failed before", again)
	}
	retry, err := Run(context.Background(), st, p, failingExp{}, p.Jobs, Options{Parallel: 2, RetryFailed: true})
	if err != nil {
		t.Fatal(err)
	}
	if retry.Done != 2 || retry.FailedBefore != 0 || retry.Failed != 2 {
		t.Errorf("rerun with RetryFailed: %+v, want 2 done, 2 failed again", retry)
	}
}
