package eckmann2024

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"probes": "11", "probe_gap": "100", "steps": "1000"}, Want: "probes (11) × probe_gap (100) must fit within steps (1000)"},
		{Set: map[string]string{"t_seq": "1"}, Want: "t_seq must be ≥ 2 to average the second half of a presentation"},
	})
}
