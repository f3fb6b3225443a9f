package koh2023

import (
	"context"
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
)

// TestFastCalciumInputError checks that fast calcium decay, which leaves
// neurons without an OASIS spike, is an input error however the OASIS+LDS
// fit then fails. Random multi-parameter runs found gamma = 0.327 answered
// with exit 2 (the LDS saw a rank-deficient data covariance) and gamma =
// 0.68 with exit 3 (a singular innovation covariance), for the same cause
// and message; gamma = 0.9 at seed 39 is the latter case.
func TestFastCalciumInputError(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 39, Scale: experiment.Quick, Workers: 1,
		Set: map[string]string{"gamma": "0.9"}})
	if !errors.Is(err, experiment.ErrInput) {
		t.Fatalf("gamma = 0.9: got %v, want an input error", err)
	}
	for _, part := range []string{"OASIS+LDS: 11 of 30 neurons have no OASIS spike in any trial", "gamma^25 = 0.0718", "singular innovation covariance"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}
}
