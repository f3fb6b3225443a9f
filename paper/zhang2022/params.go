package zhang2022

import "neurolab/experiment"

// Params are the experiment's parameters. Time is in seconds, as in the
// paper's Table 1.
type Params struct {
	SC      string  `param:"sc" unit:"path" doc:"structural connectome: empty for the synthetic one, or a .npy/.csv N×N matrix (square, finite, non-negative; diagonal zeroed)"`
	SCNorm  string  `param:"sc_norm" unit:"-" choices:"none|maxrow" doc:"scaling of a user's connectome (sc): none uses it as given (spec), maxrow divides it by its largest row sum as the synthetic one is, so that G means the same (ours)"`
	Regions int     `param:"regions" unit:"regions" range:"[2,inf)" doc:"regions of the synthetic connectome (spec: 16, two modules)"`
	Between float64 `param:"between" unit:"-" range:"[0,1]" doc:"scale of the synthetic connectome's between-module weights relative to within (derived)"`
	TauE    float64 `param:"tau_E" unit:"s" range:"(0,inf)" doc:"NMDA time constant τ_E (Table 1)"`
	TauI    float64 `param:"tau_I" unit:"s" range:"(0,inf)" doc:"GABA time constant τ_I (Table 1)"`
	GammaE  float64 `param:"gamma_E" unit:"-" range:"(0,inf)" doc:"kinetic parameter γ_E (Table 1)"`
	GammaI  float64 `param:"gamma_I" unit:"-" range:"(0,inf)" doc:"kinetic parameter γ_I (Table 1)"`
	AE      float64 `param:"a_E" unit:"1/nC" range:"(0,inf)" doc:"H_E gain a_E (Table 1)"`
	BE      float64 `param:"b_E" unit:"Hz" range:"[0,inf)" doc:"H_E threshold b_E (Table 1)"`
	DE      float64 `param:"d_E" unit:"s" range:"(0,inf)" doc:"H_E curvature d_E (Table 1)"`
	AI      float64 `param:"a_I" unit:"1/nC" range:"(0,inf)" doc:"H_I gain a_I (Table 1)"`
	BI      float64 `param:"b_I" unit:"Hz" range:"[0,inf)" doc:"H_I threshold b_I (authors' code default)"`
	DI      float64 `param:"d_I" unit:"s" range:"(0,inf)" doc:"H_I curvature d_I (authors' code default)"`
	RMax    float64 `param:"r_max" unit:"Hz" range:"(0,inf)" doc:"rate cap of H (authors' code default)"`
	WEE     float64 `param:"w_EE" unit:"-" range:"[0,inf)" doc:"local E→E weight; w_IE = w_EE (Table 1, first regime)"`
	WEI     float64 `param:"w_EI" unit:"-" range:"[0,inf)" doc:"local E→I weight (Table 1, first regime)"`
	WII     float64 `param:"w_II" unit:"-" range:"[0,inf)" doc:"local I→I weight (authors' code default)"`
	II      float64 `param:"I_I" unit:"nA" range:"[0,inf)" doc:"input current to I populations (authors' code default)"`
	IE      float64 `param:"I_E" unit:"nA" range:"[0,inf)" doc:"input current to E populations in the global model (Table 1: 0)"`
	GMax    float64 `param:"g_max" unit:"-" range:"(0,inf)" doc:"largest global coupling G of the sweep (Table 1: 5)"`
	GStep   float64 `param:"g_step" unit:"-" range:"(0,inf)" doc:"step of the G sweep from 0 (spec: 0.5)"`
	Seeds   int     `param:"seeds" unit:"seeds" range:"[1,inf)" doc:"uniform random initial conditions per G (spec: 512), plus patterned seeds"`
	Dt      float64 `param:"dt" unit:"s" range:"(0,0.01]" doc:"Euler step (spec: 0.5 ms)"`
	MaxTime float64 `param:"t_max" unit:"s" range:"(0,inf)" doc:"integration cap per seed (spec: 4 s)"`
	Tol     float64 `param:"tol" unit:"1/s" range:"(0,inf)" doc:"convergence when max |dS/dt| < tol (spec: 1e-6)"`
	Sigma   float64 `param:"sigma" unit:"1/√s" range:"(0,inf)" doc:"noise amplitude for the within-attractor FC, σ√dt ξ per step (Table 1: 0.01)"`
	TNoise  float64 `param:"t_noise" unit:"s" range:"(0,inf)" doc:"simulated time of the noise-driven FC after burn-in (spec: 1000 s)"`
	TBurn   float64 `param:"t_burn" unit:"s" range:"[0,inf)" doc:"burn-in before recording (spec: 10 s)"`
	GBlock  float64 `param:"g_block" unit:"-" range:"[0,inf)" doc:"coupling G of the block-diagonal connectome check"`
	GFC     float64 `param:"g_fc" unit:"-" range:"[0,inf)" doc:"coupling G of the noise-driven FC check: the slowest stable fixed point at this G (spec, check 4 reference: 1.0)"`
}

// Default returns the parameters at the given scale.
func Default(s experiment.Scale) Params {
	p := Params{SCNorm: "none", Regions: 16, Between: 0.1,
		TauE: 0.1, TauI: 0.01, GammaE: 0.641, GammaI: 1,
		AE: 310, BE: 125, DE: 0.16, AI: 615, BI: 177, DI: 0.087, RMax: 500,
		WEE: 0.7, WEI: 0.35, WII: 0.05, II: 0.1, IE: 0,
		GMax: 5, GStep: 0.5, Seeds: 512, Dt: 0.0005, MaxTime: 4, Tol: 1e-6,
		Sigma: 0.01, TNoise: 1000, TBurn: 10, GBlock: 1, GFC: 1}
	if s == experiment.Quick {
		p.GMax = 2
		p.Seeds = 64
	}
	return p
}
