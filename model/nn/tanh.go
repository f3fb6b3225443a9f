package nn

import "math"

// Vectorised tanh for the RNN's recurrence (the largest cost after the
// matrix products). The algorithm is Cephes' (S. L. Moshier, Cephes Math
// Library, tanh.c and exp.c), the one Go's math.Tanh also follows:
//
//	|x| ≥ 0.625:  tanh|x| = 1 − 2/(e^{2|x|} + 1), with |x| clamped at 22
//	              (tanh 22 = 1 in float64) and e^y = 2^n·exp(r),
//	              n = round(y·log2 e), r = y − n·C1 − n·C2, exp(r) = 1 + 2·P(r)/(Q(r) − P(r));
//	|x| < 0.625:  tanh|x| = |x| + |x|·z·P(z)/Q(z), z = x²,
//
// then the sign of x. tanhAVX2 (tanh_amd64.s) computes four values at a
// time; tanhScalar performs the same operations in the same order, so an
// element's value does not depend on its position in the slice (and so not
// on how Workers split the batch). Accuracy: within 2 ulp of math.Tanh
// (tested).

const (
	tanhClamp = 22.0
	tanhLog2e = 1.4426950408889634
	tanhC1    = 6.93145751953125e-1
	tanhC2    = 1.42860682030941723212e-6
	expP0     = 1.26177193074810590878e-4
	expP1     = 3.02994407707441961300e-2
	expP2     = 9.99999999999999999910e-1
	expQ0     = 3.00198505138664455042e-6
	expQ1     = 2.52448340349684104192e-3
	expQ2     = 2.27265548208155028766e-1
	expQ3     = 2.00000000000000000009e0
	tanhMagic = 4503599627371519.0 // 2^52 + 1023
	tanhP0    = -9.64399179425052238628e-1
	tanhP1    = -9.92877231001918586564e1
	tanhP2    = -1.61468768441708447952e3
	tanhQ0    = 1.12811678491632931402e2
	tanhQ1    = 2.23548839060100448583e3
	tanhQ2    = 4.84406305325125486048e3
)

// tanhScalar is one lane of tanhAVX2. The float64 conversions keep every
// product rounded (no fused multiply-add), as the AVX code does.
func tanhScalar(x float64) float64 {
	if x != x {
		return x
	}
	ax := math.Abs(x)
	y := min(ax, tanhClamp)
	y = y + y
	n := math.RoundToEven(float64(y * tanhLog2e))
	r := y - float64(n*tanhC1)
	r = r - float64(n*tanhC2)
	rr := float64(r * r)
	px := float64(expP0 * rr)
	px = float64((px + expP1) * rr)
	px = float64((px + expP2) * r)
	qx := float64(expQ0 * rr)
	qx = float64((qx + expQ1) * rr)
	qx = float64((qx + expQ2) * rr)
	qx = qx + expQ3
	e := px / (qx - px)
	e = 1 + (e + e)
	p2 := math.Float64frombits(math.Float64bits(n+tanhMagic) << 52)
	s := float64(e*p2) + 1
	zexp := 1 - 2/s
	z2 := float64(ax * ax)
	num := float64(tanhP0 * z2)
	num = float64((num + tanhP1) * z2)
	num = num + tanhP2
	den := float64((z2 + tanhQ0) * z2)
	den = float64((den + tanhQ1) * z2)
	den = den + tanhQ2
	t := float64(ax * z2)
	t = float64(t * num)
	t = t / den
	z := ax + t
	if ax >= 0.625 {
		z = zexp
	}
	return math.Copysign(z, x) // |z| ≥ 0, so this sets the sign of x
}

// useTanhAVX2 selects the AVX2 kernel (amd64 with AVX2 and OS support).
var useTanhAVX2 = hasAVX2()

// tanhTo writes tanh(src[i]) to dst[i] (the slices may be the same).
func tanhTo(dst, src []float64) {
	src = src[:len(dst)]
	n4 := 0
	if useTanhAVX2 {
		n4 = len(dst) &^ 3
		if n4 > 0 {
			tanhAVX2(dst[:n4], src[:n4])
		}
	}
	for i := n4; i < len(dst); i++ {
		dst[i] = tanhScalar(src[i])
	}
}
