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

// TestNoPlaceCells checks field_frac near 1, where no cell has a place field
// on day 0: the drift checks' values were NaN or +Inf and the run failed
// with exit 3 ("a NaN or Inf reached the result"); now it is an input error
// naming field_frac and min_field.
func TestNoPlaceCells(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"field_frac": "0.9998"}, "field_frac = 0.9998")
}
