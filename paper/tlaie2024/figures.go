package tlaie2024

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/analysis/averages"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

func figures(ra, rb *averages.Result, hitR, missR, hitI, missI []float64, sizes []int, sub [][]float64) []experiment.Figure {
	// 1. Single-trial correlation against the mean of its surrogates.
	sc := fig.New("Single trials match down-sampled templates without pattern noise",
		"mean surrogate corr(surrogate, template)", "trial corr(rᵢ, template) ρᵢ")
	fig.Points(sc, ra.SurrMean, ra.Rho, "template-Poisson", fig.Color(0)).GlyphStyle.Radius = vg.Points(1.5)
	fig.Points(sc, rb.SurrMean, rb.Rho, "pattern noise", fig.Color(1)).GlyphStyle.Radius = vg.Points(1.5)
	fig.Dashed(sc, []float64{0, 1}, []float64{0, 1}, "identity", fig.Gray)
	sc.Legend.Left = true

	// 2. Percentile histograms.
	pa := fig.New("Template-Poisson: percentiles uniform", "percentile of ρ among surrogates", "density")
	fig.StepHist(pa, ra.Perc, 20, 0, 1, "", fig.Color(0))
	fig.HLine(pa, 1, 0, 1, "uniform U(0,1)", fig.Gray)
	pb := fig.New("Pattern noise: trials below their surrogates", "percentile of ρ among surrogates", "density")
	fig.StepHist(pb, rb.Perc, 20, 0, 1, "", fig.Color(1))
	fig.HLine(pb, 1, 0, 1, "uniform U(0,1)", fig.Gray)
	pa.Y.Min, pb.Y.Min = 0, 0 // densities: a baseline away from 0 exaggerates the scatter

	// 3. SI of hits against misses.
	lo, hi := bounds(hitR, missR, hitI, missI)
	pr := fig.New("Relevant behaviour: hits have higher SI", "specificity index SI = ρ − ρ′", "density")
	fig.StepHist(pr, hitR, 30, lo, hi, "hits", fig.Color(2))
	fig.StepHist(pr, missR, 30, lo, hi, "misses", fig.Color(3))
	pi := fig.New("Irrelevant behaviour: SI of hits = misses", "specificity index SI = ρ − ρ′", "density")
	fig.StepHist(pi, hitI, 30, lo, hi, "hits", fig.Color(2))
	fig.StepHist(pi, missI, 30, lo, hi, "misses", fig.Color(3))

	// 4. Neuron subsampling.
	ps := fig.New("Mean percentile stays at 0.5 for any number of neurons without pattern noise", "neurons kept", "mean percentile")
	xs := make([]float64, len(sizes))
	for i, n := range sizes {
		xs[i] = float64(n)
	}
	fig.Line(ps, xs, sub[0], "template-Poisson", fig.Color(0))
	fig.Line(ps, xs, sub[1], "pattern noise", fig.Color(1))
	fig.HLine(ps, 0.5, xs[len(xs)-1], xs[0], "0.5 (uniform percentiles)", fig.Gray)
	ps.Y.Min, ps.Y.Max = 0, 1

	return []experiment.Figure{
		{Name: "subsampling", Caption: "Mean percentile against the number of neurons kept (random subsets of ⌊N/(k+1)⌋ neurons).", Plot: ps},
		{Name: "trial-vs-surrogate", Caption: "Each trial's correlation with its class template against the mean correlation of its count-matched multinomial surrogates: on the identity line without pattern noise, below it with.", Plot: sc},
		{Name: "percentiles", Caption: "Percentile of each trial's correlation among its surrogates: uniform for template-Poisson responses, piled near 0 with pattern noise.", Panels: [][]*plot.Plot{{pa, pb}}},
		{Name: "si-hits-misses", Caption: "Specificity index of hit and miss trials pooled over sessions: separated only when behaviour depends on SI.", Panels: [][]*plot.Plot{{pr, pi}}},
	}
}

func bounds(xs ...[]float64) (lo, hi float64) {
	lo, hi = 1e300, -1e300
	for _, x := range xs {
		for _, v := range x {
			if v == v {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	return lo, hi
}
