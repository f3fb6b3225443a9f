package deitch2021

import (
	"fmt"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func TestQuick(t *testing.T) { exptest.AllPass(t, exptest.Quick(t, New()), exptest.Want{Figures: 2}) }

func TestDeterministicAcrossWorkers(t *testing.T) { exptest.Deterministic(t, New(), nil) }

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
			res := exptest.Run(t, New(), experiment.Quick, 2, tc.set)
			exptest.Fails(t, res, tc.check, fmt.Sprint(tc.set))
		})
	}
}

func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{}) }
