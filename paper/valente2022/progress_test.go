package valente2022

import (
	"context"
	"testing"

	"neurolab/experiment"
)

// TestProgressMovesDuringEM: with one worker the jobs run in order, so the
// reported fractions are non-decreasing and end at 1 (to the micro-unit),
// and the two EM fits report inside their jobs: at least one call per EM
// iteration beyond the one per job.
func TestProgressMovesDuringEM(t *testing.T) {
	const iters = 8
	set := map[string]string{"t_ll": "500", "t_train": "2000", "em_iters": "8", "draws": "5"}
	var fr []float64
	cfg := experiment.Config{Seed: 1, Scale: experiment.Quick, Set: set, Workers: 1,
		Progress: func(f float64) { fr = append(fr, f) }}
	if _, err := New().Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	nJobs := 1 + len(excessNs) + 2
	if len(fr) < nJobs+2*iters {
		t.Errorf("%d progress calls, want at least %d (one per job and per EM iteration)", len(fr), nJobs+2*iters)
	}
	for k := 1; k < len(fr); k++ {
		if fr[k] < fr[k-1] {
			t.Errorf("call %d: progress went back from %g to %g", k, fr[k-1], fr[k])
		}
	}
	if last := fr[len(fr)-1]; last < 1-1e-4 || last > 1 {
		t.Errorf("last progress %g, want 1", last)
	}
}
