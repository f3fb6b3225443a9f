package low2021

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"peak_min": "5", "peak_max": "4"}, Want: "peak_min (5 Hz) must not exceed peak_max (4 Hz)"},
		{Set: map[string]string{"remap_frac": "0.01", "cells": "10"}, Want: "remap_frac × cells = 0 remapping cells; want between 1 and cells − 1 (9)"},
		{Set: map[string]string{"min_trials": "20", "trials": "20"}, Want: "min_trials (20) must be below trials (20)"},
	})
}
