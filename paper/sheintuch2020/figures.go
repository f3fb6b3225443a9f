package sheintuch2020

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"neurolab/analysis/placefield"
	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/synth/placemaps"
)

func figures(rec *placemaps.Recording, labels []int, pv []float64, lags []int, within, across, shuffle []float64, maps []*mat.Dense) []experiment.Figure {
	n := len(labels)
	data := placefield.OrderPV(pv, labels)
	hm := fig.New("Trials from all days group into maps (ordered by cluster)", "trial (ordered by map, then time)", "trial (ordered by map, then time)")
	fig.HeatMapLabel(hm, fig.Grid{Rows: n, Cols: n, Data: data}, false, "population-vector (PV) correlation")

	lp := fig.New("Within-map correlation persists and exceeds across-map at every lag", "elapsed days", "population-vector (PV) correlation")
	x := make([]float64, len(lags))
	for i, l := range lags {
		x[i] = float64(l)
	}
	fig.Line(lp, x, within, "within map", fig.Color(0))
	fig.Line(lp, x, across, "across maps", fig.Color(1))
	fig.Dashed(lp, x, shuffle, "cell shuffle (across)", fig.Gray)

	// Example cells: the first three place cells active in both maps in
	// session 0, mean rate map over that map's trials of all sessions.
	var cells []int
	for c := 0; c < len(rec.Untuned) && len(cells) < 3; c++ {
		if !rec.Untuned[c] && len(rec.Active[0]) > 1 && rec.Active[0][0][c] && rec.Active[0][1][c] {
			cells = append(cells, c)
		}
	}
	var row []*plot.Plot
	for _, c := range cells {
		p := fig.New(fmt.Sprintf("Cell %d: different fields in each map", c), "bin (0–19 one way, 20–39 back; 4 cm)", "events/frame")
		for m := 0; m < 2; m++ {
			_, cols := maps[0].Dims()
			mean := make([]float64, cols)
			cnt := 0
			for t, mm := range rec.TrialMap {
				if mm == m {
					for j := 0; j < cols; j++ {
						mean[j] += maps[t].At(c, j)
					}
					cnt++
				}
			}
			xs := make([]float64, cols)
			for j := range mean {
				xs[j] = float64(j)
				if cnt > 0 {
					mean[j] /= float64(cnt)
				}
			}
			fig.Line(p, xs, mean, fmt.Sprintf("map %d", m+1), fig.Color(m))
		}
		row = append(row, p)
	}
	figs := []experiment.Figure{
		{Name: "pv-matrix", Caption: "Trial × trial PV correlation over all days, trials ordered by cluster: two blocks, one per map.", Plot: hm},
		{Name: "day-lag", Caption: "Mean PV correlation of trial pairs in the same and in different maps against elapsed days, with the cell-shuffle level.", Plot: lp},
	}
	if len(row) > 0 {
		figs = append(figs, experiment.Figure{Name: "example-cells", Caption: "Mean rate maps of example cells in each map: a cell's field differs between maps.", Panels: [][]*plot.Plot{row}})
	}
	return figs
}
