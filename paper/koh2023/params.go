package koh2023

import "neurolab/experiment"

// Params of the cilds reproduction.
type Params struct {
	// (A)
	OasisTraces int     `param:"oasis_traces" unit:"traces" range:"[2,inf)" doc:"gen_data traces (OASIS defaults: 20 × 3000 frames)"`
	OasisFrames int     `param:"oasis_frames" unit:"frames" range:"[100,inf)" doc:"frames per gen_data trace (3000)"`
	OasisLambda float64 `param:"oasis_lambda" unit:"a.u." range:"[0,inf)" doc:"fixed sparsity penalty λ of oasisAR1 (reference test: 2.4)"`
	// (B)
	ExactTrials int `param:"exact_trials" unit:"trials" range:"[4,inf)" doc:"trials of the exact-model demo, half for training (spec: 100)"`
	ExactFrames int `param:"exact_frames" unit:"frames" range:"[10,inf)" doc:"frames per trial (spec: 300)"`
	ExactIters  int `param:"exact_iters" unit:"iterations" range:"[1,inf)" doc:"EM iterations (spec: 100)"`
	// (C)
	Datasets int     `param:"datasets" unit:"datasets" range:"[1,inf)" doc:"generated datasets per latent time scale (spec: 5)"`
	Neurons  int     `param:"neurons" unit:"neurons" range:"[4,inf)" doc:"q (spec: 30)"`
	Latents  int     `param:"latents" unit:"latents" range:"[1,inf)" doc:"p (spec: 3)"`
	Trials   int     `param:"trials" unit:"trials" range:"[4,inf)" doc:"2-s trials cut from one continuous recording (spec: 40)"`
	TauFast  float64 `param:"tau_fast" unit:"ms" range:"(0,inf)" doc:"fast latent GP time scale (spec: 100)"`
	TauSlow  float64 `param:"tau_slow" unit:"ms" range:"(0,inf)" doc:"slow latent GP time scale (spec: 1000)"`
	Gamma    float64 `param:"gamma" unit:"1/ms" range:"(0,1)" doc:"calcium decay per 1-ms step (spec: 0.9985)"`
	Noise    float64 `param:"noise" unit:"a.u." range:"(0,inf)" doc:"fluorescence noise SD (medium: 1.5)"`
	Iters    int     `param:"iters" unit:"iterations" range:"[1,inf)" doc:"EM iterations of FA, LDS and CILDS (spec: 200)"`
	Delta    float64 `param:"delta" unit:"R²" range:"[0,1)" doc:"required margin of CILDS over LDS on fluorescence at τ = tau_fast (spec suggests 0.05; calibrate once)"`
}

// Default returns the spec's values; Quick shrinks (B) and (C).
//
// Delta ("calibrate once", spec suggests 0.05) keeps the suggested value:
// at default scale the measured R²(CILDS) − R²(LDS on y) at τ = 100 ms was
// 0.469 (seed 1) and 0.466 (seed 2), so 0.05 is far inside the effect; the
// spec's δ reflects the paper's trend, not a fitted margin.
func Default(scale experiment.Scale) Params {
	p := Params{OasisTraces: 20, OasisFrames: 3000, OasisLambda: 2.4,
		ExactTrials: 100, ExactFrames: 300, ExactIters: 100,
		Datasets: 5, Neurons: 30, Latents: 3, Trials: 40, TauFast: 100, TauSlow: 1000,
		Gamma: 0.9985, Noise: 1.5, Iters: 200, Delta: 0.05}
	if scale == experiment.Quick {
		p.ExactTrials, p.ExactIters = 20, 20
		p.Datasets, p.Iters = 2, 40
	}
	return p
}
