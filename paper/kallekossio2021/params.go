package kallekossio2021

import "neurolab/experiment"

// Params are the parameters of the drifting-assemblies surrogate. Time is in
// units of 10 ms (the Hawkes engine's unit) unless a field says s.
type Params struct {
	N    int     `param:"n" unit:"neurons" range:"[4,inf)" doc:"network size (spec; Manz & Memmesheimer Drift2 set: 120)"`
	M    int     `param:"m" unit:"assemblies" range:"[2,inf)" doc:"assemblies, also input channels and readouts (Drift2: 6)"`
	Rho  float64 `param:"rho" unit:"1/unit" range:"(0,inf)" doc:"baseline intensity ρ per 10-ms unit (Drift2: 0.0015; default 0.0004 keeps the rate ≈ 0.23 Hz with the larger w_max)"`
	WMax float64 `param:"w_max" unit:"1/unit" range:"(0,inf)" doc:"maximal coupling w_max (Drift2: 0.024; default 0.05, near-critical assemblies 19·w_max = 0.95 as in the Drift set)"`
	Mu   float64 `param:"mu" unit:"-" range:"[0,inf)" doc:"STDP learning rate μ (Drift2: 0.05; default 0.107 calibrated: 0.1 drifts slower, ≥ 0.115 melts the assemblies)"`
	TauP float64 `param:"tau_p" unit:"unit" range:"(0,inf)" doc:"potentiation trace time constant τ_p (authors' pars.py: 2.5)"`
	TauD float64 `param:"tau_d" unit:"unit" range:"(0,inf)" doc:"depression trace time constant τ_d (pars.py: 5)"`
	AP   float64 `param:"a_p" unit:"-" range:"[0,inf)" doc:"potentiation amplitude A_p (pars.py: 0.08)"`
	AD   float64 `param:"a_d" unit:"-" range:"(-inf,0]" doc:"depression amplitude A_d (pars.py: -0.0533)"`

	NormTarget float64 `param:"norm_target" unit:"fraction" range:"(0,inf)" doc:"homeostatic target of each neuron's summed input, as a fraction of (N/M−1)·w_max (our choice)"`
	NormMode   string  `param:"norm_mode" unit:"-" choices:"cap|fix|fixrc" doc:"homeostasis: cap scales down rows above the target, fix scales every row to it, fixrc scales every row and then every column to it (our choice)"`
	NormEvery  int     `param:"norm_every" unit:"spikes" range:"[1,inf)" doc:"spikes between homeostatic row normalisations (our choice)"`
	LamTurn    float64 `param:"lambda_turn" unit:"1/unit" range:"[0,inf)" doc:"spontaneous turnover: rate at which each synapse is reset (our choice; with the Drift2 w_max, ≤ 3e-7 froze and ≥ 3.7e-7 melted the assemblies; the default 1e-7 is a small perturbation, drift comes from STDP noise)"`
	ResetMax   float64 `param:"reset_max" unit:"fraction of w_max" range:"[0,1]" doc:"a reset synapse draws its weight uniformly in [0, reset_max·w_max] (our choice)"`

	DurationS   float64 `param:"duration_s" unit:"s" range:"(0,inf)" doc:"simulated time (spec: 2.4e7 spikes ≈ 7e5 s, and ≥ 3 mean dwell times; ARI ≤ 0.1 was reached at 2.58e6 s, seed 1, see the package doc)"`
	Checkpoints int     `param:"checkpoints" unit:"checkpoints" range:"[3,inf)" doc:"checkpoints after t0, evenly spaced (spec: spacing ≤ 0.1× mean inter-transition interval)"`
	LouvainRuns int     `param:"louvain_runs" unit:"runs" range:"[1,inf)" doc:"Louvain runs per checkpoint, best modularity kept (spec: 10; 2 at default scale for the time budget: 10 gave bit-identical partitions at all 301 default checkpoints, seed 1, at +15 s CPU)"`
	Resolution  float64 `param:"resolution" unit:"-" range:"(0,inf)" doc:"Louvain resolution γ (spec: 1)"`

	ProbeTrials int     `param:"probe_trials" unit:"trials" range:"[1,inf)" doc:"probe presentations per stimulus at each checkpoint (our choice)"`
	StimRate    float64 `param:"stim_rate" unit:"1/unit" range:"(0,inf)" doc:"total input intensity of a stimulus, spread over its channel's weights (our choice)"`
	StimDur     float64 `param:"stim_dur" unit:"unit" range:"(0,inf)" doc:"stimulus duration (our choice)"`
	ReadDelay   float64 `param:"read_delay" unit:"unit" range:"[0,inf)" doc:"readout window starts this long after stimulus offset (our choice)"`
	ReadWindow  float64 `param:"read_window" unit:"unit" range:"(0,inf)" doc:"readout window length (our choice)"`
	EtaIn       float64 `param:"eta_in" unit:"-" range:"[0,inf)" doc:"Hebbian rate of the input weights: fraction moved per trial towards the normalised 4th power of the recurrent drive the stimulus evokes (our choice)"`
	EtaOut      float64 `param:"eta_out" unit:"-" range:"[0,inf)" doc:"Hebbian rate of the winning readout's weights: fraction moved per trial towards the normalised squared spike counts of the trial (our choice)"`
	FinalFrac   float64 `param:"final_frac" unit:"fraction" range:"(0,1]" doc:"last fraction of checkpoints whose probes give the reported accuracy (our choice)"`
}

// Default returns the parameters at scale s.
func Default(s experiment.Scale) Params {
	p := Params{
		// Drift2 starting values except ρ, w_max and μ (calibrated, seed 1):
		// with w_max = 0.024 the assemblies are either frozen or melt (see
		// the package doc); near-critical assemblies (19·w_max = 0.95, ρ
		// lowered to keep ≈ 0.23 Hz) with μ = 0.107 keep their structure
		// while members move (μ ≥ 0.115 melts them, μ = 0.1 drifts slower).
		N: 120, M: 6, Rho: 0.0004, WMax: 0.05, Mu: 0.107, TauP: 2.5, TauD: 5, AP: 0.08, AD: -0.0533,
		NormTarget: 1, NormMode: "cap", NormEvery: 120, LamTurn: 1e-7, ResetMax: 0.1,
		DurationS: 7e5, Checkpoints: 300, LouvainRuns: 2, Resolution: 1,
		ProbeTrials: 10, StimRate: 40, StimDur: 4, ReadDelay: 1, ReadWindow: 5,
		EtaIn: 0.1, EtaOut: 0.1, FinalFrac: 0.2,
	}
	switch s {
	case experiment.Quick:
		p.DurationS, p.Checkpoints = 7e4, 30
	case experiment.Paper:
		p.DurationS, p.Checkpoints, p.LouvainRuns = 7e6, 3000, 10
	}
	return p
}
