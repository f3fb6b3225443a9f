package geometry

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// variancesAlong, which finds the shifted cells once, gives the bits of
// VarianceAlong per direction, with and without cells of a large offset.
func TestVariancesAlongMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const m, n = 40, 12
	for _, offset := range []float64{0, 1e15} {
		x := make([]float64, m*n)
		for i := range x {
			x[i] = rng.NormFloat64()
			if i%n == 3 {
				x[i] += offset
			}
		}
		p, err := Fit(x, m, n)
		if err != nil {
			t.Fatal(err)
		}
		got := variancesAlong(x, m, n, p.Dirs)
		for i, w := range p.Dirs {
			if want := VarianceAlong(x, m, n, w); got[i] != want {
				t.Errorf("offset %g, PC %d: %v, VarianceAlong gives %v", offset, i, got[i], want)
			}
		}
	}
}

// Progress counts the session pairs of every option set and reaches 1.
func TestAnalyzeProgress(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x, labels := plantedTensor(rng, 5, 60, 8, true)
	var got []float64
	opts := []Options{{Lag: 1, Progress: func(f float64) { got = append(got, f) }}, {Lag: 2}}
	if _, err := AnalyzeMany(context.Background(), x, labels, opts); err != nil {
		t.Fatal(err)
	}
	// Lag 1: 4 pairs, lag 2: 3 pairs.
	if len(got) != 7 || got[6] != 1 || got[0] != 1.0/7 {
		t.Fatalf("progress %v, want 7 steps of 1/7", got)
	}
}

// Dropping the fits a scan no longer needs changes no result: one option
// set alone (fits dropped as it goes) gives what it gives after another set
// (fits kept for it), at strides and lags where pairs overlap or not.
func TestDroppedFitsSameReport(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	x, labels := plantedTensor(rng, 6, 60, 8, true)
	for _, opt := range []Options{{Lag: 1}, {Lag: 2}, {Lag: 2, Stride: 3}, {Lag: 1, SVC: true, Folds: 3}} {
		alone, err := Analyze(context.Background(), x, labels, opt)
		if err != nil {
			t.Fatal(err)
		}
		many, err := AnalyzeMany(context.Background(), x, labels, []Options{{Lag: 3}, opt, opt})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range many[1:] {
			if a, b := fmt.Sprintf("%+v", alone), fmt.Sprintf("%+v", r); a != b {
				t.Errorf("%+v: alone and as set %d of AnalyzeMany differ:\n%s\n%s", opt, i+1, a, b)
			}
		}
	}
}
