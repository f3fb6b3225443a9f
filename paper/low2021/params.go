package low2021

import "neurolab/experiment"

// Params of the mec-remapping reproduction (spec mec-remapping.md).
type Params struct {
	Cells     int     `param:"cells" unit:"cells" range:"[2,inf)" doc:"cells in the session (spec: 80)"`
	Bins      int     `param:"bins" unit:"bins" range:"[4,inf)" doc:"position bins on the 400-cm track (spec: 80, 5 cm)"`
	Trials    int     `param:"trials" unit:"trials" range:"[20,inf)" doc:"trials in the session (spec: 150)"`
	PeakMin   float64 `param:"peak_min" unit:"Hz" range:"(0,inf)" doc:"lowest field peak rate (spec: 5)"`
	PeakMax   float64 `param:"peak_max" unit:"Hz" range:"(0,inf)" doc:"highest field peak rate (spec: 20)"`
	RemapFrac float64 `param:"remap_frac" unit:"-" range:"(0,1)" doc:"fraction of cells that remap (spec: 0.6)"`
	PSwitch   float64 `param:"p_switch" unit:"1/trial" range:"(0,1)" doc:"map switch probability per trial (spec: 0.04)"`
	MinTrials int     `param:"min_trials" unit:"trials" range:"[1,inf)" doc:"minimum stay and minimum trials between remap events (authors' code MIN_TRIALS: 5)"`
	Restarts  int     `param:"restarts" unit:"restarts" range:"[1,inf)" doc:"k-means restarts (authors' code: 100)"`
}

// Default returns the spec's values; Quick uses 10 k-means restarts.
func Default(scale experiment.Scale) Params {
	p := Params{Cells: 80, Bins: 80, Trials: 150, PeakMin: 5, PeakMax: 20, RemapFrac: 0.6, PSwitch: 0.04,
		MinTrials: 5, Restarts: 100}
	if scale == experiment.Quick {
		p.Restarts = 10
	}
	return p
}
