package koh2023

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"latents": "4", "neurons": "4"}, Want: "latents (4) must be fewer than neurons (4)"},
		{Set: map[string]string{"trials": "5", "exact_trials": "4"}, Want: "bad value 5 for parameter trials: want an even number (two-fold split)"},
		{Set: map[string]string{"trials": "6", "exact_trials": "5"}, Want: "bad value 5 for parameter exact_trials: want an even number (two-fold split)"},
	})
}
