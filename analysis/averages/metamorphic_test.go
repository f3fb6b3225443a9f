package averages

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Metamorphic tests: transform the counts or labels in a way whose effect on
// the test follows from its definition, run twice and compare.
//
// Counts are whole numbers, so every class sum is exact in any order and the
// templates of transformed inputs are bit-identical; where the transform also
// keeps each trial's surrogate stream (num.Stream(Seed, trial)) and alias
// table, percentiles must agree exactly.

// metaCounts returns Poisson-like counts for T trials of N neurons in
// `classes` classes (labels cycling), each class with its own tuning, plus
// per-trial gain so that trials are not pure Poisson draws of their template.
func metaCounts(T, N, classes int, seed uint64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 13))
	tune := make([][]float64, classes)
	for c := range tune {
		tune[c] = make([]float64, N)
		for n := range tune[c] {
			tune[c][n] = 4 * rng.ExpFloat64()
		}
	}
	counts := mat.NewDense(T, N, nil)
	labels := make([]int, T)
	for i := 0; i < T; i++ {
		labels[i] = i % classes
		g := 0.5 + rng.Float64()
		for n := 0; n < N; n++ {
			// Poisson by inversion (small means).
			lam, k := g*tune[labels[i]][n], 0
			p := math.Exp(-lam)
			s, u := p, rng.Float64()
			for u > s && k < 200 {
				k++
				p *= lam / float64(k)
				s += p
			}
			counts.Set(i, n, float64(k))
		}
	}
	return counts, labels
}

