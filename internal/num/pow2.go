package num

import "math"

// Pow2Scale returns 1 if the largest finite |value| of vs is 0 or within
// [2⁻⁶⁴, 2⁶⁴], where squares, products and sums of squares stay normal and
// finite; otherwise the power of two that brings it into [0.5, 1), clamped
// to [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰] so that the factor itself is finite and normal (a
// subnormal maximum then lands near 2⁻⁷⁴, still safe). Multiplying by it
// is exact (up to inputs that are already subnormal), so methods whose
// result does not depend on the scale of the data (correlations, angles,
// cluster labels) can run on data of extreme magnitude scaled by it; for
// every realistic recording it is 1 and the data are not touched.
func Pow2Scale(vs ...[]float64) float64 {
	var m float64
	for _, v := range vs {
		for _, a := range v {
			if a = math.Abs(a); a > m && !math.IsInf(a, 0) {
				m = a
			}
		}
	}
	if m == 0 || (m >= 0x1p-64 && m <= 0x1p64) {
		return 1
	}
	_, e := math.Frexp(m)
	return math.Ldexp(1, min(max(-e, -1000), 1000))
}
