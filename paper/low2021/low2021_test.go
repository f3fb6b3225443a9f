package low2021

import (
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func TestQuick(t *testing.T) { exptest.AllPass(t, exptest.Quick(t, New()), exptest.Want{Figures: 3}) }

func TestDeterministicAcrossWorkers(t *testing.T) { exptest.Deterministic(t, New(), nil) }

// With peaks U(1, 4) Hz the spec measured within − across = 0.087: the
// similarity check can fail.
func TestChecksCanFail(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 2, map[string]string{"peak_min": "1", "peak_max": "4"})
	exptest.Fails(t, res, "within_minus_across", "weak fields")
}

func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{}) }

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{
		{"peak_min": "30"},
		{"cells": "2", "remap_frac": "0.1"},
		{"min_trials": "200"},
	} {
		exptest.RunInputError(t, New(), set)
	}
}

// TestNoSwitch checks a 2-map session whose map chain never switched (20
// trials at p_switch = 0.001): every trial was in one map and six checks
// failed with no reason given (the default p_switch did so at trials = 20,
// seed 3); it is now an input error naming trials and p_switch.
func TestNoSwitch(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"trials": "20", "p_switch": "0.001"}, "trials = 20 and p_switch = 0.001 gave no map switch at seed 1")
}
