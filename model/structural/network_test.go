package structural

import (
	"math"
	"math/rand/v2"
	"testing"
)

// checkInvariants verifies the bookkeeping: every count in [0, S_max], the
// synapse list and the per-pair counts agree, positions are a bijection, and
// the stored pair sums equal the sums of the stored weights.
func checkInvariants(t *testing.T, nt *Network) {
	t.Helper()
	n, sm := nt.P.N, nt.P.SMax
	total := 0
	for q, c := range nt.count {
		if int(c) > sm {
			t.Fatalf("pair %d: count %d > S_max %d", q, c, sm)
		}
		if q/n == q%n && c != 0 {
			t.Fatalf("self-pair %d has %d synapses", q, c)
		}
		total += int(c)
		s := 0.0
		for k := 0; k < int(c); k++ {
			s += nt.ws[q*sm+k]
		}
		if d := math.Abs(s - nt.wsum[q]); d > 1e-9*(1+math.Abs(s)) {
			t.Fatalf("pair %d: stored sum %g, want %g", q, nt.wsum[q], s)
		}
	}
	if total != len(nt.syn) {
		t.Fatalf("sum of counts %d != synapse list length %d", total, len(nt.syn))
	}
	seen := map[int32]bool{}
	for idx, site := range nt.syn {
		q := int(site) / sm
		if int(site)%sm >= int(nt.count[q]) {
			t.Fatalf("list entry %d: site %d beyond its pair's count %d", idx, site, nt.count[q])
		}
		if seen[site] {
			t.Fatalf("site %d listed twice", site)
		}
		seen[site] = true
		if int(nt.pos[site]) != idx {
			t.Fatalf("pos[%d] = %d, want %d", site, nt.pos[site], idx)
		}
	}
}

func TestBookkeepingInvariants(t *testing.T) {
	p := Default().Compressed(24 * 50) // fast turnover: many events per step
	p.N = 40
	p.SMax = 4
	rng := rand.New(rand.NewPCG(1, 2))
	nt := New(p, rng)
	stim := make([]float64, p.N)
	maxCount := 0
	for step := 0; step < 20000; step++ {
		for i := range stim {
			stim[i] = 0
		}
		// Drive a rotating group hard so that all plasticity regimes occur.
		if step%200 < 100 {
			g := (step / 200) % 4
			for i := g * 10; i < g*10+10; i++ {
				stim[i] = 50
			}
		}
		nt.Step(stim)
		if step%1000 == 999 {
			checkInvariants(t, nt)
		}
		for _, c := range nt.count {
			maxCount = max(maxCount, int(c))
		}
	}
	cr, rm := nt.Events()
	if cr == 0 || rm == 0 || maxCount != p.SMax {
		t.Fatalf("weak test: created %d, removed %d, max count %d (want > 0, > 0, S_max = %d)", cr, rm, maxCount, p.SMax)
	}
	if int64(nt.NumSynapses()) != cr-rm {
		t.Fatalf("synapses %d, want created − removed = %d", nt.NumSynapses(), cr-rm)
	}
}

// frozen returns a small network with weight plasticity off and the neural
// noise irrelevant, for tests of the structural processes alone.
func frozen(b, d0, d1 float64) *Network {
	p := Default()
	p.N = 30
	p.SMax = 16
	p.B, p.D0, p.D1 = b, d0, d1
	nt := New(p, rand.New(rand.NewPCG(3, 4)))
	nt.Synaptic = false
	return nt
}

