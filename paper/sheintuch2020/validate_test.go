package sheintuch2020

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"window_s": "60", "step_s": "20", "trial_s": "70"}, Want: "window_s + step_s (80 s) must not exceed trial_s (70 s)"},
		{Set: map[string]string{"active_frac": "0.1", "place_cells": "10"}, Want: "active_frac × place_cells = 1 active cells per map; want at least 2"},
	})
}
