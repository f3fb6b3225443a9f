package scholl2021

import (
	"os"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func run(t *testing.T, scale experiment.Scale, workers int, set map[string]string) (*experiment.Result, time.Duration) {
	t.Helper()
	t0 := time.Now()
	res := exptest.Run(t, New(), scale, workers, set)
	return res, time.Since(t0)
}

func assertChecks(t *testing.T, res *experiment.Result) {
	t.Helper()
	if len(res.Checks) != 9 {
		t.Errorf("got %d checks, want 9", len(res.Checks))
	}
	exptest.AllPass(t, res, 4, nil)
}

func TestQuick(t *testing.T) {
	res, el := run(t, experiment.Quick, 2, nil)
	t.Logf("quick scale took %v", el)
	exptest.Log(t, res)
	assertChecks(t, res)
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	set := map[string]string{"train": "1000", "hidden": "10", "chains": "50", "heur_chains": "20", "gibbs_steps": "10", "seeds": "2", "sessions": "2"}
	a, _ := run(t, experiment.Quick, 1, set)
	b, _ := run(t, experiment.Quick, 2, set)
	exptest.SameMetrics(t, a, b)
}

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{{"radius": "3.1"}, {"percentile": "100"}, {"momentum": "1"}} {
		exptest.RunInputError(t, New(), set)
	}
}

// TestDefaultScale runs the default scale; set NEUROLAB_DEFAULT=1 to run it.
func TestDefaultScale(t *testing.T) {
	if os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run the default scale")
	}
	res, el := run(t, experiment.Default, 2, nil)
	t.Logf("default scale took %v", el)
	exptest.Log(t, res)
	assertChecks(t, res)
}
