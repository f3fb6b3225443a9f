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
		return experiment.Inputf("latents (%d) must be fewer than neurons (%d)", p.Latents, p.Neurons)
	}
	for _, v := range []struct {
		name string
		n    int
	}{{"trials", p.Trials}, {"exact_trials", p.ExactTrials}} {
		if v.n%2 != 0 {
			return experiment.Inputf("bad value %d for parameter %s: want an even number (two-fold split)", v.n, v.name)
		}
	}
	return nil
}
