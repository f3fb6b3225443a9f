package kallekossio2021

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"neurolab/experiment"
)

// TestIntervalsAndCV: transitions and pooled intervals from planted label
// sequences; the CV of exponential intervals is near 1.
func TestIntervalsAndCV(t *testing.T) {
	labels := [][]int{{0, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {2, 0}}
	times := []float64{0, 1, 2, 3, 4, 5}
	got := transitionIntervals(labels, times)
	// Neuron 0 changes at t = 1, 3, 5 → intervals 2, 2; neuron 1 at 3, 5 → 2.
	want := []float64{2, 2, 2}
	if len(got) != len(want) {
		t.Fatalf("intervals got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("intervals got %v, want %v", got, want)
		}
	}
	if c := countTransitions(labels); c != 5 {
		t.Errorf("transitions got %d, want 5", c)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 20000)
	for i := range x {
		x[i] = rng.ExpFloat64() * 3
	}
	cv, mean := cvOf(x)
	// SE of the CV of n exponential samples ≈ 1/sqrt(n) (delta method); 5 SE.
	if math.Abs(cv-1) > 5/math.Sqrt(float64(len(x))) || math.Abs(mean-3) > 5*3/math.Sqrt(float64(len(x))) {
		t.Errorf("exponential: CV got %g want 1 ± %g, mean got %g want 3", cv, 5/math.Sqrt(float64(len(x))), mean)
	}
}

// TestProbeIntactNetwork: on the planted t0 network the t0 inputs and
// readouts classify the stimuli far above chance (the echo is carried by
// the assemblies).
func TestProbeIntactNetwork(t *testing.T) {
	p := Default(experiment.Quick)
	nw := newNetwork(p, rand.New(rand.NewPCG(1, 2)))
	pr := newProber(p, nw.h.W, rand.New(rand.NewPCG(3, 4)))
	p.ProbeTrials = 30
	pr.p = p
	acc := pr.session(initialCodes(p), false)
	if acc < 0.6 {
		t.Errorf("t0 probe accuracy got %g, want ≥ 0.6", acc)
	}
}

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{
		{"n": "121"},               // not a multiple of m
		{"m": "100"},               // fewer than 2 per assembly
		{"a_d": "0.1"},             // out of range
		{"checkpoints": "1"},       // out of range
		{"unknown_parameter": "1"}, // unknown
	} {
		_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: set})
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("set %v: got %v, want ErrInput", set, err)
		}
	}
}

// TestQuickDeterministic: the quick run gives identical metrics for 1 and 2
// workers, all finite.
func TestQuickDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("quick run takes seconds")
	}
	run := func(w int) *experiment.Result {
		res, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(1), run(2)
	for k, v := range a.Metrics {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("metric %s = %g", k, v)
		}
		if b.Metrics[k] != v {
			t.Errorf("metric %s: workers=1 %g, workers=2 %g", k, v, b.Metrics[k])
		}
	}
	for _, c := range a.Checks {
		t.Logf("check %s: %.4g %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
	}
}

// BenchmarkSurrogate120Spikes1e6 simulates 10^6 spikes of the default
// surrogate network (Hawkes + STDP + homeostatic cap + turnover).
func BenchmarkSurrogate120Spikes1e6(b *testing.B) {
	p := Default(experiment.Default)
	for it := 0; it < b.N; it++ {
		nw := newNetwork(p, rand.New(rand.NewPCG(1, uint64(it))))
		for nw.spikes < 1e6 {
			if err := nw.run(context.Background(), nw.h.Time()+1e4); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/spike")
}
