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
// W is N×N row-major with W[i*N+j] the jump of λ_i after a spike of j.
// Callers may change W between spikes (plasticity) and the baseline
// intensities with SetBase (stimuli).
//
// The excitation is kept lazily decayed: exc_i(t) = x_i·e^{−(t−t₀)/τ} with
// a common reference time t₀, so advancing time costs one exp per event
// instead of N multiplications, and a spike of j adds W_ij·e^{(t−t₀)/τ} to
// x_i. When the scale e^{(t−t₀)/τ} exceeds renormAt the x_i are rescaled
// to t₀ = t (O(N), every ln(renormAt)·τ time units at most). Block sums of
// x (blocks of blk neurons) let the spiking neuron be drawn by scanning
// N/blk block sums and then one block.
type Hawkes struct {
	N   int
	Tau float64   // kernel time constant τ, time units
	W   []float64 // N×N coupling, row = target

	base  []float64 // baseline intensity μ_i, per time unit
	bcum  []float64 // cumulative sums of base (valid unless bdirt)
	bsum  float64
	bdirt bool

	t    float64
	t0   float64   // reference time of the lazily decayed excitation
	g    float64   // e^{(t−t₀)/τ}
	x    []float64 // exc_i(t)·g
	xblk []float64 // block sums of x
	xsum float64   // Σ_i x_i, kept by Fire
	rng  *rand.Rand
}

const (
	blk      = 8     // neurons per block of the categorical draw
	renormAt = 1e100 // rescale the lazy excitation when its scale exceeds this
	tiny     = 1e-280
)

// NewHawkes returns a network of n neurons with kernel time constant tau,
// zero couplings and zero baseline; rng draws the spikes.
func NewHawkes(n int, tau float64, rng *rand.Rand) *Hawkes {
	if n < 1 || !(tau > 0) {
		panic("spiking: NewHawkes needs n ≥ 1 and tau > 0")
	}
	return &Hawkes{N: n, Tau: tau, W: make([]float64, n*n), base: make([]float64, n),
		bcum: make([]float64, n), x: make([]float64, n), xblk: make([]float64, (n+blk-1)/blk),
		g: 1, rng: rng}
}

// SetBase sets the baseline intensity μ_i (≥ 0) of neuron i.
func (h *Hawkes) SetBase(i int, mu float64) {
	h.base[i] = mu
	h.bdirt = true
}

// Base returns the baseline intensity μ_i.
func (h *Hawkes) Base(i int) float64 { return h.base[i] }

// Time returns the current time.
func (h *Hawkes) Time() float64 { return h.t }

// Intensity returns λ_i at the current time.
func (h *Hawkes) Intensity(i int) float64 { return h.base[i] + h.x[i]/h.g }

func (h *Hawkes) baseTable() {
	s := 0.0
	for i, m := range h.base {
		s += m
		h.bcum[i] = s
	}
	h.bsum = s
	h.bdirt = false
}

// Next draws the next spike. If it falls at or before tEnd it advances to
// it and returns the neuron and true; otherwise it advances to tEnd and
// returns −1 and false. The caller then calls Fire (for a spike) to apply
// its kernel. Next does not allocate.
func (h *Hawkes) Next(tEnd float64) (int, bool) {
	if h.bdirt {
		h.baseTable()
	}
	b := h.bsum
	e := h.xsum / h.g
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
	if math.IsInf(s, 1) || h.t+s > tEnd { // no spike ever, or after tEnd (also when tEnd = +∞)
		h.advance(tEnd)
		return -1, false
	}
	h.advance(h.t + s)
	if sb <= se {
		return h.drawBase(), true
	}
	return h.drawExc(), true
}

// advance moves the clock to t, updating the lazy-decay scale.
func (h *Hawkes) advance(t float64) {
	h.t = t
	h.g = math.Exp((t - h.t0) / h.Tau)
	if h.g > renormAt {
		h.renorm()
	}
}

// renorm rescales x to reference time t (values below tiny, which are
// below any representable contribution to the intensity, become 0).
func (h *Hawkes) renorm() {
	f := 1 / h.g
	h.xsum = 0
	for b := range h.xblk {
		lo, hi := b*blk, min((b+1)*blk, h.N)
		s := 0.0
		for i := lo; i < hi; i++ {
			v := h.x[i] * f
			if v < tiny {
				v = 0
			}
			h.x[i] = v
			s += v
		}
		h.xblk[b] = s
		h.xsum += s
	}
	h.t0, h.g = h.t, 1
}

// drawBase draws neuron i with probability μ_i/Σμ (binary search in the
// cumulative table).
func (h *Hawkes) drawBase() int {
	u := h.rng.Float64() * h.bsum
	lo, hi := 0, h.N-1
	for lo < hi {
		m := (lo + hi) / 2
		if h.bcum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	for lo > 0 && h.base[lo] <= 0 { // rounding: a positive entry
		lo--
	}
	return lo
}

// drawExc draws neuron i with probability x_i/Σx: first the block, then
// the neuron within it.
func (h *Hawkes) drawExc() int {
	u := h.rng.Float64() * h.xsum
	last := 0
	for b, s := range h.xblk {
		if s <= 0 {
			continue
		}
		last = b
		if u < s {
			break
		}
		u -= s
	}
	lo, hi := last*blk, min((last+1)*blk, h.N)
	k := -1
	for i := lo; i < hi; i++ {
		v := h.x[i]
		if v <= 0 {
			continue
		}
		k = i
		u -= v
		if u < 0 {
			return i
		}
	}
	if k < 0 { // rounding only: the block sum was positive
		return last * blk
	}
	return k // rounding: the last positive entry of the block
}

// Fire applies the kernel of a spike of neuron j at the current time:
// λ_i += W_ij for every i.
func (h *Hawkes) Fire(j int) { h.fire(h.W[j:], h.N) }

// FireWith applies a spike whose kernel is the contiguous vector k (λ_i +=
// k_i for every i; len(k) = N) instead of column j of W: callers that
// keep a frozen transposed copy of W (k = row j of Wᵀ) avoid the strided
// column of Fire. It does not allocate.
func (h *Hawkes) FireWith(k []float64) { h.fire(k[:h.N], 1) }

// fire adds w[i*stride]·g to x_i for every i.
func (h *Hawkes) fire(w []float64, stride int) {
	n := h.N
	g := h.g
	tot := 0.0
	for b := range h.xblk {
		lo, hi := b*blk, min((b+1)*blk, n)
		s := 0.0
		for i := lo; i < hi; i++ {
			v := w[i*stride] * g
			h.x[i] += v
			s += v
		}
		h.xblk[b] += s
		tot += s
	}
	h.xsum += tot
}

// Reset clears the excitation (keeps W, the baseline and the time).
func (h *Hawkes) Reset() {
	clear(h.x)
	clear(h.xblk)
	h.xsum = 0
	h.t0, h.g = h.t, 1
}
