package kallekossio2021

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/exptest"
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
// (assembly branching 0.46) and the default code rule (code_cap 2): plastic
// 1.000, fixed 0.303, close to the spec's 0.317, so the margin is small
// (seeded, deterministic). The fixed codes stay above chance because the
// fixed input and readout select the same neurons. (With planted
// near-critical assemblies, w_max = 0.05 and branching 0.95, the earlier
// design's fixed codes kept 0.63; the default network now has branching
// 0.7125, and its fixed readout fell to 0.26–0.29 at default scale.)
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
	if ari := stats.AdjustedRand(lab0, lab); ari > 0.1 {
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
		exptest.RunInputError(t, New(), set)
	}
}

// knownQuickShortfalls are the checks that quick scale cannot meet: it
// simulates a tenth of the default run (7e4 s, 0.35–0.65 mean dwell times),
// so remodelling is incomplete (seeds 1–3: ARI 0.40–0.45, 10–39 intervals,
// spacing 0.20–0.42 of the mean interval, fixed readout 0.94–0.97) and the
// CV of so few intervals is noise. At default scale every check passed at
// seeds 1–3 (see the package doc).
var knownQuickShortfalls = map[string]string{
	"complete_remodelling": "incomplete remodelling at a tenth of the default run (ARI 0.40-0.45)",
	"readout_fixed":        "fixed readout 0.94-0.97 at a tenth of the default run",
	"interval_count":       "10-39 intervals at a tenth of the default run",
	"spacing":              "spacing 0.20-0.42 of the mean interval at a tenth of the default run",
	"interval_cv":          "the CV of so few intervals is noise",
}

// TestQuick runs the experiment at quick scale with 1 and 2 workers: the
// metrics are identical and finite, every check outside knownQuickShortfalls
// passes, and the four figures are produced. A third run with the
// recruiting code rules (recruit = 1, learn_win = trial) gives the same
// value of every metric but accuracy_plastic (the same with 1 and 2
// workers): the codes are probed on frozen copies and do not shape the
// network or its drift.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("quick run takes seconds")
	}
	a := exptest.Deterministic(t, New(), nil)
	exptest.Log(t, a)
	exptest.Finite(t, a)
	exptest.AllPass(t, a, exptest.Want{Figures: 4, Known: knownQuickShortfalls})
	rec := exptest.Deterministic(t, New(), map[string]string{"recruit": "1", "learn_win": "trial"})
	for k, v := range a.Metrics {
		if k != "accuracy_plastic" && rec.Metrics[k] != v {
			t.Errorf("metric %s: default code rules %g, recruiting code rules %g, want equal", k, v, rec.Metrics[k])
		}
	}
	if rec.Metrics["accuracy_plastic"] < 0.9 {
		t.Errorf("accuracy_plastic with recruiting code rules got %g, want ≥ 0.9", rec.Metrics["accuracy_plastic"])
	}
}

// TestDefaultScale (opt-in, KK_DEFAULT=1; ≈ 20 s CPU per seed) asserts
// every check at default scale for seeds 1–3, where the defaults were
// calibrated (seed 1: ARI 0.000, 439 intervals, CV 1.11, spacing 0.074,
// within/between ≥ 14.2, plastic 0.997, fixed 0.294; see the package doc).
func TestDefaultScale(t *testing.T) {
	if os.Getenv("KK_DEFAULT") == "" {
		t.Skip("set KK_DEFAULT=1 to run the default scale (≈ 1 min CPU)")
	}
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			res, err := New().Run(context.Background(), experiment.Config{Seed: seed, Scale: experiment.Default, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range res.Checks {
				t.Logf("check %s: %.4g %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
				if !c.Pass {
					t.Errorf("check %s: got %v, want %s %v", c.Name, c.Value, c.Op, c.Threshold)
				}
			}
		})
	}
}

// TestResetNeuron: a neuron-level turnover event replaces row i and column
// i of W (silent synapses for reset_max = 0, U(0, reset_max·w_max)
// otherwise) and leaves every other weight and the self weight alone.
func TestResetNeuron(t *testing.T) {
	for _, rm := range []float64{0, 0.3} {
		t.Run(fmt.Sprintf("reset_max=%g", rm), func(t *testing.T) {
			p := Default(experiment.Quick)
			p.ResetMax = rm
			nw := newNetwork(p, rand.New(rand.NewPCG(4, 5)))
			n := p.N
			before := append([]float64(nil), nw.h.W...)
			const i = 7
			nw.resetNeuron(i)
			hi := rm * p.WMax
			for a := 0; a < n; a++ {
				for b := 0; b < n; b++ {
					w := nw.h.W[a*n+b]
					switch {
					case a == b:
						if w != before[a*n+b] {
							t.Fatalf("self weight W[%d,%d] changed: got %g, want %g", a, b, w, before[a*n+b])
						}
					case a == i || b == i:
						if w < 0 || w > hi {
							t.Fatalf("W[%d,%d] = %g, want in [0, %g]", a, b, w, hi)
						}
					default:
						if w != before[a*n+b] {
							t.Fatalf("W[%d,%d] changed: got %g, want %g", a, b, w, before[a*n+b])
						}
					}
				}
			}
			if nw.nresets != 1 {
				t.Errorf("nresets got %d, want 1", nw.nresets)
			}
		})
	}
}

