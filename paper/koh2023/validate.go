package koh2023

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
	if p.Latents >= p.Neurons {
		return experiment.Inputf("cilds: latents (%d) must be fewer than neurons (%d)", p.Latents, p.Neurons)
	}
	if p.Trials%2 != 0 || p.ExactTrials%2 != 0 {
		return experiment.Inputf("cilds: trials (%d) and exact_trials (%d) must be even (two-fold split)", p.Trials, p.ExactTrials)
	}
	return nil
}
