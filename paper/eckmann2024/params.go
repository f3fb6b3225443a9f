package eckmann2024

import (
	"neurolab/experiment"
	"neurolab/model/plasticity"
)

// Params are the parameters of the competitive-hebbian experiment. Sources:
// authors' config.py / sim.py / init.py / lib/inputs.py (commit 6bcb4ee), as
// summarised in the spec.
type Params struct {
	NE       int     `param:"n_E" unit:"cells" range:"[2,inf)" doc:"excitatory (PC) cells (config.py)"`
	NI       int     `param:"n_I" unit:"cells" range:"[1,inf)" doc:"inhibitory (PV) cells (config.py)"`
	NIn      int     `param:"n_in" unit:"cells" range:"[4,inf)" doc:"L4 input cells (config.py)"`
	Dt       float64 `param:"dt" unit:"ms" range:"(0,inf)" doc:"Euler step Δt (config.py)"`
	TauE     float64 `param:"tau_E" unit:"ms" range:"(0,inf)" doc:"E time constant (config.py)"`
	TauI     float64 `param:"tau_I" unit:"ms" range:"(0,inf)" doc:"I time constant (config.py)"`
	Gain     float64 `param:"a" unit:"Hz" range:"(0,inf)" doc:"rate gain a in y = a[x]_+^n (config.py)"`
	Power    float64 `param:"n" unit:"-" range:"[1,4]" doc:"rate exponent n (config.py)"`
	Peak     float64 `param:"peak" unit:"Hz" range:"(0,inf)" doc:"peak L4 rate (inputs.py)"`
	SigmaDeg float64 `param:"sigma" unit:"deg" range:"(0,90]" doc:"L4 tuning width σ (inputs.py)"`
	TSeq     int     `param:"t_seq" unit:"steps" range:"[2,inf)" doc:"steps per stimulus presentation, ≥ 2: probes average its second half (config.py)"`
	E        float64 `param:"e" unit:"-" range:"(0,inf)" doc:"learning-rate multiplier e; η = e·(0.10,0.15,0.20,0.25)·1e-7 (spec default scale: 2; paper 0.1)"`
	Steps    int     `param:"steps" unit:"steps" range:"[1000,inf)" doc:"training steps T (spec default scale: 1e6; paper 2e7)"`
	BudgetWU float64 `param:"budget_WU" unit:"-" range:"(0,inf)" doc:"joint L1 budget of W and U rows (config.py)"`
	BudgetM  float64 `param:"budget_M" unit:"-" range:"(0,inf)" doc:"L1 budget of M rows (config.py)"`
	BudgetKQ float64 `param:"budget_KQ" unit:"-" range:"(0,inf)" doc:"joint L1 budget of K and Q rows (config.py)"`
	BudgetP  float64 `param:"budget_P" unit:"-" range:"(0,inf)" doc:"L1 budget of P rows (config.py)"`
	Probes   int     `param:"probes" unit:"probes" range:"[1,inf)" doc:"tuning probes over the final stretch, median taken (spec: 5)"`
	ProbeGap int     `param:"probe_gap" unit:"steps" range:"[1,inf)" doc:"steps between final probes (spec: 2e4)"`
	Control  int     `param:"control_steps" unit:"steps" range:"[1,inf)" doc:"max steps of the no-normalisation control before it counts as not diverged (derived)"`
}

// Default returns the parameters at scale s.
func Default(s experiment.Scale) Params {
	c := plasticity.PaperEINetConfig() // the network's settings (config.py)
	p := Params{NE: c.NE, NI: c.NI, NIn: c.NIn, Dt: c.Dt, TauE: c.TauE, TauI: c.TauI, Gain: c.Gain, Power: c.Power, Peak: 140,
		SigmaDeg: 12, TSeq: 20, E: 2, Steps: 1000000,
		BudgetWU: c.Budgets[0], BudgetM: c.Budgets[1], BudgetKQ: c.Budgets[2], BudgetP: c.Budgets[3],
		Probes: 5, ProbeGap: 20000, Control: 200000}
	switch s {
	case experiment.Quick:
		// A half-size network learning 2× faster for 3·10⁵ steps: selectivity,
		// co-tuning and assemblies form; tiling is only partial (see doc.go).
		p.NE, p.NI, p.NIn = 40, 10, 40
		p.Steps, p.E, p.ProbeGap, p.Control = 300000, 4, 10000, 50000
	case experiment.Paper:
		p.Steps, p.E = 20000000, 0.1
	}
	return p
}

// einet returns the network's settings in model/plasticity's form.
func (p Params) einet() plasticity.EINetConfig {
	return plasticity.EINetConfig{
		NE: p.NE, NI: p.NI, NIn: p.NIn, Dt: p.Dt, TauE: p.TauE, TauI: p.TauI,
		Gain: p.Gain, Power: p.Power, LearningScale: p.E,
		Budgets: [4]float64{p.BudgetWU, p.BudgetM, p.BudgetKQ, p.BudgetP},
	}
}
