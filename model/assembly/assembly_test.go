package assembly

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"neurolab/analysis/stats"
	"neurolab/experiment"
)

func TestHungarianBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for trial := 0; trial < 50; trial++ {
		n := 1 + rng.IntN(5)
		cost := make([][]float64, n)
		for i := range cost {
			cost[i] = make([]float64, n)
			for j := range cost[i] {
				cost[i][j] = math.Round(rng.Float64()*20) - 10
			}
		}
		a := Hungarian(cost)
		got := 0.0
		for i, j := range a {
			got += cost[i][j]
		}
		best := math.Inf(1)
		perm := make([]int, n)
		for i := range perm {
			perm[i] = i
		}
		var rec func(k int)
		rec = func(k int) {
			if k == n {
				s := 0.0
				for i, j := range perm {
					s += cost[i][j]
				}
				best = math.Min(best, s)
				return
			}
			for i := k; i < n; i++ {
				perm[k], perm[i] = perm[i], perm[k]
				rec(k + 1)
				perm[k], perm[i] = perm[i], perm[k]
			}
		}
		rec(0)
		if got != best {
			t.Fatalf("trial %d: Hungarian cost %g, want optimum %g", trial, got, best)
		}
	}
}

func TestMatch(t *testing.T) {
	prev := []int{0, 0, 0, 1, 1, 1, 2, 2, 2}
	cur := []int{1, 1, 1, 2, 2, 0, 0, 0, 3} // relabelled, one neuron moved, one new group
	got, next := Match(prev, cur, 3)
	want := []int{0, 0, 0, 1, 1, 2, 2, 2, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Match got %v, want %v", got, want)
		}
	}
	if next != 4 {
		t.Errorf("next label got %d, want 4", next)
	}
}

// TestLouvainPlanted: planted blocks with strong within and weak between
// weights are recovered exactly.
func TestLouvainPlanted(t *testing.T) {
	const n, m = 60, 4
	rng := rand.New(rand.NewPCG(3, 3))
	W := make([]float64, n*n)
	truth := make([]int, n)
	for i := 0; i < n; i++ {
		truth[i] = i / (n / m)
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			if i/(n/m) == j/(n/m) {
				W[i*n+j] = 1 + 0.2*rng.Float64()
			} else {
				W[i*n+j] = 0.1 * rng.Float64()
			}
		}
	}
	labels, q := Louvain(W, n, 1, 5, rng)
	if NumLabels(labels) != m || stats.AdjustedRand(labels, truth) != 1 {
		t.Fatalf("got %d communities, ARI %g; want %d, 1", NumLabels(labels), stats.AdjustedRand(labels, truth), m)
	}
	if q <= 0.5 {
		t.Errorf("modularity got %g, want > 0.5", q)
	}
	w, b := WithinBetween(W, n, labels)
	if !(w > 10*b) {
		t.Errorf("within %g, between %g: want within > 10·between", w, b)
	}
}

// TestLouvainNoEdges checks a weight matrix without a positive entry (every
// synapse depressed to 0, as drifting-assemblies gives at a_d = −0.533): its
// modularity is 0/0, which no run's Q beat, so Louvain returned nil labels
// and WithinBetween panicked. Now every node is its own community and q is
// NaN.
func TestLouvainNoEdges(t *testing.T) {
	const n = 6
	labels, q := Louvain(make([]float64, n*n), n, 1, 3, rand.New(rand.NewPCG(1, 1)))
	if len(labels) != n || NumLabels(labels) != n {
		t.Fatalf("got labels %v, want %d singletons", labels, n)
	}
	if !math.IsNaN(q) {
		t.Errorf("got q = %g, want NaN", q)
	}
	if w, b := WithinBetween(make([]float64, n*n), n, labels); w != 0 || b != 0 {
		t.Errorf("got within %g, between %g, want 0, 0", w, b)
	}
}

// TestLouvainDeterministic: the same W and seed give the same labels and the
// same q to the last bit. With gonum's simple graph, whose Nodes and From
// iterate over maps, the degree and modularity sums were rounded
// differently from call to call (q differed in its last digits within a
// few calls).
func TestLouvainDeterministic(t *testing.T) {
	n := 60
	r := rand.New(rand.NewPCG(3, 4))
	W := make([]float64, n*n)
	for i := range W {
		W[i] = r.Float64() * r.Float64()
		if (i/n)/15 == (i%n)/15 {
			W[i] += 0.3 * r.Float64()
		}
	}
	l0, q0 := Louvain(W, n, 1, 5, rand.New(rand.NewPCG(7, 8)))
	for rep := 1; rep < 20; rep++ {
		l, q := Louvain(W, n, 1, 5, rand.New(rand.NewPCG(7, 8)))
		if math.Float64bits(q) != math.Float64bits(q0) {
			t.Fatalf("call %d: q = %.17g, first call %.17g", rep, q, q0)
		}
		for i := range l {
			if l[i] != l0[i] {
				t.Fatalf("call %d: label of node %d is %d, first call %d", rep, i, l[i], l0[i])
			}
		}
	}
}

// runs = 0 means DefaultLouvainRuns; a negative count panics with an input
// error (it silently ran once).
func TestLouvainRuns(t *testing.T) {
	W := []float64{0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0}
	l0, q0 := Louvain(W, 4, 1, 0, rand.New(rand.NewPCG(1, 2)))
	l10, q10 := Louvain(W, 4, 1, DefaultLouvainRuns, rand.New(rand.NewPCG(1, 2)))
	if q0 != q10 || !slices.Equal(l0, l10) {
		t.Errorf("runs 0: %v %v, want the %d-run result %v %v", l0, q0, DefaultLouvainRuns, l10, q10)
	}
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "runs = -1: want ≥ 0") {
			t.Errorf("runs -1: recovered %v, want an input error", err)
		}
	}()
	Louvain(W, 4, 1, -1, rand.New(rand.NewPCG(1, 2)))
}
