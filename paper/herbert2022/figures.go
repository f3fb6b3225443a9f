package herbert2022

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"neurolab/experiment"
	"neurolab/internal/fig"
)

// circle returns the points of a circle of radius r about the origin.
func circle(r float64) (x, y []float64) {
	const k = 200
	for i := 0; i <= k; i++ {
		a := 2 * math.Pi * float64(i) / k
		x = append(x, r*math.Cos(a))
		y = append(y, r*math.Sin(a))
	}
	return x, y
}

// spectraFigure shows, for each s, the eigenvalues of network 0 (rescaled
// form) with the predicted bulk circle and outlier.
func spectraFigure(p Params, grid []float64, specs []spectrum) experiment.Figure {
	const cols = 2
	rows := (len(grid) + cols - 1) / cols
	panels := make([][]*plot.Plot, rows)
	for i := range panels {
		panels[i] = make([]*plot.Plot, cols)
	}
	for si, s := range grid {
		sp := specs[si*p.Seeds]
		pl := fig.New(fmt.Sprintf("s = %g: bulk radius r = %.3g, outlier λ0 = %.3g", s, sp.r, sp.lambda0),
			"Re λ (dimensionless)", "Im λ (dimensionless)")
		re := make([]float64, len(sp.vals))
		im := make([]float64, len(sp.vals))
		for i, v := range sp.vals {
			re[i], im[i] = real(v), imag(v)
		}
		pts := fig.Points(pl, re, im, "eigenvalues", fig.Color(0))
		pts.GlyphStyle.Radius = vg.Points(1)
		cx, cy := circle(sp.r)
		fig.Dashed(pl, cx, cy, "predicted bulk edge", fig.Color(1))
		o := fig.Points(pl, []float64{sp.lambda0}, []float64{0}, "predicted outlier", fig.Color(7))
		o.GlyphStyle.Shape = draw.CrossGlyph{}
		o.GlyphStyle.Radius = vg.Points(5)
		// Equal scales: a square window around the spectrum.
		lim := 1.15 * math.Max(sp.lambda0, math.Max(sp.r, sp.edge))
		pl.X.Min, pl.X.Max = -lim, lim
		pl.Y.Min, pl.Y.Max = -lim, lim
		panels[si/cols][si%cols] = pl
	}
	return experiment.Figure{
		Name: "eigenspectrum",
		Caption: fmt.Sprintf("Eigenvalues of sparsified rank-one networks (N = %d, n = %g·m, rescaled form; network 0 of each s): "+
			"a bulk inside the predicted circle r = sqrt(s/(1-s)·mean(m²n²)/N) plus one outlier at nᵀm/N. The un-rescaled spectrum is the same scaled by (1-s).",
			p.NSpectra, p.Lambda0),
		Panels: panels,
		Width:  vg.Length(cols) * 4.2 * vg.Inch,
		Height: vg.Length(rows) * 4.2 * vg.Inch,
	}
}

