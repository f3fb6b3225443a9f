package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTanh checks tanhTo against math.Tanh (within 2 ulp) and the vector
// lanes against tanhScalar (bit for bit) over random and special values.
func TestTanh(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	x := []float64{0, math.Copysign(0, -1), 0.625, -0.625, math.Nextafter(0.625, 0), 22, -22, 25, -700,
		1e-300, -1e-300, 5e-324, math.Inf(1), math.Inf(-1), 1e-8, 0.3, -0.3, 19, 0.6249999}
	for i := 0; i < 20000; i++ {
		x = append(x, rng.NormFloat64()*math.Pow(10, float64(rng.IntN(5)-2)))
	}
	x = append(x, 0.7) // a tail beyond a multiple of 4
	got := make([]float64, len(x))
	tanhTo(got, x)
	for i, v := range x {
		want := math.Tanh(v)
		if d := math.Abs(got[i] - want); !(d <= 2*ulp(want)) {
			t.Errorf("tanh(%.17g): got %.17g, want %.17g ± 2 ulp", v, got[i], want)
		}
		if s := tanhScalar(v); math.Float64bits(s) != math.Float64bits(got[i]) {
			t.Errorf("tanh(%.17g): vector %.17g, scalar %.17g (want bit-identical)", v, got[i], s)
		}
	}
	nan := make([]float64, 5)
	tanhTo(nan, []float64{math.NaN(), 1, math.NaN(), 2, math.NaN()})
	for _, i := range []int{0, 2, 4} {
		if !math.IsNaN(nan[i]) {
			t.Errorf("tanh(NaN) at %d: got %g, want NaN", i, nan[i])
		}
	}
}

// ulp returns the spacing of float64 values at |v| (at least the smallest
// subnormal).
func ulp(v float64) float64 {
	v = math.Abs(v)
	return math.Max(math.Nextafter(v, math.Inf(1))-v, 5e-324)
}

// BenchmarkTanh4096: one RNN step's activations (B = 32, N = 128).
func BenchmarkTanh4096(b *testing.B) {
	x := make([]float64, 4096)
	for i := range x {
		x[i] = float64(i%200)/50 - 2
	}
	y := make([]float64, len(x))
	b.Run("tanhTo", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			tanhTo(y, x)
		}
	})
	b.Run("math.Tanh", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for j, v := range x {
				y[j] = math.Tanh(v)
			}
		}
	})
}
