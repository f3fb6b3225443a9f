package fig

import (
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"weak"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// placer is an invisible plotter that New adds to every plot. It records
// the data drawn through this package's helpers and, when the plot is drawn
// (plotters are drawn before the legend), moves the legend to the candidate
// position that covers the fewest of them.
type placer struct {
	mu    sync.Mutex
	lines []plotter.XYs // polylines (sampled along their length)
	pts   []plotter.XYs // isolated points

	once         bool // the caller's position has been recorded
	top, left    bool // the caller's legend position, preferred on ties
	xoffs, yoffs vg.Length

	grid *clipGrid // the plot's grid, clipped at a colour bar
}

// registry maps a plot made by New to its placer without keeping the plot
// alive.
var (
	regMu    sync.Mutex
	registry = map[weak.Pointer[plot.Plot]]*placer{}
)

func newPlacer(p *plot.Plot) *placer {
	pl := &placer{}
	key := weak.Make(p)
	regMu.Lock()
	registry[key] = pl
	regMu.Unlock()
	runtime.AddCleanup(p, func(k weak.Pointer[plot.Plot]) {
		regMu.Lock()
		delete(registry, k)
		regMu.Unlock()
	}, key)
	return pl
}

func placerOf(p *plot.Plot) *placer {
	regMu.Lock()
	defer regMu.Unlock()
	return registry[weak.Make(p)]
}

// track records xy (a polyline when line is true, else points) as data the
// legend of p should not cover. It does nothing for plots not made by New.
func track(p *plot.Plot, xy plotter.XYs, line bool) {
	pl := placerOf(p)
	if pl == nil || len(xy) == 0 {
		return
	}
	cp := append(plotter.XYs(nil), xy...)
	pl.mu.Lock()
	if line {
		pl.lines = append(pl.lines, cp)
	} else {
		pl.pts = append(pl.pts, cp)
	}
	pl.mu.Unlock()
}

// Avoid marks the polyline (x, y) as data the legend of p must not cover;
// use it for plotters added without this package's helpers (bar charts,
// custom glyphs). Non-finite points are skipped.
func Avoid(p *plot.Plot, x, y []float64) { track(p, XY(x, y), true) }

// Plot implements plot.Plotter: it draws nothing and places the legend.
func (pl *placer) Plot(c draw.Canvas, p *plot.Plot) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if !pl.once {
		pl.once = true
		pl.top, pl.left = p.Legend.Top, p.Legend.Left
		pl.xoffs, pl.yoffs = p.Legend.XOffs, p.Legend.YOffs
	}
	r := p.Legend.Rectangle(c)
	w, h := r.Max.X-r.Min.X, r.Max.Y-r.Min.Y
	if w <= 0 || h <= 0 {
		return
	}
	samples := pl.samples(c, p)
	W, H := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	type cand struct {
		top, left    bool
		xoffs, yoffs vg.Length
	}
	cands := []cand{{pl.top, pl.left, pl.xoffs, pl.yoffs}}
	for _, tl := range [][2]bool{{true, false}, {true, true}, {false, false}, {false, true}} {
		cands = append(cands, cand{top: tl[0], left: tl[1]})
	}
	cands = append(cands,
		cand{top: true, left: true, xoffs: (W - w) / 2},
		cand{top: false, left: true, xoffs: (W - w) / 2},
		cand{top: true, left: false, yoffs: -(H - h) / 2},
		cand{top: true, left: true, yoffs: -(H - h) / 2},
	)
	const margin = vg.Length(3)
	best, bestN := 0, math.MaxInt
	for i, k := range cands {
		var x0, y0 vg.Length
		if k.left {
			x0 = c.Min.X + k.xoffs
		} else {
			x0 = c.Max.X - w + k.xoffs
		}
		if k.top {
			y0 = c.Max.Y - h + k.yoffs
		} else {
			y0 = c.Min.Y + k.yoffs
		}
		x0, y0 = x0-margin, y0-margin
		x1, y1 := x0+w+2*margin, y0+h+2*margin
		n := 0
		for _, s := range samples {
			if s.X >= x0 && s.X <= x1 && s.Y >= y0 && s.Y <= y1 {
				n++
			}
		}
		if n < bestN {
			best, bestN = i, n
		}
	}
	k := cands[best]
	p.Legend.Top, p.Legend.Left, p.Legend.XOffs, p.Legend.YOffs = k.top, k.left, k.xoffs, k.yoffs
}

// samples returns the canvas positions of the recorded data inside c: every
// point, and points every 2 pt along every line.
func (pl *placer) samples(c draw.Canvas, p *plot.Plot) []vg.Point {
	trX, trY := p.Transforms(&c)
	in := func(q vg.Point) bool {
		return finite(float64(q.X)) && finite(float64(q.Y)) && c.Contains(q)
	}
	var out []vg.Point
	for _, xy := range pl.pts {
		for _, d := range xy {
			if q := (vg.Point{X: trX(d.X), Y: trY(d.Y)}); in(q) {
				out = append(out, q)
			}
		}
	}
	for _, xy := range pl.lines {
		for i := range xy {
			a := vg.Point{X: trX(xy[i].X), Y: trY(xy[i].Y)}
			if i == 0 {
				if in(a) {
					out = append(out, a)
				}
				continue
			}
			b := vg.Point{X: trX(xy[i-1].X), Y: trY(xy[i-1].Y)}
			d := math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y))
			if !finite(d) {
				continue
			}
			n := min(int(d/2)+1, 2000)
			for j := 1; j <= n; j++ {
				f := vg.Length(j) / vg.Length(n)
				if q := (vg.Point{X: b.X + f*(a.X-b.X), Y: b.Y + f*(a.Y-b.Y)}); in(q) {
					out = append(out, q)
				}
			}
		}
	}
	return out
}

