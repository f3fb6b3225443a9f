package cluster

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

// Metamorphic tests: transform the input in a way whose effect on the
// clustering follows from the method's definition, run twice and compare.

// samePartition reports whether labels a and b (of the same items) define
// the same partition, whatever the cluster numbering.
func samePartition(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	ab, ba := map[int]int{}, map[int]int{}
	for i := range a {
		if l, ok := ab[a[i]]; ok && l != b[i] {
			return false
		}
		if l, ok := ba[b[i]]; ok && l != a[i] {
			return false
		}
		ab[a[i]], ba[b[i]] = b[i], a[i]
	}
	return true
}

// TestKMeansScaleByTwo: scaling the data by 2 scales every squared
// distance by exactly 4 (a power of two: no rounding changes), so the
// k-means++ draws (u = U·ΣD² against the cumulative D²), the Lloyd
// assignments and the winning start are identical: the labels are equal,
// the centroids double and the inertia quadruples, bit for bit.
func TestKMeansScaleByTwo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	X, _ := blobs(rng, 120, 4, 3, 4)
	X2 := mat.NewDense(120, 4, nil)
	X2.Scale(2, X)
	o := KMeansOptions{Restarts: 5, Seed: 9}
	a, err := KMeans(context.Background(), X, 3, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := KMeans(context.Background(), X2, 3, o)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Labels {
		if a.Labels[i] != b.Labels[i] {
			t.Fatalf("row %d: label %d, %d after scaling by 2", i, a.Labels[i], b.Labels[i])
		}
	}
	var c2 mat.Dense
	c2.Scale(2, a.Centroids)
	if !mat.Equal(&c2, b.Centroids) {
		t.Errorf("centroids of 2X are not 2× the centroids of X")
	}
	if b.Inertia != 4*a.Inertia {
		t.Errorf("inertia %.17g, want 4 × %.17g", b.Inertia, a.Inertia)
	}
}

// TestKMeansRigidMotion: k-means depends on the data only through squared
// Euclidean distances, which an orthogonal rotation plus a translation
// preserves; the same seed then gives the same partition (the k-means++
// draws compare cumulative distances that differ only by rounding) and the
// same inertia, with centroids moved by the same rigid motion.
func TestKMeansRigidMotion(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, d, k := 150, 5, 4
	X, _ := blobs(rng, n, d, k, 5)
	Q := linalg.RandOrthonormal(rng, d, d)
	shift := []float64{30, -12, 7, 0.5, 100}
	move := func(M *mat.Dense) *mat.Dense {
		r, _ := M.Dims()
		out := mat.NewDense(r, d, nil)
		out.Mul(M, Q.T())
		for i := 0; i < r; i++ {
			row := out.RawRowView(i)
			for j := range row {
				row[j] += shift[j]
			}
		}
		return out
	}
	o := KMeansOptions{Restarts: 6, Seed: 5}
	a, err := KMeans(context.Background(), X, k, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := KMeans(context.Background(), move(X), k, o)
	if err != nil {
		t.Fatal(err)
	}
	if !samePartition(a.Labels, b.Labels) {
		t.Fatalf("rotated and translated data give another partition")
	}
	if math.Abs(a.Inertia-b.Inertia) > 1e-9*a.Inertia {
		t.Errorf("inertia %.15g, after a rigid motion %.15g", a.Inertia, b.Inertia)
	}
	want := move(a.Centroids)
	for c := 0; c < k; c++ {
		// Match the centroid of the cluster holding the same rows.
		var row int
		for i, l := range a.Labels {
			if l == c {
				row = i
				break
			}
		}
		got, w := b.Centroids.RawRowView(b.Labels[row]), want.RawRowView(c)
		for j := range w {
			if math.Abs(got[j]-w[j]) > 1e-9*(1+math.Abs(w[j])) {
				t.Errorf("centroid %d, coordinate %d: %.15g, want %.15g", c, j, got[j], w[j])
			}
		}
	}
}

// distances returns the n×n Euclidean distance matrix of the rows of X.
func distances(X *mat.Dense) []float64 {
	n, _ := X.Dims()
	d := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			a, b := X.RawRowView(i), X.RawRowView(j)
			for k := range a {
				s += (a[k] - b[k]) * (a[k] - b[k])
			}
			d[i*n+j] = math.Sqrt(s)
		}
	}
	return d
}

