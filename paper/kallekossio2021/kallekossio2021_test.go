package kallekossio2021

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"neurolab/experiment"
	"neurolab/model/assembly"
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

// TestNormalise: mode cap leaves rows below the target alone and scales
// rows above it down to it; fix scales every row to the target; fixrc then
// scales every column to it (weights stay in [0, w_max]).
func TestNormalise(t *testing.T) {
	for _, mode := range []string{"cap", "fix", "fixrc"} {
		t.Run(mode, func(t *testing.T) {
			p := Default(experiment.Quick)
			p.NormMode = mode
			nw := newNetwork(p, rand.New(rand.NewPCG(1, 3)))
			n := p.N
			rng := rand.New(rand.NewPCG(2, 3))
			for k := range nw.h.W {
				if k/n != k%n {
					nw.h.W[k] = 0.3 * p.WMax * rng.Float64()
				}
			}
			for k := 0; k < n; k++ { // row 0 below the target, row 1 above
				nw.h.W[k] *= 0.1
				if k != 1 {
					nw.h.W[n+k] = p.WMax
				}
			}
			before0 := 0.0
			for k := 0; k < n; k++ {
				before0 += nw.h.W[k]
			}
			nw.normalise()
			row := func(i int) (s float64) {
				for j := 0; j < n; j++ {
					s += nw.h.W[i*n+j]
				}
				return
			}
			col := func(j int) (s float64) {
				for i := 0; i < n; i++ {
					s += nw.h.W[i*n+j]
				}
				return
			}
			const tol = 1e-9
			switch mode {
			case "cap":
				if math.Abs(row(0)-before0) > tol {
					t.Errorf("row below target changed: got %g, want %g", row(0), before0)
				}
				if math.Abs(row(1)-nw.cap) > tol {
					t.Errorf("row above target: got %g, want %g ± %g", row(1), nw.cap, tol)
				}
			case "fix":
				for i := 0; i < n; i++ {
					if math.Abs(row(i)-nw.cap) > tol {
						t.Fatalf("row %d: got %g, want %g ± %g", i, row(i), nw.cap, tol)
					}
				}
			case "fixrc":
				for j := 0; j < n; j++ {
					if math.Abs(col(j)-nw.cap) > tol {
						t.Fatalf("column %d: got %g, want %g ± %g", j, col(j), nw.cap, tol)
					}
				}
			}
			for k, w := range nw.h.W {
				if w < 0 || w > p.WMax {
					t.Fatalf("W[%d] = %g outside [0, %g]", k, w, p.WMax)
				}
			}
		})
	}
}

// planted returns the t0-style weight matrix (w_max within assemblies,
// zero between) for the membership lab.
func planted(p Params, lab []int) []float64 {
	n := p.N
	W := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && lab[i] == lab[j] {
				W[i*n+j] = p.WMax
			}
		}
	}
	return W
}

// TestCodesFollowPlantedDrift: planted assemblies exchange members (two
// random neurons of different assemblies swap, twice per step) until the
// membership is unrelated to the initial one (ARI ≈ 0). Probing at every
// step, the plastic inputs and readouts keep classifying the stimuli
// (accuracy ≥ 0.9 over the last 10 steps), while the fixed t0 codes fall to
// ≤ 1/m + 0.15: the learning rule follows members that move, and the
// accuracy check can fail. It uses the Drift2 w_max = 0.024 and ρ = 0.0015
// (assembly branching 0.46); the fixed codes' 0.30 is close to the spec's
// 0.317, so the margin is small (seeded, deterministic). With the default near-critical w_max = 0.05 the same
// planted drift leaves the fixed codes at 0.63 (plastic 1.00), because the
// strongly reverberating echo still carries the directly driven neurons, so
// at default parameters the fixed-readout check cannot reach chance even
// with complete remodelling.
func TestCodesFollowPlantedDrift(t *testing.T) {
	p := Default(experiment.Quick)
	p.WMax, p.Rho = 0.024, 0.0015
	n, size := p.N, p.N/p.M
	rng := rand.New(rand.NewPCG(5, 6))
	lab := make([]int, n)
	for i := range lab {
		lab[i] = i / size
	}
	lab0 := append([]int(nil), lab...)
	plastic, fixed := initialCodes(p), initialCodes(p)
	const steps, last = 80, 10
	var aP, aF float64
	for s := 0; s < steps; s++ {
		for k := 0; k < 2; k++ {
			i, j := rng.IntN(n), rng.IntN(n)
			for lab[i] == lab[j] {
				j = rng.IntN(n)
			}
			lab[i], lab[j] = lab[j], lab[i]
		}
		W := planted(p, lab)
		accP := newProber(p, W, rand.New(rand.NewPCG(7, uint64(2*s)))).session(plastic, true)
		accF := newProber(p, W, rand.New(rand.NewPCG(7, uint64(2*s+1)))).session(fixed, false)
		if s >= steps-last {
			aP += accP / last
			aF += accF / last
		}
	}
	if ari := assembly.ARI(lab0, lab); ari > 0.1 {
		t.Fatalf("planted drift not complete: ARI got %g, want ≤ 0.1", ari)
	}
	if aP < 0.9 {
		t.Errorf("plastic accuracy after planted drift got %g, want ≥ 0.9", aP)
	}
	if lim := 1/float64(p.M) + 0.15; aF > lim {
		t.Errorf("fixed accuracy after planted drift got %g, want ≤ %g", aF, lim)
	}
	t.Logf("plastic %.3f, fixed %.3f", aP, aF)
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

// knownFailures are the checks this surrogate does not reproduce (see the
// package doc and res.Notes): the assemblies drift with intact structure
// but far too slowly for complete remodelling in the spec's run length
// (default, seed 1: ARI 0.67 after 7e5 s, 97 intervals with CV 3.4,
// spacing 0.103× the mean interval; quick, 7e4 s: ARI 0.98, 9 intervals),
// so the fixed readout keeps working; faster drift melts the assemblies.
var knownFailures = map[string]bool{
	"complete_remodelling": true,
	"readout_fixed":        true,
	"interval_count":       true,
	"spacing":              true,
	"interval_cv":          true,
}

// TestQuick runs the experiment at quick scale with 1 and 2 workers: the
// metrics are identical and finite, every check outside knownFailures
// passes, and the four figures are produced.
func TestQuick(t *testing.T) {
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
		if !c.Pass && !knownFailures[c.Name] {
			t.Errorf("check %s: got %v, want %s %v", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
	if len(a.Figures) != 4 {
		t.Errorf("figures: got %d, want 4", len(a.Figures))
	}
	for _, n := range a.Notes {
		t.Log("note:", n)
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

// BenchmarkProbeCheckpoint120 runs one checkpoint's probes on the planted
// default network: a plastic and a fixed session of probe_trials
// presentations of each of the 6 stimuli (120 trials).
func BenchmarkProbeCheckpoint120(b *testing.B) {
	p := Default(experiment.Default)
	nw := newNetwork(p, rand.New(rand.NewPCG(1, 2)))
	plastic, fixed := initialCodes(p), initialCodes(p)
	for it := 0; it < b.N; it++ {
		newProber(p, nw.h.W, rand.New(rand.NewPCG(3, uint64(2*it)))).session(plastic, true)
		newProber(p, nw.h.W, rand.New(rand.NewPCG(3, uint64(2*it+1)))).session(fixed, false)
	}
}
