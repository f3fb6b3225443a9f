package kallekossio2021

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
	if p.N/p.M < 2 {
		return experiment.Inputf("n/m = %d/%d leaves fewer than 2 neurons per assembly", p.N, p.M)
	}
	if p.N%p.M != 0 {
		return experiment.Inputf("n = %d is not a multiple of m = %d", p.N, p.M)
	}
	return nil
}
