package fig

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// StepHist adds a density histogram of the values of x in [lo, hi] as a
// step line in colour c, with nb equal bins (a value at hi falls in the last
// bin): bin b is drawn at height count_b / (n·w), w = (hi − lo)/nb, n the
// number of values counted, so that the steps integrate to 1. NaN and values
// outside [lo, hi] are skipped; nothing is drawn when none is left, or
// when [lo, hi] is not a finite range split into nb ≥ 1 bins of positive
// width.
func StepHist(p *plot.Plot, x []float64, nb int, lo, hi float64, label string, c color.Color) {
	w := (hi - lo) / float64(nb)
	if nb < 1 || !finite(lo) || !finite(hi) || !(w > 0) || !finite(w) {
		return
	}
	cnt := make([]float64, nb)
	var n float64
	for _, v := range x {
		if math.IsNaN(v) || v < lo || v > hi {
			continue
		}
		b := max(0, min(int((v-lo)/w), nb-1))
		cnt[b]++
		n++
	}
	if n == 0 {
		return
	}
	var xs, ys []float64
	for b := 0; b < nb; b++ {
		d := cnt[b] / (n * w)
		xs = append(xs, lo+float64(b)*w, lo+float64(b+1)*w)
		ys = append(ys, d, d)
	}
	Line(p, xs, ys, label, c)
}

// GroupedBars adds one bar chart per series, side by side around each
// nominal x position names[i] (series k in Color(k), bars of width w, legend
// entry labels[k]), and sets the x axis to the names with the outer labels
// kept inside. Each series must have len(names) values; a NaN or infinite
// value is drawn as no bar.
func GroupedBars(p *plot.Plot, names []string, series [][]float64, labels []string, w vg.Length) {
	mid := float64(len(series)-1) / 2
	for k, ys := range series {
		vals := make(plotter.Values, len(ys))
		for i, h := range ys {
			if finite(h) {
				vals[i] = h
			}
		}
		b, err := plotter.NewBarChart(vals, w)
		if err != nil {
			panic(err)
		}
		b.Color = Color(k)
		b.LineStyle.Width = 0
		b.Offset = (vg.Length(k) - vg.Length(mid)) * w
		p.Add(b)
		p.Legend.Add(labels[k], b)
		for i, h := range vals {
			Avoid(p, []float64{float64(i), float64(i)}, []float64{0, h})
		}
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.7, float64(len(names))-0.3
}
