package eckmann2024

import (
	"context"
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
)

// TestUntrainedDiverges checks a dt inside validate's bound (dt < 2·tau_I =
// 34 ms) at which the untrained network's initial probe diverges: found by
// random multi-parameter runs (dt = 28.6 with other values moved), it
// stopped the run with exit 3 and "probe diverged at initialisation", naming
// neither what diverged nor a cause. It is now a DivergedError that names
// the untrained network, when it diverged and dt against tau_E and tau_I.
func TestUntrainedDiverges(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Workers: 1,
		Set: map[string]string{"dt": "25"}})
	var div *experiment.DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("dt = 25: got %v, want a DivergedError", err)
	}
	for _, part := range []string{"untrained network (initial tuning probe) diverged at t = ", "dt = 25 ms", "tau_I = 17 ms"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}
}
