package rule2022

import "neurolab/experiment"

// Params are the parameters of the self-healing experiment. Defaults follow
// the spec (authors' master.py and standard_options.py, with the spec's
// default-scale reductions).
type Params struct {
	K        int     `param:"K" unit:"features" range:"[2,inf)" doc:"encoding features (spec; standard_options.py)"`
	L        int     `param:"L" unit:"bins" range:"[8,inf)" doc:"locations on the ring; readout cells M = L (spec, ring readout)"`
	Days     int     `param:"days" unit:"days" range:"[10,inf)" doc:"simulated days T (spec default scale: 600)"`
	Tau      float64 `param:"tau" unit:"days" range:"(0,inf)" doc:"OU correlation time of the drift (standard_options.py)"`
	Sigma    float64 `param:"sigma" unit:"fraction of L" range:"(0,1]" doc:"spatial scale of encoding features, σ/L (master.py)"`
	Nu       float64 `param:"nu" unit:"fraction of L" range:"(0,1]" doc:"width of readout target bumps, ν/L (spec)"`
	R        float64 `param:"r" unit:"fraction" range:"[0,1]" doc:"per-day extra code variability r (spec)"`
	Noise    float64 `param:"n" unit:"fraction" range:"[0,1]" doc:"per-day readout synaptic noise n (spec)"`
	Delta    int     `param:"delta" unit:"days" range:"[1,inf)" doc:"days between replay sessions Δ (spec)"`
	Iters    int     `param:"I" unit:"iterations" range:"[1,inf)" doc:"replay iterations per session (spec default scale: 50)"`
	Rho      float64 `param:"rho" unit:"-" range:"[0,inf)" doc:"L2 weight decay ρ (spec)"`
	Eta      float64 `param:"eta" unit:"-" range:"(0,inf)" doc:"hebbhomeo learning rate η (spec)"`
	EtaBeta  float64 `param:"eta_beta" unit:"-" range:"[0,inf)" doc:"hebbhomeo bias rate ηβ (spec)"`
	EtaGamma float64 `param:"eta_gamma" unit:"-" range:"[0,inf)" doc:"hebbhomeo Hebbian rate ηγ (spec)"`
	Iota     float64 `param:"iota" unit:"-" range:"[0,1)" doc:"leak ι of the integrated homeostatic errors (spec)"`
	HomEta   float64 `param:"hom_eta" unit:"-" range:"(0,inf)" doc:"homeostat rule rate η (spec)"`
	HomBeta  float64 `param:"hom_eta_beta" unit:"-" range:"[0,inf)" doc:"homeostat rule bias rate ηβ (spec)"`
	GLMIter  int     `param:"glm_iter" unit:"steps" range:"[1,inf)" doc:"cap on GLM gradient steps (spec: 3000 at default scale)"`
	Height   float64 `param:"height" unit:"a.u." range:"(0,inf)" doc:"peak of readout target tuning curves (master.py)"`
	Final    int     `param:"final_sessions" unit:"sessions" range:"[1,inf)" doc:"sessions averaged for the final NRMSE (spec: 20)"`

	// Recurrent and predictive variants (spec "Other rules"; master.py
	// run_experiment, standard_options.py).
	Variants     string  `param:"variants" unit:"-" choices:"none|recurrent|predictive|both" doc:"extra rules added to the comparison: the recurrent map and/or the predictive feedback readout (predictive: ~2·10⁷ MAC per replay iteration, over the default budget, so default scale adds only recurrent)"`
	RecGLMIter   int     `param:"rec_glm_iter" unit:"steps" range:"[1,inf)" doc:"cap on gradient steps fitting the recurrent map R like W (master.py allows 10⁵)"`
	EtaZ         float64 `param:"eta_z" unit:"-" range:"(0,1]" doc:"predictive feedback step size ηz (standard_options.py)"`
	IterZ        int     `param:"I_z" unit:"steps" range:"[0,inf)" doc:"predictive feedback steps per replay iteration I_z (standard_options.py)"`
	Zk           float64 `param:"zk" unit:"-" range:"(0,inf)" doc:"predictive prior weight zk (standard_options.py: 1; master.py default 0.1)"`
	PredEta      float64 `param:"pred_eta" unit:"-" range:"(0,inf)" doc:"predictive rule learning rate η (standard_options.py feedback_rates)"`
	PredEtaBeta  float64 `param:"pred_eta_beta" unit:"-" range:"[0,inf)" doc:"predictive rule bias rate ηβ (standard_options.py feedback_rates)"`
	PredEtaGamma float64 `param:"pred_eta_gamma" unit:"-" range:"[0,inf)" doc:"predictive rule Hebbian rate ηγ (standard_options.py feedback_rates)"`
}

// Default returns the parameters at scale s.
func Default(s experiment.Scale) Params {
	p := Params{
		K: 120, L: 60, Days: 600, Tau: 100, Sigma: 0.1, Nu: 0.06, R: 0.05, Noise: 0.01,
		Delta: 5, Iters: 50, Rho: 1e-4, Eta: 1, EtaBeta: 0.1, EtaGamma: 1e-3, Iota: 0.5,
		HomEta: 0.01, HomBeta: 0.1, GLMIter: 3000, Height: 0.05, Final: 20,
		Variants: "recurrent", RecGLMIter: 3000, EtaZ: 0.01, IterZ: 100, Zk: 1,
		PredEta: 1, PredEtaBeta: 5, PredEtaGamma: 5e-3,
	}
	switch s {
	case experiment.Quick:
		p.Days, p.Iters, p.GLMIter, p.Final = 300, 20, 500, 10
		p.RecGLMIter = 1000
	case experiment.Paper:
		p.Days, p.Iters, p.GLMIter, p.RecGLMIter = 1005, 100, 100000, 100000
		p.Variants = "both"
	}
	return p
}