// versusSFigure plots the outlier and the bulk edge against s, theory lines
// against measured points (mean ± SD over networks), for both forms.
func versusSFigure(p Params, grid []float64, specs []spectrum) experiment.Figure {
	// Theory from the realized vectors, averaged over networks (the m of
	// network k is the same for every s).
	lam, prof := 0.0, 0.0 // mean λ0, mean (1/N) mean(m²n²) = r²/f(s)
	for k := 0; k < p.Seeds; k++ {
		sp := specs[k]
		lam += sp.lambda0 / float64(p.Seeds)
		if sp.s > 0 {
			prof += sp.r * sp.r * (1 - sp.s) / sp.s / float64(p.Seeds)
		}
	}
	if grid[0] == 0 && len(grid) > 1 {
		// Network k at s = 0 has r = 0: take the profile from the next s.
		prof = 0
		for k := 0; k < p.Seeds; k++ {
			sp := specs[p.Seeds+k]
			prof += sp.r * sp.r * (1 - sp.s) / sp.s / float64(p.Seeds)
		}
	}
	sMax := math.Min(0.99, grid[len(grid)-1]+0.02)
	var ts, tOut, tOutUn, tR, tRUn []float64
	for i := 0; i <= 200; i++ {
		s := sMax * float64(i) / 200
		ts = append(ts, s)
		tOut = append(tOut, lam)
		tOutUn = append(tOutUn, (1-s)*lam)
		tR = append(tR, math.Sqrt(s/(1-s)*prof))
		tRUn = append(tRUn, math.Sqrt(s*(1-s)*prof))
	}
	var xs, out, outSD, outUn, outUnSD, edge, edgeSD, edgeUn, edgeUnSD []float64
	for si, s := range grid {
		var o, ou, e, eu []float64
		for k := 0; k < p.Seeds; k++ {
			sp := specs[si*p.Seeds+k]
			o = append(o, real(sp.outlier))
			ou = append(ou, (1-s)*real(sp.outlier))
			e = append(e, sp.edge)
			eu = append(eu, (1-s)*sp.edge)
		}
		xs = append(xs, s)
		m, sd := meanSD(o)
		out, outSD = append(out, m), append(outSD, sd)
		m, sd = meanSD(ou)
		outUn, outUnSD = append(outUn, m), append(outUnSD, sd)
		m, sd = meanSD(e)
		edge, edgeSD = append(edge, m), append(edgeSD, sd)
		m, sd = meanSD(eu)
		edgeUn, edgeUnSD = append(edgeUn, m), append(edgeUnSD, sd)
	}
	po := fig.New("Outlier: λ0 (rescaled), (1-s)·λ0 (un-rescaled)", "sparsity s (fraction removed)", "outlier eigenvalue (dimensionless)")
	fig.Dashed(po, ts, tOut, "theory, rescaled", fig.Color(0))
	fig.Dashed(po, ts, tOutUn, "theory, un-rescaled", fig.Color(1))
	fig.ErrorPoints(po, xs, out, outSD, "measured, rescaled", fig.Color(0))
	fig.ErrorPoints(po, xs, outUn, outUnSD, "measured, un-rescaled", fig.Color(1))
	pr := fig.New("Bulk edge: r = sqrt(f(s)·mean(m²n²)/N)", "sparsity s (fraction removed)", "bulk radius (dimensionless)")
	fig.Dashed(pr, ts, tR, "theory, rescaled f = s/(1-s)", fig.Color(0))
	fig.Dashed(pr, ts, tRUn, "theory, un-rescaled f = s(1-s)", fig.Color(1))
	fig.ErrorPoints(pr, xs, edge, edgeSD, "largest non-outlier |λ|, rescaled", fig.Color(0))
	fig.ErrorPoints(pr, xs, edgeUn, edgeUnSD, "largest non-outlier |λ|, un-rescaled", fig.Color(1))
	pr.Legend.Left = true
	po.Legend.Top = false
	po.Legend.Left = true
	po.Y.Min = 0
	pr.Y.Min = 0
	return experiment.Figure{
		Name: "outlier-bulk-vs-s",
		Caption: fmt.Sprintf("Outlier and bulk radius against sparsity (N = %d, mean ± SD over %d networks; theory from the realized vectors): "+
			"sparsity leaves the rescaled outlier at λ0 and grows the bulk as sqrt(s/(1-s)).", p.NSpectra, p.Seeds),
		Panels: [][]*plot.Plot{{po, pr}},
		Width:  2 * fig.Size[0],
		Height: fig.Size[1],
	}
}

// chaosTitle titles the r > 1 panel by what its largest Lyapunov exponent
// shows.
func chaosTitle(p Params, d dynamics) string {
	if !d.lyapOK {
		return fmt.Sprintf("r = %.2f > 1 (λ0 = %g; λ_max not measured, run too short)", d.r, p.Lambda0R)
	}
	if d.lyap > lyapChaos {
		return fmt.Sprintf("Chaos (λ0 = %g, r = %.2f > 1, λ_max = %.2f/τ)", p.Lambda0R, d.r, d.lyap)
	}
	return fmt.Sprintf("r = %.2f > 1 fluctuates, but λ_max = %.3f/τ: not chaos", d.r, d.lyap)
}

