package report

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

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
	rs, err := Rebuild(dir, Options{})
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
	if _, err := Rebuild(t.TempDir(), Options{}); err == nil {
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

// TestIndexFailuresAndSizes: a failing check's row is marked and linked
// from the summary table, comparisons read as signs, figures are shown at
// their physical size (CSS pixels from the PNG's width at DPI), and every
// section links back to the contents.
func TestIndexFailuresAndSizes(t *testing.T) {
	dir := t.TempDir()
	r := testResult("a-exp")
	r.Checks = append(r.Checks, experiment.NewCheck("too_big", "m below 0.1", 0.5, "<=", 0.1))
	r.Finish()
	if r.Pass {
		t.Fatal("result with a failing check passes")
	}
	if err := WriteResult(dir, r); err != nil {
		t.Fatal(err)
	}
	if _, err := Rebuild(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	w, _ := FigureSize(r.Figures[0])
	css := int(math.Round(float64(w/vg.Inch) * 96)) // 5.5 in: 528 px
	for _, want := range []string{
		`<tr id="a-exp-too_big" class="failed">`,
		`<a href="#a-exp-too_big">too_big</a>`,
		`<td class="op">≤</td>`,
		`width="` + strconv.Itoa(css) + `"`,
		`href="#top"`,
		"0 of 1 experiments passed",
	} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

// TestPNGWidth reads the width from a PNG header and 0 from anything else.
func TestPNGWidth(t *testing.T) {
	dir := t.TempDir()
	data, err := Render(testResult("a-b").Figures[0], "png")
	if err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(dir, "f.png")
	os.WriteFile(png, data, 0o644)
	if got, want := pngWidth(png), int(math.Round(float64(DefaultWidth/vg.Inch)*DPI)); got != want {
		t.Errorf("pngWidth: got %d, want %d", got, want)
	}
	txt := filepath.Join(dir, "f.txt")
	os.WriteFile(txt, []byte("not a png, but long enough to read"), 0o644)
	for _, p := range []string{txt, filepath.Join(dir, "missing.png")} {
		if got := pngWidth(p); got != 0 {
			t.Errorf("pngWidth(%s): got %d, want 0", filepath.Base(p), got)
		}
	}
}

// TestRenderMargin: every rendered figure keeps a blank border (Margin), so
// that a legend at the right edge, the title and the tick labels do not
// touch the image's edge. The plot's legend sits at the top right, where
// gonum/plot would otherwise draw its line sample up to the last column.
func TestRenderMargin(t *testing.T) {
	p := plot.New()
	p.Title.Text = "a line with a legend"
	p.X.Label.Text = "t (ms)"
	p.Y.Label.Text = "V (mV)"
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	p.Add(l)
	p.Legend.Add("a legend entry", l)
	p.Legend.Top = true
	data, err := Render(experiment.Figure{Name: "m", Plot: p}, "png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	border := int(math.Floor(float64(Margin/vg.Inch)*DPI)) - 1 // whole pixels inside the margin
	if border < 3 {
		t.Fatalf("margin is %d px; want at least 3", border)
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if x >= b.Min.X+border && x < b.Max.X-border && y >= b.Min.Y+border && y < b.Max.Y-border {
				continue
			}
			if r, g, bl, _ := img.At(x, y).RGBA(); r&g&bl != 0xffff {
				t.Fatalf("pixel (%d, %d) in the %d-px border is not white", x, y, border)
			}
		}
	}
}

func TestFmtNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {0.5, "0.5"}, {0.0045497, "0.0045497"}, {7802, "7802"}, {12345.67, "12346"},
		{200000, "200000"}, {-1234567, "-1234567"}, {5.5511e-16, "5.5511e-16"}, {2.5e9, "2.5e+09"},
	} {
		if got := fmtNum(tc.v); got != tc.want {
			t.Errorf("fmtNum(%v): got %q, want %q", tc.v, got, tc.want)
		}
	}
}
