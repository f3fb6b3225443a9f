package koh2023

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

func logChecks(t *testing.T, res *experiment.Result) {
	t.Helper()
	exptest.Log(t, res)
}

func TestQuick(t *testing.T) {
	res := run(t, experiment.Quick, 2, nil)
	logChecks(t, res)
	for _, c := range res.Checks {
		if !c.Pass {
			t.Errorf("check %s: got %v, want %s %v", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
	for _, name := range []string{"r2_fast_gpfa", "r2_slow_gpfa"} {
		if v, ok := res.Metrics[name]; !ok || !(v > 0) {
			t.Errorf("metric %s: got %v (present %v), want a positive R²", name, v, ok)
		}
	}
	if len(res.Figures) != 3 {
		t.Errorf("figures: got %d, want 3", len(res.Figures))
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	set := map[string]string{"oasis_traces": "4", "exact_trials": "6", "exact_frames": "60", "exact_iters": "5",
		"datasets": "1", "trials": "8", "iters": "5"}
	a := run(t, experiment.Quick, 1, set)
	b := run(t, experiment.Quick, 2, set)
	exptest.SameMetrics(t, a, b)
}

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{{"latents": "30"}, {"trials": "41"}} {
		_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: set})
		if err == nil || !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%v: got %v, want an input error", set, err)
		}
	}
}

func TestDefaultScale(t *testing.T) {
	if testing.Short() || os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run at default scale")
	}
	logChecks(t, run(t, experiment.Default, 2, nil))
}
