package spiking

import (
	"math"
	"math/rand/v2"
)

// Hawkes is a linear Hawkes network with exponential kernels, simulated
// exactly: the time to the next spike is drawn from the superposition of
// the constant baseline intensity and the exponentially decaying
// excitation, and the spiking neuron is drawn in proportion to its share.
//
// W is N×N row-major with W[i*N+j] the jump of λ_i after a spike of j. Base
// holds the baseline intensities μ_i; callers may change W and Base between
// spikes (plasticity, stimuli).
type Hawkes struct {
	N    int
	Tau  float64   // kernel time constant τ, time units
	W    []float64 // N×N coupling, row = target
	Base []float64 // baseline intensity μ_i, per time unit

	t    float64
	exc  []float64 // excitation part of λ_i at time t
	esum float64   // Σ_i exc_i, kept by Fire and decay
	rng  *rand.Rand
}

// NewHawkes returns a network of n neurons with kernel time constant tau,
// zero couplings and zero baseline; rng draws the spikes.
func NewHawkes(n int, tau float64, rng *rand.Rand) *Hawkes {
	if n < 1 || !(tau > 0) {
		panic("spiking: NewHawkes needs n ≥ 1 and tau > 0")
	}
	return &Hawkes{N: n, Tau: tau, W: make([]float64, n*n), Base: make([]float64, n),
		exc: make([]float64, n), rng: rng}
}

// Time returns the current time.
func (h *Hawkes) Time() float64 { return h.t }

// Intensity returns λ_i at the current time.
func (h *Hawkes) Intensity(i int) float64 { return h.Base[i] + h.exc[i] }

// Next draws the next spike. If it falls at or before tEnd it advances to
// it and returns the neuron and true; otherwise it advances to tEnd and
// returns −1 and false. The caller then calls Fire (for a spike) to apply
// its kernel. Next does not allocate.
func (h *Hawkes) Next(tEnd float64) (int, bool) {
	b := 0.0
	for _, m := range h.Base {
		b += m
	}
	e := h.esum
	// Baseline event after Exp(b); excitation event: the integrated
	// intensity of the decaying part is e·τ(1 − exp(−s/τ)), so with
	// y ~ Exp(1) the event is at s = −τ ln(1 − y/(e τ)) if y < e τ.
	sb := math.Inf(1)
	if b > 0 {
		sb = h.rng.ExpFloat64() / b
	}
	se := math.Inf(1)
	if e > 0 {
		if y := h.rng.ExpFloat64(); y < e*h.Tau {
			se = -h.Tau * math.Log1p(-y/(e*h.Tau))
		}
	}
	s := math.Min(sb, se)
	if h.t+s > tEnd {
		h.decay(tEnd - h.t)
		h.t = tEnd
		return -1, false
	}
	h.decay(s)
	h.t += s
	if sb <= se {
		return categorical(h.Base, b, h.rng), true
	}
	return categorical(h.exc, e*math.Exp(-s/h.Tau), h.rng), true
}

func (h *Hawkes) decay(s float64) {
	if s == 0 {
		return
	}
	f := math.Exp(-s / h.Tau)
	e := 0.0
	for i := range h.exc {
		h.exc[i] *= f
		e += h.exc[i]
	}
	h.esum = e
}

// Fire applies the kernel of a spike of neuron j at the current time:
// λ_i += W_ij for every i.
func (h *Hawkes) Fire(j int) {
	n := h.N
	e := h.esum
	for i := 0; i < n; i++ {
		w := h.W[i*n+j]
		h.exc[i] += w
		e += w
	}
	h.esum = e
}

// Reset clears the excitation (keeps W, Base and the time).
func (h *Hawkes) Reset() { clear(h.exc); h.esum = 0 }

// categorical draws index i with probability w_i/total (w_i ≥ 0).
func categorical(w []float64, total float64, rng *rand.Rand) int {
	u := rng.Float64() * total
	last := 0
	for i, x := range w {
		if x <= 0 {
			continue
		}
		last = i
		u -= x
		if u < 0 {
			return i
		}
	}
	return last // rounding: the last positive entry
}
