package fig

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func TestTrimLabel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"75.00", "75"}, {"2.50", "2.5"}, {"0.00", "0"}, {"-0.00", "0"},
		{"-1600000", "-1600000"}, {"1e-05", "1e-05"}, {"0.025", "0.025"}, {"", ""}, {"x", "x"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := trimLabel(tc.in); got != tc.want {
				t.Errorf("trimLabel(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTicksLabels(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []string
	}{
		{0.93, 1.06, []string{"0.95", "1", "1.05"}},
		{-0.5, 79.5, []string{"0", "25", "50", "75"}},
		{0, 5, []string{"0", "2.5", "5"}},
		{0.0143, 0.33, []string{"0.1", "0.2", "0.3"}},
	} {
		var got []string
		for _, k := range (Ticks{}).Ticks(tc.lo, tc.hi) {
			if k.Label != "" {
				got = append(got, k.Label)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("ticks on [%v, %v]: got %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

// TestTicksKeepValues: where plot.DefaultTicks labels multiples of a step
// of 1, 2, 2.5 or 5 × 10^k, Ticks keeps its tick values.
func TestTicksKeepValues(t *testing.T) {
	for _, r := range [][2]float64{{0, 5}, {-0.5, 79.5}, {0.01, 0.33}, {0, 200}, {0, 1.04}, {-0.6, 4.1}} {
		got := Ticks{}.Ticks(r[0], r[1])
		want := plot.DefaultTicks{}.Ticks(r[0], r[1])
		if len(got) != len(want) {
			t.Fatalf("range %v: got %d ticks, want %d", r, len(got), len(want))
		}
		for i := range got {
			if got[i].Value != want[i].Value || (got[i].Label == "") != (want[i].Label == "") {
				t.Errorf("range %v tick %d: got %+v, want value %v", r, i, got[i], want[i].Value)
			}
		}
	}
}

// TestTicksNiceSteps: where plot.DefaultTicks labels steps of 3 or 4 × 10^k
// or values off the multiples of their step, Ticks labels the multiples of
// the smallest step of 1, 2, 2.5 or 5 × 10^k with at most five labels, and
// puts minor ticks between them.
func TestTicksNiceSteps(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string // labels
		minor  int
	}{
		{0.05, 3, "1 2 3", 12},                     // DefaultTicks: 0.4 1.6 2.8
		{-4.3, 1.7, "-4 -2 0", 3},                  // DefaultTicks: -3 -1 1
		{0.02, 0.95, "0.2 0.4 0.6 0.8", 5},         // DefaultTicks: 0.1 0.5 0.9
		{1.01e-5, 0.00704, "0.002 0.004 0.006", 4}, // DefaultTicks: 0.001 0.004 0.007
		{-1.7e6, -7e5, "-1600000 -1400000 -1200000 -1000000 -800000", 6},
	} {
		t.Run(fmt.Sprint(tc.lo, "..", tc.hi), func(t *testing.T) {
			var got []string
			minor := 0
			for _, k := range (Ticks{}).Ticks(tc.lo, tc.hi) {
				if k.Value < tc.lo || k.Value > tc.hi {
					t.Errorf("tick %v outside [%v, %v]", k.Value, tc.lo, tc.hi)
				}
				if k.Label != "" {
					got = append(got, k.Label)
				} else {
					minor++
				}
			}
			if g := strings.Join(got, " "); g != tc.want || minor != tc.minor {
				t.Errorf("got labels %q and %d minor ticks, want %q and %d", g, minor, tc.want, tc.minor)
			}
		})
	}
}

// draw renders p at the report's single-panel size and returns the PNG.
func render(t *testing.T, p *plot.Plot) []byte {
	t.Helper()
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(5.5*vg.Inch, 4*vg.Inch), vgimg.UseDPI(100))}
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("FIG_PNG_DIR"); dir != "" {
		if err := os.WriteFile(dir+"/"+strings.ReplaceAll(t.Name(), "/", "_")+".png", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestLegendAvoidsData plants a curve that fills the top right corner and
// checks that the legend leaves it for a free corner; a plot whose chosen
// corner is free keeps it.
func TestLegendAvoidsData(t *testing.T) {
	x := make([]float64, 101)
	hi, lo := make([]float64, 101), make([]float64, 101)
	for i := range x {
		x[i] = float64(i)
		hi[i] = 1 / (1 + math.Exp(-(x[i]-50)/5)) // rises to 1 on the right
		lo[i] = 0.5
	}
	for _, tc := range []struct {
		name          string
		y             []float64
		top, left     bool
		wantTop, wLft bool
	}{
		{"rising curve leaves top left free", hi, true, false, true, true},
		{"caller corner kept when free", lo, false, true, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := New("t", "x (s)", "y (a.u.)")
			Line(p, x, tc.y, "curve", Color(0))
			p.Legend.Top, p.Legend.Left = tc.top, tc.left
			render(t, p)
			if p.Legend.Top != tc.wantTop || p.Legend.Left != tc.wLft {
				t.Errorf("legend at top=%v left=%v, want top=%v left=%v", p.Legend.Top, p.Legend.Left, tc.wantTop, tc.wLft)
			}
		})
	}
}

// TestPlacementIsStable checks that rendering twice (PNG then SVG in the
// report) gives the same legend position.
func TestPlacementIsStable(t *testing.T) {
	p := New("t", "x", "y")
	Line(p, []float64{0, 1, 2}, []float64{0, 1, 2}, "diagonal", Color(0))
	Points(p, []float64{0, 2}, []float64{2, 0}, "corners", Color(1))
	render(t, p)
	a := p.Legend
	render(t, p)
	if p.Legend.Top != a.Top || p.Legend.Left != a.Left || p.Legend.XOffs != a.XOffs || p.Legend.YOffs != a.YOffs {
		t.Errorf("second render moved the legend: got %+v, want %+v", p.Legend, a)
	}
}

func TestAvoidOnForeignPlotIsNoop(t *testing.T) {
	p := plot.New()
	Avoid(p, []float64{0, 1}, []float64{0, 1}) // must not panic
	if placerOf(p) != nil {
		t.Errorf("plot.New plot has a placer; want none")
	}
}

func TestHeatMapLabelRange(t *testing.T) {
	for _, tc := range []struct {
		name   string
		data   []float64
		div    bool
		lo, hi float64
	}{
		{"sequential", []float64{1, 2, 3, math.NaN()}, false, 1, 3},
		{"diverging", []float64{-1, 0.5, 2, 0}, true, -2, 2},
		{"constant", []float64{4, 4, 4, 4}, false, 4, 5},
		// v + 1 == v here: the range was empty and rendering panicked.
		{"constant large", []float64{1e20, 1e20, 1e20, 1e20}, false, 1e20, 2e20},
		// A spread whose inverse overflows: the colour index was NaN.
		{"subnormal spread", []float64{5e-324, 1e-323, 5e-324, 5e-324}, false, 5e-324, 1},
		// Rounding errors only: niceTicks looped for ever on its colour bar
		// (competitive-hebbian at sigma = 90 ran out of memory).
		{"tiny spread", []float64{1, 1 + 1e-14, 1, 1}, false, 1, 2},
		{"rounding spread", []float64{math.Float64frombits(0x3f6c653ab8a2e297), math.Float64frombits(0x3f6c653ab8a2e2a0),
			math.Float64frombits(0x3f6c653ab8a2e297), math.Float64frombits(0x3f6c653ab8a2e2a0)}, false,
			math.Float64frombits(0x3f6c653ab8a2e297), math.Float64frombits(0x3f6c653ab8a2e297) + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := New("t", "x", "y")
			lo, hi := HeatMapLabel(p, Grid{Rows: 2, Cols: 2, Data: tc.data}, tc.div, "value (a.u.)")
			if lo != tc.lo || hi != tc.hi {
				t.Errorf("range: got [%v, %v], want [%v, %v]", lo, hi, tc.lo, tc.hi)
			}
			if len(render(t, p)) == 0 {
				t.Errorf("empty PNG")
			}
		})
	}
}

func TestLog10Ticks(t *testing.T) {
	var major []string
	minor := 0
	for _, k := range (Log10Ticks{}).Ticks(-3.4, 1.3) {
		if k.Label != "" {
			major = append(major, k.Label)
		} else {
			minor++
		}
	}
	if got, want := strings.Join(major, " "), "0.001 0.01 0.1 1 10"; got != want {
		t.Errorf("major labels: got %q, want %q", got, want)
	}
	// Minor ticks: 2–9 × 10^k inside [−3.4, 1.3]: 10^−3.4 ≈ 4e-4 leaves
	// 4..9e-4 (6), the four full decades from 1e-3 to 1 (32), and none above
	// 10 (log10 20 = 1.30103 > 1.3): 38.
	if minor != 38 {
		t.Errorf("minor ticks: got %d, want 38", minor)
	}
}

// TestCategoryColours: with HeatMapCategories' range [−0.5, n − 0.5] every
// integer category k takes palette entry k, for any number of categories.
func TestCategoryColours(t *testing.T) {
	for n := 1; n <= 40; n++ {
		lo, hi := -0.5, float64(n)-0.5
		ps := float64(n-1) / (hi - lo)
		for k := 0; k < n; k++ {
			if got := paletteIndex(float64(k), lo, ps); got != k {
				t.Fatalf("n = %d: category %d got palette entry %d, want %d", n, k, got, k)
			}
		}
	}
	p := New("categories", "x", "y")
	HeatMapCategories(p, Grid{Rows: 2, Cols: 3, Data: []float64{0, 1, 2, 3, 4, 9}}, 10, "label")
	if _, err := p.WriterTo(100, 80, "png"); err != nil {
		t.Fatalf("rendering a categorical heat map: %v", err)
	}
}

// TestHeatMapGray: the grey scale runs from black at the smallest finite
// value to white at the largest; NaN cells get a colour that is not grey.
func TestHeatMapGray(t *testing.T) {
	p := New("g", "", "")
	lo, hi := HeatMapGray(p, Grid{Rows: 2, Cols: 2, Data: []float64{0.2, 0.7, math.NaN(), 0.45}}, "intensity")
	if lo != 0.2 || hi != 0.7 {
		t.Errorf("range: got [%v, %v], want [0.2, 0.7]", lo, hi)
	}
	cols := grayPalette().Colors()
	if r, g, b, _ := cols[0].RGBA(); r|g|b != 0 {
		t.Errorf("lowest colour %v, want black", cols[0])
	}
	if r, g, b, _ := cols[len(cols)-1].RGBA(); r&g&b != 0xffff {
		t.Errorf("highest colour %v, want white", cols[len(cols)-1])
	}
	if r, _, b, _ := grayNaN.RGBA(); r == b {
		t.Errorf("NaN colour %v is grey; want it distinct from the image's greys", grayNaN)
	}
	if len(render(t, p)) == 0 {
		t.Errorf("empty PNG")
	}
}

// TestHeatMapClipsGrid: a heat map's colour bar stops the grid and hides the
// x-axis line at the data's right edge; other plots keep both.
func TestHeatMapClipsGrid(t *testing.T) {
	p := New("h", "x", "y")
	HeatMapLabel(p, Grid{Rows: 2, Cols: 3, Data: []float64{1, 2, 3, 4, 5, 6}}, false, "v")
	g := placerOf(p).grid
	if g == nil || g.maxX != 2.5 { // cells centred at 0, 1, 2: right edge 2.5
		t.Errorf("grid clip: got %v, want 2.5", g)
	}
	if p.X.LineStyle.Width != 0 {
		t.Errorf("x-axis line width %v, want 0 under a colour bar", p.X.LineStyle.Width)
	}
	if len(render(t, p)) == 0 {
		t.Errorf("empty PNG")
	}
	q := New("l", "x", "y")
	Line(q, []float64{0, 1}, []float64{0, 1}, "", Color(0))
	if g := placerOf(q).grid; g == nil || !math.IsInf(g.maxX, 1) || q.X.LineStyle.Width == 0 {
		t.Errorf("line plot: grid %v, axis width %v; want an unclipped grid and an axis line", g, q.X.LineStyle.Width)
	}
}

// TestColorBarTicks: a colour bar is labelled at round values inside its
// range, not at its raw ends; saturated ends read "≤ lo" and "≥ hi" and
// replace round labels that would overlap them.
func TestColorBarTicks(t *testing.T) {
	for _, tc := range []struct {
		name        string
		lo, hi      float64
		lowS, highS bool
		want        string
	}{
		{"sequential weights", 1.01e-5, 0.00704, false, false, "0.002 0.004 0.006"},
		{"diverging", -0.488, 0.488, false, false, "-0.4 -0.2 0 0.2 0.4"},
		{"saturated both ends", 0, 1, true, true, "≤ 0 0.5 ≥ 1"},
		{"saturated top", -0.05, 2.03, false, true, "0 1 ≥ 2.03"}, // 2 lies within a label height of the top
	} {
		t.Run(tc.name, func(t *testing.T) {
			cb := &colorBar{lo: tc.lo, hi: tc.hi, lowSat: tc.lowS, highSat: tc.highS}
			var got []string
			prev := -1.0
			for _, k := range cb.ticks(200, 8) {
				got = append(got, k.label)
				if k.f < 0 || k.f > 1 || k.f <= prev {
					t.Errorf("label %q at fraction %v (previous %v): want increasing in [0, 1]", k.label, k.f, prev)
				}
				prev = k.f
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
}

// TestColorsDistinct: no two colours of the cycle are near-duplicates
// (RGB distance at least 60 of 441), so categorical heat maps with up to
// len(Colors) labels (assembly membership: 9 at default) repeat no colour.
func TestColorsDistinct(t *testing.T) {
	if len(Colors) < 10 {
		t.Fatalf("got %d colours, want at least 10", len(Colors))
	}
	for i := range Colors {
		for j := range i {
			a, b := color.RGBAModel.Convert(Colors[i]).(color.RGBA), color.RGBAModel.Convert(Colors[j]).(color.RGBA)
			d := math.Sqrt(sq(float64(a.R)-float64(b.R)) + sq(float64(a.G)-float64(b.G)) + sq(float64(a.B)-float64(b.B)))
			if d < 60 {
				t.Errorf("colours %d %v and %d %v: RGB distance %.0f, want ≥ 60", j, b, i, a, d)
			}
		}
	}
}

func sq(v float64) float64 { return v * v }

// TestNiceTicksRoundingRange: a range of a few ULPs (the colour bar of
// competitive-hebbian's weights at sigma = 90, where every weight was equal
// up to rounding) has no nice ticks; niceTicks looped past 2^53, where k++
// no longer moves k, and ran out of memory.
func TestNiceTicksRoundingRange(t *testing.T) {
	lo, hi := math.Float64frombits(0x3f6c653ab8a2e297), math.Float64frombits(0x3f6c653ab8a2e2a0)
	done := make(chan []plot.Tick, 1)
	go func() { done <- niceTicks(lo, hi) }()
	select {
	case ts := <-done:
		if ts != nil {
			t.Errorf("niceTicks(%v, %v) = %v, want nil", lo, hi, ts)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("niceTicks(%v, %v) did not return", lo, hi)
	}
	if ts := (Ticks{}).Ticks(lo, hi); len(ts) > 100 {
		t.Errorf("Ticks: %d ticks for a rounding-error range", len(ts))
	}
}
