package sheintuch2020

import (
	"os"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func run(t *testing.T, scale experiment.Scale, workers int, set map[string]string) *experiment.Result {
	t.Helper()
	return exptest.Run(t, New(), scale, workers, set)
}

func TestQuick(t *testing.T) {
	res := run(t, experiment.Quick, 2, nil)
	exptest.Log(t, res)
	exptest.AllPass(t, res, 3, nil)
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	small := map[string]string{"shuffles": "50", "trial_s": "80", "sessions": "3"}
	a := run(t, experiment.Quick, 1, small)
	b := run(t, experiment.Quick, 2, small)
	exptest.SameMetrics(t, a, b)
}

// With 5% turnover per day-equivalent step of two days replaced by heavy
// turnover, the persistence check fails: it can fail.
func TestChecksCanFail(t *testing.T) {
	res := run(t, experiment.Quick, 2, map[string]string{"turnover": "0.15", "shuffles": "20"})
	exptest.Fails(t, res, "persistence", "15% turnover per session")
}

func TestDefaultScale(t *testing.T) {
	if testing.Short() || os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run at default scale")
	}
	res := run(t, experiment.Default, 2, nil)
	for _, c := range res.Checks {
		t.Logf("%-16s %v %s %v pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
		if !c.Pass {
			t.Errorf("check %s failed", c.Name)
		}
	}
	t.Logf("metrics %v", res.Metrics)
}
