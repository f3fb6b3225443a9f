package koh2023

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/internal/num"
	"neurolab/synth/calcium"
)

func TestQuick(t *testing.T) {
	res := exptest.Quick(t, New())
	exptest.AllPass(t, res, exptest.Want{Figures: 3})
	for _, name := range []string{"r2_fast_gpfa", "r2_slow_gpfa"} {
		if v, ok := res.Metrics[name]; !ok || !(v > 0) {
			t.Errorf("metric %s: got %v (present %v), want a positive R²", name, v, ok)
		}
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	exptest.Deterministic(t, New(), map[string]string{"oasis_traces": "4", "exact_trials": "6", "exact_frames": "60", "exact_iters": "5",
		"datasets": "1", "trials": "8", "iters": "5"})
}

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{{"latents": "30"}, {"trials": "41"}} {
		exptest.RunInputError(t, New(), set)
	}
}

func TestDefaultScale(t *testing.T) { exptest.Default(t, New()) }

// TestPartAShortTraces checks that part A copes with oasis_frames at its
// range minimum (100): a gen_data trace spikes with probability 1/60 per
// frame, so some of 20 traces of 100 frames have no spike ((59/60)^100 ≈
// 0.19 each). Those are left out of the means, which stay finite; before,
// the undefined correlation stopped the run with exit 3.
func TestPartAShortTraces(t *testing.T) {
	p := Default(experiment.Quick)
	p.OasisTraces, p.OasisFrames = 20, 100
	a, err := partA(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick}, p)
	if err != nil {
		t.Fatalf("partA at oasis_frames = 100: %v", err)
	}
	if a.silent == 0 || a.used+a.silent != p.OasisTraces {
		t.Errorf("got %d silent + %d used traces, want some silent and %d in all", a.silent, a.used, p.OasisTraces)
	}
	for v := 0; v < 2; v++ {
		for _, r := range []float64{a.corrC[v], a.corrS[v]} {
			if math.IsNaN(r) || r < -1 || r > 1 {
				t.Errorf("variant %d: got correlation %g, want a finite value in [-1, 1]", v, r)
			}
		}
	}
	// With a single trace, which has no spike at this seed, nothing is left:
	// an input error naming oasis_frames.
	p.OasisTraces = 1
	for seed := uint64(1); seed < 200; seed++ {
		tr := calcium.GenData(num.Stream(seed, tagA, 0), calcium.GenDataConfig{T: p.OasisFrames})
		if hasSpike(tr.S) {
			continue
		}
		_, err := partA(context.Background(), experiment.Config{Seed: seed}, p)
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "oasis_frames") {
			t.Errorf("seed %d, one spike-free trace: got error %v, want an input error naming oasis_frames", seed, err)
		}
		return
	}
	t.Fatal("no seed below 200 gives a spike-free trace of 100 frames")
}

// TestSilentNeurons checks the count behind the OASIS+LDS message at fast
// calcium (gamma = 0.95: OASIS finds no spike for some neurons, and the LDS
// failed with only "singular innovation covariance").
func TestSilentNeurons(t *testing.T) {
	a := mat.NewDense(3, 3, []float64{0, 1, 0, 0, 0, 0, 0, 2, 0})
	b := mat.NewDense(2, 3, []float64{0, 0, 0, 0, 0, 1})
	if got := silentNeurons([]*mat.Dense{a, b}); got != 1 {
		t.Errorf("got %d silent neurons, want 1 (column 0)", got)
	}
	if got := silentNeurons(nil); got != 0 {
		t.Errorf("no trials: got %d, want 0", got)
	}
}

// TestPartBTooShort checks exact_trials = 4 with exact_frames = 10 (both at
// their range minimum): OASIS finds no spike for a neuron, and the input
// error told the user to drop neurons from data the experiment makes; it now
// names exact_trials and exact_frames.
func TestPartBTooShort(t *testing.T) {
	p := Default(experiment.Quick)
	p.ExactTrials, p.ExactFrames = 4, 10
	_, err := partB(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick}, p)
	if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "want more exact_trials or exact_frames") {
		t.Errorf("got %v, want an input error naming exact_trials and exact_frames", err)
	}
}