// TestNeuronTurnoverRate: neuron-level turnover events form a Poisson
// process of total rate λ_neuron·N: the count over a run matches λ·N·T
// within 5 standard deviations (√(λNT)).
func TestNeuronTurnoverRate(t *testing.T) {
	p := Default(experiment.Quick)
	p.N, p.M, p.Mu, p.LamNeuron = 12, 2, 0, 1e-3
	nw := newNetwork(p, rand.New(rand.NewPCG(6, 7)))
	const T = 2e5
	if err := nw.run(context.Background(), T); err != nil {
		t.Fatal(err)
	}
	want := p.LamNeuron * float64(p.N) * T
	if got := float64(nw.nresets); math.Abs(got-want) > 5*math.Sqrt(want) {
		t.Errorf("neuron resets got %g, want %g ± %g", got, want, 5*math.Sqrt(want))
	}
}

// TestNormUpMax: with norm_up_max a depleted row is scaled up by at most
// that factor per normalisation; without it, to the target.
func TestNormUpMax(t *testing.T) {
	for _, up := range []float64{0, 1.05} {
		t.Run(fmt.Sprintf("norm_up_max=%g", up), func(t *testing.T) {
			p := Default(experiment.Quick)
			p.NormUpMax = up
			nw := newNetwork(p, rand.New(rand.NewPCG(1, 3)))
			n := p.N
			row := nw.h.W[:n]
			for k := range row {
				row[k] *= 0.5 // row 0 at half the target (entries 0.5·cap/19 < w_max)
			}
			s0 := sum(row)
			nw.normalise()
			want := nw.cap
			if up > 0 {
				want = up * s0
			}
			if got := sum(row); math.Abs(got-want) > 1e-12 {
				t.Errorf("row sum got %g, want %g ± 1e-12", got, want)
			}
		})
	}
}

