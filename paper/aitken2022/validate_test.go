package aitken2022

import (
	"context"
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"test_per_class": "10", "features": "11"}, Want: "test_per_class = 10 is below features = 11: each recorded group needs at least as many examples as feature nodes for its PCA"},
	})
}

// TestSnapshotStep checks the Δt the d2 claim and the figures quote: the
// lag between consecutive snapshots, 1/snapshots_per_epoch epoch (the claim
// read "Δt = 1/10 epoch" at any snapshots_per_epoch).
func TestSnapshotStep(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{10, "1/10"}, {4, "1/4"}, {1, "1"}} {
		if got := snapshotStep(Params{Snapshots: c.n}); got != c.want {
			t.Errorf("snapshots_per_epoch = %d: got %q, want %q", c.n, got, c.want)
		}
	}
}

// TestDegenerateFeatures checks a run whose network's features collapse
// (features = 2 at quick scale: a class with every feature node constant).
// The geometry analysis calls that bad input, and the run exited 2 with a
// message naming no parameter; it is a failed run (exit 3) saying why.
func TestDegenerateFeatures(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: map[string]string{"features": "2"}})
	if err == nil || errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "features are degenerate") {
		t.Errorf("features = 2: got %v, want a run failure (not an input error) saying the features are degenerate", err)
	}
}
