package fauth2019

import "neurolab/experiment"

// Params are the parameters of the reactivation experiment. Durations are in
// paper (uncompressed) hours or days; the run divides them by compression.
type Params struct {
	Compression float64 `param:"compression" unit:"-" range:"[1,inf)" doc:"time compression k: b, d0, d1, Δ_decay × k and phase durations / k (spec: 24 at default scale; 1 = paper)"`
	Adaptation  string  `param:"adaptation" unit:"-" choices:"std|sfa" doc:"short-term depression (std) or spike-frequency adaptation (sfa) (Methods)"`

	N            int     `param:"n" unit:"neurons" range:"[10,inf)" doc:"network size (Methods: 240)"`
	Assemblies   int     `param:"assemblies" unit:"assemblies" range:"[1,inf)" doc:"learned disjoint groups (Methods: 3)"`
	AssemblySize int     `param:"assembly_size" unit:"neurons" range:"[2,inf)" doc:"neurons per group (Methods: 30)"`
	SMax         int     `param:"s_max" unit:"synapses" range:"[1,255]" doc:"potential synapses per ordered pair (Methods: 16)"`
	NoiseSD      float64 `param:"noise_sd" unit:"-" range:"[0,inf)" doc:"SD of the noise current, fresh per 0.1-s step (Methods: 1.5)"`

	EquilibrationH float64 `param:"equilibration_h" unit:"h" range:"[0,inf)" doc:"initial sensory phase from no synapses (Methods: 6 h)"`
	LearningH      float64 `param:"learning_h" unit:"h" range:"(0,inf)" doc:"learning phase (Methods: 9 h)"`
	LearnComp      string  `param:"learn_compensation" unit:"-" choices:"none|survival" doc:"compressed learning lasts learning_h/k (none, spec) or learning_h/k × s(1)/s(k), s = fraction of new synapses surviving to their first stimulation (survival; our diagnostic option)"`
	LearnStim      float64 `param:"learn_stim" unit:"-" range:"[0,inf)" doc:"learning input current I_stim (Methods: 200)"`
	LearnOnS       float64 `param:"learn_on_s" unit:"s" range:"[0.1,inf)" doc:"stimulation per group, not compressed, at least one 0.1-s step (Methods: 18 s)"`
	LearnOffS      float64 `param:"learn_off_s" unit:"s" range:"[0,inf)" doc:"pause after each group's stimulation, not compressed (Methods: 36 s)"`
	SensoryMeanH   float64 `param:"sensory_mean_h" unit:"h" range:"(0,inf)" doc:"mean sensory phase (Methods: 4 h)"`
	RestMeanH      float64 `param:"rest_mean_h" unit:"h" range:"(0,inf)" doc:"mean rest phase (Methods: 2 h)"`
	PhaseSD        float64 `param:"phase_sd" unit:"fraction of mean" range:"[0,inf)" doc:"SD of the truncated-normal phase durations (Methods: 0.25)"`
	SensoryStim    float64 `param:"sensory_stim" unit:"-" range:"[0,inf)" doc:"sensory input current (Methods: 50)"`
	SensoryNeurons int     `param:"sensory_neurons" unit:"neurons" range:"[0,inf)" doc:"random non-assembly neurons driven each second (Methods: 15)"`
	MaintenanceD   float64 `param:"maintenance_d" unit:"d" range:"(0,inf)" doc:"sensory+rest maintenance after learning, ends with a rest phase (spec: 5 d)"`
	SensoryOnlyD   float64 `param:"sensory_only_d" unit:"d" range:"(0,inf)" doc:"sensory-only maintenance after learning (spec: 3 d)"`

	Corruption float64 `param:"corruption" unit:"fraction" range:"[0,1)" doc:"fraction of members switched off in the recall cue (spec: 0.3)"`
	Cues       int     `param:"cues" unit:"cues" range:"[1,inf)" doc:"recall cues per assembly (Methods: 100)"`
	RecordH    float64 `param:"record_h" unit:"h" range:"(0,inf)" doc:"sampling period of the synapse-count time series (our choice)"`
}

// Default returns the parameters at scale s: the paper's values with the
// spec's compression k = 24 at default scale, k = 1 at paper scale, and a
// stronger compression at quick scale (tests).
func Default(s experiment.Scale) Params {
	p := Params{
		Compression: 24, Adaptation: "std",
		N: 240, Assemblies: 3, AssemblySize: 30, SMax: 16, NoiseSD: 1.5,
		EquilibrationH: 6, LearningH: 9, LearnComp: "none", LearnStim: 200, LearnOnS: 18, LearnOffS: 36,
		SensoryMeanH: 4, RestMeanH: 2, PhaseSD: 0.25, SensoryStim: 50, SensoryNeurons: 15,
		MaintenanceD: 5, SensoryOnlyD: 3,
		Corruption: 0.3, Cues: 100, RecordH: 2,
	}
	switch s {
	case experiment.Quick:
		p.Compression = 96
	case experiment.Paper:
		p.Compression = 1
	}
	return p
}
