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
	// The homeostatic normalisation holds each row of W at (mode cap: at
	// most) norm_target·(n/m − 1)·w_max, which is then the spectral radius of
	// W, the branching ratio of the linear Hawkes network: at ≥ 1 every spike
	// causes on average one or more others and the spike count explodes (the
	// run never ends; m = 4 at the defaults).
	if r := p.NormTarget * float64(p.N/p.M-1) * p.WMax; r >= 1 {
		return experiment.Inputf("norm_target·(n/m − 1)·w_max = %.4g·%d·%g = %.4g: want < 1 (the normalised row sum is the Hawkes branching ratio; at ≥ 1 the spike count explodes), e.g. norm_target < %.4g",
			p.NormTarget, p.N/p.M-1, p.WMax, r, 1/(float64(p.N/p.M-1)*p.WMax))
	}
	return nil
}
