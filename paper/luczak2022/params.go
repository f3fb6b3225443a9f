package luczak2022

import "neurolab/experiment"

// Params are the experiment's parameters. Dynamics constants follow the
// authors' code (CHL_clamped.py); sizes and schedule follow the spec's
// default scale. Time is in Euler steps of the unit time constant.
type Params struct {
	Hidden int     `param:"hidden" unit:"units" range:"[1,inf)" doc:"hidden layer size (spec: 100; authors' code: 1000)"`
	Dt     float64 `param:"dt" unit:"tau" range:"(0,1]" doc:"Euler step in units of the time constant (authors' code: 0.1)"`
	Gamma  float64 `param:"gamma" unit:"-" range:"[0,inf)" doc:"feedback gain (authors' code: 1)"`
	Steps  int     `param:"steps" unit:"steps" range:"[2,inf)" doc:"Euler steps of the free and of the clamped phase, T (authors' code: 120)"`
	K      int     `param:"k" unit:"steps" range:"[1,inf)" doc:"early steps 1..k used as the predictor's features (authors' code: 12)"`
	Delay  int     `param:"delay" unit:"steps" range:"[0,inf)" doc:"free steps before the output is clamped in the clamped phase (authors' code: 13)"`
	Eta0   float64 `param:"eta_0" unit:"-" range:"(0,inf)" doc:"learning rate of the input-to-hidden weights (authors' code: 0.03)"`
	Eta1   float64 `param:"eta_1" unit:"-" range:"(0,inf)" doc:"learning rate of the hidden-to-output weights (authors' code: 0.02)"`
	Ridge  float64 `param:"ridge" unit:"-" range:"(0,inf)" doc:"ridge penalty of each neuron's least-squares predictor, > 0: at 0 a neuron's normal matrix is singular whenever its early states are degenerate (spec: 1e-6)"`

	BiasRule string `param:"bias_rule" unit:"-" choices:"mean|first" doc:"bias step from the mean error of the update samples (mean) or the authors' first-sample quirk (first)"`

	Train   int     `param:"train" unit:"images" range:"[1,inf)" doc:"training glyphs (spec: 3000)"`
	Test    int     `param:"test" unit:"images" range:"[50,inf)" doc:"test glyphs (spec: 1000)"`
	Epochs  int     `param:"epochs" unit:"epochs" range:"[2,inf)" doc:"passes over the training set (spec: 10)"`
	Batch   int     `param:"batch" unit:"images" range:"[3,inf)" doc:"batch size: free phases per weight update (spec: 50)"`
	Update  int     `param:"update" unit:"images" range:"[2,inf)" doc:"update samples per batch, B; the predictors are fit on the rest (spec: 10); at least 2, since the shuffled control permutes the predictions among them"`
	Spont   int     `param:"spont" unit:"trajectories" range:"[20,inf)" doc:"noise-driven trajectories used to fit the spontaneous-activity predictors (spec: 1000)"`
	SpontSD float64 `param:"spont_sd" unit:"-" range:"(0,inf)" doc:"std of the Gaussian pixel input driving spontaneous activity (spec: 0.1)"`
}

// Default returns the parameters at scale s.
func Default(s experiment.Scale) Params {
	p := Params{Hidden: 100, Dt: 0.1, Gamma: 1, Steps: 120, K: 12, Delay: 13,
		Eta0: 0.03, Eta1: 0.02, Ridge: 1e-6, BiasRule: "mean",
		Train: 3000, Test: 1000, Epochs: 10, Batch: 50, Update: 10, Spont: 1000, SpontSD: 0.1}
	switch s {
	case experiment.Quick:
		// A smaller net and a coarser Euler step over the same time span
		// (T·dt = 12 τ, k·dt = 1.2 τ), so that 800 updates fit in seconds.
		p.Hidden, p.Dt, p.Steps, p.K, p.Delay = 40, 0.2, 60, 6, 7
		p.Train, p.Test, p.Epochs, p.Batch, p.Spont = 2000, 300, 10, 25, 300
	case experiment.Paper:
		// The paper trains 784-1000-10 on MNIST for 601 epochs; here the hidden
		// layer and the glyph set grow, but not to 60,000 images × 601 epochs.
		p.Hidden, p.Train, p.Test, p.Epochs = 1000, 10000, 2000, 30
	}
	return p
}
