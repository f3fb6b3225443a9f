package tlaie2024

import "neurolab/experiment"

// Params of the average-test reproduction (spec average-test.md).
type Params struct {
	Neurons        int     `param:"neurons" unit:"neurons" range:"[3,inf)" doc:"N, neurons per session (spec: 60)"`
	TrialsPerClass int     `param:"trials_per_class" unit:"trials" range:"[10,inf)" doc:"trials per stimulus class (spec: 300)"`
	Mu0            float64 `param:"mu0" unit:"spikes/trial" range:"(0,inf)" doc:"μ0, expected spikes per neuron per trial (spec: 2)"`
	Kappa          float64 `param:"kappa" unit:"-" range:"[0,inf)" doc:"κ, diversity of response preferences (spec: 1)"`
	GainShape      float64 `param:"gain_shape" unit:"-" range:"(0,inf)" doc:"shape of the Gamma trial gain with mean 1 (spec: 2)"`
	PatternSigma   float64 `param:"pattern_sigma" unit:"-" range:"(0,inf)" doc:"σ of the LogNormal(0,σ) pattern noise of the unreliable condition (spec: 0.8)"`
	Surrogates     int     `param:"surrogates" unit:"surrogates" range:"[10,inf)" doc:"multinomial surrogates per trial (spec tests: 200; reference: 50)"`
	Sessions       int     `param:"sessions" unit:"sessions" range:"[1,inf)" doc:"sessions pooled for the behaviour checks (spec: 10)"`
	Slope          float64 `param:"slope" unit:"1/SI" range:"(0,inf)" doc:"slope of P(hit) = σ(slope·(SI − median)) in the relevant condition (spec: 10)"`
	PHit           float64 `param:"p_hit" unit:"-" range:"(0,1)" doc:"P(hit) in the irrelevant condition (spec: 0.75)"`
	Permutations   int     `param:"permutations" unit:"permutations" range:"[1,inf)" doc:"label permutations of the κ=0 control (spec: 20)"`
	SubSteps       int     `param:"subsample_steps" unit:"sizes" range:"[1,inf)" doc:"neuron subsampling sizes ⌊N/(k+1)⌋, k < steps (reference: 10)"`
	SubRepeats     int     `param:"subsample_repeats" unit:"repeats" range:"[1,inf)" doc:"random subsets per size (reference: 50; ours 2 to fit the budget)"`
	SubSurrogates  int     `param:"subsample_surrogates" unit:"surrogates" range:"[10,inf)" doc:"surrogates per trial in the subsampling analysis (reference: 50)"`
}

// Default returns the spec's values; Quick halves the trials and surrogates.
func Default(scale experiment.Scale) Params {
	p := Params{
		Neurons:        60,
		TrialsPerClass: 300,
		Mu0:            2,
		Kappa:          1,
		GainShape:      2,
		PatternSigma:   0.8,
		Surrogates:     200,
		Sessions:       10,
		Slope:          10,
		PHit:           0.75,
		Permutations:   20,
		SubSteps:       10,
		SubRepeats:     2,
		SubSurrogates:  50,
	}
	if scale == experiment.Quick {
		p.TrialsPerClass = 150
		p.Surrogates = 100
		p.SubRepeats = 1
	}
	return p
}
