package remap

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"neurolab/analysis/stats"
)

// withinAcrossLists is WithinAcross as it was: the pairs collected into two
// lists and averaged by stats.MeanNaN.
func withinAcrossLists(sim []float64, labels []int) (float64, float64) {
	T := len(labels)
	var w, a []float64
	for i := 0; i < T; i++ {
		for j := i + 1; j < T; j++ {
			if labels[i] == labels[j] {
				w = append(w, sim[i*T+j])
			} else {
				a = append(a, sim[i*T+j])
			}
		}
	}
	return stats.MeanNaN(w), stats.MeanNaN(a)
}

// WithinAcross sums pair by pair without the lists and gives the same bits,
// NaN entries (constant trials), one map and values whose sums overflow
// included.
func TestWithinAcrossMatchesLists(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		T, K  int
		nan   bool
		scale float64
	}{{57, 2, false, 1}, {120, 3, true, 1}, {40, 1, false, 1}, {30, 2, true, 1e308}, {1, 1, false, 1}} {
		sim := make([]float64, tc.T*tc.T)
		for i := range sim {
			sim[i] = rng.Float64() * tc.scale
		}
		if tc.nan {
			for j := 0; j < tc.T; j++ {
				sim[3*tc.T+j], sim[j*tc.T+3] = math.NaN(), math.NaN()
			}
		}
		labels := make([]int, tc.T)
		for i := range labels {
			labels[i] = rng.IntN(tc.K)
		}
		w, a := WithinAcross(sim, labels)
		w0, a0 := withinAcrossLists(sim, labels)
		same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
		if !same(w, w0) || !same(a, a0) {
			t.Errorf("T=%d K=%d scale %g: within %v across %v, lists give %v %v", tc.T, tc.K, tc.scale, w, a, w0, a0)
		}
	}
}

// ChooseMaps reports its progress over every K tried, rising to 1.
func TestChooseMapsProgress(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := Tensor{Trials: 30, Bins: 5, Cells: 4}
	x.Data = make([]float64, x.Trials*x.Bins*x.Cells)
	for i := range x.Data {
		x.Data[i] = rng.Float64()
	}
	var got []float64
	o := Options{Restarts: 4, Seed: 1, Workers: 1, Progress: func(f float64) { got = append(got, f) }}
	if _, _, err := ChooseMaps(t.Context(), x, 4, 0.25, o); err != nil {
		t.Fatal(err)
	}
	// K = 2, 3, 4 with 4 starts each: 12 calls, the last at 1.
	if len(got) != 12 || math.Abs(got[len(got)-1]-1) > 1e-12 {
		t.Fatalf("progress %v: want 12 values ending at 1", got)
	}
	for i := 1; i < len(got); i++ {
		if !(got[i] > got[i-1]) {
			t.Fatalf("progress %v goes back at %d", got, i)
		}
	}
}

// Similarity, computed in blocks of rows, gives the bits of the row-by-row
// products, for rows shorter and longer than a block and with constant
// trials.
func TestSimilarityBlocksMatchRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, sh := range [][3]int{{37, 5, 7}, {9, 300, 500}, {70, 1, 3}} {
		x := Tensor{Trials: sh[0], Bins: sh[1], Cells: sh[2]}
		D := x.Bins * x.Cells
		x.Data = make([]float64, x.Trials*D)
		for i := range x.Data {
			x.Data[i] = rng.NormFloat64()
		}
		for j := 0; j < D; j++ {
			x.Data[2*D+j] = 0 // a constant trial
		}
		got := Similarity(x)
		T := x.Trials
		for i := 0; i < T; i++ {
			for j := 0; j < T; j++ {
				want := math.NaN()
				if i != 2 && j != 2 {
					a, b := x.Data[i*D:(i+1)*D], x.Data[j*D:(j+1)*D]
					want = math.Min(1, math.Abs(stats.Pearson(a, b)))
				}
				g := got[i*T+j]
				if math.IsNaN(want) != math.IsNaN(g) || !math.IsNaN(g) && math.Abs(g-want) > 1e-12 {
					t.Fatalf("%v: similarity (%d, %d) = %v, Pearson gives %v", sh, i, j, g, want)
				}
				if g != got[j*T+i] && !math.IsNaN(g) {
					t.Fatalf("%v: not symmetric at (%d, %d)", sh, i, j)
				}
			}
		}
	}
}

