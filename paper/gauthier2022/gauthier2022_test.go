package gauthier2022

import (
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/synth/calcium"
)

// SupportOverlap on closed cases: a profile against itself covers all of
// its support, a disjoint one none, and half the support gives 0.5.
func TestSupportOverlap(t *testing.T) {
	prof := []float64{0, 1, 0.5, 0.2, 0.1, 0}
	for _, tc := range []struct {
		name string
		cont []float64
		want float64
	}{
		{"self", prof, 1},
		{"disjoint", []float64{2, 0, 0, 0, 0, 2}, 0},
		{"half", []float64{0, 2, 0.2, 0, 0.09, 0}, 0.5}, // ≥ 5% of peak 2 means ≥ 0.1
	} {
		t.Run(tc.name, func(t *testing.T) {
			peak := 0.0
			for _, v := range tc.cont {
				peak = max(peak, v)
			}
			if got := calcium.SupportOverlap(prof, tc.cont, peak); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// knownFailures: the spec's SEUDO checks seudo_false and cfrac_halved do not
// reproduce with the authors' constants on this generator (see doc.go and
// the run's notes): the cost offset −k2 = 2σ²(N log λ0 − log(1/p − 1)) ≈
// 31–43 brings LSQ back on the decay of every false transient, and the
// unpenalised cell profile keeps part of the contaminant even where the blob
// fit is taken.
var knownFailures = map[string]string{
	"seudo_false":  "LSQ comes back on the decay of every false transient (cost offset -k2 = 31-43)",
	"cfrac_halved": "the unpenalised cell profile keeps part of the contaminant",
}

func TestQuick(t *testing.T) {
	exptest.AllPass(t, exptest.Quick(t, New()), exptest.Want{Figures: 3, Known: knownFailures})
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	exptest.Deterministic(t, New(), map[string]string{"movies": "1", "frames": "400"})
}

// A stub that never detects contaminants: with the dendrite and soma turned
// off (cont_peak tiny), no transient is false and check 1 fails.
func TestGeneratorCheckCanFail(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 2, map[string]string{"movies": "1", "cont_peak": "0.01"})
	exptest.Fails(t, res, "generator_false", "no contaminants")
}

func TestDefaultScale(t *testing.T) {
	exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{Known: knownFailures})
}

// TestRateRange checks rate above the 30-Hz frame rate: spikes are one
// Bernoulli draw per frame with P = rate/30, so every rate ≥ 30 Hz gave the
// same movie (rate = 60 and rate = 30 wrote identical results); it is now
// an input error naming the range.
func TestRateRange(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"rate": "60"}, `bad value "60" for parameter rate: want a number in (0,30]`)
}
