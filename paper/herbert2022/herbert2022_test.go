package herbert2022

import (
	"context"
	"math"
	"os"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/internal/linalg"
)

func runAt(t *testing.T, scale experiment.Scale, workers int, set map[string]string) *experiment.Result {
	t.Helper()
	start := time.Now()
	res, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: scale, Workers: workers, Set: set})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Logf("scale %v, workers %d, OpenBLAS=%v: %.1f s", scale, workers, linalg.OpenBLAS, time.Since(start).Seconds())
	return res
}

func assertResult(t *testing.T, res *experiment.Result) {
	t.Helper()
	if len(res.Checks) != 9 {
		t.Errorf("got %d checks, want 9 (2 outlier, 4 bulk, fixed point, chaos, decay)", len(res.Checks))
	}
	for _, c := range res.Checks {
		if !c.Pass {
			t.Errorf("check %s failed: got %g, want %s %g", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
	for k, v := range res.Metrics {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("metric %s = %g, want finite", k, v)
		}
	}
	if len(res.Figures) != 3 {
		t.Errorf("got %d figures, want 3", len(res.Figures))
	}
	if !res.Pass {
		t.Errorf("result does not pass")
	}
}

func TestQuick(t *testing.T) {
	res := runAt(t, experiment.Quick, 2, nil)
	exptest.Log(t, res)
	assertResult(t, res)
}

// TestDefaultScale runs the default scale (tens of seconds): only with
// NEUROLAB_DEFAULT=1.
func TestDefaultScale(t *testing.T) {
	if os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run the default scale")
	}
	res := runAt(t, experiment.Default, 2, nil)
	exptest.Log(t, res)
	assertResult(t, res)
}
