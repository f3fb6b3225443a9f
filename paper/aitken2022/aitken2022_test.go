package aitken2022

import (
	"testing"

	"neurolab/internal/exptest"
)

// known lists the checks that the spec's own replica did not reproduce
// either (nonReproducing): their failures are logged, not failed.
func known() map[string]string {
	m := map[string]string{}
	for name := range nonReproducing {
		m[name] = "the spec's replica does not reproduce it either"
	}
	return m
}

func TestQuick(t *testing.T) {
	exptest.AllPass(t, exptest.Quick(t, New()), exptest.Want{Figures: 3, Known: known()})
}

func TestDefaultScale(t *testing.T) {
	exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{Known: known()})
}

// Workers never change the metrics (one stream per training).
func TestDeterministicAcrossWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("two quick runs")
	}
	exptest.Deterministic(t, New(), map[string]string{"train_per_class": "100", "test_per_class": "90", "pretrain_epochs": "2", "drift_epochs": "2"})
}

// test_per_class < features.
func TestBadParams(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"test_per_class": "50"})
}