// TestRemovalRateMatchesFormula: synapses held at weight w survive time T with
// probability exp(−d(w)·T), d(w) = d1 + (d0 − d1)/(1 + exp(−β(w_off − w))).
func TestRemovalRateMatchesFormula(t *testing.T) {
	const d0, d1 = 0.05, 0.001 // s⁻¹, chosen so that T = 20 s spans both ends
	for _, w := range []float64{0.001, 0.15, 0.245, 0.3, 0.7} {
		t.Run("", func(t *testing.T) {
			nt := frozen(0, d0, d1)
			n := nt.P.N
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					for k := 0; i != j && k < nt.P.SMax; k++ {
						nt.AddSynapse(i, j, w)
					}
				}
			}
			n0 := float64(nt.NumSynapses())
			const T = 20.0
			for s := 0; s < int(T/nt.P.Dt+0.5); s++ {
				nt.Step(nil)
			}
			checkInvariants(t, nt)
			got := -math.Log(float64(nt.NumSynapses())/n0) / T
			want := nt.P.RemovalRate(w)
			// Binomial SE of the survivors, propagated to the rate: 4 SE.
			pSurv := math.Exp(-want * T)
			tol := 4 * math.Sqrt(pSurv*(1-pSurv)/n0) / pSurv / T
			if math.Abs(got-want) > tol {
				t.Errorf("w = %g: removal rate got %g, want %g ± %g s⁻¹", w, got, want, tol)
			}
		})
	}
}

// TestCreationAndOccupancy: with weights fixed at w₀ each site is a two-state
// Markov chain, occupied with probability b/(b + d(w₀)) at equilibrium and
// 1 − exp(−bT) after T from empty when d = 0.
func TestCreationAndOccupancy(t *testing.T) {
	cases := []struct {
		name      string
		b, d0, d1 float64
		T         float64
		want      func(p Params) float64
	}{
		{"creation only", 0.01, 0, 0, 30, func(p Params) float64 { return 1 - math.Exp(-p.B*30) }},
		{"equilibrium", 0.02, 0.08, 0.08, 300, func(p Params) float64 { return p.B / (p.B + p.RemovalRate(p.W0)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nt := frozen(c.b, c.d0, c.d1)
			for s := 0; s < int(c.T/nt.P.Dt+0.5); s++ {
				nt.Step(nil)
			}
			checkInvariants(t, nt)
			sites := float64(nt.P.N * (nt.P.N - 1) * nt.P.SMax)
			got := float64(nt.NumSynapses()) / sites
			want := c.want(nt.P)
			tol := 5 * math.Sqrt(want*(1-want)/sites)
			if math.Abs(got-want) > tol {
				t.Errorf("occupancy got %g, want %g ± %g", got, want, tol)
			}
		})
	}
}

// TestPlasticityRegimes clamps two neurons high or low with a strong
// stimulus and compares one synapse's weight with the Euler closed form
// w_n = a^n w + (1 − a^n) c of each regime (Methods).
func TestPlasticityRegimes(t *testing.T) {
	p := Default().Compressed(1000) // visible decay within seconds
	cases := []struct {
		name       string
		stimI      float64 // stimulus to post neuron 0
		stimJ      float64 // stimulus to pre neuron 1
		rate, wInf float64
	}{
		{"decay", -100, -100, p.DeltaDecay, 0},
		{"LTP", 100, 100, p.DeltaLTP, p.WMax},
		{"LTD post", 100, -100, p.DeltaLTD, 0},
		{"LTD pre", -100, 100, p.DeltaLTD, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := p
			q.N = 4
			nt := New(q, rand.New(rand.NewPCG(5, 6)))
			nt.Structural = false
			const w0 = 0.3
			nt.AddSynapse(0, 1, w0)
			stim := []float64{c.stimI, c.stimJ, -100, -100}
			const steps = 400
			for s := 0; s < steps; s++ {
				nt.Step(stim)
			}
			// v after one step is already saturated; the first step uses v = 0.5
			// (neither regime > 0.5), i.e. decay.
			a := 1 - c.rate*q.Dt
			w1 := w0 * (1 - q.DeltaDecay*q.Dt)
			want := math.Pow(a, steps-1)*w1 + (1-math.Pow(a, steps-1))*c.wInf
			if c.name == "decay" {
				want = math.Pow(a, steps) * w0
			}
			got := nt.PairWeight(0, 1)
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("w after %d steps got %.12g, want %.12g ± 1e-9", steps, got, want)
			}
		})
	}
}

