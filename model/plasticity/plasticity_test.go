package plasticity

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randDense(rng *rand.Rand, r, c int) *Dense {
	m := NewDense(r, c)
	for i := range m.Data {
		m.Data[i] = rng.Float64()
	}
	return m
}

func TestHebbClosedForm(t *testing.T) {
	m := NewDense(2, 3)
	Hebb(m, 0.5, []float64{1, 2}, []float64{3, 4, 5})
	want := []float64{1.5, 2, 2.5, 3, 4, 5}
	for i, w := range want {
		if math.Abs(m.Data[i]-w) > 1e-15 {
			t.Fatalf("Hebb element %d: got %g, want %g ± 1e-15", i, m.Data[i], w)
		}
	}
}

func TestClip(t *testing.T) {
	x := []float64{-1, 0.5, 3}
	Clip(x, 0, 1)
	for i, w := range []float64{0, 0.5, 1} {
		if x[i] != w {
			t.Errorf("Clip element %d: got %g, want %g", i, x[i], w)
		}
	}
}

func TestNormalizeRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name   string
		p      Norm
		target float64
		k      int
	}{
		{"L1 joint pair", L1, 0.6, 2},
		{"L1 single", L1, 0.3, 1},
		{"L2 joint triple", L2, 1.5, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := make([]*Dense, tc.k)
			for k := range ms {
				ms[k] = randDense(rng, 7, 4+k)
			}
			// A zero row must be skipped, not turned into NaN.
			for _, m := range ms {
				for j := range m.Row(3) {
					m.Row(3)[j] = 0
				}
			}
			// Ratios within a row must be preserved (a joint rescaling).
			ratio := ms[0].Data[1] / ms[len(ms)-1].Data[1]
			NormalizeRows(tc.p, tc.target, ms...)
			for i := 0; i < 7; i++ {
				got := RowNorm(tc.p, i, ms...)
				want := tc.target
				if i == 3 {
					want = 0
				}
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("row %d norm: got %.12g, want %g ± 1e-9", i, got, want)
				}
			}
			if r := ms[0].Data[1] / ms[len(ms)-1].Data[1]; math.Abs(r-ratio) > 1e-12*math.Abs(ratio) {
				t.Errorf("within-row ratio: got %g, want %g", r, ratio)
			}
		})
	}
}

func TestRejectionMean(t *testing.T) {
	// Density 2s on [0,1] has mean 2/3 and variance 1/18.
	r := Rejection{PDF: func(s float64) float64 { return 2 * s }, Lo: 0, Hi: 1, Height: 2}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 200000
	var m float64
	for i := 0; i < n; i++ {
		m += r.Sample(rng)
	}
	m /= n
	tol := 4 * math.Sqrt(1.0/18/n)
	if math.Abs(m-2.0/3) > tol {
		t.Errorf("rejection mean: got %g, want %g ± %g", m, 2.0/3, tol)
	}
}

func TestTurnoverSurvival(t *testing.T) {
	// Original synapses carry weight 1, new ones 0: the surviving original
	// fraction after d steps of n-of-N turnover is (1 − n/N)^d in expectation.
	const total, N, n, days, reps = 10000, 1200, 114, 30, 40
	rng := rand.New(rand.NewPCG(5, 6))
	one := func(*rand.Rand) float64 { return 1 }
	zero := func(*rand.Rand) float64 { return 0 }
	var surv float64
	for r := 0; r < reps; r++ {
		s := NewSites(rng, total, N, one)
		for d := 0; d < days; d++ {
			s.Turnover(rng, n, zero, nil, nil)
			// invariants: N distinct occupied sites, occupancy consistent
			seen := map[int32]bool{}
			for _, k := range s.Index {
				if seen[k] || !s.Occupied(int(k)) {
					t.Fatalf("rep %d day %d: site %d duplicated or not marked", r, d, k)
				}
				seen[k] = true
			}
			if len(seen) != N {
				t.Fatalf("got %d synapses, want %d", len(seen), N)
			}
		}
		for _, w := range s.W {
			surv += w
		}
	}
	surv /= N * reps
	want := math.Pow(1-float64(n)/N, days)
	tol := 4 * math.Sqrt(want*(1-want)/(N*reps))
	if math.Abs(surv-want) > tol {
		t.Errorf("survival after %d days: got %g, want %g ± %g", days, surv, want, tol)
	}
}

