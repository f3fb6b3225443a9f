package report

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"neurolab/experiment"
)

func testResult(id string) *experiment.Result {
	p := plot.New()
	p.Title.Text = "a line"
	p.X.Label.Text = "t (ms)"
	p.Y.Label.Text = "V (mV)"
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	p.Add(l)
	r := &experiment.Result{ID: id, Title: "T", Citation: "C", Scale: "quick", Seed: 1,
		Params:  map[string]any{"n": 3, "mode": "x"},
		Metrics: map[string]float64{"m": 0.5}}
	r.Checks = []experiment.Check{experiment.NewCheck("m", "m small <b>", 0.5, "<", 1)}
	r.Figures = []experiment.Figure{{Name: "line", Caption: "a line", Plot: p}}
	r.Finish()
	return r
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	for _, s := range []string{"first", "second"} {
		if err := WriteFileAtomic(path, []byte(s)); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(path)
		if string(got) != s {
			t.Errorf("got %q, want %q", got, s)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("got %d files, want 1 (temporary files left?)", len(entries))
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "f"), nil); err == nil {
		t.Errorf("no error writing into a missing directory")
	}
}

func TestWriteResultRejectsNonFinite(t *testing.T) {
	for name, mut := range map[string]func(r *experiment.Result){
		"metric NaN": func(r *experiment.Result) { r.Metrics["x"] = math.NaN() },
		"metric Inf": func(r *experiment.Result) { r.Metrics["x"] = math.Inf(1) },
		"check NaN":  func(r *experiment.Result) { r.Checks[0].Value = math.NaN() },
		"param NaN":  func(r *experiment.Result) { r.Params["p"] = math.NaN() },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			r := testResult("x-y")
			mut(r)
			if err := WriteResult(dir, r); !errors.Is(err, ErrNotFinite) {
				t.Fatalf("got %v, want ErrNotFinite", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("something was written: %v", entries)
			}
		})
	}
}

func TestRoundTripAndIndex(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"b-exp", "a-exp"} {
		if err := WriteResult(dir, testResult(id)); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := Rebuild(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].ID != "a-exp" || rs[0].Metrics["m"] != 0.5 || rs[0].FigureFiles[0] != "line.png" ||
		rs[0].FigureCaptions[0] != "a line" || !rs[0].Pass {
		t.Fatalf("round trip: got %+v", rs[0])
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, want := range []string{"2 of 2 experiments passed", `src="a-exp/line.png"`, "m small &lt;b&gt;", `href="b-exp/line.svg"`} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	png, _ := os.ReadFile(filepath.Join(dir, "a-exp", "line.png"))
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("line.png is not a PNG")
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "a-exp", "line.svg"))
	if !strings.Contains(string(svg), "<svg") {
		t.Errorf("line.svg is not an SVG")
	}
}

func TestRebuildEmpty(t *testing.T) {
	if _, err := Rebuild(t.TempDir()); err == nil {
		t.Errorf("no error for a directory without results")
	}
}

func TestFigureNames(t *testing.T) {
	r := testResult("a-b")
	r.Figures = append(r.Figures, r.Figures[0])
	if err := WriteResult(t.TempDir(), r); err == nil {
		t.Errorf("duplicate figure names accepted")
	}
	r = testResult("a-b")
	r.Figures[0].Name = "Bad Name"
	if err := WriteResult(t.TempDir(), r); err == nil {
		t.Errorf("non-kebab figure name accepted")
	}
}
