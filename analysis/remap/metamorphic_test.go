package remap

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Metamorphic tests: transform the tensor in a way whose effect on the
// analysis follows from its definitions, analyse twice and compare. The
// tolerance covers floating-point reordering of sums only; the maps are well
// separated, so k-means finds the same partition whatever the order of the
// sums in its distances.

const metaTol = 1e-12

func metaClose(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// metaTensor returns T trials of two maps in blocks (0–9 map A, 10–19 map B,
// 20–… map A) with per-trial noise, so that K = 2 is clear but each
// trial's score differs from ±1.
func metaTensor(T, B, C int, seed uint64) Tensor {
	rng := rand.New(rand.NewPCG(seed, 9))
	maps := [2][]float64{make([]float64, B*C), make([]float64, B*C)}
	for m := range maps {
		for i := range maps[m] {
			maps[m][i] = 2 * rng.ExpFloat64()
		}
	}
	x := Tensor{Trials: T, Bins: B, Cells: C, Data: make([]float64, T*B*C)}
	for t := 0; t < T; t++ {
		m := (t / 10) % 2
		for i := 0; i < B*C; i++ {
			x.Data[t*B*C+i] = maps[m][i] + 0.8*rng.NormFloat64()
		}
	}
	return x
}

func analyzeMeta(t *testing.T, x Tensor, o Options) *Result {
	t.Helper()
	r, err := Analyze(context.Background(), x, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// remapTensor returns y with y(t, b, c) = f(x(t, bm[b], cm[c])).
func remapTensor(x Tensor, bm, cm []int, f func(float64) float64) Tensor {
	y := Tensor{Trials: x.Trials, Bins: x.Bins, Cells: x.Cells, Data: make([]float64, len(x.Data))}
	for t := 0; t < x.Trials; t++ {
		for b := 0; b < x.Bins; b++ {
			for c := 0; c < x.Cells; c++ {
				y.Data[(t*x.Bins+b)*x.Cells+c] = f(x.Data[(t*x.Bins+bm[b])*x.Cells+cm[c]])
			}
		}
	}
	return y
}

func ident(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// checkSame compares two analyses of transformed tensors: same labels and
// events, similarity, within/across and population score at tol, and the
// per-cell scores of cell c of got equal to those of cell cm[c] of want.
func checkSame(t *testing.T, name string, got, want *Result, cm []int, tol float64) {
	t.Helper()
	if !slices.Equal(got.Labels, want.Labels) || !slices.Equal(got.Events, want.Events) {
		t.Fatalf("%s: labels %v events %v, want %v %v", name, got.Labels, got.Events, want.Labels, want.Events)
	}
	for i := range want.Similarity {
		if !metaClose(got.Similarity[i], want.Similarity[i], tol) {
			t.Fatalf("%s: Similarity[%d] = %v, want %v", name, i, got.Similarity[i], want.Similarity[i])
		}
	}
	if !metaClose(got.Within, want.Within, tol) || !metaClose(got.Across, want.Across, tol) {
		t.Errorf("%s: within/across %v %v, want %v %v", name, got.Within, got.Across, want.Within, want.Across)
	}
	for i := range want.Score {
		if !metaClose(got.Score[i], want.Score[i], tol) {
			t.Errorf("%s: Score[%d] = %v, want %v", name, i, got.Score[i], want.Score[i])
		}
	}
	for c, src := range cm {
		if !metaClose(got.RemapScore[c], want.RemapScore[src], tol) {
			t.Errorf("%s: RemapScore[%d] = %v, want cell %d's %v", name, c, got.RemapScore[c], src, want.RemapScore[src])
		}
		for i := range want.CellScore[src] {
			if !metaClose(got.CellScore[c][i], want.CellScore[src][i], tol) {
				t.Errorf("%s: CellScore[%d][%d] = %v, want cell %d's %v", name, c, i, got.CellScore[c][i], src, want.CellScore[src][i])
				break
			}
		}
	}
}

// Permuting the cells and, separately, the bins permutes the columns of the
// unwrapped trials × (bins·cells) matrix. Correlations between trials and
// the k-means distances are sums over columns, so the partition, events,
// similarity, within/across and population score are unchanged; the per-cell
// score of a cell uses only that cell's columns, so it moves with the cell;
// the centroids' columns are permuted.
func TestMetamorphicColumnPermutation(t *testing.T) {
	const T, B, C = 30, 8, 9
	x := metaTensor(T, B, C, 1)
	o := Options{Maps: 2, Restarts: 3, Seed: 4}
	want := analyzeMeta(t, x, o)
	if want.Across >= want.Within {
		t.Fatalf("test data: maps not separated (within %v, across %v)", want.Within, want.Across)
	}
	rng := rand.New(rand.NewPCG(2, 3))
	bm, cm := rng.Perm(B), rng.Perm(C)
	got := analyzeMeta(t, remapTensor(x, bm, cm, func(v float64) float64 { return v }), o)
	checkSame(t, "permuted bins and cells", got, want, cm, metaTol)
	for k := 0; k < 2; k++ {
		for b := 0; b < B; b++ {
			for c := 0; c < C; c++ {
				g, w := got.Centroids.At(k, b*C+c), want.Centroids.At(k, bm[b]*C+cm[c])
				if !metaClose(g, w, metaTol) {
					t.Fatalf("centroid %d (bin %d, cell %d) = %v, want %v", k, b, c, g, w)
				}
			}
		}
	}
}

// Scaling every rate by a > 0 and adding an offset: |corr| between trials is
// invariant to a common positive affine map; k-means distances scale by a²
// (the offset cancels in differences), so the partition is unchanged; and
// the score 2((y−c2)·(c1−c2)/‖c1−c2‖² − ½) is a ratio in which both the scale
// and the offset cancel, so population and per-cell scores are unchanged.
// The tolerance is 1e-10: the offset is rounded into the data before the
// means are removed.
func TestMetamorphicAffine(t *testing.T) {
	const T, B, C = 30, 6, 8
	x := metaTensor(T, B, C, 5)
	o := Options{Maps: 2, Restarts: 3, Seed: 1}
	want := analyzeMeta(t, x, o)
	got := analyzeMeta(t, remapTensor(x, ident(B), ident(C), func(v float64) float64 { return 3*v + 5 }), o)
	checkSame(t, "affine", got, want, ident(C), 1e-10)
}

// Similarity depends on trials only in pairs: permuting the trials permutes
// its rows and columns.
func TestMetamorphicSimilarityTrialPermutation(t *testing.T) {
	const T, B, C = 20, 5, 6
	x := metaTensor(T, B, C, 7)
	s := Similarity(x)
	perm := rand.New(rand.NewPCG(8, 8)).Perm(T)
	D := B * C
	y := Tensor{Trials: T, Bins: B, Cells: C, Data: make([]float64, len(x.Data))}
	for i, p := range perm {
		copy(y.Data[i*D:(i+1)*D], x.Data[p*D:(p+1)*D])
	}
	sy := Similarity(y)
	for i, p := range perm {
		for j, q := range perm {
			if sy[i*T+j] != s[p*T+q] {
				t.Fatalf("sim'(%d,%d) = %v, want sim(%d,%d) = %v", i, j, sy[i*T+j], p, q, s[p*T+q])
			}
		}
	}
}

// Swapping the two centroids negates every score (dd → 1 − dd), and the
// remap score of a cell with the map labels swapped is then unchanged
// (softplus(s) for map 2 becomes softplus(−(−s)) for map 1).
func TestMetamorphicScoreSwap(t *testing.T) {
	const T, B, C = 20, 5, 4
	x := metaTensor(T, B, C, 9)
	Y := x.Matrix()
	rng := rand.New(rand.NewPCG(1, 1))
	c1, c2 := make([]float64, B*C), make([]float64, B*C)
	for i := range c1 {
		c1[i], c2[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	s, s2 := make([]float64, T), make([]float64, T)
	idx := []int{1, 5, 9, 13}
	Score(s, Y, c1, c2, idx)
	Score(s2, Y, c2, c1, idx)
	in2, in1 := make([]bool, T), make([]bool, T)
	for i := range s {
		if !metaClose(s2[i], -s[i], 1e-12) {
			t.Errorf("swapped centroids: score %d = %v, want %v", i, s2[i], -s[i])
		}
		in2[i] = i%3 == 0
		in1[i] = !in2[i]
	}
	if a, b := RemapScore(s, in2), RemapScore(s2, in1); !metaClose(a, b, 1e-12) {
		t.Errorf("remap score with swapped maps %v, want %v", b, a)
	}
}

// With running speeds, maps are numbered by increasing mean speed. Negating
// every speed reverses that order: for K = 2 the labels swap, the centroids
// swap, every population and per-cell score is negated (see
// TestMetamorphicScoreSwap) and each per-cell remap score is unchanged (the
// map labels swap with the sign of the score). The partition, similarity
// and within/across are untouched.
func TestMetamorphicSpeedOrder(t *testing.T) {
	const T, B, C = 30, 6, 7
	x := metaTensor(T, B, C, 12)
	speed := make([]float64, T)
	rng := rand.New(rand.NewPCG(13, 13))
	for i := range speed {
		speed[i] = 10 + 5*float64((i/10)%2) + rng.Float64()
	}
	o := Options{Maps: 2, Restarts: 3, Seed: 2, Speed: speed}
	want := analyzeMeta(t, x, o)
	neg := make([]float64, T)
	for i, v := range speed {
		neg[i] = -v
	}
	o.Speed = neg
	got := analyzeMeta(t, x, o)
	for i := range want.Labels {
		if got.Labels[i] != 1-want.Labels[i] {
			t.Fatalf("labels %v, want the swap of %v", got.Labels, want.Labels)
		}
	}
	if got.MapSpeed[0] != -want.MapSpeed[1] || got.MapSpeed[1] != -want.MapSpeed[0] {
		t.Errorf("map speeds %v, want the negated swap of %v", got.MapSpeed, want.MapSpeed)
	}
	if !slices.Equal(got.Centroids.RawRowView(0), want.Centroids.RawRowView(1)) {
		t.Errorf("centroid of map 1 is not the former map 2's")
	}
	for i := range want.Score {
		if !metaClose(got.Score[i], -want.Score[i], metaTol) {
			t.Errorf("Score[%d] = %v, want %v", i, got.Score[i], -want.Score[i])
		}
	}
	for c := range want.RemapScore {
		if !metaClose(got.RemapScore[c], want.RemapScore[c], metaTol) {
			t.Errorf("RemapScore[%d] = %v, want %v", c, got.RemapScore[c], want.RemapScore[c])
		}
	}
	if !slices.Equal(got.Events, want.Events) || got.Within != want.Within || got.Across != want.Across {
		t.Errorf("events or within/across changed with the map numbering")
	}
}

// ChooseMaps uses the similarity and k-means labels only: permuting bins and
// cells leaves its choice and silhouettes unchanged.
func TestMetamorphicChooseMapsColumns(t *testing.T) {
	const T, B, C = 30, 6, 7
	x := metaTensor(T, B, C, 14)
	o := Options{Restarts: 3, Seed: 3}
	k, sil, err := ChooseMaps(context.Background(), x, 3, 0.1, o)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(15, 15))
	y := remapTensor(x, rng.Perm(B), rng.Perm(C), func(v float64) float64 { return v })
	k2, sil2, err := ChooseMaps(context.Background(), y, 3, 0.1, o)
	if err != nil {
		t.Fatal(err)
	}
	if k2 != k || k != 2 {
		t.Errorf("K = %d after permuting columns, %d before (want 2)", k2, k)
	}
	for i := range sil {
		if !metaClose(sil2[i], sil[i], metaTol) {
			t.Errorf("silhouette[%d] = %v, want %v", i, sil2[i], sil[i])
		}
	}
}

// MatchEvents scores sets of events: listing either set in another order
// must not change precision or recall, and swapping found and true events
// swaps precision and recall (a one-to-one matching within ±tol is
// symmetric, and its size is the maximum matching's). A greedy pass in list
// order is only maximal, not maximum, on unsorted lists (found {5, 7}
// against true {6, 4}, tol 1, matched 5–6 and left 7 unmatched), which this
// test caught.
func TestMetamorphicMatchEvents(t *testing.T) {
	if p, r := MatchEvents([]int{5, 7}, []int{6, 4}, 1); p != 1 || r != 1 {
		t.Errorf("MatchEvents({5, 7}, {6, 4}, 1) = %v, %v, want 1, 1 (5–4 and 7–6)", p, r)
	}
	rng := rand.New(rand.NewPCG(16, 16))
	for trial := 0; trial < 300; trial++ {
		found := rng.Perm(40)[:rng.IntN(8)]
		truth := rng.Perm(40)[:rng.IntN(8)]
		tol := rng.IntN(4)
		sf, st := slices.Sorted(slices.Values(found)), slices.Sorted(slices.Values(truth))
		p, r := MatchEvents(sf, st, tol)
		if p2, r2 := MatchEvents(found, truth, tol); p2 != p || r2 != r {
			t.Fatalf("found %v truth %v tol %d: (%v, %v), sorted lists give (%v, %v)", found, truth, tol, p2, r2, p, r)
		}
		if want := maxMatching(found, truth, tol); len(found) > 0 && p != float64(want)/float64(len(found)) {
			t.Fatalf("found %v truth %v tol %d: precision %v, maximum matching gives %d/%d", found, truth, tol, p, want, len(found))
		}
		// Swapped roles: hits are the same, so precision and recall swap
		// (each with its own empty-set convention of 1).
		p3, r3 := MatchEvents(truth, found, tol)
		if p3 != r || r3 != p {
			t.Fatalf("found %v truth %v tol %d: swapped (%v, %v), want (%v, %v)", found, truth, tol, p3, r3, r, p)
		}
	}
}

// maxMatching returns the size of a maximum one-to-one matching of found to
// truth events within ±tol (Kuhn's augmenting paths).
func maxMatching(found, truth []int, tol int) int {
	owner := make([]int, len(truth))
	for i := range owner {
		owner[i] = -1
	}
	var try func(f int, seen []bool) bool
	try = func(f int, seen []bool) bool {
		for j, e := range truth {
			if seen[j] || abs(found[f]-e) > tol {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || try(owner[j], seen) {
				owner[j] = f
				return true
			}
		}
		return false
	}
	n := 0
	for f := range found {
		if try(f, make([]bool, len(truth))) {
			n++
		}
	}
	return n
}
