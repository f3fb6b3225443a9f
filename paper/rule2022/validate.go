package rule2022

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
	if p.Days < p.Delta {
		return experiment.Inputf("days (%d) must be at least delta (%d) for one replay session", p.Days, p.Delta)
	}
	nSess := p.Days / p.Delta
	if p.Final > nSess {
		return experiment.Inputf("final_sessions (%d) exceeds the %d replay sessions in %d days", p.Final, nSess, p.Days)
	}
	return nil
}
