package low2021

import (
	"math"

	"gonum.org/v1/plot"

	"neurolab/analysis/remap"
	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/synth/mecmaps"
)

func figures(s mecmaps.Session, x remap.Tensor, r *remap.Result) []experiment.Figure {
	T := s.Trials
	sim := fig.New("Trials are similar within a map, dissimilar across maps", "trial", "trial")
	data := make([]float64, len(r.Similarity))
	for i, v := range r.Similarity {
		data[i] = v
		if i%(T+1) == 0 {
			data[i] = math.NaN() // hide the diagonal
		}
	}
	fig.HeatMapLabel(sim, fig.Grid{Rows: T, Cols: T, Data: data}, false, "|Pearson r| between trials")

	sp := fig.New("Distance-to-cluster score jumps between ±1 at remap events", "trial", "score (+1 map 1, −1 map 2)")
	tt := make([]float64, T)
	truth, found := make([]float64, T), make([]float64, T)
	for t := range tt {
		tt[t] = float64(t)
		truth[t] = 1.25 - 2.5*float64(s.Map[t])
		found[t] = 1.4 - 2.8*float64(r.Labels[t])
	}
	fig.Line(sp, tt, r.Score, "score", fig.Color(0))
	fig.Points(sp, tt, truth, "true map (±1.25)", fig.Color(1))
	fig.Points(sp, tt, found, "k-means map (±1.4)", fig.Color(2))
	sp.Y.Min, sp.Y.Max = -1.6, 2.4

	// Example cells: the true remapper with the lowest remap score and the
	// true stable cell with the highest peak rate.
	rc, sc := -1, -1
	var best, peak float64 = math.Inf(1), -1
	for c := 0; c < s.Cells; c++ {
		if s.Remaps[c] && r.RemapScore[c] < best {
			rc, best = c, r.RemapScore[c]
		}
		if !s.Remaps[c] {
			for b := 0; b < s.Bins; b++ {
				if v := s.Rates[0][b*s.Cells+c]; v > peak {
					sc, peak = c, v
				}
			}
		}
	}
	m1, m2 := remap.MeanMap(x, r.Labels, 0), remap.MeanMap(x, r.Labels, 1)
	pos := make([]float64, s.Bins)
	for b := range pos {
		pos[b] = (float64(b) + 0.5) * 400 / float64(s.Bins)
	}
	cellPlot := func(c int, title string) *plot.Plot {
		p := fig.New(title, "position (cm)", "normalised rate")
		if c < 0 {
			return p
		}
		a, b := make([]float64, s.Bins), make([]float64, s.Bins)
		for k := 0; k < s.Bins; k++ {
			a[k], b[k] = m1.At(k, c), m2.At(k, c)
		}
		fig.Line(p, pos, a, "map 1", fig.Color(0))
		fig.Line(p, pos, b, "map 2", fig.Color(1))
		p.X.Min, p.X.Max = 0, 400 // the whole track
		p.Y.Min = 0
		return p
	}
	return []experiment.Figure{
		{Name: "similarity-matrix", Caption: "Trial × trial |correlation| of unwrapped rate maps, trials in time order: blocks of high similarity are stays in one map.", Plot: sim},
		{Name: "score-per-trial", Caption: "Population distance-to-cluster score per trial with the true and k-means maps.", Plot: sp},
		{Name: "example-cells", Caption: "Mean rate maps in map 1 and map 2 of a remapping cell and of a stable cell.",
			Panels: [][]*plot.Plot{{cellPlot(rc, "Remapping cell: fields move between maps"), cellPlot(sc, "Stable cell: same fields in both maps")}}},
	}
}
