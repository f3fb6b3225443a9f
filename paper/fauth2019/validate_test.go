package fauth2019

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"n": "10", "assemblies": "5", "assembly_size": "2", "sensory_neurons": "1"}, Want: "assemblies·assembly_size + sensory_neurons = 11 exceeds n = 10"},
		// The recall figure's cues at corruption 0.7 switch on 21 non-members
		// (Run panicked in rand.IntN before this check).
		{Set: map[string]string{"n": "40", "assemblies": "1", "assembly_size": "30", "sensory_neurons": "0"}, Want: "assembly_size = 30 leaves n − assembly_size = 10 non-members, fewer than the 21 a recall cue at corruption 0.7 switches on: want assembly_size ≤ 23 at n = 40"},
		{Set: map[string]string{"n": "100", "assemblies": "1", "assembly_size": "55", "sensory_neurons": "0", "corruption": "0.9"}, Want: "assembly_size = 55 leaves n − assembly_size = 45 non-members, fewer than the 50 a recall cue at corruption 0.9 switches on: want assembly_size ≤ 52 at n = 100"},
		{Set: map[string]string{"learn_on_s": "0.05"}, Want: `bad value "0.05" for parameter learn_on_s: want a number in [0.1,inf)`},
		{Set: map[string]string{"record_h": "0.00001", "compression": "1"}, Want: "record_h = 1e-05 h is shorter than one step at compression 1"},
		{Set: map[string]string{"record_h": "1e9", "compression": "1e9"}, Want: "structural: dt·Δ must be < 1 for the Euler weight update"},
	})
}
