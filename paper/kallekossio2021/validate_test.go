package kallekossio2021

import (
	"context"
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"n": "5", "m": "3"}, Want: "n/m = 5/3 leaves fewer than 2 neurons per assembly"},
		{Set: map[string]string{"n": "9", "m": "4"}, Want: "n = 9 is not a multiple of m = 4"},
		// 0.75·29·0.05 = 1.0875: a supercritical Hawkes network, whose run
		// never ended (timed out at quick scale).
		{Set: map[string]string{"m": "4"}, Want: "norm_target·(n/m − 1)·w_max = 0.75·29·0.05 = 1.088: want < 1 (the normalised row sum is the Hawkes branching ratio; at ≥ 1 the spike count explodes), e.g. norm_target < 0.6897"},
		{Set: map[string]string{"n": "360"}, Want: "norm_target·(n/m − 1)·w_max = 0.75·59·0.05 = 2.212: want < 1 (the normalised row sum is the Hawkes branching ratio; at ≥ 1 the spike count explodes), e.g. norm_target < 0.339"},
	})
}

// TestRunaway checks the runaway guard: with tau_d = 0.05 ms, STDP
// potentiation outweighs depression, the network goes supercritical between
// normalisations and its spike count explodes. The run never ended (timed
// out at quick scale); now it stops with a DivergedError naming the rate.
func TestRunaway(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: map[string]string{"tau_d": "0.05"}})
	var d *experiment.DivergedError
	if !errors.As(err, &d) || !strings.Contains(err.Error(), "network spike rate") {
		t.Fatalf("tau_d = 0.05: got %v, want a DivergedError on the spike rate", err)
	}
}
