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
			copy(h.Base, c.mu)
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
		h.Base[i] = rates[i]
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
			h.Base[i] = 0.0015
			for j := 0; j < n; j++ {
				if i != j && i/20 == j/20 {
					h.W[i*n+j] = 0.024
				}
			}
		}
		s := NewSTDP(n, 2.5, 5, 0.08, -0.0533, 0.05, 0, 0.024)
		for k := 0; k < 1e6; k++ {
			j, _ := h.Next(math.Inf(1))
			h.Fire(j)
			s.Spike(h.W, j, h.Time())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/spike")
}

// TestNoAllocation: a spike (Next, Fire, STDP) does not allocate.
func TestNoAllocation(t *testing.T) {
	const n = 50
	h := NewHawkes(n, 1, rand.New(rand.NewPCG(1, 1)))
	for i := range h.Base {
		h.Base[i] = 0.01
	}
	s := NewSTDP(n, 2.5, 5, 0.08, -0.0533, 0.05, 0, 0.05)
	allocs := testing.AllocsPerRun(1000, func() {
		j, _ := h.Next(math.Inf(1))
		h.Fire(j)
		s.Spike(h.W, j, h.Time())
	})
	if allocs != 0 {
		t.Errorf("allocations per spike got %g, want 0", allocs)
	}
}