// fixedTitle titles the fixed-point panel; the dashed lines κ_N m_i are
// drawn only when the mean-field root exists.
func fixedTitle(p Params, d dynamics) string {
	if !d.kappaOK {
		return fmt.Sprintf("No mean-field fixed point κ ≠ 0 (λ0 = %g, r = %.2f)", p.Lambda0, d.r)
	}
	return fmt.Sprintf("Fixed point: x_i → κ_N m_i, dashed (λ0 = %g, r = %.2f)", p.Lambda0, d.r)
}

// decayTitle titles the r_decay panel by what the run did (decay to 0 is
// the addDynamicsResults criterion, max |x_i(t_max)| < 1e-3) and by the
// run's own r, which --set r_decay can put above 1.
func decayTitle(p Params, d dynamics) string {
	rel := "<"
	if d.r >= 1 {
		rel = "≥"
	}
	if d.maxAbs < 1e-3 {
		return fmt.Sprintf("Decay to 0 (λ0 = %g, r = %.2f %s 1)", p.Lambda0R, d.r, rel)
	}
	return fmt.Sprintf("No decay to 0: max |x_i(t_max)| = %.2g (λ0 = %g, r = %.2f %s 1)", d.maxAbs, p.Lambda0R, d.r, rel)
}

// regimesFigure shows activity traces of a few units in the three regimes,
// and the fixed point's units against the mean-field prediction κ_N m_i.
func regimesFigure(p Params, dyn *[nRegimes]dynamics) experiment.Figure {
	row := make([]*plot.Plot, 0, nRegimes+1)
	titles := [nRegimes]string{
		fixedTitle(p, dyn[fixedPoint]),
		decayTitle(p, dyn[decay]),
		chaosTitle(p, dyn[chaos]),
	}
	for reg := 0; reg < nRegimes; reg++ {
		d := dyn[reg]
		pl := fig.New(titles[reg], "time t (τ)", "activity x_i (dimensionless)")
		lo, hi := math.Inf(1), math.Inf(-1)
		for u := 0; u < nTraces; u++ {
			fig.Line(pl, d.t, d.traces[u], "", fig.Color(u))
			for _, v := range d.traces[u] {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			if reg == fixedPoint && d.kappaOK {
				v := d.kappaN * d.m[u%len(d.m)]
				fig.HLine(pl, v, 0, p.TMax, "", fig.Color(u))
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		pad := 0.05 * (hi - lo)
		pl.Y.Min, pl.Y.Max = lo-pad, hi+pad
		row = append(row, pl)
	}
	fp := dyn[fixedPoint]
	ps := fig.New(fmt.Sprintf("Fixed point at t = %g τ: all %d units against m_i", p.TMax, p.N), "m_i (dimensionless)", "x_i(t_max) (dimensionless)")
	pts := fig.Points(ps, fp.m, fp.xEnd, "units", fig.Color(0))
	pts.GlyphStyle.Radius = vg.Points(1)
	if fp.kappaOK {
		lo, hi := -4.0, 4.0
		for _, v := range fp.m {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		fig.Dashed(ps, []float64{lo, hi}, []float64{fp.kappaN * lo, fp.kappaN * hi}, fmt.Sprintf("κ_N m, κ_N = %.3f", fp.kappaN), fig.Color(1))
		ps.Legend.Top = true
		ps.Legend.Left = true
	}
	row = append(row, ps)
	return experiment.Figure{
		Name: "regimes",
		Caption: fmt.Sprintf("Activity of %d units in the three regimes (N = %d, s = %g, rescaled form, Euler dt = %g τ), and the fixed point against m: "+
			"the fixed point κm survives sparsity; with λ0 < 1 activity decays when r < 1 and fluctuates chaotically when r > 1.",
			nTraces, p.N, p.S, p.Dt),
		Panels: [][]*plot.Plot{row[:2], row[2:]},
		Width:  2 * fig.Size[0],
		Height: 2 * fig.Size[1],
	}
}