// Ticks is plot.DefaultTicks with labels rewritten from the tick values
// with the fewest decimals that tell them apart exactly ("2.5" rather than
// "2.50", "75" rather than "75.00", "1.05" rather than "1.1"). New uses it
// on both axes. Labels in exponent form are kept.
//
// Where DefaultTicks labels a step of 3 or 4 × 10^k, or values off the
// multiples of their step (0.4, 1.6, 2.8 s; 0.1, 0.5, 0.9; −3, −1, 1), the
// labels are instead the multiples of the smallest step of 1, 2, 2.5 or 5 ×
// 10^k that puts at most five of them in [min, max] (0, 1, 2, 3 s; 0.2, 0.4,
// 0.6, 0.8; −4, −2, 0), with minor ticks between them.
type Ticks struct{}

// Ticks implements plot.Ticker.
func (Ticks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	if !niceLabels(ts) {
		if nt := niceTicks(min, max); nt != nil {
			ts = nt
		}
	}
	var vals []float64
	for _, t := range ts {
		if t.Label == "" {
			continue
		}
		if strings.ContainsAny(t.Label, "eE") {
			return ts
		}
		vals = append(vals, t.Value)
	}
	prec := decimals(vals)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = trimLabel(strconv.FormatFloat(ts[i].Value, 'f', prec, 64))
		}
	}
	return ts
}

// decimals returns the fewest decimals (at most 10) that write every value
// of vs exactly, up to rounding error.
func decimals(vs []float64) int {
	for prec := 0; prec < 10; prec++ {
		s := math.Pow(10, float64(prec))
		ok := true
		for _, v := range vs {
			if math.Abs(math.Round(v*s)/s-v) > 1e-9*math.Max(1, math.Abs(v)) {
				ok = false
				break
			}
		}
		if ok {
			return prec
		}
	}
	return 10
}

// trimLabel drops trailing zeros (and a trailing point) from a fixed-point
// label and writes −0 as 0; exponent forms and non-numbers are kept.
func trimLabel(s string) string {
	if s == "" || strings.ContainsAny(s, "eE") {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return s
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// niceSteps are the mantissas of tick steps read at a glance.
var niceSteps = []float64{1, 2, 2.5, 5}

// niceLabels reports whether the labelled ticks of ts are consecutive
// multiples of a step of 1, 2, 2.5 or 5 × 10^k (a single label counts).
func niceLabels(ts []plot.Tick) bool {
	var vs []float64
	for _, t := range ts {
		if t.Label != "" {
			vs = append(vs, t.Value)
		}
	}
	if len(vs) < 2 {
		return true
	}
	d := vs[1] - vs[0]
	if !(d > 0) {
		return false
	}
	m := d / math.Pow(10, math.Floor(math.Log10(d)))
	ok := false
	for _, q := range niceSteps {
		ok = ok || math.Abs(m-q) < 1e-6 || math.Abs(m-10*q) < 1e-6
	}
	if !ok {
		return false
	}
	for _, v := range vs {
		if k := v / d; math.Abs(k-math.Round(k)) > 1e-6 {
			return false
		}
	}
	return true
}

// niceTicks returns labelled ticks at the multiples of the smallest step
// q × 10^k (q in niceSteps) that puts between two and five of them in
// [min, max], and unlabelled minor ticks at a fifth (q = 1, 2.5, 5) or a
// half (q = 2) of the step; nil if the range is empty, not finite or
// narrower than 1e-12 of its magnitude, or if no step has tick multiples
// below 2^50 (past 2^53, k++ no longer moves k and the loops would never
// end).
func niceTicks(min, max float64) []plot.Tick {
	if !(max > min) || !finite(min) || !finite(max) {
		return nil
	}
	if max-min < 1e-12*math.Max(math.Abs(min), math.Abs(max)) {
		return nil
	}
	e := math.Floor(math.Log10((max - min) / 5))
	for range 8 {
		for _, q := range niceSteps {
			d := q * math.Pow(10, e)
			// The multiples k of d and of the minor step d/5 must be
			// exact integers that k++ moves (below 2^53): a subnormal
			// range gave d = 0 and k = +Inf, and the loop never ended.
			if !(d > 0) || math.Max(math.Abs(min), math.Abs(max))/d > 1<<50 {
				continue
			}
			lo, hi := math.Ceil(min/d-1e-9), math.Floor(max/d+1e-9)
			if n := hi - lo + 1; n > 5 || n < 2 {
				continue
			}
			var ts []plot.Tick
			for k := lo; k <= hi; k++ {
				v := scale(k*q, e)
				ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
			}
			div := 5.0
			if q == 2 {
				div = 2
			}
			minor := d / div
			for k := math.Ceil(min/minor - 1e-9); k <= math.Floor(max/minor+1e-9); k++ {
				if math.Mod(k, div) != 0 {
					ts = append(ts, plot.Tick{Value: scale(k*q/div, e)})
				}
			}
			return ts
		}
		e++
	}
	return nil
}

// scale returns m × 10^e, dividing by 10^−e for negative e so that, for
// example, 3 × 10^−1 is the float64 nearest 0.3.
func scale(m, e float64) float64 {
	if e < 0 {
		return m / math.Pow(10, -e)
	}
	return m * math.Pow(10, e)
}
