package aitken2022

import (
	"math"

	"gonum.org/v1/plot"

	"neurolab/analysis/geometry"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

// GeometryFigures returns the drift-geometry figures of an analysis of
// users' own recordings (command neurolab drift-geometry): drift angle
// against PC variance, variance along the earlier PCs before and after
// drift, and, when SVCs were trained, their angle and relative cross
// accuracy per session pair.
func GeometryFigures(r *geometry.Report) []experiment.Figure {
	// The per-PC means cover the PCs that every group has (its smallest
	// rank: m − 1 or fewer when a group has fewer trials than cells); a
	// report has at least one group, of rank at least 1.
	ratio, angle, _, post := r.PerPCMeans()
	k := len(ratio)
	lx := make([]float64, k)
	idx := make([]float64, min(k, 20))
	for i := 0; i < k; i++ {
		lx[i] = math.Log10(math.Max(ratio[i], 1e-12))
	}
	for i := range idx {
		idx[i] = float64(i + 1)
	}
	a := fig.New("Drift angle to each PC against its variance", "PC variance ratio v_i (log10)", "angle θ(d, w_i) (degrees)")
	fig.Points(a, lx, angle[:k], "mean over groups and session pairs", fig.Color(0))
	fig.HLine(a, 90, lx[k-1], lx[0], "", fig.Gray)
	b := fig.New("Variance along the earlier PCs before and after drift", "PC index i", "variance along w_i (fraction of earlier total)")
	fig.Line(b, idx, ratio[:len(idx)], "before (v_i)", fig.Color(0))
	fig.Points(b, idx, post[:len(idx)], "after", fig.Color(1))
	figs := []experiment.Figure{
		{Name: "angle-vs-variance", Plot: a, Caption: "Angle between the drift of each stimulus group's mean and the group's earlier PCs, against their variance ratio (Eq 6, 13)."},
		{Name: "variance-before-after", Plot: b, Caption: "Variance of the later group along the earlier group's top PCs, as a fraction of the earlier total variance."},
	}
	if len(r.Pairs) > 0 {
		s := make([]float64, len(r.Pairs))
		ang := make([]float64, len(r.Pairs))
		rel := make([]float64, len(r.Pairs))
		for i, p := range r.Pairs {
			s[i], ang[i], rel[i] = float64(p.S), p.SVCAngle, p.RelCrossAcc
		}
		c := fig.New("Angle between SVC normals of session pairs", "earlier session index", "SVC angle (degrees)")
		fig.Line(c, s, ang, "", fig.Color(1))
		fig.Points(c, s, ang, "", fig.Color(1))
		d := fig.New("Relative cross accuracy a(s,s′) / a(s′,s′)", "earlier session index", "relative cross accuracy")
		fig.Line(d, s, rel, "", fig.Color(2))
		fig.Points(d, s, rel, "", fig.Color(2))
		figs = append(figs, experiment.Figure{Name: "svc-pairs", Panels: [][]*plot.Plot{{c, d}},
			Caption: "Linear SVCs (first two labels, C = 1) trained in each session of a pair: angle between normals and relative cross accuracy (Eq 14)."})
	}
	return figs
}
