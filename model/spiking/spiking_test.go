package spiking

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// counts simulates h until T and returns spike counts per neuron in windows
// of length win (window k holds spikes in [k·win, (k+1)·win)).
func counts(h *Hawkes, T, win float64) [][]float64 {
	nw := int(T / win)
	c := make([][]float64, h.N)
	for i := range c {
		c[i] = make([]float64, nw)
	}
	for {
		j, ok := h.Next(T)
		if !ok {
			return c
		}
		h.Fire(j)
		if k := int(h.Time() / win); k < nw {
			c[j][k]++
		}
	}
}

func meanVar(x []float64) (m, v float64) {
	for _, a := range x {
		m += a
	}
	m /= float64(len(x))
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	return m, v / float64(len(x)-1)
}

// TestHawkesStatistics: a linear Hawkes network has stationary rates
// r = (I − τW)^{-1} μ; a Poisson neuron (W = 0) has Fano factor 1, and a
// single self-exciting neuron with branching ratio n = τW has long-window
// Fano factor 1/(1 − n)² (Hawkes 1971).
func TestHawkesStatistics(t *testing.T) {
	cases := []struct {
		name string
		tau  float64
		w    []float64
		mu   []float64
		fano float64 // expected Fano of neuron 0 (0: not checked)
	}{
		{"poisson", 1, []float64{0}, []float64{0.05}, 1},
		{"self-exciting n=0.5", 2, []float64{0.25}, []float64{0.02}, 4},
		{"3-neuron network", 1, []float64{0, 0.3, 0.1, 0.2, 0, 0.3, 0.1, 0.1, 0}, []float64{0.01, 0.02, 0.015}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := len(c.mu)
			h := NewHawkes(n, c.tau, rand.New(rand.NewPCG(1, 2)))
			copy(h.W, c.w)
			for i, m := range c.mu {
				h.SetBase(i, m)
			}
			const T, win = 4e6, 2000.0
			cnt := counts(h, T, win)
			// Expected rates.
			a := mat.NewDense(n, n, nil)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					v := -c.tau * c.w[i*n+j]
					if i == j {
						v++
					}
					a.Set(i, j, v)
				}
			}
			var r mat.VecDense
			if err := r.SolveVec(a, mat.NewVecDense(n, append([]float64(nil), c.mu...))); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < n; i++ {
				m, v := meanVar(cnt[i])
				want := r.AtVec(i) * win
				fano := v / m
				// SE of a window mean: sqrt(var/windows); 5 SE.
				tol := 5 * math.Sqrt(v/float64(len(cnt[i])))
				if math.Abs(m-want) > tol {
					t.Errorf("neuron %d: mean count got %g, want %g ± %g", i, m, want, tol)
				}
				if i == 0 && c.fano > 0 {
					// SE of a sample variance ≈ var·sqrt(2/(windows−1)) (Gaussian
					// counts), plus the finite-window bias of a self-exciting
					// process, O(τ/(1−n)/win); 5 SE.
					ftol := 5*c.fano*math.Sqrt(2/float64(len(cnt[i])-1)) + c.fano*10*c.tau/win
					if math.Abs(fano-c.fano) > ftol {
						t.Errorf("Fano factor got %g, want %g ± %g", fano, c.fano, ftol)
					}
				}
			}
		})
	}
}

// TestSTDPWindow: a pre/post pair at lag dt changes both W_01 and W_10 by
// μ(A_p e^{−|dt|/τ_p} + A_d e^{−|dt|/τ_d}).
func TestSTDPWindow(t *testing.T) {
	for _, dt := range []float64{0, 0.5, 2.5, 10} {
		t.Run("", func(t *testing.T) {
			s := NewSTDP(2, 2.5, 5, 0.08, -0.0533, 0.05, -10, 10)
			W := make([]float64, 4)
			s.Spike(W, 0, 1)
			s.Spike(W, 1, 1+dt)
			want := 0.05 * (0.08*math.Exp(-dt/2.5) - 0.0533*math.Exp(-dt/5))
			for _, q := range []int{1, 2} {
				if math.Abs(W[q]-want) > 1e-15 {
					t.Errorf("dt = %g: W[%d] got %g, want %g", dt, q, W[q], want)
				}
			}
			if W[0] != 0 || W[3] != 0 {
				t.Errorf("self weights changed: %v", W)
			}
		})
	}
}

