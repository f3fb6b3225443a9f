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
		{Set: map[string]string{"learn_on_s": "0.05"}, Want: `bad value "0.05" for parameter learn_on_s: want a number in [0.1,inf)`},
		{Set: map[string]string{"record_h": "0.00001", "compression": "1"}, Want: "record_h = 1e-05 h is shorter than one step at compression 1"},
		{Set: map[string]string{"record_h": "1e9", "compression": "1e9"}, Want: "structural: dt·Δ must be < 1 for the Euler weight update"},
	})
}