// TestInhibitionFixedPoint: with no synapses, no noise and f = 1 the mean
// field has the fixed point u* = −w_inh·N·σ(u*), which the dynamics reach.
func TestInhibitionFixedPoint(t *testing.T) {
	p := Default()
	p.N = 10
	p.NoiseSD = 0
	nt := New(p, rand.New(rand.NewPCG(7, 8)))
	nt.Synaptic, nt.Structural = false, false
	for s := 0; s < 2000; s++ {
		nt.Step(nil)
	}
	// Solve u = −w_inh N σ(u) by bisection.
	lo, hi := -100.0, 0.0
	for k := 0; k < 200; k++ {
		m := (lo + hi) / 2
		if m+p.WInh*float64(p.N)/(1+math.Exp(-m)) > 0 {
			hi = m
		} else {
			lo = m
		}
	}
	for i, u := range nt.U {
		if math.Abs(u-lo) > 1e-6 {
			t.Fatalf("u[%d] got %g, want %g ± 1e-6", i, u, lo)
		}
	}
}

// grown returns an n-neuron network of the k-fold compressed model (seed 1)
// after steps unstimulated steps.
func grown(k float64, n, steps int) *Network {
	p := Default().Compressed(k)
	p.N = n
	nt := New(p, rand.New(rand.NewPCG(1, 1)))
	for s := 0; s < steps; s++ {
		nt.Step(nil)
	}
	return nt
}

func TestCloneIsIndependentAndEqual(t *testing.T) {
	a := grown(240, 20, 500)
	b := a.Clone(rand.New(rand.NewPCG(9, 9)))
	c := a.Clone(rand.New(rand.NewPCG(9, 9)))
	for s := 0; s < 500; s++ {
		b.Step(nil)
		c.Step(nil)
	}
	checkInvariants(t, b)
	if b.NumSynapses() != c.NumSynapses() || b.U[3] != c.U[3] {
		t.Fatalf("clones with equal streams diverged")
	}
}

// BenchmarkCompressedDay240 runs one compressed day (k = 24: 3600 s, 36 000
// steps) of the paper's 240-neuron network from an occupied baseline.
func BenchmarkCompressedDay240(b *testing.B) {
	p := Default().Compressed(24)
	nt := New(p, rand.New(rand.NewPCG(1, 1)))
	stim := make([]float64, p.N)
	for s := 0; s < 3000; s++ { // reach baseline occupancy quickly
		nt.Step(stim)
	}
	steps := int(Day / 24 / p.Dt)
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for s := 0; s < steps; s++ {
			if s%10 == 0 {
				for i := range stim {
					stim[i] = 0
				}
				for k := 0; k < 15; k++ {
					stim[(s/10*7+k*16)%p.N] = 50
				}
			}
			nt.Step(stim)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*steps), "µs/step")
}

// TestStepDoesNotAllocate: a step allocates nothing once the synapse list has
// grown to its working size.
func TestStepDoesNotAllocate(t *testing.T) {
	nt := grown(24, 30, 5000)
	nt.syn = append(make([]int32, 0, 4*cap(nt.syn)+1024), nt.syn...) // headroom for fluctuations
	stim := make([]float64, nt.P.N)
	if a := testing.AllocsPerRun(500, func() { nt.Step(stim) }); a != 0 {
		t.Errorf("allocations per step got %g, want 0", a)
	}
}

