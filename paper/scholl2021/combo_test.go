package scholl2021

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

// TestMomentumNearOne is the random multi-parameter run that stopped with
// exit 3 and "metric kl_anti_fi diverged at t = 3 sessions" (another KL
// metric on the next run: map order), with no hint. Classic momentum
// 0.999999 makes the RBM's weights so large that an observed patch gets
// probability 0 already before pruning. The error now names every infinite
// metric, session 0, and the learning rates and momentum.
func TestMomentumNearOne(t *testing.T) {
	set := map[string]string{"momentum_rule": "classic", "train": "21357", "epochs": "1", "hidden_bias": "-5.5482",
		"hidden": "39", "momentum": "0.999999"}
	_, err := New().Run(context.Background(), experiment.Config{Seed: 8702, Scale: experiment.Quick, Workers: 1, Set: set})
	var div *experiment.DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("got %v, want a DivergedError", err)
	}
	for _, part := range []string{"kl_anti_fi, kl_eigenvector_fi", "kl_unpruned", "diverged at t = 0 sessions", "momentum = 0.999999 too near 1 (momentum_rule = classic)"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}
}

// TestUndefinedMetrics checks the session reported: the first with an
// infinite KL, and none without an undefined metric.
func TestUndefinedMetrics(t *testing.T) {
	p := Default(experiment.Quick)
	inf := math.Inf(1)
	if err := undefinedMetrics(map[string]float64{"kl_random": 1}, [][]float64{{1, 2, 3}}, p); err != nil {
		t.Errorf("finite: got %v", err)
	}
	err := undefinedMetrics(map[string]float64{"kl_random": inf, "kl_abs_w": inf, "kl_unpruned": 0.1},
		[][]float64{{1, 2, inf}, {1, inf, inf}}, p)
	if err == nil || !strings.HasPrefix(err.Error(), "metric(s) kl_abs_w, kl_random diverged at t = 2 sessions") {
		t.Errorf("got %v", err)
	}
}
