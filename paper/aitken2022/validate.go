package aitken2022

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
	if p.TestPerClass < p.Features {
		return experiment.Inputf("test_per_class = %d is below features = %d: each recorded group needs at least as many examples as feature nodes for its PCA", p.TestPerClass, p.Features)
	}
	return nil
}