func testMeta(t *testing.T, counts *mat.Dense, labels []int, classes int, o Options) *Result {
	t.Helper()
	r, err := Test(context.Background(), counts, labels, classes, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func same(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12
}

// Renaming the classes (a permutation of 0..classes−1) permutes the template
// rows; each trial's ρ uses its own class's template (the same vector), ρ′
// averages over the same set of other templates (in another order: compared
// at 1e-12), and its surrogates come from the same template's alias table and
// the trial's own stream, so ρ, SI and the percentiles are unchanged.
func TestMetamorphicClassRenaming(t *testing.T) {
	const T, N, K = 36, 15, 3
	counts, labels := metaCounts(T, N, K, 1)
	o := Options{Surrogates: 40, Seed: 7}
	want := testMeta(t, counts, labels, K, o)
	rename := []int{2, 0, 1}
	nl := make([]int, T)
	for i, l := range labels {
		nl[i] = rename[l]
	}
	got := testMeta(t, counts, nl, K, o)
	for c := 0; c < K; c++ {
		if !mat.Equal(got.Templates.RowView(rename[c]), want.Templates.RowView(c)) {
			t.Errorf("template of renamed class %d differs from class %d's", rename[c], c)
		}
	}
	for i := 0; i < T; i++ {
		if !same(got.Rho[i], want.Rho[i]) || !near(got.RhoOther[i], want.RhoOther[i]) || !near(got.SI[i], want.SI[i]) ||
			!same(got.Perc[i], want.Perc[i]) || !same(got.SurrMean[i], want.SurrMean[i]) {
			t.Errorf("trial %d: (ρ %v ρ′ %v SI %v perc %v mean %v), want (%v %v %v %v %v)", i,
				got.Rho[i], got.RhoOther[i], got.SI[i], got.Perc[i], got.SurrMean[i],
				want.Rho[i], want.RhoOther[i], want.SI[i], want.Perc[i], want.SurrMean[i])
		}
	}
}

// Appending a copy of every trial (same labels) leaves each class mean
// unchanged (exact: integer sums), so ρ, ρ′ and SI of the original trials
// are unchanged, and so are their percentiles: trial i < T keeps its stream
// and its template's alias table. The copies are the same vectors, so their
// ρ, ρ′ and SI equal the originals' too (their surrogate streams differ).
func TestMetamorphicDuplicateTrials(t *testing.T) {
	const T, N, K = 20, 12, 2
	counts, labels := metaCounts(T, N, K, 2)
	o := Options{Surrogates: 30, Seed: 3}
	want := testMeta(t, counts, labels, K, o)
	dup := mat.NewDense(2*T, N, nil)
	dup.Slice(0, T, 0, N).(*mat.Dense).Copy(counts)
	dup.Slice(T, 2*T, 0, N).(*mat.Dense).Copy(counts)
	got := testMeta(t, dup, append(append([]int(nil), labels...), labels...), K, o)
	if !mat.Equal(got.Templates, want.Templates) {
		t.Fatalf("templates changed by duplicating the trials")
	}
	for i := 0; i < 2*T; i++ {
		j := i % T
		if !same(got.Rho[i], want.Rho[j]) || !same(got.RhoOther[i], want.RhoOther[j]) || !same(got.SI[i], want.SI[j]) {
			t.Errorf("trial %d: ρ %v ρ′ %v SI %v, want trial %d's %v %v %v", i, got.Rho[i], got.RhoOther[i], got.SI[i], j, want.Rho[j], want.RhoOther[j], want.SI[j])
		}
		if i < T && (!same(got.Perc[i], want.Perc[i]) || !same(got.SurrMean[i], want.SurrMean[i])) {
			t.Errorf("trial %d: perc %v mean %v, want %v %v", i, got.Perc[i], got.SurrMean[i], want.Perc[i], want.SurrMean[i])
		}
	}
}

// Permuting the trials (with their labels) keeps the class means (exact), so
// ρ, ρ′ and SI move with their trials. Permuting the neurons (the same in
// every trial) permutes both the trial vectors and the templates, and
// Pearson correlations are invariant to a common permutation of the pairs,
// so ρ, ρ′ and SI are unchanged. Percentiles are not asserted for either:
// a trial's surrogate stream is tied to its index, and the alias table's
// draws to the neuron order, so the surrogates are different (equally
// distributed) samples.
func TestMetamorphicPermutations(t *testing.T) {
	const T, N, K = 24, 14, 3
	counts, labels := metaCounts(T, N, K, 4)
	want := testMeta(t, counts, labels, K, Options{})
	rng := rand.New(rand.NewPCG(6, 6))
	tp, np := rng.Perm(T), rng.Perm(N)
	pc := mat.NewDense(T, N, nil)
	pl := make([]int, T)
	for i, p := range tp {
		pl[i] = labels[p]
		for n, q := range np {
			pc.Set(i, n, counts.At(p, q))
		}
	}
	got := testMeta(t, pc, pl, K, Options{})
	for i, p := range tp {
		if !near(got.Rho[i], want.Rho[p]) || !near(got.RhoOther[i], want.RhoOther[p]) || !near(got.SI[i], want.SI[p]) {
			t.Errorf("trial %d: ρ %v ρ′ %v SI %v, want trial %d's %v %v %v", i, got.Rho[i], got.RhoOther[i], got.SI[i], p, want.Rho[p], want.RhoOther[p], want.SI[p])
		}
	}
}

// Multiplying every count by a whole a > 0 scales each trial and each
// template by a, and Pearson correlations are scale-invariant, so ρ, ρ′ and
// SI are unchanged (to rounding). The surrogates then redistribute a·k
// spikes, a different test, so percentiles are not asserted.
func TestMetamorphicCountScale(t *testing.T) {
	const T, N, K = 16, 10, 2
	counts, labels := metaCounts(T, N, K, 5)
	want := testMeta(t, counts, labels, K, Options{})
	var sc mat.Dense
	sc.Scale(3, counts)
	got := testMeta(t, &sc, labels, K, Options{})
	for i := 0; i < T; i++ {
		if !near(got.Rho[i], want.Rho[i]) || !near(got.RhoOther[i], want.RhoOther[i]) || !near(got.SI[i], want.SI[i]) {
			t.Errorf("trial %d: ρ %v ρ′ %v SI %v, want %v %v %v", i, got.Rho[i], got.RhoOther[i], got.SI[i], want.Rho[i], want.RhoOther[i], want.SI[i])
		}
	}
}

// The worker count only schedules chunks of trials: results are
// bit-identical (each trial draws from its own stream).
func TestMetamorphicWorkers(t *testing.T) {
	counts, labels := metaCounts(150, 8, 2, 6) // more than two chunks of 64
	o := Options{Surrogates: 10, Seed: 1, Workers: 1}
	a := testMeta(t, counts, labels, 2, o)
	o.Workers = 3
	b := testMeta(t, counts, labels, 2, o)
	for i := range a.Perc {
		if !same(a.Perc[i], b.Perc[i]) || !same(a.SurrMean[i], b.SurrMean[i]) {
			t.Fatalf("trial %d: perc %v/%v, mean %v/%v with 1 and 3 workers", i, a.Perc[i], b.Perc[i], a.SurrMean[i], b.SurrMean[i])
		}
	}
}
