package sweep

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
)

type testParams struct {
	N    int     `param:"n" unit:"neurons" range:"[1,inf)" doc:"size"`
	S    float64 `param:"s" unit:"1" range:"[0,1)" doc:"sparsity"`
	G    float64 `param:"g" unit:"1" doc:"gain"`
	Mode string  `param:"mode" unit:"-" choices:"a|b|c" doc:"mode"`
	On   bool    `param:"on" unit:"-" doc:"switch"`
}

type testExp struct{ validate bool }

func (testExp) Meta() experiment.Meta {
	return experiment.Meta{ID: "test-exp", Params: experiment.Describe(testParams{N: 10, Mode: "a"})}
}

func (testExp) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := testParams{N: 10, Mode: "a"}
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	res := experiment.NewResult(testExp{}.Meta(), cfg, &p)
	res.Metric("y", p.S*float64(p.N)+float64(cfg.Seed))
	res.AddCheck(experiment.NewCheck("y", "y is finite", 0, "==", 0))
	res.Finish()
	return res, nil
}

type validatingExp struct{ testExp }

func (validatingExp) Validate(cfg experiment.Config) error {
	if cfg.Set["n"] == "3" {
		return experiment.Inputf("n must not be 3")
	}
	return nil
}

func parse(t *testing.T, src string) (*Plan, error) {
	t.Helper()
	p, _, err := Parse([]byte(src), "test.toml", []experiment.Experiment{testExp{}})
	return p, err
}

