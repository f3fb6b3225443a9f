package fauth2019

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/internal/num"
	"neurolab/model/structural"
)

// TestRecallClosedForm: with uniform intra-assembly pair sums W̄ and no other
// weights, the cue (v = 1 on size − off members and off non-members) gives a
// kept member (size − off − 1)·W̄ − w_inh·size and a switched-off member
// (size − off)·W̄ − w_inh·size (spec check 4's derivation).
func TestRecallClosedForm(t *testing.T) {
	const n, a, size = 60, 2, 10
	const wInh = 2.45
	for _, c := range []struct {
		wbar, corr float64
	}{
		{wbar: 4.0, corr: 0.3}, // kept members get 6·4 = 24 < 24.5, switched-off ones 7·4 = 28 > 24.5
		{wbar: 3.0, corr: 0.3}, // nobody recovered
		{wbar: 5.0, corr: 0.3}, // everybody recovered
	} {
		W := make([]float64, n*n)
		for i := 0; i < a*size; i++ {
			for j := 0; j < a*size; j++ {
				if i != j && i/size == j/size {
					W[i*n+j] = c.wbar
				}
			}
		}
		_, rec := recall(W, n, a, size, wInh, c.corr, 20, rand.New(rand.NewPCG(1, 1)))
		// Kept members get (size−off−1)·W̄, switched-off members get (size−off)·W̄.
		off := math.Round(c.corr * size)
		kept := (size - off - 1) * c.wbar
		dropped := (size - off) * c.wbar
		inh := wInh * size
		want := 0.0
		if kept > inh {
			want += (size - off) / size
		}
		if dropped > inh {
			want += off / size
		}
		if math.Abs(rec-want) > 1e-12 {
			t.Errorf("W̄ = %g: recall got %g, want %g", c.wbar, rec, want)
		}
	}
}

// TestSurvivalToStim: the spec's derived fraction of new synapses that
// survive to their group's first stimulation (every 162 s): 0.98
// uncompressed (1/d0 = 1 h), 0.61 at k = 24 (1/d0 = 150 s).
func TestSurvivalToStim(t *testing.T) {
	for _, c := range []struct{ k, want float64 }{{1, 0.978}, {24, 0.611}} {
		tau := 1 / structural.Default().Compressed(c.k).D0
		if got := survivalToStim(tau, 162); math.Abs(got-c.want) > 1e-3 {
			t.Errorf("k = %g: got %.4f, want %.3f ± 0.001", c.k, got, c.want)
		}
	}
}

// TestSFARuns: the spike-frequency-adaptation variant runs (shortened quick
// protocol) and gives finite metrics (the adaptation current itself is
// tested in model/structural).
func TestSFARuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the network")
	}
	set := map[string]string{"adaptation": "sfa", "maintenance_d": "0.5", "sensory_only_d": "0.5"}
	res := exptest.Run(t, New(), experiment.Quick, 2, set)
	exptest.Finite(t, res)
	if got := res.Metrics["intra_learning_end"]; !(got > res.Metrics["control_learning_end"]) {
		t.Errorf("SFA: intra synapses per pair after learning got %g, want > control %g", got, res.Metrics["control_learning_end"])
	}
}

// TestPhaseDurations: maintenance phases are drawn from a normal with SD
// 0.25·mean truncated at 0 (Methods), so mean and SD match within sampling
// error (truncation is 4 SD away).
func TestPhaseDurations(t *testing.T) {
	pr := &protocol{p: Default(experiment.Default), rng: rand.New(rand.NewPCG(3, 3))}
	const n, mean = 20000, 300.0
	var s, s2 float64
	for range n {
		d := pr.duration(mean)
		s += d
		s2 += d * d
	}
	m := s / n
	sd := math.Sqrt(s2/n - m*m)
	if tol := 4 * 0.25 * mean / math.Sqrt(n); math.Abs(m-mean) > tol {
		t.Errorf("mean duration got %g, want %g ± %g", m, mean, tol)
	}
	if math.Abs(sd-0.25*mean) > 0.02*0.25*mean {
		t.Errorf("SD got %g, want %g ± 2%%", sd, 0.25*mean)
	}
}

