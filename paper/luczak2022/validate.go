package luczak2022

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
	if p.K >= p.Steps {
		return experiment.Inputf("bad value %d for parameter k: want fewer predictor steps than steps (%d)", p.K, p.Steps)
	}
	if p.Delay >= p.Steps {
		return experiment.Inputf("bad value %d for parameter delay: want fewer than steps (%d)", p.Delay, p.Steps)
	}
	if p.Batch-p.Update < p.K+2 {
		return experiment.Inputf("bad values batch=%d, update=%d: want at least k+2 = %d fitting samples (batch − update) per predictor", p.Batch, p.Update, p.K+2)
	}
	if p.Test < p.Batch {
		return experiment.Inputf("bad value %d for parameter test: want at least one batch (%d) for the held-out predictor check", p.Test, p.Batch)
	}
	if p.Train < p.Batch {
		return experiment.Inputf("bad value %d for parameter train: want at least one batch (%d)", p.Train, p.Batch)
	}
	return nil
}
