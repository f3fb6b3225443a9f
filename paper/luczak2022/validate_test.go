package luczak2022

import (
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
		// ridge = 0 was listed valid but stopped the run at its first fit
		// (exit 3: a neuron's normal matrix not positive definite).
		{Set: map[string]string{"ridge": "0"}, Want: `bad value "0" for parameter ridge: want a number in (0,inf)`},
		// update = 1 was listed valid, but the shuffled control's cyclic
		// permutation of one prediction is the identity: the control
		// trained exactly as the predictive rule (L3 measured 0).
		{Set: map[string]string{"update": "1"}, Want: `bad value "1" for parameter update: want an integer in [2,inf)`},
		{Set: map[string]string{"k": "5", "steps": "5"}, Want: "bad value 5 for parameter k: want fewer predictor steps than steps (5)"},
		{Set: map[string]string{"k": "1", "delay": "5", "steps": "5"}, Want: "bad value 5 for parameter delay: want fewer than steps (5)"},
		{Set: map[string]string{"k": "1", "delay": "0", "steps": "5", "batch": "4", "update": "2"}, Want: "bad values batch=4, update=2: want at least k+2 = 3 fitting samples (batch − update) per predictor"},
		{Set: map[string]string{"k": "1", "delay": "0", "steps": "5", "batch": "100", "update": "2", "test": "50", "train": "1000"}, Want: "bad value 50 for parameter test: want at least one batch (100) for the held-out predictor check"},
		{Set: map[string]string{"k": "1", "delay": "0", "steps": "5", "batch": "100", "update": "2", "test": "100", "train": "99"}, Want: "bad value 99 for parameter train: want at least one batch (100)"},
	})
}

// TestDeviationNote checks that the deviations note quotes the run's net,
// batches and schedule: it read "196-100-10", "batches of 50 with 10 update
// samples" and "10 epochs of 3,000 glyphs" at every scale (quick: a
// 196-40-10 net, batches of 25, 2,000 glyphs).
func TestDeviationNote(t *testing.T) {
	want := "procedural 14x14 glyph digits and a 196-100-10 net instead of MNIST 784-1000-10; batches of 50 with 10 update samples and predictors fit on the other 40 (code: 500/490); 10 epochs of 3,000 glyphs; bias step rule \"mean\""
	if got := deviationNote(Default(experiment.Default), 14); !strings.Contains(got, want) {
		t.Errorf("default scale: got %q, want it to contain %q", got, want)
	}
	want = "a 196-40-10 net instead of MNIST 784-1000-10; batches of 25 with 10 update samples and predictors fit on the other 15 (code: 500/490); 10 epochs of 2,000 glyphs"
	if got := deviationNote(Default(experiment.Quick), 14); !strings.Contains(got, want) {
		t.Errorf("quick scale: got %q, want it to contain %q", got, want)
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 60000: "60,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestFigureTitles checks that the accuracy and surprise figures' titles
// state the paper's finding only when the run bears it out (they stated it
// whatever the run measured: at delay = 0, k = 1, gamma = 0, epochs = 2,
// quick scale, the shuffled control's surprise ended lowest).
func TestFigureTitles(t *testing.T) {
	mk := func(accs [3]float64, sur [3][2]float64) []training {
		var runs []training
		for m := range 3 {
			runs = append(runs, training{acc: []float64{0.1, accs[m]}, surprise: sur[m][:]})
		}
		return runs
	}
	good := mk([3]float64{0.9, 0.91, 0.2}, [3][2]float64{{0.3, 0.1}, {0.3, 0.1}, {0.4, 0.2}})
	if got := accuracyTitle(good); got != "Predictive rule learns as well as the oracle (CHL); shuffled predictions do not" {
		t.Errorf("accuracy title of a run that reproduces: %q", got)
	}
	if got := surpriseTitle(good); got != "Surprise falls in every training, shuffled control too, but stays highest there" {
		t.Errorf("surprise title of a run that reproduces: %q", got)
	}
	bad := mk([3]float64{0.5, 0.6, 0.5}, [3][2]float64{{0.27, 0.19}, {0.25, 0.18}, {0.22, 0.18}})
	if got := accuracyTitle(bad); !strings.Contains(got, "predictive 0.50, oracle (CHL) 0.60, shuffled 0.50") {
		t.Errorf("accuracy title of a run that does not reproduce: %q", got)
	}
	if got := surpriseTitle(bad); got != "Surprise falls in every training; the shuffled control's does not end highest" {
		t.Errorf("surprise title of a run whose shuffled control ends lowest: %q", got)
	}
}

// TestTrajectoryAxis checks that the trajectory figure's time axis quotes
// the run's Euler step (it read dt = 0.1 τ at every dt; quick scale: 0.2).
func TestTrajectoryAxis(t *testing.T) {
	p := Default(experiment.Quick)
	runs := make([]training, 3)
	for m := range runs {
		runs[m] = training{acc: []float64{0.1, 0.9}, surprise: []float64{0.3, 0.1}}
	}
	tr := []trace{{x: make([]float64, p.Steps+1), pred: 0.5}}
	figs := figures(p, runs, tr)
	if got, want := figs[0].Plot.X.Label.Text, "time (Euler steps, dt = 0.2 τ)"; got != want {
		t.Errorf("trajectory figure's time axis: got %q, want %q", got, want)
	}
}
