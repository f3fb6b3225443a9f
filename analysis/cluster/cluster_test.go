package cluster

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/stats"
)

// blobs returns n points in d dims around k centres at distance sep.
func blobs(rng *rand.Rand, n, d, k int, sep float64) (*mat.Dense, []int) {
	centres := make([][]float64, k)
	for c := range centres {
		centres[c] = make([]float64, d)
		for j := range centres[c] {
			centres[c][j] = sep * rng.NormFloat64()
		}
	}
	X := mat.NewDense(n, d, nil)
	truth := make([]int, n)
	for i := 0; i < n; i++ {
		truth[i] = rng.IntN(k)
		for j := 0; j < d; j++ {
			X.Set(i, j, centres[truth[i]][j]+rng.NormFloat64())
		}
	}
	return X, truth
}

func TestKMeansRecoversBlobs(t *testing.T) {
	for _, k := range []int{2, 3, 5} {
		t.Run("k", func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(k), 1))
			X, truth := blobs(rng, 200, 10, k, 3)
			r, err := KMeans(context.Background(), X, k, KMeansOptions{Restarts: 10, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if ari := stats.AdjustedRand(r.Labels, truth); ari < 0.99 {
				t.Errorf("k=%d: ARI got %v, want ≥ 0.99", k, ari)
			}
		})
	}
}

// Inertia equals Σ‖x − c‖² and centroids are the cluster means.
func TestKMeansFixedPoint(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{0, 1, 10, 12})
	r, err := KMeans(context.Background(), X, 2, KMeansOptions{Restarts: 5, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Clusters {0,1} and {10,12}: inertia 0.25·2 + 1·2 = 2.5.
	if math.Abs(r.Inertia-2.5) > 1e-12 {
		t.Errorf("inertia: got %v, want 2.5", r.Inertia)
	}
	if r.Labels[0] != r.Labels[1] || r.Labels[2] != r.Labels[3] || r.Labels[0] == r.Labels[2] {
		t.Errorf("labels: got %v, want {0,1} {2,3}", r.Labels)
	}
}

func TestKMeansWorkersInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	X, _ := blobs(rng, 100, 8, 4, 1)
	a, _ := KMeans(context.Background(), X, 4, KMeansOptions{Restarts: 8, Seed: 5, Workers: 1})
	b, _ := KMeans(context.Background(), X, 4, KMeansOptions{Restarts: 8, Seed: 5, Workers: 3})
	if a.Inertia != b.Inertia {
		t.Errorf("inertia: workers 1 %v, workers 3 %v", a.Inertia, b.Inertia)
	}
	for i := range a.Labels {
		if a.Labels[i] != b.Labels[i] {
			t.Fatalf("labels differ at %d", i)
		}
	}
}

func TestAverageLinkage(t *testing.T) {
	// Points 0, 1, 10, 11, 30 on a line.
	pos := []float64{0, 1, 10, 11, 30}
	n := len(pos)
	d := make([]float64, n*n)
	for i := range pos {
		for j := range pos {
			d[i*n+j] = math.Abs(pos[i] - pos[j])
		}
	}
	m := AverageLinkage(d, n)
	// First merges at height 1; then {0,1}–{10,11} at mean distance 10;
	// then with 30 at (30+29+20+19)/4 = 24.5.
	wantH := []float64{1, 1, 10, 24.5}
	for s, w := range wantH {
		if math.Abs(m[s].Height-w) > 1e-12 {
			t.Errorf("merge %d height: got %v, want %v", s, m[s].Height, w)
		}
	}
	got := Cut(m, n, 3)
	want := []int{0, 0, 1, 1, 2}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Cut 3: got %v, want %v", got, want)
		}
	}
	c := ChooseK(d, n, 4, 0.25, nil)
	if c.K != 3 {
		t.Errorf("ChooseK: got K=%d (silhouettes %v), want 3", c.K, c.Silhouette)
	}
	if r := ChooseK(d, n, 4, 0.25, func([]int) bool { return false }); r.K != 1 {
		t.Errorf("ChooseK with rejecting rule: got K=%d, want 1", r.K)
	}
}

func BenchmarkKMeans150x6400Restarts100(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	X, _ := blobs(rng, 150, 6400, 2, 0.1)
	b.ResetTimer()
	for b.Loop() {
		if _, err := KMeans(context.Background(), X, 2, KMeansOptions{Restarts: 100, Seed: 1, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// With fewer items than maxK, the silhouettes of k > n are not computed:
// they must read NaN (as for k = 1), not a silhouette of 0, which callers
// such as the multiple-maps control's best-silhouette scan would take as a
// value. Zero items give no merges rather than a panic.
func TestChooseKFewItems(t *testing.T) {
	d := []float64{0, 1, 5, 1, 0, 5, 5, 5, 0}
	c := ChooseK(d, 3, 5, 0, nil)
	if len(c.Silhouette) != 5 {
		t.Fatalf("len(Silhouette) = %d, want 5", len(c.Silhouette))
	}
	for k := 4; k <= 5; k++ {
		if s := c.Silhouette[k-1]; !math.IsNaN(s) {
			t.Errorf("Silhouette for k = %d > n = 3 is %g, want NaN", k, s)
		}
	}
	if s := c.Silhouette[1]; math.IsNaN(s) || s <= 0 {
		t.Errorf("Silhouette for k = 2 is %g, want a positive value", s)
	}
	if m := AverageLinkage(nil, 0); len(m) != 0 {
		t.Errorf("AverageLinkage of 0 items = %v, want no merges", m)
	}
}