// TestSpikeFrequencyAdaptation: with SFA a neuron held at v = 1 builds up
// τ_ad dI_ad/dt = −I_ad − α v, which forward Euler with sub-step h gives in
// closed form I_n = −α(1 − (1 − h/τ_ad)^(n−1)) + (1 − h/τ_ad)^(n−1)·I_1
// (the first sub-step sees the initial v = 0.5); a silent neuron (v ≈ 0)
// only relaxes I_1 with factor (1 − h/τ_ad)^(n−1); f stays 1. With STD
// instead, I_ad stays 0.
func TestSpikeFrequencyAdaptation(t *testing.T) {
	for _, c := range []struct {
		name  string
		adapt Adaptation
	}{{"sfa", SpikeFrequency}, {"std", Depression}} {
		t.Run(c.name, func(t *testing.T) {
			p := Default()
			p.N, p.NoiseSD, p.Adapt = 4, 0, c.adapt
			nt := New(p, rand.New(rand.NewPCG(3, 4)))
			nt.Synaptic, nt.Structural = false, false
			stim := []float64{100, -100, -100, -100}
			const steps = 50 // 5 s = τ_ad
			for s := 0; s < steps; s++ {
				nt.Step(stim)
			}
			want, wantSilent := 0.0, 0.0
			if c.adapt == SpikeFrequency {
				a := p.Dt / float64(p.Sub) / p.TauAd
				n := steps * p.Sub
				i1 := -a * p.Alpha * 0.5
				keep := math.Pow(1-a, float64(n-1))
				want = -p.Alpha*(1-keep) + keep*i1
				wantSilent = keep * i1
				if math.Abs(nt.Fd[0]-1) > 0 {
					t.Errorf("f of the active neuron got %g, want 1 (fixed under SFA)", nt.Fd[0])
				}
			}
			// v is 1 (0) only up to e^{−16} after the first sub-step (u = ±16),
			// hence the tolerance.
			const tol = 1e-7
			if got := nt.Iad[0]; math.Abs(got-want) > tol {
				t.Errorf("I_ad of the active neuron got %.12g, want %.12g ± %g", got, want, tol)
			}
			if got := nt.Iad[1]; math.Abs(got-wantSilent) > tol {
				t.Errorf("I_ad of the silent neuron got %.12g, want %.12g ± %g", got, wantSilent, tol)
			}
		})
	}
}

// TestCompressedScalesOnlySlowRates: compression by k multiplies b, d0, d1
// and Δ_decay by k, once, and leaves every other constant (neural, STD, SFA,
// LTP, LTD time scales, w_off, β, dt) unchanged (spec, default-scale notes).
func TestCompressedScalesOnlySlowRates(t *testing.T) {
	for _, k := range []float64{1, 24, 96} {
		p := Default()
		q := p.Compressed(k)
		want := p
		want.B, want.D0, want.D1, want.DeltaDecay = k*p.B, k*p.D0, k*p.D1, k*p.DeltaDecay
		if q != want {
			t.Errorf("k = %g: got %+v, want %+v", k, q, want)
		}
	}
}

// TestFoldKeepsTrueWeights: folding a row factor R_i or a column factor C_j
// into the stored weights resets it to 1 and leaves every true weight (and
// pair sum) as it was, up to rounding.
func TestFoldKeepsTrueWeights(t *testing.T) {
	nt := grown(24, 12, 3000)
	if nt.NumSynapses() == 0 {
		t.Fatal("no synapses to fold")
	}
	nt.rf[2], nt.rf[5], nt.cf[3], nt.cf[5] = 0.5, 3e-4, 0.25, 7
	n := nt.P.N
	weights := func() (w [][]float64, pair []float64) {
		pair = make([]float64, n*n)
		nt.PairWeights(pair)
		for q := range pair {
			w = append(w, nt.Weights(nil, q/n, q%n))
		}
		return w, pair
	}
	w0, pair0 := weights()
	nt.foldRow(2)
	nt.foldRow(5)
	nt.foldCol(3)
	nt.foldCol(5)
	if nt.rf[2] != 1 || nt.rf[5] != 1 || nt.cf[3] != 1 || nt.cf[5] != 1 {
		t.Fatalf("factors after folding: R_2 %g, R_5 %g, C_3 %g, C_5 %g, want 1", nt.rf[2], nt.rf[5], nt.cf[3], nt.cf[5])
	}
	checkInvariants(t, nt)
	w1, pair1 := weights()
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-14*math.Abs(b) }
	for q := range pair0 {
		if !close(pair1[q], pair0[q]) || len(w1[q]) != len(w0[q]) {
			t.Fatalf("pair (%d, %d): W %g, %d synapses after folding, want %g, %d",
				q/n, q%n, pair1[q], len(w1[q]), pair0[q], len(w0[q]))
		}
		for k := range w0[q] {
			if !close(w1[q][k], w0[q][k]) {
				t.Fatalf("pair (%d, %d) synapse %d: %g after folding, want %g", q/n, q%n, k, w1[q][k], w0[q][k])
			}
		}
	}
}
