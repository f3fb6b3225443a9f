package deitch2021

import "neurolab/experiment"

// Params of the visual-drift reproduction (spec visual-drift.md).
type Params struct {
	Neurons  int     `param:"neurons" unit:"neurons" range:"[2,inf)" doc:"recorded cells (spec: 150)"`
	Bins     int     `param:"bins" unit:"1-s bins" range:"[2,inf)" doc:"movie bins per repeat (spec: 30, natural movie 1)"`
	Repeats  int     `param:"repeats" unit:"repeats" range:"[30,inf)" doc:"movie repeats (spec: 30; the checks compare lags 1–5 with 25–29)"`
	RateSD   float64 `param:"rate_sd" unit:"-" range:"[0,inf)" doc:"stationary SD of the log-gain OU process (spec: 0.5)"`
	RateTau  float64 `param:"rate_tau" unit:"repeats" range:"(0,inf)" doc:"correlation time of the log-gain OU process (spec: 10)"`
	TuningD  float64 `param:"tuning_d" unit:"-" range:"[0,1]" doc:"d in w_r = d·r/R, r = 0..R−1: the last repeat weighs the independent tuning d·(R−1)/R (spec: 1)"`
	MeanRate float64 `param:"mean_rate" unit:"Hz" range:"(0,inf)" doc:"mean firing rate (spec: 5)"`
	Shuffles int     `param:"shuffles" unit:"permutations" range:"[1,inf)" doc:"label permutations of the decoder control (spec: 100)"`
}

// Default returns the spec's values (the analysis is fast enough that Quick
// is the same size).
func Default(scale experiment.Scale) Params {
	return Params{Neurons: 150, Bins: 30, Repeats: 30, RateSD: 0.5, RateTau: 10, TuningD: 1, MeanRate: 5, Shuffles: 100}
}
