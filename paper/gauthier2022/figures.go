package gauthier2022

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/synth/calcium"
)

// figures: a contaminated frame with the cell's profile, the LSQ and SEUDO
// traces of the soma-contaminated cell of movie 0 with its false transients
// marked, and the contamination fraction per cell (FaLCon-style).
func figures(md *calcium.MovieData, first, all []*cellResult, s summary) []experiment.Figure {
	n := md.Size
	cr := first[0] // cell 0 of movie 0
	// Frame: the peak of the first false transient (else the largest contaminant frame).
	tf := 0
	for i, tr := range cr.Trans {
		if !cr.TrueGT[i] {
			tf = tr.PeakFrame
			break
		}
	}
	if tf == 0 {
		best := -1.0
		for t, v := range md.ContCalcium[0] {
			if v > best {
				best, tf = v, t
			}
		}
	}
	frame := fig.New(fmt.Sprintf("Frame %d: an unmodelled soma overlaps cell 0", tf), "x (px)", "y (px)")
	fig.HeatMapLabel(frame, fig.Grid{Rows: n, Cols: n, Data: md.Pix[tf*n*n : (tf+1)*n*n]}, false, "fluorescence (a.u.)")
	prof := fig.New("Cell 0's profile (the model knows only this)", "x (px)", "y (px)")
	fig.HeatMapLabel(prof, fig.Grid{Rows: n, Cols: n, Data: md.Profiles[0]}, false, "profile weight (a.u.)")

	// Trace.
	T := len(cr.LSQ)
	ts := make([]float64, T)
	for t := range ts {
		ts[t] = float64(t) / 30
	}
	title := "LSQ shows false transients from the soma; SEUDO removes them"
	if s.falseOK < 0.8 {
		title = fmt.Sprintf("LSQ shows false transients; SEUDO removes %.0f%% of them (peak ≤ 0.25 × LSQ)", 100*s.falseOK)
	}
	tr := fig.New(title, "time (s)", "cell 0 amplitude (a.u.)")
	fig.Line(tr, ts, md.Calcium[0], "true calcium", fig.Gray)
	fig.Line(tr, ts, cr.LSQ, "least squares (LSQ)", fig.Color(0))
	fig.Line(tr, ts, cr.SEUDO, "SEUDO", fig.Color(1))
	var fx, fy []float64
	for i, t := range cr.Trans {
		if !cr.TrueGT[i] {
			fx = append(fx, ts[t.PeakFrame])
			fy = append(fy, t.Peak)
		}
	}
	if len(fx) > 0 {
		fig.Points(tr, fx, fy, "false transients (truth)", fig.Color(3))
	}

	// Contamination fraction per (movie, cell): fraction of 'corr'-false
	// transients before and after SEUDO, against transients per minute.
	ftitle := "Contamination fraction per cell drops after SEUDO"
	if s.cfracRatio > 0.5 {
		ftitle = fmt.Sprintf("Contamination fraction per cell: after SEUDO %.2f × before (check: ≤ 0.5)", s.cfracRatio)
	}
	fal := fig.New(ftitle, "fraction of transients classified false", "transients per minute")
	var bx, by, ax, ay []float64
	minutes := float64(T) / 30 / 60
	for _, c := range all {
		if len(c.Trans) > 0 {
			bx = append(bx, fracFalse(c.CorrTrue))
			by = append(by, float64(len(c.Trans))/minutes)
		}
		if len(c.TransAfter) > 0 {
			ax = append(ax, fracFalse(c.CorrAfter))
			ay = append(ay, float64(len(c.TransAfter))/minutes)
		}
	}
	if len(ax) > 0 {
		fig.Points(fal, ax, ay, "SEUDO", fig.Color(1)).GlyphStyle.Radius = vg.Points(5)
	}
	fig.Points(fal, bx, by, "least squares (LSQ)", fig.Color(0)).GlyphStyle.Radius = vg.Points(2.5)
	fal.X.Min, fal.X.Max = -0.05, 1.05
	return []experiment.Figure{
		{Name: "contaminated-frame", Caption: "A frame at a false transient of cell 0: the unmodelled soma's light falls on the cell's profile.", Panels: [][]*plot.Plot{{frame, prof}}},
		{Name: "trace", Caption: "Cell 0 of movie 0: least-squares and SEUDO estimates with the true calcium; false transients (ground truth) marked at their LSQ peaks.", Plot: tr},
		{Name: "contamination", Caption: "Per analysed cell and movie: fraction of detected transients the 'corr' classifier calls false, before (LSQ) and after SEUDO.", Plot: fal},
	}
}

func fracFalse(b []bool) float64 {
	n := 0
	for _, v := range b {
		if !v {
			n++
		}
	}
	return float64(n) / float64(len(b))
}
