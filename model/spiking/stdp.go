package spiking

import "math"

// STDP is symmetric pair-based spike-timing-dependent plasticity with two
// exponential traces per neuron (see the package doc).
type STDP struct {
	TauP, TauD float64 // trace time constants τ_p, τ_d (time units)
	AP, AD     float64 // amplitudes A_p (potentiation), A_d (depression, < 0)
	Mu         float64 // learning rate μ
	WMin, WMax float64 // clipping bounds

	xp, xd []float64 // traces at time t (jump 1 per spike)
	t      float64
}

// NewSTDP returns the rule for n neurons with zero traces at time 0.
func NewSTDP(n int, tauP, tauD, aP, aD, mu, wMin, wMax float64) *STDP {
	return &STDP{TauP: tauP, TauD: tauD, AP: aP, AD: aD, Mu: mu, WMin: wMin, WMax: wMax,
		xp: make([]float64, n), xd: make([]float64, n)}
}

// Window returns the weight change of one pair of spikes at lag dt:
// μ(A_p e^{−|dt|/τ_p} + A_d e^{−|dt|/τ_d}).
func (s *STDP) Window(dt float64) float64 {
	a := math.Abs(dt)
	return s.Mu * (s.AP*math.Exp(-a/s.TauP) + s.AD*math.Exp(-a/s.TauD))
}

// Integral returns ∫ Window(dt) d(dt) over all lags: 2μ(A_p τ_p + A_d τ_d),
// so independent Poisson trains at rates r_i, r_j drift W_ij by
// r_i r_j · Integral per unit time (before clipping).
func (s *STDP) Integral() float64 { return 2 * s.Mu * (s.AP*s.TauP + s.AD*s.TauD) }

// advance decays the traces to time t.
func (s *STDP) advance(t float64) {
	if t == s.t {
		return
	}
	dt := t - s.t
	fp, fd := math.Exp(-dt/s.TauP), math.Exp(-dt/s.TauD)
	for j := range s.xp {
		s.xp[j] *= fp
		s.xd[j] *= fd
	}
	s.t = t
}

// Spike applies the rule for a spike of neuron i at time t (≥ the last
// spike time) to the N×N matrix W (row = target): W_ij and W_ji change by
// μ(A_p x_p,j + A_d x_d,j) for every j ≠ i, clipped; then i's traces jump.
// It does not allocate.
func (s *STDP) Spike(W []float64, i int, t float64) {
	s.advance(t)
	n := len(s.xp)
	row := W[i*n : i*n+n]
	for j := 0; j < n; j++ {
		if j == i {
			continue
		}
		d := s.Mu * (s.AP*s.xp[j] + s.AD*s.xd[j])
		row[j] = clip(row[j]+d, s.WMin, s.WMax)
		W[j*n+i] = clip(W[j*n+i]+d, s.WMin, s.WMax)
	}
	s.xp[i]++
	s.xd[i]++
}

// Traces returns the potentiation and depression traces of neuron j at the
// time of the last spike.
func (s *STDP) Traces(j int) (xp, xd float64) { return s.xp[j], s.xd[j] }

func clip(x, lo, hi float64) float64 {
	// Branches rather than min/max: the builtins' NaN handling costs a
	// third of the STDP kernel, and weights are never NaN here.
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}
