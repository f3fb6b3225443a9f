package acker2019

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"library": "1300", "synapses": "700"}, Want: "library (1300) must hold at least 2 × synapses (700) so that all inputs can be replaced"},
		{Set: map[string]string{"library": "2000", "synapses": "100", "turnover": "101"}, Want: "turnover (101) exceeds synapses per cell (100)"},
	})
}
