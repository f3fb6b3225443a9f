package aitken2022

import (
	"context"
	"errors"
	"os"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func run(t *testing.T, scale experiment.Scale, workers int, set map[string]string) *experiment.Result {
	t.Helper()
	return exptest.Run(t, New(), scale, workers, set)
}

// assertChecks fails on every failed check except those the spec's replica
// did not reproduce either (nonReproducing), which are logged.
func assertChecks(t *testing.T, res *experiment.Result) {
	t.Helper()
	for _, c := range res.Checks {
		if !c.Pass && nonReproducing[c.Name] {
			t.Logf("known non-reproducing check %s: got %v, want %s %v", c.Name, c.Value, c.Op, c.Threshold)
			continue
		}
		if !c.Pass {
			t.Errorf("check %s: got %v, want %s %v", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
}

func TestQuick(t *testing.T) {
	res := run(t, experiment.Quick, 2, nil)
	exptest.Log(t, res)
	assertChecks(t, res)
	if len(res.Figures) != 3 {
		t.Errorf("figures: got %d, want 3", len(res.Figures))
	}
}

func TestDefaultScale(t *testing.T) {
	if testing.Short() || os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run at default scale")
	}
	res := run(t, experiment.Default, 2, nil)
	exptest.Log(t, res)
	assertChecks(t, res)
}

// Workers never change the metrics (one stream per training).
func TestDeterministicAcrossWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("two quick runs")
	}
	set := map[string]string{"train_per_class": "100", "test_per_class": "90", "pretrain_epochs": "2", "drift_epochs": "2"}
	a := run(t, experiment.Quick, 1, set)
	b := run(t, experiment.Quick, 2, set)
	exptest.SameMetrics(t, a, b)
}

func TestBadParams(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick,
		Set: map[string]string{"test_per_class": "50"}})
	if !errors.Is(err, experiment.ErrInput) {
		t.Errorf("test_per_class < features: got %v, want an input error", err)
	}
}
