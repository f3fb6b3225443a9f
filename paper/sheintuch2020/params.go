package sheintuch2020

import "neurolab/experiment"

// Params of the multiple-maps reproduction (spec multiple-maps.md).
type Params struct {
	PlaceCells    int     `param:"place_cells" unit:"cells" range:"[10,inf)" doc:"cells that can hold place fields (spec: 250)"`
	UntunedCells  int     `param:"untuned_cells" unit:"cells" range:"[1,inf)" doc:"active cells with uniform event probability (spec: 100)"`
	Sessions      int     `param:"sessions" unit:"sessions" range:"[2,inf)" doc:"sessions, one every 2 days (spec: 8, days 0–14)"`
	Trials        int     `param:"trials_per_session" unit:"trials" range:"[2,inf)" doc:"trials per session (reference: trials 2:6, 5)"`
	TrialSeconds  float64 `param:"trial_s" unit:"s" range:"[70,inf)" doc:"trial duration (spec: 180; at least one 60-s window plus steps)"`
	PMap1         float64 `param:"p_map1" unit:"-" range:"(0,1)" doc:"probability that a trial is in map 1 (spec: 0.6)"`
	ActiveFrac    float64 `param:"active_frac" unit:"-" range:"(0,1]" doc:"fraction of place cells active in each map (spec: 0.35)"`
	PeakProb      float64 `param:"peak_prob" unit:"events/frame" range:"(0,1]" doc:"peak event probability in a field (spec: 0.3)"`
	UntunedProb   float64 `param:"untuned_prob" unit:"events/frame" range:"(0,1)" doc:"event probability of untuned cells (spec: 0.02)"`
	Turnover      float64 `param:"turnover" unit:"1/session" range:"[0,1]" doc:"fraction of each map's active cells redrawn per session (spec: 0.05)"`
	Shuffles      int     `param:"shuffles" unit:"shuffles" range:"[20,inf)" doc:"spatial-information shuffles (reference: 1000)"`
	MaxK          int     `param:"max_k" unit:"maps" range:"[2,10]" doc:"largest number of maps tried (spec: 4)"`
	MinSilhouette float64 `param:"min_silhouette" unit:"-" range:"[-1,1]" doc:"smallest best silhouette accepting K > 1 (spec: 0.25)"`
	MinSessions   int     `param:"min_sessions" unit:"sessions" range:"[0,inf)" doc:"sessions that must hold trials of ≥ 2 clusters to accept K > 1 (spec: 3)"`
	WindowSeconds float64 `param:"window_s" unit:"s" range:"[0.025,inf)" doc:"switch-detector window, rounded to whole 20-Hz frames (at least 1: ≥ 0.025 s) (reference: 60)"`
	StepSeconds   float64 `param:"step_s" unit:"s" range:"[0.025,inf)" doc:"switch-detector step, rounded to whole 20-Hz frames (at least 1: ≥ 0.025 s; below, a step of 0 frames never advanced) (reference: 3)"`
	SwitchThresh  float64 `param:"switch_threshold" unit:"-" range:"[-1,1]" doc:"PV correlation a window needs to be assigned a map (reference: 0.2)"`
}

// Default returns the spec's values; Quick uses 300 shuffles.
func Default(scale experiment.Scale) Params {
	p := Params{PlaceCells: 250, UntunedCells: 100, Sessions: 8, Trials: 5, TrialSeconds: 180, PMap1: 0.6,
		ActiveFrac: 0.35, PeakProb: 0.3, UntunedProb: 0.02, Turnover: 0.05, Shuffles: 1000, MaxK: 4,
		MinSilhouette: 0.25, MinSessions: 3, WindowSeconds: 60, StepSeconds: 3, SwitchThresh: 0.2}
	if scale == experiment.Quick {
		p.Shuffles = 300
	}
	return p
}