// twoMapTensor returns trials alternating in blocks between two random
// maps, plus noise.
func twoMapTensor(seed uint64, trials, bins, cells int) Tensor {
	rng := rand.New(rand.NewPCG(seed, 11))
	D := bins * cells
	m := [2][]float64{make([]float64, D), make([]float64, D)}
	for k := range m {
		for i := range m[k] {
			m[k][i] = 3 * rng.Float64()
		}
	}
	x := Tensor{Trials: trials, Bins: bins, Cells: cells, Data: make([]float64, trials*D)}
	for t := 0; t < trials; t++ {
		k := t / 7 % 2
		for i := 0; i < D; i++ {
			x.Data[t*D+i] = m[k][i] + rng.NormFloat64()
		}
	}
	return x
}

// ChooseAndAnalyze gives what ChooseMaps followed by Analyze gives, whether
// it chooses two maps (its k-means reused) or one (Analyze's own k-means),
// with speeds, with one worker or several.
func TestChooseAndAnalyzeMatches(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		minSil  float64
		workers int
		speed   bool
	}{{0.25, 1, false}, {0.25, 3, true}, {0.99, 1, true}} {
		x := twoMapTensor(1, 40, 6, 5)
		o := Options{Restarts: 5, Seed: 2, Workers: tc.workers}
		if tc.speed {
			o.Speed = make([]float64, x.Trials)
			for i := range o.Speed {
				o.Speed[i] = float64(i % 5)
			}
		}
		k, sil, err := ChooseMaps(ctx, x, 4, tc.minSil, o)
		if err != nil {
			t.Fatal(err)
		}
		oa := o
		oa.Maps = k
		want, err := Analyze(ctx, x, oa)
		if err != nil {
			t.Fatal(err)
		}
		var prog []float64
		o.Progress = func(f float64) { prog = append(prog, f) }
		if tc.workers > 1 {
			o.Progress = nil // called concurrently
		}
		got, gsil, err := ChooseAndAnalyze(ctx, x, 4, tc.minSil, o)
		if err != nil {
			t.Fatal(err)
		}
		if (tc.minSil < 0.5) != (k == 2) {
			t.Fatalf("minSil %v: K = %d chosen (silhouettes %v)", tc.minSil, k, sil)
		}
		if a, b := fmt.Sprintf("%v", sil), fmt.Sprintf("%v", gsil); a != b {
			t.Errorf("silhouettes %s, ChooseMaps gives %s", b, a)
		}
		if d := resultDiff(want, got); d != "" {
			t.Errorf("%+v: ChooseAndAnalyze differs from ChooseMaps + Analyze: %s", tc, d)
		}
		if o.Progress != nil {
			if len(prog) == 0 || prog[len(prog)-1] != 1 {
				t.Fatalf("progress %v does not end at 1", prog)
			}
			for i := 1; i < len(prog); i++ {
				if prog[i] < prog[i-1] {
					t.Fatalf("progress %v goes back", prog)
				}
			}
		}
	}
	// Bad input is refused before any work, as by ChooseMaps and Analyze.
	x := twoMapTensor(1, 10, 2, 2)
	if _, _, err := ChooseAndAnalyze(ctx, x, 0, 0.25, Options{}); err == nil {
		t.Error("maxK 0 accepted")
	}
	if _, _, err := ChooseAndAnalyze(ctx, x, 3, 0.25, Options{Speed: []float64{1}}); err == nil {
		t.Error("one speed for 10 trials accepted")
	}
}

// resultDiff names the first field in which a and b differ, bit for bit
// (NaN equal to NaN); "" if none.
func resultDiff(a, b *Result) string {
	same := func(x, y []float64) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) && !(math.IsNaN(x[i]) && math.IsNaN(y[i])) {
				return false
			}
		}
		return true
	}
	switch {
	case a.K != b.K:
		return fmt.Sprintf("K %d vs %d", a.K, b.K)
	case fmt.Sprint(a.Labels) != fmt.Sprint(b.Labels):
		return "labels"
	case fmt.Sprint(a.Events) != fmt.Sprint(b.Events):
		return "events"
	case !same(a.Centroids.RawMatrix().Data, b.Centroids.RawMatrix().Data):
		return "centroids"
	case !same(a.Similarity, b.Similarity):
		return "similarity"
	case !same([]float64{a.Within, a.Across}, []float64{b.Within, b.Across}):
		return "within/across"
	case !same(a.MapSpeed, b.MapSpeed) || !same(a.Score, b.Score) || !same(a.RemapScore, b.RemapScore):
		return "speeds or scores"
	case len(a.CellScore) != len(b.CellScore):
		return "cell scores"
	}
	for c := range a.CellScore {
		if !same(a.CellScore[c], b.CellScore[c]) {
			return fmt.Sprintf("cell %d scores", c)
		}
	}
	return ""
}
