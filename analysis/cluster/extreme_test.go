package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// within runs f under a deadline so that a hang fails the test fast.
func within(t *testing.T, name string, f func()) {
	t.Helper()
	deadline.Run(t, 2*time.Second, name, f)
}

func threeBlobs(n, d int) *mat.Dense {
	rng := rand.New(rand.NewPCG(4, 5))
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, float64(4*(i%3))+rng.NormFloat64())
		}
	}
	return X
}

// TestExtremeKMeansScaleAndOffset: labels are invariant and centroids and
// inertia equivariant under x → αx and x → x + β far outside the range of
// the expanded distance (before the fix ×1e160 put every row in cluster 0).
func TestExtremeKMeansScaleAndOffset(t *testing.T) {
	X := threeBlobs(30, 4)
	ref, err := KMeans(context.Background(), X, 3, KMeansOptions{Restarts: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []float64{1e-300, 1e-160, 1e160, 1e300} {
		Xs := mat.DenseCopyOf(X)
		Xs.Scale(a, Xs)
		within(t, fmt.Sprintf("×%g", a), func() {
			r, err := KMeans(context.Background(), Xs, 3, KMeansOptions{Restarts: 3})
			if err != nil {
				t.Fatal(err)
			}
			for i := range r.Labels {
				if r.Labels[i] != ref.Labels[i] {
					t.Fatalf("×%g: labels %v, want %v", a, r.Labels, ref.Labels)
				}
			}
			if want := ref.Inertia * a * a; math.Abs(r.Inertia-want) > 1e-9*want && !(math.IsInf(want, 1) && math.IsInf(r.Inertia, 1)) {
				t.Errorf("×%g: inertia %g, want %g", a, r.Inertia, want)
			}
			if c, want := r.Centroids.At(1, 2), ref.Centroids.At(1, 2)*a; math.Abs(c-want) > 1e-9*math.Abs(want) {
				t.Errorf("×%g: centroid %g, want %g", a, c, want)
			}
		})
	}
	// Values around 1e17 that differ by multiples of 16 (one ulp).
	k := mat.NewDense(30, 4, nil)
	Xo := mat.NewDense(30, 4, nil)
	for i := 0; i < 30; i++ {
		for j := 0; j < 4; j++ {
			k.Set(i, j, math.Round(X.At(i, j)))
			Xo.Set(i, j, 1e17+16*k.At(i, j))
		}
	}
	want, _ := KMeans(context.Background(), k, 3, KMeansOptions{Restarts: 3})
	got, err := KMeans(context.Background(), Xo, 3, KMeansOptions{Restarts: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got.Labels {
		if got.Labels[i] != want.Labels[i] {
			t.Fatalf("1e17 + 16k: labels %v, want %v", got.Labels, want.Labels)
		}
	}
	if math.Abs(got.Inertia-256*want.Inertia) > 1e-9*256*want.Inertia {
		t.Errorf("1e17 + 16k: inertia %g, want %g", got.Inertia, 256*want.Inertia)
	}
}

// TestExtremeKMeansShapes: minimal, unequal, constant and duplicate inputs.
func TestExtremeKMeansShapes(t *testing.T) {
	constant := mat.NewDense(5, 2, []float64{1, 2, 1, 2, 1, 2, 1, 2, 1, 2})
	cases := []struct {
		name string
		X    *mat.Dense
		k    int
	}{
		{"1×1 k=1", mat.NewDense(1, 1, []float64{3}), 1},
		{"constant k=3", constant, 3},
		{"constant k=5", constant, 5},
		{"zero k=2", mat.NewDense(4, 3, nil), 2},
		{"1000×3 k=1000", threeBlobs(1000, 3), 1000},
		{"3×2000 k=3", threeBlobs(3, 2000), 3},
		{"one nonzero", mat.NewDense(4, 1, []float64{0, 0, 1e-300, 0}), 2},
	}
	for _, c := range cases {
		within(t, c.name, func() {
			r, err := KMeans(context.Background(), c.X, c.k, KMeansOptions{Restarts: 2})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			n, _ := c.X.Dims()
			if len(r.Labels) != n || !(r.Inertia >= 0) || math.IsInf(r.Inertia, 0) {
				t.Fatalf("%s: %d labels, inertia %g", c.name, len(r.Labels), r.Inertia)
			}
			for _, l := range r.Labels {
				if l < 0 || l >= c.k {
					t.Fatalf("%s: label %d", c.name, l)
				}
			}
		})
	}
	for _, v := range []float64{math.NaN(), math.Inf(-1)} {
		_, err := KMeans(context.Background(), mat.NewDense(2, 1, []float64{0, v}), 1, KMeansOptions{})
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%g: err = %v, want an input error", v, err)
		}
	}
}

// TestExtremeLinkage: distances near the largest float merge as their
// scaled-down copies do (before the fix the merged distances overflowed to
// +Inf), and ChooseK picks the same k.
func TestExtremeLinkage(t *testing.T) {
	d := []float64{
		0, 1, 5, 6,
		1, 0, 5, 6,
		5, 5, 0, 2,
		6, 6, 2, 0,
	}
	ref := AverageLinkage(d, 4)
	refK := ChooseK(d, 4, 3, 0, nil)
	for _, a := range []float64{1e-310, 1e300, 2.5e307} {
		ds := make([]float64, len(d))
		for i := range d {
			ds[i] = d[i] * a
		}
		within(t, "linkage", func() {
			m := AverageLinkage(ds, 4)
			for s := range m {
				if m[s].A != ref[s].A || m[s].B != ref[s].B || math.Abs(m[s].Height-ref[s].Height*a) > 1e-12*ref[s].Height*a {
					t.Fatalf("×%g: merge %d = %+v, want %+v ×a", a, s, m[s], ref[s])
				}
			}
			if c := ChooseK(ds, 4, 3, 0, nil); c.K != refK.K {
				t.Errorf("×%g: ChooseK k = %d, want %d", a, c.K, refK.K)
			}
		})
	}
}
