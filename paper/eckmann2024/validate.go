package eckmann2024

import (
	"math"

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
	// Forward Euler of the leak, x += Δt/τ·(−x + input), multiplies the
	// deviation from the input by 1 − Δt/τ each step: at Δt/τ ≥ 2 it grows
	// without bound (the probe diverged at initialisation).
	if tau := math.Min(p.TauE, p.TauI); p.Dt >= 2*tau {
		return experiment.Inputf("bad value %g for parameter dt: want dt < 2·min(tau_E, tau_I) = %g ms (the Euler step of the leak diverges at Δt/τ ≥ 2)", p.Dt, 2*tau)
	}
	if p.TSeq < 2 {
		return experiment.Inputf("t_seq must be ≥ 2 to average the second half of a presentation")
	}
	return nil
}
