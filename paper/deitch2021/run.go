package deitch2021

import (
	"context"
	"math"
	"sort"
	"strings"

	"neurolab/analysis/drift"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/synth/moviedrift"
)

// Experiment is the visual-drift reproduction.
type Experiment struct{}

// ParamsAt returns the parameters with their values at scale s.
func (Experiment) ParamsAt(s experiment.Scale) []experiment.Param {
	return experiment.Describe(Default(s))
}

// New returns the experiment.
func New() Experiment { return Experiment{} }

// Meta describes the experiment.
func (Experiment) Meta() experiment.Meta {
	return experiment.Meta{
		ID:       "visual-drift",
		Title:    "Representational drift in the mouse visual cortex",
		Citation: "Deitch, Rubin & Ziv, Curr Biol 2021",
		Family:   "population analysis",
		Claim:    "Ensemble-rate and tuning-curve correlations against elapsed repeats separate rate drift from tuning drift, and a time-lapse 1-NN decoder loses accuracy under drift.",
		About:    about,
		Params:   experiment.Describe(Default(experiment.Default)),
	}
}

// Condition names, in order.
var conditions = []struct {
	name         string
	rate, tuning bool
}{
	{"none", false, false},
	{"rate", true, false},
	{"tuning", false, true},
	{"both", true, true},
}

// Run runs the experiment.
func (e Experiment) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	res := experiment.NewResult(e.Meta(), cfg, &p)
	results := make([]*drift.Result, len(conditions))
	for i, c := range conditions {
		g := moviedrift.Default()
		g.Neurons, g.Bins, g.Repeats = p.Neurons, p.Bins, p.Repeats
		g.RateSD, g.RateTau, g.TuningD, g.MeanRate = p.RateSD, p.RateTau, p.TuningD, p.MeanRate
		g.RateDrift, g.TuningDrift = c.rate, c.tuning
		rec := moviedrift.Generate(num.Stream(cfg.Seed, 1, uint64(i)), g)
		x := drift.Responses{Repeats: rec.Repeats, Bins: rec.Bins, Cells: rec.Neurons, Data: rec.Counts}
		i := i
		r, err := drift.Analyze(ctx, x, drift.Options{Shuffles: p.Shuffles, Seed: num.Stream(cfg.Seed, 2, uint64(i)).Uint64(),
			Workers: cfg.NumWorkers(), Progress: func(f float64) { cfg.Report((float64(i) + f) / float64(len(conditions))) }})
		if err != nil {
			return nil, err
		}
		results[i] = r
		res.Metric("pv_drop_"+c.name, diff(r.PVLag))
		res.Metric("rate_drop_"+c.name, diff(r.RateLag))
		res.Metric("tuning_drop_"+c.name, diff(r.TuningLag))
		res.Metric("decoder_drop_pts_"+c.name, 100*diff(r.DecoderLag))
		res.Metric("decoder_lag1_pct_"+c.name, 100*r.DecoderLag[0])
		res.Metric("decoder_shuffle_pct_"+c.name, 100*r.Shuffle)
		res.Metric("pv_lag1_"+c.name, r.PVLag[0])
		res.Metric("rate_lag1_"+c.name, r.RateLag[0])
		res.Metric("tuning_lag1_"+c.name, r.TuningLag[0])
	}
	m := res.Metrics
	// 1. No drift: every curve flat.
	res.AddCheck(experiment.NewCheck("none_pv_flat", "no drift: |PV correlation, lags 1–5 − lags 25–29| < 0.02", math.Abs(m["pv_drop_none"]), "<", 0.02))
	res.AddCheck(experiment.NewCheck("none_rate_flat", "no drift: |ensemble-rate correlation change| < 0.02", math.Abs(m["rate_drop_none"]), "<", 0.02))
	res.AddCheck(experiment.NewCheck("none_tuning_flat", "no drift: |tuning correlation change| < 0.02", math.Abs(m["tuning_drop_none"]), "<", 0.02))
	res.AddCheck(experiment.NewCheck("none_decoder_flat", "no drift: |decoder accuracy change| ≤ 5 points", math.Abs(m["decoder_drop_pts_none"]), "<=", 5))
	// 2. Rate-only.
	res.AddCheck(experiment.NewCheck("rate_rate_falls", "rate drift: ensemble-rate correlation falls by ≥ 0.1 (spec: 0.47)", m["rate_drop_rate"], ">=", 0.1))
	res.AddCheck(experiment.NewCheck("rate_tuning_flat", "rate drift: |tuning correlation change| < 0.02", math.Abs(m["tuning_drop_rate"]), "<", 0.02))
	// 3. Tuning-only.
	res.AddCheck(experiment.NewCheck("tuning_tuning_falls", "tuning drift: tuning correlation falls by ≥ 0.15 (spec: 0.78)", m["tuning_drop_tuning"], ">=", 0.15))
	res.AddCheck(experiment.NewCheck("tuning_rate_flat", "tuning drift: |ensemble-rate correlation change| < 0.03", math.Abs(m["rate_drop_tuning"]), "<", 0.03))
	// 4. Decoder.
	lag1 := math.Inf(1)
	for _, c := range conditions {
		lag1 = math.Min(lag1, m["decoder_lag1_pct_"+c.name])
	}
	res.AddCheck(experiment.NewCheck("decoder_lag1", "decoder: lag-1 accuracy ≥ 50% in every condition (lowest shown)", lag1, ">=", 50))
	sh := math.Abs(m["decoder_shuffle_pct_none"] - 100.0/float64(p.Bins))
	res.AddCheck(experiment.NewCheck("decoder_shuffle", "decoder: label-shuffle accuracy within 1.5 points of chance (100/bins %)", sh, "<=", 1.5))
	for _, c := range conditions[1:] {
		res.AddCheck(experiment.NewCheck("decoder_drops_"+c.name, c.name+" drift: decoder accuracy at lags 25–29 ≥ 10 points below lags 1–5", m["decoder_drop_pts_"+c.name], ">=", 10))
	}
	if bad := undefinedMetrics(res.Metrics); bad != "" {
		return nil, &experiment.DivergedError{What: "visual-drift metric(s) " + bad, Unit: "repeats", Hint: "silent cells or bins?"}
	}
	res.Figures = figures(results)
	res.Finish()
	return res, nil
}

// diff is the spec's lag comparison: mean(lags 1–5) − mean(lags 25–29).
func diff(curve []float64) float64 { return drift.LagDifference(curve, 1, 5, 25, 29) }

// undefinedMetrics returns the names of the metrics that are NaN or Inf,
// sorted and comma-separated, or "". The error named the first one met in
// map order, which could change from run to run for the same input.
func undefinedMetrics(m map[string]float64) string {
	var bad []string
	for k, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bad = append(bad, k)
		}
	}
	sort.Strings(bad)
	return strings.Join(bad, ", ")
}
