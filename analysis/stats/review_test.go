package stats

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// PVCorrelation's dense path took every column whose magnitude lies inside
// delicateColumns' [2^-400, 2^400], but the product of its sums of squares
// overflows from ~2^256 (r = 0) and underflows below ~2^-256 (r = ±1).
// Every scale must give the unscaled value, as Pearson does.
func TestPVCorrelationSquaresOutOfRange(t *testing.T) {
	r, c := 20, 3
	a, b := mat.NewDense(r, c, nil), mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			a.Set(i, j, math.Sin(float64(i*3+j)))
			b.Set(i, j, math.Sin(float64(i*3+j))+0.8*math.Cos(float64(i*7+j*2)))
		}
	}
	ref := PVCorrelation(a, b)
	for _, e := range []int{-399, -300, -260, -250, 250, 260, 300, 399} {
		var as, bs mat.Dense
		as.Scale(math.Ldexp(1, e), a)
		bs.Scale(math.Ldexp(1, e), b)
		if got := PVCorrelation(&as, &bs); math.Abs(got-ref) > 1e-12 {
			t.Errorf("×2^%d: PVCorrelation = %v, unscaled %v", e, got, ref)
		}
		// Only one matrix scaled: the product of the sums is ordinary
		// (2^2e · 1) below 2^±511, and the result must not move either.
		if got := PVCorrelation(&as, b); math.Abs(got-ref) > 1e-12 {
			t.Errorf("a ×2^%d: PVCorrelation = %v, unscaled %v", e, got, ref)
		}
	}
}
