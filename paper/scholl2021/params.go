package scholl2021

import "neurolab/experiment"

// Params are the experiment's parameters (authors' code CIFAR defaults,
// spec pruning.md default scale).
type Params struct {
	Hidden       int     `param:"hidden" unit:"units" range:"[1,inf)" doc:"hidden units of the RBM (authors' code: 70)"`
	Radius       float64 `param:"radius" unit:"px" range:"[1,3.2]" doc:"radius of the circular patches; 2.1 gives 13 visible units (authors' code)"`
	Train        int     `param:"train" unit:"patches" range:"[100,inf)" doc:"training patches, 36 per 32x32 image (authors' code: 90,000)"`
	Epochs       int     `param:"epochs" unit:"epochs" range:"[1,inf)" doc:"CD-1 epochs per training; learning rates are log-spaced from lr_start to lr_end (authors' code: 2)"`
	LRStart      float64 `param:"lr_start" unit:"-" range:"(0,inf)" doc:"learning rate of the first epoch (authors' code: 0.1)"`
	LREnd        float64 `param:"lr_end" unit:"-" range:"(0,inf)" doc:"learning rate of the last epoch (authors' code: 0.01)"`
	Momentum     float64 `param:"momentum" unit:"-" range:"[0,1)" doc:"momentum coefficient, buffers reset every session (authors' code: 0.9)"`
	MomentumRule string  `param:"momentum_rule" unit:"-" choices:"scaled|classic" doc:"momentum step: scaled d <- lr(momentum d + g) as in the boltzmann-machines library the authors' code builds on, or classic d <- momentum d + lr g (spec text)"`
	SdW          float64 `param:"sd_w" unit:"-" range:"[0,inf)" doc:"std of the initial weights (authors' code: 0.1)"`
	HiddenBias   float64 `param:"hidden_bias" unit:"-" doc:"initial hidden bias (authors' code: -2)"`
	Percentile   float64 `param:"percentile" unit:"%" range:"(0,100)" doc:"weights at or below this percentile of the criterion are pruned each session (authors' code: 50)"`
	Sessions     int     `param:"sessions" unit:"sessions" range:"[1,inf)" doc:"pruning sessions (authors' code: 3)"`
	Seeds        int     `param:"seeds" unit:"seeds" range:"[1,inf)" doc:"independent data sets and RBMs; P1 and P2 average over them (spec: 3)"`
	Chains       int     `param:"chains" unit:"chains" range:"[10,inf)" doc:"Gibbs chains of the sampled FI estimate (P4) (spec: 10,000; paper: 90,000)"`
	GibbsSteps   int     `param:"gibbs_steps" unit:"sweeps" range:"[1,inf)" doc:"Gibbs sweeps per chain for every sampled quantity (authors' code: 200)"`
	HeurChains   int     `param:"heur_chains" unit:"chains" range:"[10,inf)" doc:"Gibbs chains giving the mean activities <v>, <h> of the heuristic criterion each session (derived)"`
}

// Default returns the parameters at scale s.
func Default(s experiment.Scale) Params {
	p := Params{Hidden: 70, Radius: 2.1, Train: 90000, Epochs: 2, LRStart: 0.1, LREnd: 0.01, Momentum: 0.9, MomentumRule: "scaled",
		SdW: 0.1, HiddenBias: -2, Percentile: 50, Sessions: 3, Seeds: 3, Chains: 10000, GibbsSteps: 200,
		HeurChains: 2000}
	switch s {
	case experiment.Quick:
		p.Train, p.Seeds, p.Chains, p.GibbsSteps, p.HeurChains = 36000, 1, 5000, 100, 1000
	case experiment.Paper:
		p.Seeds, p.Chains = 5, 90000
	}
	return p
}
