package cluster

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Columns whose spread lies just above the old 2^-26 shift threshold of
// their magnitude were clustered in the expanded form, whose rounding (ε‖x‖²)
// is as large as the squared distances there: offsets 2^27 and 2^28 gave
// wrong partitions with 1.2× and 4.7× the inertia. Every offset must give
// the unshifted clustering (the values are on a 2^-10 grid, so x + offset
// is exact).
func TestKMeansOffsetJustAboveNarrow(t *testing.T) {
	n, d := 60, 2
	base := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			v := float64(i%3)*3 + math.Sin(float64(i*d+j))*0.9
			base.Set(i, j, math.Round(v*1024)/1024)
		}
	}
	ctx := context.Background()
	ref, err := KMeans(ctx, base, 3, KMeansOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []int{16, 20, 24, 26, 27, 28, 30, 36} {
		off := math.Ldexp(1, e)
		X := mat.NewDense(n, d, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				X.Set(i, j, base.At(i, j)+off)
			}
		}
		res, err := KMeans(ctx, X, 3, KMeansOptions{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !samePartition(res.Labels, ref.Labels) || math.Abs(res.Inertia-ref.Inertia) > 1e-9*ref.Inertia {
			t.Errorf("offset 2^%d: inertia %v (unshifted %v), same partition %v", e, res.Inertia, ref.Inertia, samePartition(res.Labels, ref.Labels))
		}
	}
}

// Labels, centroids (×a) and inertia (×a²) just inside and just outside
// the scaling bounds 2^±200 must be those of the unscaled run.
func TestKMeansFieldsAtScaleBounds(t *testing.T) {
	n, d := 60, 3
	X := mat.NewDense(n, d, nil)
	var m float64
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			v := float64(i%3)*3 + math.Sin(float64(i*d+j))
			X.Set(i, j, v)
			m = math.Max(m, math.Abs(v))
		}
	}
	ctx := context.Background()
	ref, err := KMeans(ctx, X, 3, KMeansOptions{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, e0 := math.Frexp(m)
	for _, b := range []int{-200, 200} {
		for _, e := range []int{b - e0 - 1, b - e0, b - e0 + 1, b - e0 + 2} {
			a := math.Ldexp(1, e)
			var Xa mat.Dense
			Xa.Scale(a, X)
			res, err := KMeans(ctx, &Xa, 3, KMeansOptions{Seed: 2})
			if err != nil {
				t.Fatal(err)
			}
			if !samePartition(res.Labels, ref.Labels) {
				t.Errorf("×2^%d: another partition", e)
			}
			if got := res.Inertia / (a * a); math.Abs(got-ref.Inertia) > 1e-12*ref.Inertia {
				t.Errorf("×2^%d: inertia/a² = %g, want %g", e, got, ref.Inertia)
			}
			for c := 0; c < 3; c++ {
				for j := 0; j < d; j++ {
					if got, want := res.Centroids.At(c, j)/a, ref.Centroids.At(c, j); math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
						t.Errorf("×2^%d: centroid (%d, %d)/a = %g, want %g", e, c, j, got, want)
					}
				}
			}
		}
	}
}
