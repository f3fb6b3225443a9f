package hennequin2018

import "neurolab/experiment"

// Validate checks the parameters before any work: the cross-parameter
// constraints that Run also checks at its start (validate, in run.go), so that
// `neurolab run` and `sweep plan` reject a bad combination before anything
// runs.
func (Experiment) Validate(cfg experiment.Config) error {
	return experiment.ValidateParams(cfg, Default, validate)
}
