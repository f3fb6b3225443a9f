package deconv

import "math"

// Deconvolution and the parameter estimates are equivariant under y → αy
// (c, s, b, σ, λ and s_min scale with α; g does not), but their sums of
// squares and fourth powers (the autocovariance normal equations) overflow
// or underflow far inside the float64 range: a trace ×1e150 gave g = NaN, ×1e-150
// g = 0. Traces whose largest finite |y| lies outside [2^-30, 2^30] are
// therefore rescaled by a power of two (exact) before the arithmetic and the
// results scaled back; traces inside that range (every realistic
// fluorescence trace) are not touched, so their results are unchanged.
const scaleLo, scaleHi = 0x1p-30, 0x1p30

// pow2Scale returns the power of two s that brings the largest finite |y|
// into [1, 2) (towards it, by at most 2^1000, for subnormal values), or 1 when that value already lies in [scaleLo, scaleHi] or y
// has no nonzero finite value.
func pow2Scale(y []float64) float64 {
	var m float64
	for _, v := range y {
		// Plain comparisons: NaN fails a > m, and Inf is excluded.
		if a := math.Abs(v); a > m && a <= math.MaxFloat64 {
			m = a
		}
	}
	if m == 0 || (m >= scaleLo && m <= scaleHi) {
		return 1
	}
	_, e := math.Frexp(m) // m = f·2^e, f in [0.5, 1)
	// 2^1000 at most (2^(1-e) overflows for subnormal m): the callers
	// rescale again until the values are in range.
	return math.Ldexp(1, min(1-e, 1000))
}

// scaled returns y·s (y itself when s is 1).
func scaledBy(y []float64, s float64) []float64 {
	if s == 1 {
		return y
	}
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = v * s
	}
	return out
}

// scaleParam returns p·s, keeping a positive p positive (a user's tiny σ
// or s_min must not turn into 0, which means "estimate" or "none") and a
// finite one finite.
func scaleParam(p, s float64) float64 {
	q := p * s
	switch {
	case p > 0 && q == 0:
		return math.SmallestNonzeroFloat64
	case math.IsInf(q, 1):
		return math.MaxFloat64 // huge relative to the trace; still finite
	}
	return q
}