// TestSTDPDriftOnPoisson: on independent Poisson trains at rates r_i, r_j
// the mean drift of W_ij per unit time is r_i r_j · 2μ(A_p τ_p + A_d τ_d).
func TestSTDPDriftOnPoisson(t *testing.T) {
	const n, T = 12, 2e5
	rates := make([]float64, n)
	h := NewHawkes(n, 1, rand.New(rand.NewPCG(3, 4)))
	for i := range rates {
		rates[i] = 0.05 + 0.01*float64(i)
		h.SetBase(i, rates[i])
	}
	s := NewSTDP(n, 2.5, 5, 0.08, -0.0533, 0.05, math.Inf(-1), math.Inf(1))
	W := make([]float64, n*n) // plastic copy; the trains stay independent (h.W = 0)
	for {
		j, ok := h.Next(T)
		if !ok {
			break
		}
		s.Spike(W, j, h.Time())
	}
	// Normalise each pair's drift by its expected value: the ratio has mean 1.
	var ratios []float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			ratios = append(ratios, W[i*n+j]/(rates[i]*rates[j]*s.Integral()*T))
		}
	}
	m, v := meanVar(ratios)
	tol := 5 * math.Sqrt(v/float64(len(ratios)))
	if math.Abs(m-1) > tol {
		t.Errorf("drift / expected got %g, want 1 ± %g", m, tol)
	}
}