// parseError parses src and checks that it fails with an input error
// whose message contains every string of want; it returns the error.
func parseError(t *testing.T, src string, want []string) error {
	t.Helper()
	_, err := parse(t, src)
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	if !errors.Is(err, experiment.ErrInput) {
		t.Errorf("error %v does not wrap ErrInput", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
	return err
}

func TestParseGrid(t *testing.T) {
	p, err := parse(t, `
experiment = "test-exp"
scale = "quick"
seeds = 3
metrics = ["y"]
[set]
g = 2
[grid]
s = [0.5, 0.25]
n = {from = 100, to = 300, step = 100}
`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Jobs), 2*3*3; got != want {
		t.Fatalf("got %d jobs, want %d", got, want)
	}
	if p.Axes[0].Name != "s" || p.Axes[1].Name != "n" {
		t.Errorf("axes in file order: got %s, %s, want s, n", p.Axes[0].Name, p.Axes[1].Name)
	}
	if got := strings.Join(p.Axes[1].Values, ","); got != "100,200,300" {
		t.Errorf("n range: got %s, want 100,200,300", got)
	}
	// Row-major, seeds innermost.
	j := p.Jobs[4]
	if j.Point["s"] != "0.5" || j.Point["n"] != "200" || j.Seed != 2 {
		t.Errorf("job 4: got %s, want s=0.5 n=200 seed=2", p.Describe(j))
	}
	if set := p.Set(j); set["g"] != "2" || set["s"] != "0.5" {
		t.Errorf("job 4 set: got %v", set)
	}
	ids := map[string]bool{}
	for _, j := range p.Jobs {
		if ids[j.ID] {
			t.Errorf("duplicate job id %s", j.ID)
		}
		ids[j.ID] = true
	}
	if p.Scale != "quick" || len(p.Metrics) != 1 || p.Hash == "" {
		t.Errorf("plan header: %+v", p)
	}
}

func TestJobIDsAreStable(t *testing.T) {
	// The id depends on what the job computes, not on how the file says it.
	a, err := parse(t, "experiment = \"test-exp\"\nseeds = [4]\n[grid]\ns = [0.5]\nn = [200]\n")
	if err != nil {
		t.Fatal(err)
	}
	b, err := parse(t, "experiment = \"test-exp\"\nseeds = [4]\n[grid]\nn = [2e2, 300]\ns = [5e-1]\n")
	if err != nil {
		t.Fatal(err)
	}
	if a.Jobs[0].ID != b.Jobs[0].ID {
		t.Errorf("same job, different ids: %s vs %s", a.Jobs[0].ID, b.Jobs[0].ID)
	}
	c, _ := parse(t, "experiment = \"test-exp\"\nseeds = [5]\n[grid]\ns = [0.5]\nn = [200]\n")
	d, _ := parse(t, "experiment = \"test-exp\"\nscale = \"quick\"\nseeds = [4]\n[grid]\ns = [0.5]\nn = [200]\n")
	if c.Jobs[0].ID == a.Jobs[0].ID || d.Jobs[0].ID == a.Jobs[0].ID {
		t.Errorf("seed or scale does not change the id")
	}
}

func TestRanges(t *testing.T) {
	cases := []struct {
		entry, want string
	}{
		{"s = {from = 0.1, to = 0.3, step = 0.1}", "0.1,0.2,0.3"},
		{"s = {from = 0, to = 0.9, num = 4}", "0,0.3,0.6,0.9"},
		{"g = {from = 1, to = 100, num = 3, log = true}", "1,10,100"},
		{"n = {from = 10, to = 1000, num = 3, log = true}", "10,100,1000"},
		{"n = {from = 300, to = 100, step = -100}", "300,200,100"},
		{"mode = [\"a\", \"c\"]", "a,c"},
		{"on = [true, false]", "true,false"},
		{"g = 3", "3"},
	}
	for _, tc := range cases {
		t.Run(tc.entry, func(t *testing.T) {
			p, err := parse(t, "experiment = \"test-exp\"\n[grid]\n"+tc.entry+"\n")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Axes[0].Values, ","); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // substrings of the error
	}{
		{"unknown parameter", "experiment = \"test-exp\"\n[grid]\nzz = [1]\n", []string{"[grid]", `unknown parameter "zz"`, "valid: g, mode, n, on, s"}},
		{"out of range", "experiment = \"test-exp\"\n[grid]\ns = [0.5, 1.0]\n", []string{"grid.s[1] = 1", "[0,1)"}},
		{"not an integer", "experiment = \"test-exp\"\n[grid]\nn = [1.5]\n", []string{"grid.n[0]", "integer"}},
		{"bad choice", "experiment = \"test-exp\"\n[set]\nmode = \"z\"\n", []string{"set.mode", "one of a, b, c"}},
		{"unknown set", "experiment = \"test-exp\"\n[set]\nzz = 1\n", []string{"[set]", `"zz"`}},
		{"unknown key", "experiment = \"test-exp\"\nseed = 3\n", []string{`unknown key "seed"`}},
		{"unknown experiment", "experiment = \"nope\"\n", []string{`unknown experiment "nope"`, "test-exp"}},
		{"no experiment", "scale = \"quick\"\n", []string{"no experiment"}},
		{"bad scale", "experiment = \"test-exp\"\nscale = \"huge\"\n", []string{"scale", "quick, default, paper"}},
		{"syntax", "experiment = \"test-exp\"\n[grid\n", []string{"line ", "table name"}},
		{"duplicate", "experiment = \"test-exp\"\n[grid]\ns = [0.5, 5e-1]\n", []string{"grid.s", "twice"}},
		{"set and grid", "experiment = \"test-exp\"\n[set]\ns = 0.1\n[grid]\ns = [0.5]\n", []string{"both"}},
		{"zero step", "experiment = \"test-exp\"\n[grid]\ns = {from = 0, to = 0.5, step = 0}\n", []string{"grid.s", "step"}},
		{"wrong direction", "experiment = \"test-exp\"\n[grid]\ns = {from = 0, to = 0.5, step = -0.1}\n", []string{"does not lead"}},
		{"step and num", "experiment = \"test-exp\"\n[grid]\ns = {from = 0, to = 0.5, step = 0.1, num = 3}\n", []string{"exactly one"}},
		{"range key typo", "experiment = \"test-exp\"\n[grid]\ns = {from = 0, to = 0.5, stp = 0.1}\n", []string{`"stp"`}},
		{"range on a string", "experiment = \"test-exp\"\n[grid]\nmode = {from = 0, to = 1, num = 2}\n", []string{"numeric"}},
		{"log from zero", "experiment = \"test-exp\"\n[grid]\ng = {from = 0, to = 1, num = 2, log = true}\n", []string{"from > 0"}},
		{"range out of range", "experiment = \"test-exp\"\n[grid]\ns = {from = 0.5, to = 1.0, step = 0.25}\n", []string{"grid.s[2] = 1"}},
		{"zero seeds", "experiment = \"test-exp\"\nseeds = 0\n", []string{"seeds"}},
		{"duplicate seeds", "experiment = \"test-exp\"\nseeds = [1, 1]\n", []string{"seed 1 appears twice"}},
		{"negative seed", "experiment = \"test-exp\"\nseeds = [-1]\n", []string{"seeds", "non-negative"}},
		{"empty list", "experiment = \"test-exp\"\n[grid]\ns = []\n", []string{"no values"}},
		{"too many jobs", "experiment = \"test-exp\"\nseeds = 1000\n[grid]\ng = {from = 0, to = 1000, step = 1}\n", []string{"more than"}},
		{"repeated metric", "experiment = \"test-exp\"\nmetrics = [\"y\", \"y\"]\n", []string{"metrics"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := parseError(t, tc.src, tc.want)
			if !strings.Contains(err.Error(), "test.toml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestValidatorRunsBeforeJobs(t *testing.T) {
	_, _, err := Parse([]byte("experiment = \"test-exp\"\n[grid]\nn = [1, 3]\n"), "v.toml", []experiment.Experiment{validatingExp{}})
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "n=3") || !strings.Contains(err.Error(), "must not be 3") {
		t.Fatalf("got %v, want an input error naming job n=3", err)
	}
}

func TestChunksAndArraySpec(t *testing.T) {
	cases := []struct {
		n, max, chunk int
	}{{10, 1001, 1}, {1001, 1001, 1}, {1002, 1001, 2}, {5000, 1001, 5}, {12, 5, 3}}
	for _, tc := range cases {
		c := ChunkSize(tc.n, tc.max)
		if c != tc.chunk {
			t.Errorf("ChunkSize(%d, %d) = %d, want %d", tc.n, tc.max, c, tc.chunk)
		}
		if (tc.n-1)/c > tc.max-1 {
			t.Errorf("ChunkSize(%d, %d): last task index %d exceeds %d", tc.n, tc.max, (tc.n-1)/c, tc.max-1)
		}
	}
	specs := []struct {
		tasks []int
		par   int
		want  string
	}{{[]int{0, 1, 2, 3}, 0, "0-3"}, {[]int{0, 2, 3, 4, 7}, 2, "0,2-4,7%2"}, {[]int{5}, 0, "5"}}
	for _, s := range specs {
		if got := ArraySpec(s.tasks, s.par); got != s.want {
			t.Errorf("ArraySpec(%v, %d) = %q, want %q", s.tasks, s.par, got, s.want)
		}
	}
	var pending []Job
	for _, i := range []int{0, 1, 2, 7, 8, 11} {
		pending = append(pending, Job{Index: i})
	}
	if got := ArraySpec(Tasks(pending, 3), 0); got != "0,2-3" {
		t.Errorf("tasks of pending jobs with chunk 3: got %s, want 0,2-3", got)
	}
}

func TestMeanSEM(t *testing.T) {
	// Closed form: values 1,2,3,4: mean 2.5, SD sqrt(5/3), s.e.m. SD/2.
	m, s := meanSEM([]float64{1, 2, 3, 4})
	if m != 2.5 || math.Abs(s-math.Sqrt(5.0/3)/2) > 1e-15 {
		t.Errorf("got %g ± %g, want 2.5 ± %g", m, s, math.Sqrt(5.0/3)/2)
	}
	if m, s := meanSEM([]float64{7}); m != 7 || s != 0 {
		t.Errorf("one value: got %g ± %g, want 7 ± 0", m, s)
	}
}

func TestRunCollectSummary(t *testing.T) {
	_, store, sum := runSweep(t, testExp{}, "experiment = \"test-exp\"\nseeds = 3\n[grid]\ns = [0.25, 0.5]\nn = [10, 20]\n", Options{Parallel: 3})
	if sum.OK != 12 {
		t.Fatalf("Run: %+v", sum)
	}
	dir := store.Dir
	c := mustCollect(t, dir)
	// y = s·n + seed; mean over seeds 1..3 is s·n + 2, s.e.m. 1/√3.
	lines := c.Summary("y", 0)
	if len(lines) != 2 || lines[0].Label != "n=10" || len(lines[0].Points) != 2 {
		t.Fatalf("summary against s: %+v", lines)
	}
	for _, ln := range lines {
		n := 10.0
		if ln.Label == "n=20" {
			n = 20
		}
		for _, pt := range ln.Points {
			want := pt.X*n + 2
			if math.Abs(pt.Mean-want) > 1e-12 || math.Abs(pt.SEM-1/math.Sqrt(3)) > 1e-12 || pt.N != 3 {
				t.Errorf("%s s=%g: got %g ± %g (n=%d), want %g ± %g (n=3)", ln.Label, pt.X, pt.Mean, pt.SEM, pt.N, want, 1/math.Sqrt(3))
			}
		}
	}
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"results.csv", "jobs.csv", "index.html", "plots/y-vs-s.png", "plots/y-vs-n.svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("missing %s", f)
		}
	}
}

func TestFiguresOnLogAndNominalAxes(t *testing.T) {
	p, st, _ := runSweep(t, testExp{}, "experiment = \"test-exp\"\nseeds = 2\n[grid]\nn = {from = 1, to = 1000, num = 4, log = true}\nmode = [\"a\", \"b\"]\non = [true]\n", Options{Parallel: 2})
	dir := st.Dir
	c := mustCollect(t, dir)
	if !logAxis(p.Axes[0]) || logAxis(p.Axes[1]) {
		t.Errorf("logAxis: want true for n (1…1000), false for mode")
	}
	figs := c.Figures()
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "y-vs-n,y-vs-mode,y-vs-on" {
		t.Errorf("figures: got %s, want y-vs-n,y-vs-mode,y-vs-on", got)
	}
	// The check y tests a value other than the metric y: no threshold line.
	if _, _, ok := c.checkThreshold("y"); ok || strings.Contains(figs[0].Caption, "threshold") {
		t.Errorf("a check whose value is not the metric is drawn as its threshold: %q", figs[0].Caption)
	}
	if err := c.Write(dir); err != nil {
		t.Fatal(err)
	}
}

func TestDistinctTicks(t *testing.T) {
	ts := distinctTicks{}.Ticks(1.001, 1.004)
	seen := map[string]bool{}
	for _, tk := range ts {
		if tk.Label == "" {
			continue
		}
		if seen[tk.Label] {
			t.Errorf("repeated tick label %q in %v", tk.Label, ts)
		}
		seen[tk.Label] = true
	}
}

// pathExp has a file-name parameter (unit "path").
type pathExp struct{ testExp }

type pathParams struct {
	Dir string `param:"dir" unit:"path" doc:"a folder"`
	N   int    `param:"n" unit:"neurons" range:"[1,inf)" doc:"size"`
}

func (pathExp) Meta() experiment.Meta {
	return experiment.Meta{ID: "path-exp", Params: experiment.Describe(pathParams{N: 1})}
}

// A path parameter is hashed as its absolute path: "imgs" and "./imgs" are
// one job; the same relative name from another directory is another job.
func TestJobIDsOfPaths(t *testing.T) {
	id := func(dir string) string {
		t.Helper()
		p, _, err := Parse([]byte("experiment = \"path-exp\"\nseeds = [1]\n[set]\ndir = \""+dir+"\"\n"), "t.toml", []experiment.Experiment{pathExp{}})
		if err != nil {
			t.Fatal(err)
		}
		return p.Jobs[0].ID
	}
	root := t.TempDir()
	for _, d := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(root, d, "imgs"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(root, "a"))
	plain, dotted, abs := id("imgs"), id("./imgs"), id(filepath.Join(root, "a", "imgs"))
	if plain != dotted || plain != abs {
		t.Errorf("imgs, ./imgs and its absolute path: got ids %s, %s, %s, want one", plain, dotted, abs)
	}
	t.Chdir(filepath.Join(root, "b"))
	if other := id("imgs"); other == plain {
		t.Errorf("imgs from another directory: got the same id %s, want another", other)
	}
	if id("") == plain {
		t.Error("empty path: got the id of imgs")
	}
}
