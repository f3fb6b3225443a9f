package scholl2021

import (
	"neurolab/experiment"
	"neurolab/synth/patches"
)

// Validate checks the parameters before any work: the cross-parameter
// constraints that Run also checks at its start, so that `neurolab run` and
// `sweep plan` reject a bad combination before anything runs.
func (Experiment) Validate(cfg experiment.Config) error {
	return experiment.ValidateParams(cfg, Default, validate)
}

// validate checks the cross-parameter constraints.
func validate(p Params) error {
	if nv := len(patches.Disc(p.Radius)); nv > 16 {
		return experiment.Inputf("bad value %g for parameter radius: gives %d visible units, want at most 16 for exact enumeration", p.Radius, nv)
	}
	return nil
}