// TestBalanceCap: code_cap > 0 scales down only neurons whose summed weight
// over channels exceeds code_cap·M/N, then each channel back to Σ = 1;
// code_cap = 0 fixes every neuron's sum to M/N first.
func TestBalanceCap(t *testing.T) {
	mk := func() [][]float64 {
		// Two channels over four neurons; neuron 0 is claimed by both.
		return [][]float64{{0.5, 0.3, 0.2, 0}, {0.5, 0, 0.1, 0.4}}
	}
	X := mk()
	sinkhornStep(X, 1.5) // cap 1.5·2/4 = 0.75: neuron 0 (sum 1) is scaled to 0.75, the others untouched
	want := [][]float64{{0.375, 0.3, 0.2, 0}, {0.375, 0, 0.1, 0.4}}
	for m := range want {
		s := 0.0
		for _, v := range want[m] {
			s += v
		}
		for i := range want[m] {
			if w := want[m][i] / s; math.Abs(X[m][i]-w) > 1e-12 {
				t.Errorf("cap: X[%d][%d] got %g, want %g", m, i, X[m][i], w)
			}
		}
	}
	X = mk()
	sinkhornStep(X, 0)
	for m := range X {
		s := 0.0
		for _, v := range X[m] {
			s += v
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("fix: channel %d sums to %g, want 1", m, s)
		}
	}
	// Neuron 1 (only channel 0, 0.3) is scaled to 0.5 before the channel
	// step, neuron 0 (1.0) to 0.5: their ratio within channel 0 becomes
	// (0.5·0.5/1)/(0.5) = 0.5.
	if r := X[0][0] / X[0][1]; math.Abs(r-0.5) > 1e-12 {
		t.Errorf("fix: X[0][0]/X[0][1] got %g, want 0.5", r)
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

// TestRecruit: the closed form of the homeostatic recruitment. Two
// channels over six neurons (M/N = 1/3; θ = 1/2, so a neuron is unclaimed
// in proportion to u_i = max(0, 1 − 6·S_i)). In "shared", channel 0 holds
// neurons 0–1 and channel 1 holds them too, plus 1/12 on neuron 3:
// c = (0.25 + 0.5·5/12)/(0.5 + 0.5·11/12), u = (0, 0, 1, 1/2, 1, 1), and
// channel 0 moves c² of its weight (rate 1) onto u/3.5. A channel alone on
// its neurons (c = 0) and a code with no unclaimed neuron (θ = 0.3: claimed
// from S = 0.1) do not move.
func TestRecruit(t *testing.T) {
	c := (0.25 + 0.5*(5.0/12)) / (0.5 + 0.5*(11.0/12))
	f := c * c
	u := []float64{0, 0, 1, 0.5, 1, 1}
	shared := make([]float64, 6)
	for i := range shared {
		x := 0.0
		if i < 2 {
			x = 0.5
		}
		shared[i] = (1-f)*x + f*u[i]/3.5
	}
	buf := make([]float64, 6)
	for _, tc := range []struct {
		name  string
		X     [][]float64
		theta float64
		want  []float64
	}{
		{"shared", [][]float64{{0.5, 0.5, 0, 0, 0, 0}, {0.5, 0.5 - 1.0/12, 0, 1.0 / 12, 0, 0}}, 0.5, shared},
		{"alone", [][]float64{{0.5, 0.5, 0, 0, 0, 0}, {0, 0, 0.5, 0.5, 0, 0}}, 0.5, []float64{0.5, 0.5, 0, 0, 0, 0}},
		{"none unclaimed", [][]float64{{0.5, 0.5, 0, 0, 0, 0}, {0.25, 0.25, 0.125, 0.125, 0.125, 0.125}}, 0.3,
			[]float64{0.5, 0.5, 0, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			X := tc.X
			recruit(X, 0, 1, tc.theta, buf)
			s := 0.0
			for i, w := range tc.want {
				s += X[0][i]
				if math.Abs(X[0][i]-w) > 1e-12 {
					t.Errorf("X[0][%d] got %g, want %g ± 1e-12", i, X[0][i], w)
				}
			}
			if math.Abs(s-1) > 1e-12 {
				t.Errorf("Σ X[0] got %g, want 1 ± 1e-12", s)
			}
		})
	}
}

// TestBestReadout: the readout with the largest weighted response wins,
// the first on ties, and −1 when every response is 0.
func TestBestReadout(t *testing.T) {
	R := [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 1, 0}}
	for _, tc := range []struct {
		x    []float64
		want int
	}{{[]float64{2, 1, 0}, 0}, {[]float64{0, 3, 1}, 1}, {[]float64{0, 0, 5}, -1}} {
		if got := bestReadout(R, tc.x); got != tc.want {
			t.Errorf("bestReadout(%v) got %d, want %d", tc.x, got, tc.want)
		}
	}
}

// TestRecruitAfterMerge: planted assemblies where channel 1 has lost its
// assembly to channel 0 (both drive assembly 0, as after a merge) and
// assembly 1 is driven by no channel. With the recruitment (recruit = 1) one
// of the two channels moves onto assembly 1 (≥ 0.9 of its weight) and the
// other stays on assembly 0; which one moves is decided by the probe noise
// (the two are alike), so the test asserts the attachment, not the
// pairing with the readouts. Without it (recruit = 0) neither channel
// reaches assembly 1 (< 0.1 of the weight of each).
func TestRecruitAfterMerge(t *testing.T) {
	for _, rc := range []float64{1, 0} {
		t.Run(fmt.Sprintf("recruit=%g", rc), func(t *testing.T) {
			p := Default(experiment.Quick)
			p.WMax, p.Rho, p.Recruit = 0.024, 0.0015, rc
			n, size := p.N, p.N/p.M
			lab := make([]int, n)
			for i := range lab {
				lab[i] = i / size
			}
			W := planted(p, lab)
			c := initialCodes(p)
			copy(c.V[1], c.V[0])
			for s := 0; s < 30; s++ {
				newProber(p, W, rand.New(rand.NewPCG(9, uint64(s)))).session(c, true)
			}
			var on [2][2]float64 // on[channel][assembly]
			for ch := 0; ch < 2; ch++ {
				for i := 0; i < 2*size; i++ {
					on[ch][i/size] += c.V[ch][i]
				}
			}
			t.Logf("weight of channels 0, 1 on assemblies 0, 1: %.3f", on)
			if rc > 0 {
				moved := max(on[0][1], on[1][1])
				stayed := max(on[0][0], on[1][0])
				if moved < 0.9 || stayed < 0.9 {
					t.Errorf("weight on assembly 1 got %.3f, on assembly 0 got %.3f (of the other channel), want ≥ 0.9 each", moved, stayed)
				}
			} else if on[0][1] >= 0.1 || on[1][1] >= 0.1 {
				t.Errorf("weight on assembly 1 got %.3f, %.3f, want < 0.1", on[0][1], on[1][1])
			}
		})
	}
}

// TestRunCancelAnyNormEvery checks that a cancelled run stops within
// runawayEvery spikes whatever norm_every is: the check sat inside the
// normalisation branch and so ran only every lcm(norm_every, 2¹⁶) spikes,
// never within this run at norm_every = 65537.
func TestRunCancelAnyNormEvery(t *testing.T) {
	p := Default(experiment.Default)
	p.NormEvery = 65537
	nw := newNetwork(p, rand.New(rand.NewPCG(7, 8)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tEnd := 2e4 * unitsPerSecond // ≈ 6·10⁵ spikes at the initial rate
	err := nw.run(ctx, tEnd)
	if err != context.Canceled {
		t.Fatalf("run with a cancelled context returned %v after %d spikes, want context.Canceled", err, nw.spikes)
	}
	if nw.spikes != runawayEvery {
		t.Errorf("cancelled run stopped after %d spikes, want %d", nw.spikes, runawayEvery)
	}
}
