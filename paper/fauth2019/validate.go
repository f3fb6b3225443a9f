package fauth2019

import (
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
