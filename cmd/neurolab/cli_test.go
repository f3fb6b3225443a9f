package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"

	"neurolab/experiment"
	"neurolab/internal/fig"
)

// fakeParams is the parameter set of the fake experiments used to test the
// command line without running a real model.
type fakeParams struct {
	N        int     `param:"n" unit:"samples" range:"[1,inf)" doc:"number of samples"`
	Sparsity float64 `param:"s" unit:"1" range:"[0,1)" doc:"fraction removed"`
	Mode     string  `param:"mode" unit:"-" choices:"ok|fail|nan|diverge|hang|input" doc:"what the fake run does"`
}

type fake struct{ id string }

func (f fake) Meta() experiment.Meta {
	return experiment.Meta{ID: f.id, Title: "Fake " + f.id, Citation: "Nobody 2026", Family: "test",
		Claim: "a fake", About: "Model. A fake with n items.\n\n    x = 2n\n\nProtocol. One run.",
		Params: experiment.Describe(fakeParams{N: 10, Mode: "ok"})}
}

func (f fake) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := fakeParams{N: 10, Mode: "ok"}
	if cfg.Scale == experiment.Quick {
		p.N = 5
	}
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	res := experiment.NewResult(f.Meta(), cfg, &p)
	rng := rand.New(rand.NewPCG(cfg.Seed, 7))
	sum := 0.0
	xs, ys := make([]float64, p.N), make([]float64, p.N)
	for i := 0; i < p.N; i++ {
		xs[i], ys[i] = float64(i), rng.Float64()
		sum += ys[i]
		cfg.Report(float64(i+1) / float64(p.N))
	}
	switch p.Mode {
	case "nan":
		res.Metric("mean", math.NaN())
	case "diverge":
		return nil, &experiment.DivergedError{What: "fake voltage", T: 1.5, Unit: "s"}
	case "hang":
		<-ctx.Done()
		return nil, ctx.Err()
	case "input":
		return nil, experiment.Inputf("fake: n must be even")
	default:
		res.Metric("mean", sum/float64(p.N))
	}
	threshold := 0.0
	if p.Mode == "fail" {
		threshold = 2
	}
	res.AddCheck(experiment.NewCheck("mean", "mean above threshold", sum/float64(p.N), ">=", threshold))
	pl := fig.New("fake samples", "index (1)", "value (1)")
	fig.Points(pl, xs, ys, "samples", fig.Color(0))
	res.Figures = []experiment.Figure{{Name: "samples", Caption: "the samples", Plot: pl},
		{Name: "grid", Caption: "two panels", Panels: [][]*plot.Plot{{pl, nil}}}}
	res.Finish()
	return res, nil
}

var fakes = []experiment.Experiment{fake{"fake-one"}, fake{"fake-two"}}

func runCLI(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = cli(ctx, args, &o, &e, fakes)
	return code, o.String(), e.String()
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name     string
		args     []string
		code     int
		stderrIn []string // substrings expected in stderr
	}{
		{"pass", []string{"run", "fake-one", "--out", dir + "/a"}, exitOK, nil},
		{"all", []string{"run", "all", "--out", dir + "/b", "--scale", "quick"}, exitOK, nil},
		{"check fails", []string{"run", "fake-one", "--out", dir + "/c", "--set", "mode=fail"}, exitFailed, []string{"failed a check"}},
		{"unknown id", []string{"run", "nope", "--out", dir + "/d"}, exitUsage, []string{"unknown experiment", "fake-one", "fake-two"}},
		{"unknown param", []string{"run", "fake-one", "--out", dir + "/e", "--set", "zz=1"}, exitUsage, []string{"unknown parameter", "zz", "mode, n, s"}},
		{"not a number", []string{"run", "fake-one", "--out", dir + "/f", "--set", "n=abc"}, exitUsage, []string{"parameter n", "integer in [1,inf)"}},
		{"n <= 0", []string{"run", "fake-one", "--out", dir + "/g", "--set", "n=0"}, exitUsage, []string{"parameter n", "[1,inf)"}},
		{"sparsity out of range", []string{"run", "fake-one", "--out", dir + "/h", "--set", "s=1"}, exitUsage, []string{"parameter s", "[0,1)"}},
		{"bad choice", []string{"run", "fake-one", "--out", dir + "/i", "--set", "mode=zzz"}, exitUsage, []string{"parameter mode", "one of ok"}},
		{"no equals", []string{"run", "fake-one", "--out", dir + "/j", "--set", "n"}, exitUsage, []string{"NAME=VALUE"}},
		{"bad scale", []string{"run", "fake-one", "--out", dir + "/k", "--scale", "huge"}, exitUsage, []string{"quick, default, paper"}},
		{"bad workers", []string{"run", "fake-one", "--out", dir + "/l", "--workers", "0"}, exitUsage, []string{"--workers"}},
		{"bad flag", []string{"run", "fake-one", "--bogus"}, exitUsage, []string{"bogus"}},
		{"diverged", []string{"run", "fake-one", "--out", dir + "/m", "--set", "mode=diverge"}, exitRun, []string{"fake voltage diverged at t = 1.5 s"}},
		{"nan metric", []string{"run", "fake-one", "--out", dir + "/n", "--set", "mode=nan"}, exitRun, []string{"NaN"}},
		{"input error from run", []string{"run", "fake-one", "--out", dir + "/o", "--set", "mode=input"}, exitUsage, []string{"n must be even"}},
		{"params unknown", []string{"params", "nope"}, exitUsage, []string{"unknown experiment"}},
		{"report missing dir", []string{"report", dir + "/missing"}, exitUsage, []string{"folder not found"}},
		{"unknown command", []string{"frobnicate"}, exitUsage, []string{"unknown command"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, context.Background(), tc.args...)
			if code != tc.code {
				t.Fatalf("exit status: got %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			for _, s := range tc.stderrIn {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr %q does not contain %q", stderr, s)
				}
			}
			if tc.code != exitOK && strings.Count(strings.TrimSpace(stderr), "\n") > 1 {
				t.Errorf("want a short error message, got %q", stderr)
			}
		})
	}
}

func TestUsageErrorsWriteNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"run", "fake-one", "--out", dir, "--set", "zz=1"},
		{"run", "fake-one", "--out", dir, "--set", "n=-3"},
		{"run", "nope", "--out", dir},
	} {
		if code, _, _ := runCLI(t, context.Background(), args...); code != exitUsage {
			t.Fatalf("%v: got exit %d, want %d", args, code, exitUsage)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("%v: output directory was created", args)
		}
	}
}

func TestUnwritableOut(t *testing.T) {
	if os.Geteuid() == 0 {
		// root can write anywhere; use a path below a regular file instead.
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, context.Background(), "run", "fake-one", "--out", filepath.Join(file, "sub"))
	if code != exitUsage || !strings.Contains(stderr, "not writable") {
		t.Fatalf("got exit %d, stderr %q; want %d and 'not writable'", code, stderr, exitUsage)
	}
}

func TestResultFiles(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, context.Background(), "run", "all", "--out", dir, "--seed", "3", "--set", "n=20"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "fake-one", "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "title", "citation", "seed", "scale", "params", "metrics", "checks", "figures", "pass", "elapsed_s", "version"} {
		if _, ok := m[k]; !ok {
			t.Errorf("result.json lacks %q", k)
		}
	}
	if m["seed"].(float64) != 3 || m["scale"] != "default" || m["params"].(map[string]any)["n"].(float64) != 20 {
		t.Errorf("seed/scale/params not recorded: %s", data)
	}
	for _, f := range []string{"fake-one/samples.png", "fake-one/samples.svg", "fake-one/grid.png", "fake-two/result.json", "index.html"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("missing or empty %s", f)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, s := range []string{"fake-one", "fake-two", "mean above threshold", `src="fake-one/samples.png"`} {
		if !bytes.Contains(html, []byte(s)) {
			t.Errorf("index.html lacks %q", s)
		}
	}
	if bytes.Contains(html, []byte("http://")) || bytes.Contains(html, []byte("https://")) {
		t.Errorf("index.html refers to the network")
	}
	// Temporary files never remain.
	matches, _ := filepath.Glob(filepath.Join(dir, "*", ".*tmp*"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
	// report DIR rebuilds the same page.
	os.Remove(filepath.Join(dir, "index.html"))
	if code, _, stderr := runCLI(t, context.Background(), "report", dir); code != exitOK {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	html2, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !bytes.Equal(html, html2) {
		t.Errorf("report DIR gave a different index.html")
	}
}

// stripElapsed removes the elapsed_s line of a result.json.
func stripElapsed(b []byte) string {
	var keep []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.Contains(l, `"elapsed_s"`) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func TestDeterminism(t *testing.T) {
	var outs []string
	for _, w := range []string{"1", "2", "1"} {
		dir := t.TempDir()
		if code, _, stderr := runCLI(t, context.Background(), "run", "fake-one", "--out", dir, "--workers", w); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(dir, "fake-one", "result.json"))
		if err != nil {
			t.Fatal(err)
		}
		png, _ := os.ReadFile(filepath.Join(dir, "fake-one", "samples.png"))
		outs = append(outs, stripElapsed(b)+string(png))
	}
	for i := 1; i < len(outs); i++ {
		if outs[i] != outs[0] {
			t.Errorf("run %d differs from run 0", i)
		}
	}
}

// cancelWhenWritten calls cancel 50 ms after the file at path appears, or
// after 5 s if it never does.
func cancelWhenWritten(path string, cancel context.CancelFunc) {
	go func() {
		for i := 0; i < 500; i++ {
			if _, err := os.Stat(path); err == nil {
				time.Sleep(50 * time.Millisecond)
				cancel()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
}

func TestInterruptKeepsFinishedResults(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel once fake-one's result exists, while fake-two hangs.
	cancelWhenWritten(filepath.Join(dir, "fake-one", "result.json"), cancel)
	start := time.Now()
	code, _, stderr := runCLI(t, ctx, "run", "fake-one", "fake-two", "--out", dir, "--set", "fake-two.mode=hang")
	if code != exitRun || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("got exit %d, stderr %q; want %d and 'interrupted'", code, stderr, exitRun)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to stop", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "fake-one", "result.json")); err != nil {
		t.Errorf("finished result lost: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "fake-two", "result.json")); !os.IsNotExist(err) {
		t.Errorf("interrupted experiment left a result.json")
	}
}

func TestListAndParams(t *testing.T) {
	code, out, _ := runCLI(t, context.Background(), "list", "--json")
	if code != exitOK {
		t.Fatalf("list: exit %d", code)
	}
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 || rows[0]["id"] != "fake-one" {
		t.Fatalf("list --json: %v %q", err, out)
	}
	code, out, _ = runCLI(t, context.Background(), "params", "fake-two", "--json")
	var ps []experiment.Param
	if err := json.Unmarshal([]byte(out), &ps); err != nil || code != exitOK || len(ps) != 3 || ps[0].Name != "n" || ps[0].Unit != "samples" {
		t.Fatalf("params --json: exit %d, %v %q", code, err, out)
	}
	code, out, _ = runCLI(t, context.Background(), "params", "fake-two")
	if code != exitOK || !strings.Contains(out, "fraction removed") {
		t.Fatalf("params: exit %d %q", code, out)
	}
}
