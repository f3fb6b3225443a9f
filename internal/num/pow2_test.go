package num

import (
	"math"
	"testing"
)

func TestPow2Scale(t *testing.T) {
	for _, tc := range []struct {
		v    []float64
		want float64
	}{
		{[]float64{0, -3, 2}, 1},                      // ordinary: untouched
		{[]float64{0x1p64, 1}, 1},                     // the edge of the safe range
		{[]float64{math.NaN(), math.Inf(1)}, 1},       // no finite nonzero value
		{[]float64{3e100, -1}, 0x1p-334},              // 3e100 = 0.857…·2^334
		{[]float64{-1.5e-300, 0}, 0x1p995},            // 1.5e-300 = 0.502…·2^-995
		{[]float64{5e-324}, 0x1p1000},                 // subnormal: clamped
		{[]float64{math.MaxFloat64}, 0x1p-1000},       // clamped
		{[]float64{math.Inf(-1), 0x1p70, 2}, 0x1p-71}, // Inf skipped
	} {
		got := Pow2Scale(tc.v)
		if got != tc.want {
			t.Errorf("Pow2Scale(%v) = %v, want %v", tc.v, got, tc.want)
		}
		if m := math.Abs(tc.v[0]) * got; tc.want != 1 && tc.want != 0x1p1000 && tc.want != 0x1p-1000 && !math.IsInf(tc.v[0], 0) && !(m >= 0.5 && m < 1) {
			t.Errorf("Pow2Scale(%v): |v0|·s = %v, want it in [0.5, 1)", tc.v, m)
		}
	}
	if got := Pow2Scale([]float64{1}, []float64{1e200}); got != Pow2Scale([]float64{1e200}) {
		t.Errorf("several slices: got %v, want the scale of the largest", got)
	}
}
