package sheintuch2020

import (
	"context"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"window_s": "60", "step_s": "20", "trial_s": "70"}, Want: "window_s + step_s (80 s) must not exceed trial_s (70 s)"},
		{Set: map[string]string{"active_frac": "0.1", "place_cells": "10"}, Want: "active_frac × place_cells = 1 active cells per map; want at least 2"},
		// sessions = 2 is in range, but with the default min_sessions = 3
		// the clustering could never accept K > 1: ari failed (0) with no
		// reason given.
		{Set: map[string]string{"sessions": "2"}, Want: "min_sessions (3) must not exceed sessions (2): K > 1 needs min_sessions sessions holding trials of two clusters"},
	})
}

// TestSwitchStepRange checks step_s and window_s below half a 20-Hz frame:
// they rounded to 0 frames, and a step of 0 never advanced (the run hung,
// its window list growing without bound).
func TestSwitchStepRange(t *testing.T) {
	for _, name := range []string{"step_s", "window_s"} {
		_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: map[string]string{name: "0.003"}})
		want := `bad value "0.003" for parameter ` + name + `: want a number in [0.025,inf)`
		if err == nil || err.Error() != want {
			t.Errorf("%s = 0.003: got %v, want %q", name, err, want)
		}
	}
}

// TestOneMapOnly checks p_map1 near its range ends: all 40 quick-scale
// trials fall in one map, which stopped the run with exit 3 ("metric
// across_lag4 diverged"); it is now an input error naming p_map1.
func TestOneMapOnly(t *testing.T) {
	for _, v := range []string{"0.0006", "0.9994"} {
		exptest.RunInputError(t, New(), map[string]string{"p_map1": v}, "bad value "+v+" for parameter p_map1: all 40 trials")
	}
}
