package scholl2021

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/model/boltzmann"
)

var labels = []string{"variance FI", "heuristic FI", "eigenvector FI", "|w|", "random", "anti-FI"}

func figures(p Params, names []string, units, unitsSD, kls, klsSD [][]float64, kl0 float64, eig []float64, rf *boltzmann.RBM, disc [][2]int) []experiment.Figure {
	sess := make([]float64, p.Sessions+1)
	for i := range sess {
		sess[i] = float64(i)
	}
	// perCondition draws, for each condition c, y0 then ys[c] (± sds[c])
	// against the session, shifted by 0.04·(c−2) so the error bars do not
	// overlap.
	perCondition := func(pl *plot.Plot, y0 float64, ys, sds [][]float64) {
		for c := range names {
			y := append([]float64{y0}, ys[c]...)
			e := append([]float64{0}, sds[c]...)
			x := make([]float64, len(sess))
			for i := range x {
				x[i] = sess[i] + 0.04*float64(c-2)
			}
			fig.Line(pl, x, y, labels[c], fig.Color(c))
			fig.ErrorPoints(pl, x, y, e, "", fig.Color(c))
		}
	}
	// 1. hidden units left
	// The title states what the run measured (at hidden = 1, say, nothing
	// is removed), not what the paper found.
	last := func(c int) float64 { return units[c][len(units[c])-1] }
	f1 := fig.New(fmt.Sprintf("Hidden units left of %d after %d sessions: variance FI %.1f, |w| %.1f, random %.1f (mean over seeds)",
		p.Hidden, p.Sessions, last(0), last(3), last(4)), "pruning session", "hidden units left")
	perCondition(f1, float64(p.Hidden), units, unitsSD)
	f1.Legend.Top = false
	f1.Legend.Left = true
	// 2. KL after retraining
	f2 := fig.New(klTitle(kls), "pruning session", "exact KL(data‖model) (nats)")
	perCondition(f2, kl0, kls, klsSD)
	f2.Legend.Top = true
	f2.Legend.Left = true
	// 3. eigenvalue spectrum
	f3 := fig.New(fmt.Sprintf("The Fisher information matrix is sloppy: λ1/λ2 = %.1f", eig[0]/eig[1]),
		"eigenvalue rank (log scale)", "eigenvalue of the exact FIM (log scale)")
	// log10 values on linear axes with decade ticks (fig.Log10Ticks).
	var rk, ev []float64
	for i, v := range eig {
		if v > 1e-12 {
			rk = append(rk, math.Log10(float64(i+1)))
			ev = append(ev, math.Log10(v))
		}
	}
	fig.Points(f3, rk, ev, "unpruned RBM, seed 1", fig.Color(0))
	f3.Legend.Top = false
	f3.X.Tick.Marker = fig.Log10Ticks{}
	f3.Y.Tick.Marker = fig.Log10Ticks{}
	// 4. receptive fields of the surviving units (variance FI, seed 1)
	f4 := fig.New(fmt.Sprintf("Receptive fields of the %d hidden units left after variance Fisher-information pruning", rf.NH), "", "")
	side := 5
	cols := int(math.Ceil(math.Sqrt(float64(max(rf.NH, 1)) * 2)))
	rows := (rf.NH + cols - 1) / cols
	if rows == 0 {
		rows = 1
	}
	g := fig.Grid{Rows: rows * (side + 1), Cols: cols * (side + 1)}
	g.Data = make([]float64, g.Rows*g.Cols)
	for k := range g.Data {
		g.Data[k] = math.NaN()
	}
	for j := 0; j < rf.NH; j++ {
		r0, c0 := (j/cols)*(side+1), (j%cols)*(side+1)
		for i, d := range disc {
			rr := r0 + side/2 + d[0]
			cc := c0 + side/2 + d[1]
			g.Data[(g.Rows-1-rr)*g.Cols+cc] = rf.W[i*rf.NH+j]
		}
	}
	// A few large weights would flatten every other field: the colour range
	// is the 98th percentile of |w| when the largest is over 1.5× that, and
	// larger weights saturate (the colour bar marks it).
	var abs []float64
	for _, v := range g.Data {
		if !math.IsNaN(v) {
			abs = append(abs, math.Abs(v))
		}
	}
	sort.Float64s(abs)
	hi := 1.0
	sat := ""
	if n := len(abs); n > 0 && abs[n-1] > 0 {
		hi = abs[n-1]
		if q := abs[int(0.98*float64(n-1))]; q > 0 && hi > 1.5*q {
			hi = q
			sat = fmt.Sprintf(", saturating; largest |w| = %.2g", abs[n-1])
		}
	}
	fig.HeatMapRange(f4, g, true, "weight w (a.u.)", -hi, hi)
	rfCaption := fmt.Sprintf("Weights of the hidden units left after the last variance-FI session (seed 1), one %d-pixel disc per unit (blue negative, red positive; colour range ±%.2g%s).", len(disc), hi, sat)
	f4.HideAxes()
	return []experiment.Figure{
		{Name: "units-left", Caption: fmt.Sprintf("Hidden units left after each %g%% pruning session per criterion (mean ± sd over seeds).", p.Percentile), Plot: f1},
		{Name: "kl-after-retraining", Caption: "Exact KL(data‖model) after retraining, per session and criterion (mean ± sd over seeds; session 0: unpruned).", Plot: f2},
		{Name: "fim-spectrum", Caption: fmt.Sprintf("Eigenvalues of the exact %d×%d Fisher information matrix of the trained, unpruned RBM (seed 1).", len(eig), len(eig)), Plot: f3},
		{Name: "receptive-fields", Caption: rfCaption, Plot: f4},
	}
}

// klTitle states what the KL figure shows for this run (kls: per criterion
// in the order of labels, per session): the paper's finding when variance-FI
// pruning ends below both anti-FI and random pruning (checks P2), else the
// measured values. The title stated the finding whatever the run measured.
func klTitle(kls [][]float64) string {
	last := func(c int) float64 { return kls[c][len(kls[c])-1] }
	if last(5) > last(0) && last(4) > last(0) {
		return "KL after retraining: Fisher-information (FI) pruning beats anti-FI and random pruning"
	}
	return fmt.Sprintf("KL after retraining (last session): variance FI %.3g, anti-FI %.3g, random %.3g nats", last(0), last(5), last(4))
}
