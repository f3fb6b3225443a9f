package deitch2021

import (
	"fmt"
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
	exptest.AllPass(t, res, 2, nil)
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	a := run(t, experiment.Quick, 1, nil)
	b := run(t, experiment.Quick, 2, nil)
	exptest.SameMetrics(t, a, b)
}

// The spec's stub: a generator that fixes a curve (no tuning drift, or no
// rate drift) fails the check that separates rate from tuning drift.
func TestChecksCanFail(t *testing.T) {
	for _, tc := range []struct {
		set   map[string]string
		check string
	}{
		{map[string]string{"tuning_d": "0"}, "tuning_tuning_falls"},
		{map[string]string{"tuning_d": "0"}, "decoder_drops_tuning"},
		{map[string]string{"rate_sd": "0"}, "rate_rate_falls"},
	} {
		t.Run(tc.check, func(t *testing.T) {
			res := run(t, experiment.Quick, 2, tc.set)
			exptest.Fails(t, res, tc.check, fmt.Sprint(tc.set))
		})
	}
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
