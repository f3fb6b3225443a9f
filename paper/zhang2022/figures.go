package zhang2022

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/model/attractor"
)

func countFigure(sweep []gResult) experiment.Figure {
	pl := fig.New("The attractor repertoire changes with global coupling G", "global coupling G (a.u.)", "number of attractors")
	var g, nodes, foci, cycles, total []float64
	for _, s := range sweep {
		g = append(g, s.g)
		nn, nf := 0.0, 0.0
		for _, f := range s.stable {
			if f.Kind == attractor.StableNode {
				nn++
			} else {
				nf++
			}
		}
		nodes, foci = append(nodes, nn), append(foci, nf)
		cycles = append(cycles, float64(len(s.res.Cycles)))
		total = append(total, nn+nf)
	}
	fig.Line(pl, g, total, "stable fixed points", fig.Color(7))
	fig.Points(pl, g, nodes, "stable nodes", fig.Color(0))
	fig.Points(pl, g, foci, "stable foci", fig.Color(1))
	fig.Dashed(pl, g, cycles, "limit cycles", fig.Color(2))
	return experiment.Figure{Name: "attractors-vs-coupling",
		Caption: "Number of attractors found by the multistart search at each G, by stability type (limit cycles counted separately).",
		Plot:    pl}
}

func bifurcationFigure(sweep []gResult) experiment.Figure {
	pl := fig.New("Attractor states against G (bifurcation-style)", "global coupling G (a.u.)", "mean S_E over regions (gating variable, 0–1)")
	var gn, sn, gf, sf []float64
	for _, s := range sweep {
		for _, f := range s.stable {
			n := len(f.X) / 2
			if f.Kind == attractor.StableNode {
				gn, sn = append(gn, s.g), append(sn, meanSE(f.X, n))
			} else {
				gf, sf = append(gf, s.g), append(sf, meanSE(f.X, n))
			}
		}
	}
	if len(gn) > 0 {
		fig.Points(pl, gn, sn, "stable node", fig.Color(0))
	}
	if len(gf) > 0 {
		fig.Points(pl, gf, sf, "stable focus", fig.Color(1))
	}
	return experiment.Figure{Name: "bifurcation",
		Caption: "Mean excitatory gating S_E of every stable fixed point at each G.", Plot: pl}
}

func coordFigure(coord, fc []float64, n int, gc, gf, sigma float64) experiment.Figure {
	left := fig.New(fmt.Sprintf("Cross-attractor coordination (G = %g)", gc), "region", "region")
	grid := fig.Grid{Rows: n, Cols: n, Data: nanDiag(coord, n)}
	// Both panels on Pearson r's full scale −1…1, so that their colours
	// compare.
	fig.HeatMapRange(left, grid, true, "Pearson r of S_E", -1, 1)
	row := []*plot.Plot{left}
	if fc != nil {
		right := fig.New(fmt.Sprintf("Noise-driven functional connectivity in one attractor (G = %g)", gf), "region", "region")
		fig.HeatMapRange(right, fig.Grid{Rows: n, Cols: n, Data: nanDiag(fc, n)}, true, "Pearson r of S_E", -1, 1)
		row = append(row, right)
	}
	return experiment.Figure{Name: "coordination-vs-fc",
		Caption: fmt.Sprintf("Left: Pearson correlation of regional S_E across the stable fixed points; right: correlation of S_E under σ = %g noise around one attractor (both on the colour scale −1…1; diagonal blank).", sigma),
		Panels:  [][]*plot.Plot{row}, Width: vg.Length(len(row)) * 4.5 * vg.Inch, Height: 4 * vg.Inch}
}

func nanDiag(m []float64, n int) []float64 {
	out := append([]float64(nil), m...)
	for i := 0; i < n; i++ {
		out[i*n+i] = math.NaN()
	}
	return out
}
