package sheintuch2020

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
	if p.WindowSeconds+p.StepSeconds > p.TrialSeconds {
		return experiment.Inputf("window_s + step_s (%g s) must not exceed trial_s (%g s)", p.WindowSeconds+p.StepSeconds, p.TrialSeconds)
	}
	// K > 1 needs min_sessions sessions holding trials of two clusters: with
	// fewer sessions the clustering can never accept two maps.
	if p.MinSessions > p.Sessions {
		return experiment.Inputf("min_sessions (%d) must not exceed sessions (%d): K > 1 needs min_sessions sessions holding trials of two clusters", p.MinSessions, p.Sessions)
	}
	if n := int(math.Round(p.ActiveFrac * float64(p.PlaceCells))); n < 2 {
		return experiment.Inputf("active_frac × place_cells = %d active cells per map; want at least 2", n)
	}
	return nil
}
