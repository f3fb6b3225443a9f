package eckmann2024

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
	if (p.Probes-1)*p.ProbeGap >= p.Steps {
		return experiment.Inputf("probes (%d) × probe_gap (%d) must fit within steps (%d)", p.Probes, p.ProbeGap, p.Steps)
	}
	if p.TSeq < 2 {
		return experiment.Inputf("t_seq must be ≥ 2 to average the second half of a presentation")
	}
	return nil
}
