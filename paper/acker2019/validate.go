package acker2019

import (
	"neurolab/experiment"
)

// Validate checks the parameters before any work: the cross-parameter
// constraints that Run also checks at its start, so that `neurolab run` and
// `sweep plan` reject a bad combination before anything runs.
func (Experiment) Validate(cfg experiment.Config) error {
	return experiment.ValidateParams(cfg, Default, validate)
}

// validate checks the cross-parameter constraints.
func validate(p Params) error {
	if 2*p.Synapses > p.Library {
		return experiment.Inputf("library (%d) must hold at least 2 × synapses (%d) so that all inputs can be replaced", p.Library, p.Synapses)
	}
	if p.Turnover > p.Synapses {
		return experiment.Inputf("turnover (%d) exceeds synapses per cell (%d)", p.Turnover, p.Synapses)
	}
	if p.Synapses < 10 {
		return experiment.Inputf("synapses must be ≥ 10 for 10 turnover levels")
	}
	return nil
}
