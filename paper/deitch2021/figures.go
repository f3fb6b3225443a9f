package deitch2021

import (
	"gonum.org/v1/plot"

	"neurolab/analysis/drift"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

// decoderLabels name the drift conditions in the decoder figure's legend.
var decoderLabels = map[string]string{
	"none":   "no drift",
	"rate":   "rate drift",
	"tuning": "tuning drift",
	"both":   "both drifts",
}

var titles = map[string]string{
	"none":   "No drift: every correlation is flat",
	"rate":   "Rate drift: ensemble-rate correlation falls",
	"tuning": "Tuning drift: tuning correlation falls",
	"both":   "Both drifts: every correlation falls",
}

func figures(rs []*drift.Result) []experiment.Figure {
	var panels [][]*plot.Plot
	dec := fig.New("Time-lapse decoder loses accuracy under drift", "elapsed repeats (lag)", "1-nearest-neighbour decoder accuracy (%)")
	var shuffle, lastLag float64
	for i, c := range conditions {
		r := rs[i]
		lags := make([]float64, len(r.PVLag))
		for l := range lags {
			lags[l] = float64(l + 1)
		}
		p := fig.New(titles[c.name], "elapsed repeats (lag)", "correlation")
		fig.Line(p, lags, r.PVLag, "population vector (PV)", fig.Color(0))
		fig.Line(p, lags, r.RateLag, "ensemble rate", fig.Color(1))
		fig.Line(p, lags, r.TuningLag, "tuning (median)", fig.Color(2))
		p.Y.Min, p.Y.Max = -0.2, 1
		p.Legend.Top, p.Legend.Left = false, true
		if i%2 == 0 {
			panels = append(panels, []*plot.Plot{p})
		} else {
			panels[len(panels)-1] = append(panels[len(panels)-1], p)
		}
		acc := make([]float64, len(lags))
		for l := range acc {
			acc[l] = 100 * r.DecoderLag[l]
		}
		fig.Line(dec, lags, acc, decoderLabels[c.name], fig.Color(i))
		if i == 0 {
			shuffle, lastLag = r.Shuffle, lags[len(lags)-1]
		}
	}
	fig.HLine(dec, 100*shuffle, 1, lastLag, "shuffled labels", fig.Gray)
	return []experiment.Figure{
		{Name: "correlation-curves", Caption: "PV, ensemble-rate and tuning-curve correlations against elapsed repeats under each drift condition.", Panels: panels},
		{Name: "decoder-accuracy", Caption: "Accuracy of the 1-NN time-lapse decoder (train on one repeat, test on a later one) against elapsed repeats, with the label-shuffle control.", Plot: dec},
	}
}
