package sheintuch2020

import (
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func TestQuick(t *testing.T) { exptest.AllPass(t, exptest.Quick(t, New()), exptest.Want{Figures: 3}) }

func TestDeterministicAcrossWorkers(t *testing.T) {
	small := map[string]string{"shuffles": "50", "trial_s": "80", "sessions": "3"}
	exptest.Deterministic(t, New(), small)
}

// With 5% turnover per day-equivalent step of two days replaced by heavy
// turnover, the persistence check fails: it can fail.
func TestChecksCanFail(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 2, map[string]string{"turnover": "0.15", "shuffles": "20"})
	exptest.Fails(t, res, "persistence", "15% turnover per session")
}

func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{}) }
