package spiking

import "math"

// STDP is symmetric pair-based spike-timing-dependent plasticity with two
// exponential traces per neuron (see the package doc).
type STDP struct {
	TauP, TauD float64 // trace time constants τ_p, τ_d (time units)
	AP, AD     float64 // amplitudes A_p (potentiation), A_d (depression, < 0)
	Mu         float64 // learning rate μ
	WMin, WMax float64 // clipping bounds

	// Lazily decayed traces: x_p,j(t) = xp_j·e^{−(t−t₀)/τ_p} (x_d alike), so
	// a spike costs two exps instead of 2N multiplications; rescaled to
	// t₀ = t when the scale exceeds renormAt.
	xp, xd []float64
	t, t0  float64
	gp, gd float64 // e^{(t−t₀)/τ_p}, e^{(t−t₀)/τ_d}
}

// NewSTDP returns the rule for n neurons with zero traces at time 0.
func NewSTDP(n int, tauP, tauD, aP, aD, mu, wMin, wMax float64) *STDP {
	return &STDP{TauP: tauP, TauD: tauD, AP: aP, AD: aD, Mu: mu, WMin: wMin, WMax: wMax,
		xp: make([]float64, n), xd: make([]float64, n), gp: 1, gd: 1}
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

// advance moves the traces' clock to t.
func (s *STDP) advance(t float64) {
	if t == s.t {
		return
	}
	s.t = t
	s.gp = math.Exp((t - s.t0) / s.TauP)
	s.gd = math.Exp((t - s.t0) / s.TauD)
	if s.gp > renormAt || s.gd > renormAt {
		fp, fd := 1/s.gp, 1/s.gd
		for j := range s.xp {
			if s.xp[j] *= fp; s.xp[j] < tiny {
				s.xp[j] = 0
			}
			if s.xd[j] *= fd; s.xd[j] < tiny {
				s.xd[j] = 0
			}
		}
		s.t0, s.gp, s.gd = t, 1, 1
	}
}

// Spike applies the rule for a spike of neuron i at time t (≥ the last
// spike time) to the N×N matrix W (row = target): W_ij and W_ji change by
// μ(A_p x_p,j + A_d x_d,j) for every j ≠ i, clipped; then i's traces jump.
// It does not allocate.
func (s *STDP) Spike(W []float64, i int, t float64) {
	s.advance(t)
	n := len(s.xp)
	row := W[i*n : i*n+n]
	col := W[i:]
	a, b := s.Mu*s.AP/s.gp, s.Mu*s.AD/s.gd
	lo, hi := s.WMin, s.WMax
	xp, xd := s.xp[:n], s.xd[:n]
	wii := row[i]
	if lo >= 0 {
		// Non-negative bounds: clip on the IEEE bit patterns, which order
		// like the values for x ≥ 0 and are negative integers for x < 0,
		// so the compiler emits conditional moves instead of the
		// unpredictable branches of clip (3× faster).
		lb, hb := clipBounds(lo, hi)
		for j := 0; j < n; j++ {
			d := a*xp[j] + b*xd[j]
			row[j] = clipBits(row[j]+d, lb, hb)
			col[j*n] = clipBits(col[j*n]+d, lb, hb)
		}
	} else {
		for j := 0; j < n; j++ {
			d := a*xp[j] + b*xd[j]
			row[j] = clip(row[j]+d, lo, hi)
			col[j*n] = clip(col[j*n]+d, lo, hi)
		}
	}
	row[i] = wii // the loop also touched the self weight W_ii; restore it
	s.xp[i] += s.gp
	s.xd[i] += s.gd
}

// Traces returns the potentiation and depression traces of neuron j at the
// time of the last spike.
func (s *STDP) Traces(j int) (xp, xd float64) { return s.xp[j] / s.gp, s.xd[j] / s.gd }

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

// clipBounds returns the bit patterns of 0 ≤ lo ≤ hi for clipBits (a lower
// bound of −0 is taken as +0, whose pattern orders below every x > 0).
func clipBounds(lo, hi float64) (lb, hb int64) {
	if lo == 0 {
		lo = 0
	}
	return int64(math.Float64bits(lo)), int64(math.Float64bits(hi))
}

// clipBits clips x to [lo, hi] given lb, hb, the bit patterns of
// 0 ≤ lo ≤ hi as int64 (branch-free; x must not be NaN).
func clipBits(x float64, lb, hb int64) float64 {
	v := int64(math.Float64bits(x))
	if v < lb {
		v = lb
	}
	if v > hb {
		v = hb
	}
	return math.Float64frombits(uint64(v))
}

// FireSTDP applies a spike of neuron j at the current time of h to both the
// network and the plasticity rule: it is h.Fire(j) followed by
// s.Spike(h.W, j, h.Time()), with identical results, in one pass over
// column j of W (which both touch), so the strided column is loaded once.
// It does not allocate.
func (h *Hawkes) FireSTDP(j int, s *STDP) {
	if s.WMin < 0 || len(s.xp) != h.N {
		h.Fire(j)
		s.Spike(h.W, j, h.t)
		return
	}
	s.advance(h.t)
	n := h.N
	g := h.g
	W := h.W
	col := W[j:]
	row := W[j*n : j*n+n]
	a, b := s.Mu*s.AP/s.gp, s.Mu*s.AD/s.gd
	lb, hb := clipBounds(s.WMin, s.WMax)
	xp, xd := s.xp[:n], s.xd[:n]
	x := h.x[:n]
	wjj := row[j]
	tot := 0.0
	for blkI := range h.xblk {
		lo, hi := blkI*blk, min((blkI+1)*blk, n)
		sum := 0.0
		for k := lo; k < hi; k++ {
			w := col[k*n] // W_kj before the update: the kernel of the spike
			v := w * g
			x[k] += v
			sum += v
			d := a*xp[k] + b*xd[k]
			col[k*n] = clipBits(w+d, lb, hb)
			row[k] = clipBits(row[k]+d, lb, hb)
		}
		h.xblk[blkI] += sum
		tot += sum
	}
	h.xsum += tot
	row[j] = wjj // the STDP rule leaves the self weight alone
	s.xp[j] += s.gp
	s.xd[j] += s.gd
}
