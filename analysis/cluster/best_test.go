package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/internal/num"
)

// KMeans keeps only the best start as the starts finish; on a tie in
// inertia the lowest start wins, whatever the number of workers: with two
// far-apart clusters every start finds the same partition and inertia, and
// the labels (numbered by each start's seeding) are those of start 0.
func TestKMeansBestStartLowestOnTie(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, d = 60, 3
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, 0.1*rng.NormFloat64()+float64(100*(i%2)))
		}
	}
	ctx := context.Background()
	first, err := KMeans(ctx, X, 2, KMeansOptions{Restarts: 1, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{1, 4} {
		r, err := KMeans(ctx, X, 2, KMeansOptions{Restarts: 16, Seed: 5, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(r.Labels) != fmt.Sprint(first.Labels) || r.Inertia != first.Inertia {
			t.Errorf("workers %d: labels %v (inertia %v), start 0 gives %v (%v)", w, r.Labels, r.Inertia, first.Labels, first.Inertia)
		}
	}
	// Starts that differ: the start of least inertia, as found by running
	// every start alone, with 1 worker or 3.
	Y := mat.NewDense(n, d, nil)
	for i := range Y.RawMatrix().Data {
		Y.RawMatrix().Data[i] = rng.NormFloat64()
	}
	norms := make([]float64, n)
	for i := range norms {
		norms[i] = floats.Dot(Y.RawRowView(i), Y.RawRowView(i))
	}
	var want *KMeansResult
	for r := 0; r < 12; r++ {
		res := lloyd(num.Stream(9, uint64(r)), Y, norms, 4, 300)
		if want == nil || res.Inertia < want.Inertia {
			want = res
		}
	}
	for _, w := range []int{1, 3} {
		got, err := KMeans(ctx, Y, 4, KMeansOptions{Restarts: 12, Seed: 9, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Labels) != fmt.Sprint(want.Labels) || got.Inertia != want.Inertia {
			t.Errorf("workers %d: inertia %v, the best start has %v", w, got.Inertia, want.Inertia)
		}
	}
}

// KMeans reports progress 1/R, 2/R, …, 1 in that order even with many
// workers finishing together (the fractions used to be computed from an
// atomic counter and delivered outside a lock, so 2/R could arrive before
// 1/R: seen in CI as a remap progress bar going backwards).
func TestKMeansProgressInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	X := mat.NewDense(20, 2, nil)
	for i := 0; i < 20; i++ {
		X.Set(i, 0, rng.NormFloat64())
		X.Set(i, 1, rng.NormFloat64())
	}
	const R = 400
	var got []float64 // KMeans calls Progress one call at a time
	_, err := KMeans(context.Background(), X, 2, KMeansOptions{Restarts: R, Workers: 8, MaxIter: 2,
		Progress: func(f float64) { got = append(got, f) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != R {
		t.Fatalf("%d progress calls, want %d", len(got), R)
	}
	for k, f := range got {
		if want := float64(k+1) / R; f != want {
			t.Fatalf("progress call %d = %v, want %v", k, f, want)
		}
	}
}
