package stats

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
	"neurolab/internal/deadline"
)

// within runs f under a deadline so that a hang fails the test fast.
func within(t *testing.T, name string, f func()) {
	t.Helper()
	deadline.Run(t, 2*time.Second, name, f)
}

func correlated(n int) (x, y []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
		y[i] = x[i] + rng.NormFloat64()
	}
	return x, y
}

// TestExtremePearsonScale: the correlations are scale-invariant far beyond
// the range where their squares are representable (before the fix ×1e160
// gave NaN and ×1e-160 gave r = 1 for r = 0.63).
func TestExtremePearsonScale(t *testing.T) {
	x, y := correlated(50)
	r0 := Pearson(x, y)
	for _, a := range []float64{5e-324 * 1e10, 1e-300, 1e-160, 1e160, 1e300} {
		xs, ys := make([]float64, len(x)), make([]float64, len(x))
		for i := range x {
			xs[i], ys[i] = x[i]*a, y[i]*a
		}
		within(t, "Pearson", func() {
			A, B := mat.NewDense(len(x), 1, xs), mat.NewDense(len(x), 1, ys)
			for name, r := range map[string]float64{
				"Pearson":         Pearson(xs, ys),
				"PVCorrelation":   PVCorrelation(A, B),
				"RateCorrelation": RateCorrelation(A, B),
			} {
				tol := 1e-12
				if a < 1e-307 {
					tol = 1e-9 // the subnormal inputs themselves are rounded
				}
				if math.Abs(r-r0) > tol {
					t.Errorf("×%g: %s = %v, want %v", a, name, r, r0)
				}
			}
		})
	}
}

// TestExtremePearsonNarrow: values that differ only by a few units in the
// last place of their magnitude (1e15..1e20 + k·ulp) correlate as the
// integers k do (before the fix the rounding of the mean gave 0.6438 for
// 0.6454).
func TestExtremePearsonNarrow(t *testing.T) {
	x, y := correlated(50)
	k, m := make([]float64, len(x)), make([]float64, len(x))
	for i := range k {
		k[i], m[i] = math.Round(3*x[i]), math.Round(3*y[i])
	}
	r0 := Pearson(k, m)
	for _, off := range []float64{1e15, 1e17, 1e20, -1e19} {
		u := math.Nextafter(math.Abs(off), math.Inf(1)) - math.Abs(off)
		xs, ys := make([]float64, len(k)), make([]float64, len(k))
		for i := range k {
			xs[i], ys[i] = off+u*k[i], off+u*m[i]
		}
		if r := Pearson(xs, ys); math.Abs(r-r0) > 1e-12 {
			t.Errorf("offset %g: Pearson = %v, want %v", off, r, r0)
		}
		dst := make([]float64, 1)
		TuningCorrelations(dst, mat.NewDense(1, len(k), xs), mat.NewDense(1, len(k), ys))
		if math.Abs(dst[0]-r0) > 1e-12 {
			t.Errorf("offset %g: TuningCorrelations = %v, want %v", off, dst[0], r0)
		}
	}
}

// TestExtremeDegenerate: constant, zero, single-pair and one-nonzero inputs
// give NaN where the correlation is undefined.
func TestExtremeDegenerate(t *testing.T) {
	one := []float64{0, 0, 0, 1e-300, 0}
	for name, c := range map[string][2][]float64{
		"zero":     {make([]float64, 5), one},
		"constant": {{1e300, 1e300, 1e300}, {1, 2, 3}},
		"one pair": {{1}, {2}},
	} {
		if r := Pearson(c[0], c[1]); !math.IsNaN(r) {
			t.Errorf("%s: Pearson = %v, want NaN", name, r)
		}
	}
	if r := Pearson(one, one); r != 1 {
		t.Errorf("one nonzero entry with itself: Pearson = %v, want 1", r)
	}
}

// TestExtremeMeansOverflow: means and medians of finite values near the
// largest float are finite (before the fix both were +Inf), and the rate
// correlation does not drop cells whose summed rate overflows.
func TestExtremeMeansOverflow(t *testing.T) {
	v := []float64{1e308, 1.5e308, math.NaN()}
	if m := MeanNaN(v); m != 1.25e308 {
		t.Errorf("MeanNaN = %v, want 1.25e308", m)
	}
	if m := MedianNaN(v); m != 1.25e308 {
		t.Errorf("MedianNaN = %v, want 1.25e308", m)
	}
	a := mat.NewDense(3, 2, []float64{1e308, 1e308, 1, 1, 2, 2})
	b := mat.NewDense(3, 2, []float64{3, 3, 1, 1, 2, 2})
	if r, want := RateCorrelation(a, b), Pearson([]float64{1e308, 1, 2}, []float64{3, 1, 2}); r != want {
		t.Errorf("RateCorrelation = %v, want %v", r, want)
	}
}

// TestExtremeSilhouetteScale: the silhouette is scale-free up to distances
// whose sums overflow.
func TestExtremeSilhouetteScale(t *testing.T) {
	d := []float64{0, 1, 5, 5, 1, 0, 5, 5, 5, 5, 0, 1, 5, 5, 1, 0}
	lab := []int{0, 0, 1, 1}
	s0 := Silhouette(d, 4, lab)
	for _, a := range []float64{1e-310, 1e300, 3e307} {
		ds := make([]float64, len(d))
		for i := range d {
			ds[i] = d[i] * a
		}
		if s := Silhouette(ds, 4, lab); math.Abs(s-s0) > 1e-12 {
			t.Errorf("×%g: Silhouette = %v, want %v", a, s, s0)
		}
	}
}