// TestAverageLinkagePermutation: UPGMA's merge heights are the mean
// pairwise distances between the merged clusters, a property of the
// clusters, not of the item numbering; with distinct distances (no ties)
// relabelling the items leaves the merge heights identical (each update
// (|A| d(A,C) + |B| d(B,C))/(|A|+|B|) is computed from the same operands,
// only the two summands may swap, which is exact) and every cut is the same
// partition; ChooseK picks the same k with the same silhouettes.
func TestAverageLinkagePermutation(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n := 30
	X, _ := blobs(rng, n, 3, 3, 4)
	d := distances(X)
	perm := rng.Perm(n) // item i of the permuted set is item perm[i]
	dp := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			dp[i*n+j] = d[perm[i]*n+perm[j]]
		}
	}
	m1, m2 := AverageLinkage(d, n), AverageLinkage(dp, n)
	for s := range m1 {
		if m1[s].Height != m2[s].Height {
			t.Errorf("merge %d: height %.17g, permuted items %.17g", s, m1[s].Height, m2[s].Height)
		}
	}
	for k := 1; k <= n; k++ {
		l1, l2 := Cut(m1, n, k), Cut(m2, n, k)
		back := make([]int, n)
		for i, p := range perm {
			back[p] = l2[i]
		}
		if !samePartition(l1, back) {
			t.Fatalf("cut at k = %d: permuted items give another partition", k)
		}
	}
	c1, c2 := ChooseK(d, n, 6, 0, nil), ChooseK(dp, n, 6, 0, nil)
	if c1.K != c2.K {
		t.Fatalf("ChooseK: k = %d, permuted items k = %d", c1.K, c2.K)
	}
	for k := range c1.Silhouette {
		a, b := c1.Silhouette[k], c2.Silhouette[k]
		if math.IsNaN(a) != math.IsNaN(b) || math.Abs(a-b) > 1e-12 {
			t.Errorf("silhouette for k = %d: %.15g, permuted items %.15g", k+1, a, b)
		}
	}
}

// TestAverageLinkageScale: UPGMA heights are weighted means of distances,
// so multiplying every distance by a > 0 multiplies every height by a and
// keeps the merge order; the silhouette (a ratio of mean distances) and so
// ChooseK's choice are unchanged.
func TestAverageLinkageScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	n := 25
	X, _ := blobs(rng, n, 2, 4, 5)
	d := distances(X)
	a := 3.7
	da := make([]float64, len(d))
	for i, v := range d {
		da[i] = a * v
	}
	m1, m2 := AverageLinkage(d, n), AverageLinkage(da, n)
	for s := range m1 {
		if m1[s].A != m2[s].A || m1[s].B != m2[s].B {
			t.Fatalf("merge %d joins (%d, %d), scaled distances (%d, %d)", s, m1[s].A, m1[s].B, m2[s].A, m2[s].B)
		}
		if math.Abs(m2[s].Height-a*m1[s].Height) > 1e-12*a*m1[s].Height {
			t.Errorf("merge %d: height %.15g, want a × %.15g", s, m2[s].Height, m1[s].Height)
		}
	}
	c1, c2 := ChooseK(d, n, 8, 0.2, nil), ChooseK(da, n, 8, 0.2, nil)
	if c1.K != c2.K || !samePartition(c1.Labels, c2.Labels) {
		t.Fatalf("ChooseK: k = %d, scaled distances k = %d", c1.K, c2.K)
	}
	for k := range c1.Silhouette {
		x, y := c1.Silhouette[k], c2.Silhouette[k]
		if math.IsNaN(x) != math.IsNaN(y) || math.Abs(x-y) > 1e-12 {
			t.Errorf("silhouette for k = %d: %.15g, scaled %.15g", k+1, x, y)
		}
	}
}

// TestKMeansRestartPrefix: start r draws from num.Stream(Seed, r) whatever
// the number of starts, so the starts of Restarts = R are the first R
// starts of Restarts = R + 1: the best inertia can only fall as starts are
// added, and when it does not fall the result is the same start's (ties
// go to the lowest start index), label for label.
func TestKMeansRestartPrefix(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	X, _ := blobs(rng, 90, 3, 5, 2) // overlapping blobs: starts end in different local optima
	var prev *KMeansResult
	for R := 1; R <= 8; R++ {
		r, err := KMeans(context.Background(), X, 5, KMeansOptions{Restarts: R, Seed: 4, MaxIter: 50})
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil {
			if r.Inertia > prev.Inertia {
				t.Fatalf("Restarts %d: inertia %.15g, above %.15g with one start fewer", R, r.Inertia, prev.Inertia)
			}
			if r.Inertia == prev.Inertia {
				for i := range r.Labels {
					if r.Labels[i] != prev.Labels[i] {
						t.Fatalf("Restarts %d: same inertia as with %d starts but row %d is labelled %d, not %d", R, R-1, i, r.Labels[i], prev.Labels[i])
					}
				}
			}
		}
		prev = r
	}
}