func TestOUAutocorrelation(t *testing.T) {
	const tau, n, steps = 10.0, 2000, 200
	alpha := math.Exp(-1 / tau)
	rng := rand.New(rand.NewPCG(7, 8))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	x0 := append([]float64(nil), x...)
	for s := 1; s <= steps; s++ {
		OUStep(x, alpha, rng)
		if s == 5 || s == 20 {
			var c, v float64
			for i := range x {
				c += x[i] * x0[i]
				v += x[i] * x[i]
			}
			c /= n
			v /= n
			want := math.Pow(alpha, float64(s))
			if math.Abs(c-want) > 4/math.Sqrt(n) {
				t.Errorf("lag %d autocorrelation: got %g, want %g ± %g", s, c, want, 4/math.Sqrt(n))
			}
			if math.Abs(v-1) > 0.15 {
				t.Errorf("lag %d variance: got %g, want 1 ± 0.15", s, v)
			}
		}
	}
}

func TestGainBiasConverges(t *testing.T) {
	// Encoding homeostasis of Rule & O'Leary: λ = exp(γx+β) with
	// β += 0.2(4 − mean λ), γ += 0.1(1 − std λ/5) reaches mean 4, SD 5.
	rng := rand.New(rand.NewPCG(9, 10))
	x := make([]float64, 60)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	g := NewGainBias(1, 0, -2, 4, 5)
	lam := make([]float64, len(x))
	for it := 0; it < 2000; it++ {
		for i := range x {
			lam[i] = math.Exp(g.Gamma[0]*x[i] + g.Beta[0])
		}
		g.Step(0, lam, 0.2, 0.1)
	}
	m, s := MeanSD(lam)
	if math.Abs(m-4) > 1e-3 || math.Abs(s-5) > 1e-3 {
		t.Errorf("homeostasis: got mean %g SD %g, want 4, 5 ± 1e-3", m, s)
	}
	// Leaky integration has the fixed point β = ε_μ/(1−ι).
	h := NewGainBias(1, 0, 0, 4, 5)
	q := []float64{1, 2, 3}
	for it := 0; it < 100; it++ {
		h.Leaky(0, q, 0.5)
	}
	if math.Abs(h.Beta[0]-2*(4-2)) > 1e-12 {
		t.Errorf("leaky β: got %g, want %g", h.Beta[0], 4.0)
	}
}

func newTestNet(rng *rand.Rand) *EINet {
	n := NewEINet(80, 20, 80)
	n.DtTauE, n.DtTauI, n.Gain, n.Power = 0.5, 1/1.7, 0.04, 2
	n.Eta = [4]float64{1e-7, 1.5e-7, 2e-7, 2.5e-7}
	n.Budgets = [4]float64{0.6, 0.3, 0.85, 0.35}
	for _, m := range []*Dense{n.W, n.K, n.M, n.P} {
		for i := range m.Data {
			m.Data[i] = math.Abs(0.2 + 0.1*rng.NormFloat64())
		}
	}
	NormalizeRows(L1, 0.6, n.W)
	NormalizeRows(L1, 0.3, n.M)
	NormalizeRows(L1, 0.85, n.K)
	NormalizeRows(L1, 0.35, n.P)
	return n
}

func tuned(yin []float64, s float64) {
	for k := range yin {
		d := math.Abs(s - float64(k)*math.Pi/float64(len(yin)))
		d = math.Min(d, math.Pi-d)
		sig := 12 * math.Pi / 180
		yin[k] = 140 * math.Exp(-d*d/(2*sig*sig))
	}
}

func TestEINetInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	n := newTestNet(rng)
	n.Eta = [4]float64{1e-5, 1.5e-5, 2e-5, 2.5e-5} // fast, to move the weights
	yin := make([]float64, 80)
	for step := 0; step < 2000; step++ {
		if step%20 == 0 {
			tuned(yin, rng.Float64()*math.Pi)
		}
		if !n.Step(yin, true) {
			t.Fatalf("step %d: network diverged", step)
		}
		if step%100 != 99 {
			continue
		}
		for i := 0; i < 80; i++ {
			if d := math.Abs(RowNorm(L1, i, n.W, n.U) - 0.6); d > 1e-9 {
				t.Fatalf("step %d row %d: |W|+|U| off by %g, want 0 ± 1e-9", step, i, d)
			}
			if d := math.Abs(RowNorm(L1, i, n.M) - 0.3); d > 1e-9 {
				t.Fatalf("step %d row %d: |M| off by %g", step, i, d)
			}
		}
		for i := 0; i < 20; i++ {
			if d := math.Abs(RowNorm(L1, i, n.K, n.Q) - 0.85); d > 1e-9 {
				t.Fatalf("step %d row %d: |K|+|Q| off by %g", step, i, d)
			}
			if d := math.Abs(RowNorm(L1, i, n.P) - 0.35); d > 1e-9 {
				t.Fatalf("step %d row %d: |P| off by %g", step, i, d)
			}
		}
		for _, m := range []*Dense{n.W, n.U, n.M, n.K, n.Q, n.P} {
			for _, w := range m.Data {
				if w < 0 {
					t.Fatalf("negative weight %g", w)
				}
			}
		}
	}
	// U started at zero and must have grown through Hebbian increments.
	if RowNorm(L1, 0, n.U) == 0 {
		t.Errorf("U row 0 still zero after learning")
	}
}

func TestEINetDivergesWithoutNormalisation(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	n := newTestNet(rng)
	n.Eta = [4]float64{1e-4, 1.5e-4, 2e-4, 2.5e-4}
	n.Normalise = false
	yin := make([]float64, 80)
	for step := 0; step < 200000; step++ {
		if step%20 == 0 {
			tuned(yin, rng.Float64()*math.Pi)
		}
		if !n.Step(yin, true) {
			return
		}
	}
	t.Errorf("network without normalisation did not diverge in 2e5 steps")
}

func TestEINetNoAlloc(t *testing.T) {
	n := newTestNet(rand.New(rand.NewPCG(1, 1)))
	yin := make([]float64, 80)
	tuned(yin, 1)
	if a := testing.AllocsPerRun(100, func() { n.Step(yin, true) }); a != 0 {
		t.Errorf("EINet.Step allocates %g times per step, want 0", a)
	}
}

func BenchmarkEINetStep80E20I80In(b *testing.B) {
	n := newTestNet(rand.New(rand.NewPCG(1, 1)))
	yin := make([]float64, 80)
	tuned(yin, 1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		n.Step(yin, true)
	}
}

func TestNewSitesDistinct(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, tc := range []struct {
		name     string
		total, n int
	}{{"sparse", 1000, 100}, {"dense", 10, 8}, {"full", 7, 7}} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSites(rng, tc.total, tc.n, func(*rand.Rand) float64 { return 1 })
			seen := map[int32]bool{}
			for _, k := range s.Index {
				if seen[k] || k < 0 || int(k) >= tc.total || !s.Occupied(int(k)) {
					t.Fatalf("site %d duplicated, out of range or unmarked", k)
				}
				seen[k] = true
			}
			if len(seen) != tc.n {
				t.Errorf("got %d distinct sites, want %d", len(seen), tc.n)
			}
		})
	}
}
