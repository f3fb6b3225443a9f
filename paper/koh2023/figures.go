package koh2023

import (
	"fmt"

	"gonum.org/v1/plot"

	"neurolab/experiment"
	"neurolab/internal/fig"
)

func figures(p Params, c *resultC, b *resultB) []experiment.Figure {
	// 1. Example trace.
	T := len(c.exY)
	ts := make([]float64, T)
	for t := range ts {
		ts[t] = 0.025 * float64(t)
	}
	tr := fig.New("CILDS tracks calcium under fluorescence noise", "time (s)", "fluorescence / calcium (a.u.)")
	fig.Points(tr, ts, c.exY, "fluorescence y", fig.Gray)
	fig.Line(tr, ts, c.exC, "true calcium", fig.Color(7))
	fig.Line(tr, ts, c.exCHat, "CILDS B·E[c]", fig.Color(1))
	sp := fig.New("True spikes and OASIS estimate on this trial (25-ms bins)", "time (s)", "spikes per bin (count / a.u.)")
	fig.Line(sp, ts, c.exS, "true spikes", fig.Color(7))
	fig.Line(sp, ts, c.exSHat, "OASIS ŝ", fig.Color(0))

	// 2. R² per method.
	r2 := fig.New(r2Title(c), "method", "cross-validated latent R²")
	x := make([]float64, len(methods))
	for i := range x {
		x[i] = float64(i)
	}
	xs := make([]float64, len(methods))
	for i := range xs {
		xs[i] = x[i] + 0.15
	}
	fig.ErrorPoints(r2, x, c.mean[0], c.sd[0], tauLabel(p.TauFast, "fast"), fig.Color(0))
	fig.ErrorPoints(r2, xs, c.mean[1], c.sd[1], tauLabel(p.TauSlow, "slow"), fig.Color(1))
	ticks := make([]plot.Tick, len(methods))
	for i, m := range methods {
		ticks[i] = plot.Tick{Value: float64(i), Label: m}
	}
	r2.X.Tick.Marker = plot.ConstantTicks(ticks)
	r2.X.Min, r2.X.Max = -0.5, float64(len(methods))-0.5
	r2.Legend.Top = false // bottom right, clear of the slow latents' error bars

	// 3. EM log-likelihood.
	ll := fig.New(llTitle(b), "EM iteration", "log-likelihood (nats)")
	it := make([]float64, len(b.lls))
	for i := range it {
		it[i] = float64(i)
	}
	fig.Line(ll, it, b.lls, "EM", fig.Color(0))
	fig.HLine(ll, b.llTrue, 0, float64(len(b.lls)-1), "true parameters", fig.Gray)
	return []experiment.Figure{
		{Name: "trace", Caption: "One neuron, one 2-s trial of the fast-latent dataset: fluorescence, true and CILDS-inferred calcium, true spikes and OASIS spikes.", Panels: [][]*plot.Plot{{tr}, {sp}}},
		{Name: "latent-r2", Caption: "Cross-validated latent R² (mean ± SD over datasets) of each method for fast and slow latents.", Plot: r2},
		{Name: "em-loglik", Caption: "Training log-likelihood of CILDS EM on the exact-model data, with that of the true parameters.", Plot: ll},
	}
}

// tauLabel is the legend entry of a latent time scale: the run's value (the
// legend read 100 and 1000 ms whatever tau_fast and tau_slow were).
func tauLabel(tau float64, kind string) string {
	return fmt.Sprintf("τ = %g ms (%s)", tau, kind)
}

// r2Title states what the latent-R² figure shows for this run: the paper's
// finding when CILDS has the highest mean R² of the methods on the fast
// latents, else CILDS's R² against the best other method's. The title
// stated the finding whatever the run measured.
func r2Title(c *resultC) string {
	f := c.mean[0]
	best := -1
	for mi := range methods {
		if mi != iCILDS && (best < 0 || f[mi] > f[best]) {
			best = mi
		}
	}
	if f[iCILDS] > f[best] {
		return "CILDS recovers fast latents best"
	}
	return fmt.Sprintf("Fast latents: CILDS R² %.2f, best other method %s %.2f", f[iCILDS], methods[best], f[best])
}

// llTitle states what the EM figure shows: monotone when no iteration
// lowered the log-likelihood by more than check em_monotone allows, else the
// largest relative drop. The title stated monotonicity whatever the run
// measured.
func llTitle(b *resultB) string {
	if b.maxDrop <= 1e-9 {
		return "CILDS EM log-likelihood rises monotonically (exact model)"
	}
	return fmt.Sprintf("CILDS EM log-likelihood (exact model): largest relative drop %.2g", b.maxDrop)
}
