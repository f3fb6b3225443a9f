package stats

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Pearson's formula is exact in real arithmetic under x → αx + β, but in
// floating point its squares overflow (|x| above ~1e154) or lose all
// precision in the subnormal range (|x| below ~1e-154), and a mean that is
// not representable biases the centred sums when the spread of the values is
// only a few units in the last place of their magnitude (values around
// 1e17 that differ by 16). Before the fix a vector ×1e160 gave NaN, ×1e-160
// gave r = 1 for data with r = 0.63, and 1e17 + 16·k gave 0.6438 for a true
// 0.6454. Such "delicate" vectors are first shifted by one of their values
// (exact: the values then lie within a factor 2 of each other, Sterbenz) and
// scaled by a power of two (exact) before the formula; every other vector
// takes the unchanged path, so ordinary results are bit-identical.

// span tracks the range of the finite values of a vector.
type span struct{ lo, hi float64 }

func newSpan() span { return span{math.Inf(1), math.Inf(-1)} }

func (s *span) add(v float64) {
	// Plain comparisons (v is finite): math.Min and math.Max handle NaN
	// and signed zeros and doubled the cost of Pearson's first pass.
	if v < s.lo {
		s.lo = v
	}
	if v > s.hi {
		s.hi = v
	}
}

// mag is the largest magnitude of the span.
func (s span) mag() float64 { return math.Max(math.Abs(s.lo), math.Abs(s.hi)) }

// narrow reports values whose spread is below 2^-26 of their magnitude
// (then all of one sign and within a factor 2 of each other).
func (s span) narrow() bool { return s.hi-s.lo < 0x1p-26*s.mag() }

// delicate reports a span whose squares or centring are unsafe (see above).
func (s span) delicate() bool {
	m := s.mag()
	return m > 0x1p400 || m < 0x1p-400 || s.narrow()
}

// pow2Scale returns the power of two that brings m (> 0) into [1, 2).
func pow2Scale(m float64) float64 {
	_, e := math.Frexp(m)
	return math.Ldexp(1, 1-e)
}

// normalised returns the finite values v[i] (keep[i]) shifted by their first
// value when narrow, then scaled by a power of two so that the largest
// magnitude lies in [1, 2) (twice for subnormal values, whose scale factor
// would overflow).
func normalised(v []float64, keep func(i int) bool, s span) []float64 {
	out := make([]float64, 0, len(v))
	for i, a := range v {
		if keep(i) {
			out = append(out, a)
		}
	}
	if s.narrow() {
		s0 := out[0]
		s = newSpan()
		for i := range out {
			out[i] -= s0
			s.add(out[i])
		}
	}
	for m := s.mag(); m > 0 && (m < 1 || m >= 2); m = s.mag() {
		k := pow2Scale(m)
		if math.IsInf(k, 1) {
			k = 0x1p1000
		}
		s = newSpan()
		for i := range out {
			out[i] *= k
			s.add(out[i])
		}
	}
	return out
}

// pearsonRescaled is Pearson for delicate x or y (n finite pairs, spans xr,
// yr): the formula on the normalised vectors, equal in exact arithmetic.
func pearsonRescaled(x, y []float64, n int, xr, yr span) float64 {
	keep := func(i int) bool { return finite(x[i]) && finite(y[i]) }
	xs, ys := normalised(x, keep, xr), normalised(y, keep, yr)
	var sx, sy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
	}
	return pearsonFinite(xs, ys, sx, sy, n)
}

// delicateColumns reports a column of m whose values are delicate for
// Pearson (PVCorrelation then takes the per-column Pearson path).
func delicateColumns(m *mat.Dense) bool {
	r, c := m.Dims()
	if r == 0 {
		return false
	}
	spans := make([]span, c)
	for j := range spans {
		spans[j] = newSpan()
	}
	for i := 0; i < r; i++ {
		for j, v := range m.RawRowView(i)[:c] {
			spans[j].add(v)
		}
	}
	for _, s := range spans {
		if s.hi > s.lo && s.delicate() {
			return true
		}
	}
	return false
}

// rowMean returns the mean of row i of m, each value scaled down first so
// that the sum cannot overflow.
func rowMean(m mat.Matrix, i int) float64 {
	_, c := m.Dims()
	v := make([]float64, c)
	for j := range v {
		v[j] = m.At(i, j)
	}
	return scaledMean(v)
}

// scaledMean is MeanNaN for finite values whose sum overflows: the mean of
// the values scaled by a power of two, scaled back.
func scaledMean(x []float64) float64 {
	k := pow2Scale(maxFinite(x))
	var s float64
	var n int
	for _, v := range x {
		if finite(v) {
			s += v * k
			n++
		}
	}
	return s / float64(n) / k
}

// maxFinite returns the largest |v| over the finite values of x (0 if none).
func maxFinite(x []float64) float64 {
	var m float64
	for _, v := range x {
		if finite(v) {
			m = math.Max(m, math.Abs(v))
		}
	}
	return m
}
