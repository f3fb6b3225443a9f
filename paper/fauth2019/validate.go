package fauth2019

import (
	"math"

	"neurolab/experiment"
	"neurolab/model/structural"
)

// Validate checks the parameters before any work: the cross-parameter
// constraints that Run also checks at its start, so that `neurolab run` and
// `sweep plan` reject a bad combination before anything runs.
func (Experiment) Validate(cfg experiment.Config) error {
	return experiment.ValidateParams(cfg, Default, validate)
}

// validate checks the cross-parameter constraints.
func validate(p Params) error {
	if p.Assemblies*p.AssemblySize+p.SensoryNeurons > p.N {
		return experiment.Inputf("assemblies·assembly_size + sensory_neurons = %d exceeds n = %d",
			p.Assemblies*p.AssemblySize+p.SensoryNeurons, p.N)
	}
	// A recall cue switches off round(c·assembly_size) members and as many
	// non-members on (recall), for c up to the largest corruption of the
	// recall figure or the corruption parameter: that many non-members must
	// exist.
	cMax := math.Max(p.Corruption, recallLevels[len(recallLevels)-1])
	cueOn := func(size int) int { return int(math.Round(cMax * float64(size))) }
	if on, non := cueOn(p.AssemblySize), p.N-p.AssemblySize; on > non {
		most := p.AssemblySize
		for most > 2 && cueOn(most) > p.N-most {
			most--
		}
		return experiment.Inputf("assembly_size = %d leaves n − assembly_size = %d non-members, fewer than the %d a recall cue at corruption %g switches on: want assembly_size ≤ %d at n = %d",
			p.AssemblySize, non, on, cMax, most, p.N)
	}
	if p.LearnOnS < 0.1 {
		return experiment.Inputf("learn_on_s = %g s is shorter than one 0.1-s step", p.LearnOnS)
	}
	if p.RecordH*3600/p.Compression < 0.1 {
		return experiment.Inputf("record_h = %g h is shorter than one step at compression %g", p.RecordH, p.Compression)
	}
	if err := modelParams(p).Validate(); err != nil {
		return experiment.Inputf("%v", err)
	}
	return nil
}

// modelParams returns the network parameters of p at its compression.
func modelParams(p Params) structural.Params {
	mp := structural.Default()
	mp.N, mp.SMax, mp.NoiseSD = p.N, p.SMax, p.NoiseSD
	if p.Adaptation == "sfa" {
		mp.Adapt = structural.SpikeFrequency
	}
	return mp.Compressed(p.Compression)
}
