package tlaie2024

import (
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func TestQuick(t *testing.T) { exptest.AllPass(t, exptest.Quick(t, New()), exptest.Want{Figures: 4}) }

func TestDeterministicAcrossWorkers(t *testing.T) { exptest.Deterministic(t, New(), nil) }

// perc_b_low can fail: with weak pattern noise (σ = 0.3) at μ0 = 1, κ = 0.5
// the unreliable condition's trials are no longer below their surrogates.
// The spec's own stub (μ0 = 1, κ = 0.5 at σ = 0.8; it quotes 0.218, fail)
// sits on the threshold here: default scale, seeds 1–20, mean percentile
// 0.204 ± 0.019 (0.163–0.239), at or above 0.2 in 13 of 20 seeds, 0.187 at
// seed 1 (passes; 0.162 at quick scale). The spec's 0.218 is within that
// spread, but a stub that passes on a third of the seeds shows nothing;
// hence σ = 0.3.
func TestChecksCanFail(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 2, map[string]string{"mu0": "1", "kappa": "0.5", "pattern_sigma": "0.3"})
	exptest.Fails(t, res, "perc_b_low", "weak pattern noise")
}

func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{}) }

// TestHugeCounts checks kappa = 10 (its range is [0, inf)): rates
// μ0·e^{κz} give trials of ~10¹⁰ spikes, whose surrogates would take years
// (the run timed out); it is refused with an input error naming kappa.
func TestHugeCounts(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"kappa": "10"}, "kappa = 10")
}

// TestManySurrogates checks the draw limit reached through surrogates (range
// [10, inf)): the message blamed kappa, mu0 and pattern_sigma, at their
// defaults, and did not name surrogates, the parameter that was set.
func TestManySurrogates(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"surrogates": "10000000"}, "10000000 surrogates", "want fewer surrogates")
}

// TestSilentKappa0 checks gain_shape near 0 (its range is (0, inf)): most
// trial gains are then near 0 and no κ = 0 trial has a defined SI. The run
// stopped with "average-test metrics (NaN) diverged at t = 0 trials"; now
// the undefined metric and its check are left out with a note.
func TestSilentKappa0(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 2, map[string]string{"gain_shape": "0.001"})
	exptest.Absent(t, res, "si_kappa0")
	if _, ok := res.Metrics["mean_si_kappa0"]; ok {
		t.Error("metric mean_si_kappa0 present, want it left out")
	}
	exptest.Noted(t, res, "no trial has a defined SI")
}
