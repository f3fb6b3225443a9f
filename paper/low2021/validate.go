package low2021

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
	if p.PeakMin > p.PeakMax {
		return experiment.Inputf("peak_min (%g Hz) must not exceed peak_max (%g Hz)", p.PeakMin, p.PeakMax)
	}
	if n := int(math.Round(p.RemapFrac * float64(p.Cells))); n < 1 || n > p.Cells-1 {
		return experiment.Inputf("remap_frac × cells = %d remapping cells; want between 1 and cells − 1 (%d)", n, p.Cells-1)
	}
	if p.MinTrials >= p.Trials {
		return experiment.Inputf("min_trials (%d) must be below trials (%d)", p.MinTrials, p.Trials)
	}
	return nil
}