// BenchmarkHawkesSTDP120Spikes1e6 simulates 10^6 spikes of a 120-neuron
// Hawkes network with symmetric STDP (drifting-assemblies Drift2 values).
func BenchmarkHawkesSTDP120Spikes1e6(b *testing.B) {
	const n = 120
	for it := 0; it < b.N; it++ {
		h := NewHawkes(n, 1, rand.New(rand.NewPCG(1, uint64(it))))
		for i := 0; i < n; i++ {
			h.SetBase(i, 0.0015)
			for j := 0; j < n; j++ {
				if i != j && i/20 == j/20 {
					h.W[i*n+j] = 0.024
				}
			}
		}
		s := NewSTDP(n, 2.5, 5, 0.08, -0.0533, 0.05, 0, 0.024)
		for k := 0; k < 1e6; k++ {
			j, _ := h.Next(math.Inf(1))
			h.FireSTDP(j, s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/spike")
}

// TestNoAllocation: a spike (Next, Fire, STDP) does not allocate.
func TestNoAllocation(t *testing.T) {
	const n = 50
	h := NewHawkes(n, 1, rand.New(rand.NewPCG(1, 1)))
	for i := 0; i < n; i++ {
		h.SetBase(i, 0.01)
	}
	s := NewSTDP(n, 2.5, 5, 0.08, -0.0533, 0.05, 0, 0.05)
	allocs := testing.AllocsPerRun(1000, func() {
		j, _ := h.Next(math.Inf(1))
		h.Fire(j)
		s.Spike(h.W, j, h.Time())
		j, _ = h.Next(math.Inf(1))
		h.FireSTDP(j, s)
		_, _ = h.Next(math.Inf(1))
		h.FireWith(h.W[:n])
	})
	if allocs != 0 {
		t.Errorf("allocations per spike got %g, want 0", allocs)
	}
}

// TestFireSTDPEquivalent: the fused FireSTDP gives bit-identical weights,
// intensities and spike trains to Fire followed by Spike.
func TestFireSTDPEquivalent(t *testing.T) {
	const n = 37 // not a multiple of the block size
	mk := func() (*Hawkes, *STDP) {
		h := NewHawkes(n, 1, rand.New(rand.NewPCG(3, 4)))
		rng := rand.New(rand.NewPCG(5, 6))
		for i := 0; i < n; i++ {
			h.SetBase(i, 0.002)
			for j := 0; j < n; j++ {
				if i/8 == j/8 {
					h.W[i*n+j] = 0.1 * rng.Float64() // self weights too
				}
			}
		}
		return h, NewSTDP(n, 2.5, 5, 0.08, -0.0533, 0.1, 0, 0.1)
	}
	h1, s1 := mk()
	h2, s2 := mk()
	for k := 0; k < 20000; k++ {
		j1, _ := h1.Next(math.Inf(1))
		j2, _ := h2.Next(math.Inf(1))
		if j1 != j2 || h1.Time() != h2.Time() {
			t.Fatalf("spike %d: got neuron %d at %g, want %d at %g", k, j2, h2.Time(), j1, h1.Time())
		}
		h1.Fire(j1)
		s1.Spike(h1.W, j1, h1.Time())
		h2.FireSTDP(j2, s2)
	}
	for q := range h1.W {
		if h1.W[q] != h2.W[q] {
			t.Fatalf("W[%d] got %g, want %g", q, h2.W[q], h1.W[q])
		}
	}
	for i := 0; i < n; i++ {
		if h1.Intensity(i) != h2.Intensity(i) {
			t.Fatalf("λ_%d got %g, want %g", i, h2.Intensity(i), h1.Intensity(i))
		}
	}
}

// TestHawkesLazyDecay: the lazily decayed excitation equals the closed form
// λ_i(t) = μ_i + Σ_k W_i1 e^{−(t−t_k)/τ} across the rescaling of its
// reference time (spikes 300τ apart: scale e^{300} > renormAt) and after
// changes of the baseline. The couplings and baselines are so small
// (1e-9) that no random spike occurs (probability < 1e-6).
func TestHawkesLazyDecay(t *testing.T) {
	const tau, w0, w1 = 2.0, 3e-10, 7e-10
	h := NewHawkes(2, tau, rand.New(rand.NewPCG(1, 1)))
	h.W[0*2+1], h.W[1*2+1] = w0, w1 // spikes of neuron 1 excite both
	var spikes []float64
	for k, tk := range []float64{1, 2.5, 600, 600.5, 1300} {
		if _, ok := h.Next(tk); ok {
			t.Fatalf("unexpected random spike before %g", tk)
		}
		h.Fire(1)
		spikes = append(spikes, tk)
		mu := 1e-9 * float64(k)
		h.SetBase(0, mu)
		for _, s := range []float64{0, 0.7, 3} {
			if _, ok := h.Next(tk + s); ok {
				t.Fatalf("unexpected random spike before %g", tk+s)
			}
			for i, w := range []float64{w0, w1} {
				want := 0.0
				for _, tj := range spikes {
					want += w * math.Exp(-(tk+s-tj)/tau)
				}
				if i == 0 {
					want += mu
				}
				if got := h.Intensity(i); math.Abs(got-want) > 1e-12*want {
					t.Errorf("t = %g: λ_%d got %.15g, want %.15g", tk+s, i, got, want)
				}
			}
		}
		if b := h.Base(0); b != mu {
			t.Errorf("Base(0) got %g, want %g", b, mu)
		}
	}
}

// TestFireWith: FireWith(column j of W) is bit-identical to Fire(j).
func TestFireWith(t *testing.T) {
	const n = 21
	mk := func() *Hawkes {
		h := NewHawkes(n, 1.5, rand.New(rand.NewPCG(7, 8)))
		rng := rand.New(rand.NewPCG(9, 10))
		for q := range h.W {
			h.W[q] = 0.05 * rng.Float64()
		}
		for i := 0; i < n; i++ {
			h.SetBase(i, 0.01)
		}
		return h
	}
	h1, h2 := mk(), mk()
	col := make([]float64, n)
	for k := 0; k < 5000; k++ {
		j1, _ := h1.Next(math.Inf(1))
		j2, _ := h2.Next(math.Inf(1))
		if j1 != j2 || h1.Time() != h2.Time() {
			t.Fatalf("spike %d: got neuron %d at %g, want %d at %g", k, j2, h2.Time(), j1, h1.Time())
		}
		h1.Fire(j1)
		for i := range col {
			col[i] = h2.W[i*n+j2]
		}
		h2.FireWith(col)
	}
	for i := 0; i < n; i++ {
		if h1.Intensity(i) != h2.Intensity(i) {
			t.Fatalf("λ_%d got %g, want %g", i, h2.Intensity(i), h1.Intensity(i))
		}
	}
}

// TestSTDPClip: weights stay in [WMin, WMax] under depression and
// potentiation, for the branch-free clip (WMin = 0 and −0) and the branchy
// one (WMin < 0).
func TestSTDPClip(t *testing.T) {
	for _, lo := range []float64{0, math.Copysign(0, -1), -0.01} {
		const n, hi = 3, 0.02
		s := NewSTDP(n, 2.5, 5, 0.08, -0.0533, 1, lo, hi)
		W := []float64{0, lo, hi, lo, 0, hi, 0.01, 0.01, 0}
		// Pairs at lag 4 depress (A_p e^{−4/2.5} + A_d e^{−4/5} < 0), pairs
		// at lag 0.1 potentiate; both strongly (μ = 1).
		tt := 0.0
		for k := 0; k < 40; k++ {
			tt += 4
			if k%2 == 1 {
				tt -= 3.9
			}
			s.Spike(W, k%n, tt)
			for q, w := range W {
				if q%(n+1) == 0 {
					continue
				}
				if w < lo || w > hi || (w == 0 && math.Signbit(w) && lo == 0 && !math.Signbit(lo)) {
					t.Fatalf("lo = %g: W[%d] = %g outside [%g, %g]", lo, q, w, lo, hi)
				}
			}
		}
	}
}

// TestClipBits: the branch-free clip equals the branchy one.
func TestClipBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, b := range [][2]float64{{0, 0.5}, {0.1, 0.2}, {0, math.Inf(1)}} {
		lb, hb := clipBounds(b[0], b[1])
		for k := 0; k < 10000; k++ {
			x := 2*rng.Float64() - 1
			if k%100 == 0 {
				x = []float64{0, math.Copysign(0, -1), b[0], b[1]}[k/100%4]
			}
			if got, want := clipBits(x, lb, hb), clip(x, b[0], b[1]); got != want {
				t.Fatalf("clip(%g) to [%g, %g]: got %g, want %g", x, b[0], b[1], got, want)
			}
		}
	}
}

// TestHawkesNextNoSpikeLeft: when no spike can occur any more (zero
// baseline, and an excitation that dies out without firing), Next(+∞)
// advances the clock to +∞ and reports no spike. It used to report a spike
// of neuron 0 at t = +∞.
func TestHawkesNextNoSpikeLeft(t *testing.T) {
	h := NewHawkes(3, 1, rand.New(rand.NewPCG(1, 2)))
	if i, ok := h.Next(math.Inf(1)); ok || i != -1 {
		t.Fatalf("silent network: Next(+∞) = %d, %v at t = %v; want -1, false", i, ok, h.Time())
	}
	// A subcritical self-exciting neuron without baseline (branching ratio
	// 0.1): a cascade started by one spike ends after finitely many spikes.
	h = NewHawkes(1, 1, rand.New(rand.NewPCG(3, 4)))
	h.W[0] = 0.1
	h.Fire(0)
	for k := 0; ; k++ {
		i, ok := h.Next(math.Inf(1))
		if !ok {
			break
		}
		if math.IsInf(h.Time(), 0) || k > 1000 {
			t.Fatalf("spike %d of neuron %d at t = %v: the cascade should have ended", k, i, h.Time())
		}
		h.Fire(i)
	}
}
