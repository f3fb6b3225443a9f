package remap

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/stats"
	"neurolab/internal/num"
	"neurolab/synth/mecmaps"
)

func TestEvents(t *testing.T) {
	cases := []struct {
		name   string
		labels []int
		min    int
		want   []int
	}{
		{"none", []int{0, 0, 0}, 5, nil},
		{"two", []int{0, 0, 1, 1, 1, 1, 1, 0}, 5, []int{2, 7}},
		{"flicker dropped", []int{0, 0, 1, 0, 0, 0, 0, 0, 1}, 5, []int{2, 8}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Events(c.labels, c.min)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
	p, r := MatchEvents([]int{3, 20}, []int{2, 10}, 1)
	if p != 0.5 || r != 0.5 {
		t.Errorf("MatchEvents: got precision %v recall %v, want 0.5, 0.5", p, r)
	}
}

// The score is +1 at c1, −1 at c2, 0 half-way, and linear along the axis.
func TestScoreClosedForm(t *testing.T) {
	c1, c2 := []float64{1, 2, 3}, []float64{3, 2, 1}
	Y := mat.NewDense(4, 3, []float64{
		1, 2, 3,
		3, 2, 1,
		2, 2, 2,
		2, 9, 2, // orthogonal offset does not move the score
	})
	dst := make([]float64, 4)
	Score(dst, Y, c1, c2, nil)
	want := []float64{1, -1, 0, 0}
	for i := range want {
		if math.Abs(dst[i]-want[i]) > 1e-12 {
			t.Errorf("trial %d: got %v, want %v", i, dst[i], want[i])
		}
	}
	Score(dst, Y, c1, c2, []int{1}) // c1 and c2 equal on entry 1
	if !math.IsNaN(dst[0]) {
		t.Errorf("equal centroids: got %v, want NaN", dst[0])
	}
}

func TestRemapScore(t *testing.T) {
	// A perfect remapper: s = +1 in map 1, −1 in map 2: ll = log(1+e^{-1}).
	got := RemapScore([]float64{1, 1, -1, -1}, []bool{false, false, true, true})
	if want := math.Log1p(math.Exp(-1)); math.Abs(got-want) > 1e-12 {
		t.Errorf("got %v, want %v", got, want)
	}
	// A stable cell (s = 0 everywhere) gives log 2.
	if got := RemapScore([]float64{0, 0}, []bool{false, true}); math.Abs(got-math.Ln2) > 1e-12 {
		t.Errorf("got %v, want log 2", got)
	}
}

// Planted maps: the automatic K is 2 for a 2-map session and 1 for a 1-map
// control (silhouette of a split of one map is low).
func TestChooseMaps(t *testing.T) {
	g := mecmaps.Default()
	g.Cells, g.Bins, g.Trials, g.PSwitch = 40, 40, 60, 0.15
	for _, c := range []struct {
		name   string
		oneMap bool
		want   int
	}{{"two maps", false, 2}, {"one map", true, 1}} {
		t.Run(c.name, func(t *testing.T) {
			s := mecmaps.Generate(num.Stream(7, 1), g, c.oneMap)
			x := Tensor{Trials: s.Trials, Bins: s.Bins, Cells: s.Cells, Data: s.Y}
			k, sil, err := ChooseMaps(context.Background(), x, 4, 0.25, Options{Restarts: 5, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if k != c.want {
				t.Errorf("got K=%d (silhouettes %v), want %d", k, sil, c.want)
			}
		})
	}
}

// The standardised-dot-product similarity equals |Pearson| computed directly.
func TestSimilarityMatchesPearson(t *testing.T) {
	g := mecmaps.Default()
	g.Cells, g.Bins, g.Trials = 5, 6, 7
	s := mecmaps.Generate(num.Stream(1, 1), g, false)
	x := Tensor{Trials: s.Trials, Bins: s.Bins, Cells: s.Cells, Data: s.Y}
	sim := Similarity(x)
	D := x.Bins * x.Cells
	for i := 0; i < x.Trials; i++ {
		for j := 0; j < x.Trials; j++ {
			want := math.Abs(stats.Pearson(x.Data[i*D:(i+1)*D], x.Data[j*D:(j+1)*D]))
			if math.Abs(sim[i*x.Trials+j]-want) > 1e-12 {
				t.Fatalf("(%d,%d): got %v, want %v", i, j, sim[i*x.Trials+j], want)
			}
		}
	}
}

// TestAnalyzeBadInput: malformed tensors are errors that name the problem,
// never panics.
func TestAnalyzeBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    Tensor
		o    Options
		want string
	}{
		{"short data", Tensor{Trials: 4, Bins: 3, Cells: 2, Data: make([]float64, 23)}, Options{Maps: 2}, "holds 23 values, want"},
		{"too many maps", Tensor{Trials: 2, Bins: 3, Cells: 2, Data: make([]float64, 12)}, Options{Maps: 3}, "3 maps for 2 trials"},
		{"NaN", Tensor{Trials: 4, Bins: 1, Cells: 1, Data: []float64{0, 1, math.NaN(), 2}}, Options{Maps: 2}, "NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Analyze(context.Background(), tc.x, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// A constant trial whose mean is not representable (0.1) has an undefined
// correlation: NaN, as documented, not the rounding residue of its centred
// values.
func TestSimilarityConstantTrialNotRepresentable(t *testing.T) {
	x := Tensor{Trials: 2, Bins: 3, Cells: 1, Data: []float64{0.1, 0.1, 0.1, 1, 2, 3.5}}
	s := Similarity(x)
	for _, k := range []int{0, 1, 2} {
		if !math.IsNaN(s[k]) {
			t.Errorf("Similarity[%d] = %g, want NaN (trial 0 is constant)", k, s[k])
		}
	}
	if s[3] != 1 {
		t.Errorf("Similarity[1,1] = %g, want 1", s[3])
	}
}
