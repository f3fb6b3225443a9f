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

// TestSVCTimesEpochPairs checks that the SVC snapshots hold pairs one epoch
// apart (check D5) at every snapshots_per_epoch: with 5 the half-epoch grid
// 0, 2, 4, … had none and the run was refused (exit 2) after all its
// training. At even values (the default 10) the grid is the half-epoch one.
func TestSVCTimesEpochPairs(t *testing.T) {
	for n := 1; n <= 12; n++ {
		for epochs := 2; epochs <= 4; epochs++ {
			ts := svcTimes(epochs*n+1, n)
			has := map[int]bool{}
			for _, v := range ts {
				has[v] = true
			}
			pairs := 0
			for _, v := range ts {
				if has[v+n] {
					pairs++
				}
			}
			if pairs < epochs {
				t.Errorf("snapshots_per_epoch = %d, drift_epochs = %d: SVC snapshots %v hold %d pairs one epoch apart, want ≥ %d", n, epochs, ts, pairs, epochs)
			}
			if n%2 == 0 {
				for i, v := range ts {
					if v != i*(n/2) {
						t.Errorf("snapshots_per_epoch = %d: SVC snapshots %v, want the multiples of %d", n, ts, n/2)
						break
					}
				}
			}
		}
	}
}

// TestSVCTitle checks that the SVC figure's title states the paper's finding
// only when the run bears it out (it stated it whatever the run measured).
func TestSVCTitle(t *testing.T) {
	if got := svcTitle(&outcome{d5Angle: 45, d5Rel: 0.9}); got != "SVC normals rotate while cross-session accuracy stays high" {
		t.Errorf("D5 holds: %q", got)
	}
	if got := svcTitle(&outcome{d5Angle: 12, d5Rel: 0.95}); got != "Node dropout, SVCs one epoch apart: 12° apart, relative cross accuracy 0.95" {
		t.Errorf("SVCs barely rotate: %q", got)
	}
}

// TestBoundaryText checks that the SVC caption mentions the epoch boundaries
// exactly when svcTimes adds them to the half-epoch snapshots.
func TestBoundaryText(t *testing.T) {
	for n := 1; n <= 12; n++ {
		step := max(n/2, 1)
		added := false
		for _, v := range svcTimes(3*n+1, n) {
			if v%step != 0 {
				added = true
			}
		}
		if got := boundaryText(Params{Snapshots: n}) != ""; got != added {
			t.Errorf("snapshots_per_epoch = %d: caption mentions boundaries %v, svcTimes adds them %v", n, got, added)
		}
	}
}