func TestBadParams(t *testing.T) {
	cases := []map[string]string{
		{"assembly_size": "100"},    // 3·100 > 240
		{"sensory_neurons": "200"},  // 90 + 200 > 240
		{"adaptation": "none"},      // not a choice
		{"compression": "0.5"},      // out of range
		{"learn_on_s": "0.01"},      // shorter than a step
		{"learn_compensation": "x"}, // not a choice
	}
	for _, set := range cases {
		exptest.RunInputError(t, New(), set)
	}
}

// TestQuick runs the experiment at quick scale with 1 and 2 workers: the
// metrics are identical and finite, the compression-invariant check (loss
// without rest) passes, and the checks that compression breaks (see the
// package doc) come with a note giving what was measured.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("quick run takes seconds")
	}
	a := exptest.Deterministic(t, New(), nil)
	exptest.Finite(t, a)
	for _, c := range a.Checks {
		t.Logf("check %s: %.4g %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
		switch {
		case c.Name == "sensory_only_lost" && !c.Pass:
			t.Errorf("check %s: got %g, want %s %g", c.Name, c.Value, c.Op, c.Threshold)
		case c.Name == "rest_regrows" && !c.Pass && len(a.Notes) == 0:
			t.Errorf("check %s failed without a note", c.Name)
		}
	}
}

// TestPlantedAssembliesReactivate: three assemblies planted with 7 synapses
// at w_max per intra pair (the paper's retention-run start) in an
// uncompressed network reactivate spontaneously during a 10-min rest, one at
// a time, and rest does not lose their synapses (paper Fig. 2).
func TestPlantedAssembliesReactivate(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 10 min")
	}
	p := Default(experiment.Paper)
	mp := structural.Default()
	net := structural.New(mp, rand.New(rand.NewPCG(7, 7)))
	for i := 0; i < 90; i++ {
		for j := 0; j < 90; j++ {
			if i != j && i/30 == j/30 {
				for k := 0; k < 7; k++ {
					net.AddSynapse(i, j, mp.WMax)
				}
			}
		}
	}
	pr := newProtocol(p, net, rand.New(rand.NewPCG(8, 8)), num.NewTally(1, nil))
	before, _ := pr.counts()
	if err := pr.rest(context.Background(), 600, false); err != nil {
		t.Fatal(err)
	}
	after, _ := pr.counts()
	if pr.frames < 100 {
		t.Fatalf("rest frames with an active assembly got %d, want ≥ 100", pr.frames)
	}
	if f := float64(pr.framesOne) / float64(pr.frames); f < 0.95 {
		t.Errorf("one-at-a-time fraction got %g, want ≥ 0.95", f)
	}
	if after < before-0.1 {
		t.Errorf("intra synapses per pair got %g after rest, want ≥ %g − 0.1", after, before)
	}
	t.Logf("frames %d, one-at-a-time %d, intra %.2f → %.2f", pr.frames, pr.framesOne, before, after)
}

// TestRasterSpan: the raster covers the first 150 s of the last rest or, if
// that rest is shorter (75 s on average at quick scale), all of it; the
// caption and time axis said 150 s whatever the rest lasted.
func TestRasterSpan(t *testing.T) {
	p := Default(experiment.Quick)
	for _, c := range []struct {
		rest, xmax float64
		want       string
	}{
		{75.3, 75.3, "during the whole last rest phase (75 s)"},
		{300, 150, "during the first 150 s of the last rest phase"},
	} {
		pr := &protocol{rasterMax: 150, lastRestStart: 1000, lastRestEnd: 1000 + c.rest}
		f := rasterFigure(pr, p, 0)
		if !strings.Contains(f.Caption, c.want) {
			t.Errorf("rest of %g s: caption %q does not say %q", c.rest, f.Caption, c.want)
		}
		if math.Abs(f.Plot.X.Max-c.xmax) > 1e-9 {
			t.Errorf("rest of %g s: time axis ends at %g s, want %g", c.rest, f.Plot.X.Max, c.xmax)
		}
	}
}
