package deconv

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestConstantTrace: a constant trace (a dead ROI) is not an error: it
// deconvolves to no calcium and no spikes with the baseline at its value,
// and Result.Constant says so (it used to return g = 0, σ = 0 without a
// word). NaN frames do not count; a trace that varies is not Constant.
func TestConstantTrace(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name string
		y    []float64
		opt  Options
	}{
		{"zeros", make([]float64, 300), Options{Constrained: true, Baseline: true}},
		{"3.5 with NaN frames", fill(300, 3.5, 10, 11, 200), Options{Constrained: true, Baseline: true}},
		{"1e300", fill(300, 1e300), Options{Constrained: true, Baseline: true}},
		{"given g", fill(300, 2), Options{G: 0.9, Constrained: true, Baseline: true}},
		{"AR(2)", fill(300, 2), Options{AR: 2, Constrained: true, Baseline: true}},
		{"one finite frame", append(fill(1, 7), nan, nan), Options{G: 0.9, Sn: 1, Constrained: true, Baseline: true}},
	} {
		y := append([]float64(nil), c.y...)
		for i := range y {
			if y[i] == -1 {
				y[i] = nan
			}
		}
		r, err := Deconvolve(y, c.opt)
		if err != nil {
			t.Errorf("%s: %v, want a result", c.name, err)
			continue
		}
		if !r.Constant {
			t.Errorf("%s: Constant = false, want true", c.name)
		}
		val := math.NaN()
		for _, v := range y {
			if !math.IsNaN(v) {
				val = v
				break
			}
		}
		if math.Abs(r.B-val) > 1e-12*math.Abs(val) && c.opt.Baseline { // the mean of the frames: rounding
			t.Errorf("%s: baseline %g, want %g ± 1e-12 relative", c.name, r.B, val)
		}
		for i := range y {
			if math.IsNaN(y[i]) != math.IsNaN(r.C[i]) || !math.IsNaN(y[i]) && (r.C[i] != 0 || r.S[i] != 0) {
				t.Errorf("%s: frame %d: c = %g, s = %g, want 0 (NaN at NaN frames)", c.name, i, r.C[i], r.S[i])
				break
			}
		}
	}
	y := fill(300, 2)
	y[150] = 2.5
	if r, err := Deconvolve(y, Options{Constrained: true, Baseline: true}); err != nil || r.Constant {
		t.Errorf("one frame differs: Constant = %v, %v; want false", r != nil && r.Constant, err)
	}
}

// fill returns n copies of v with the frames at nanAt set to −1 (NaN in
// TestConstantTrace).
func fill(n int, v float64, nanAt ...int) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = v
	}
	for _, i := range nanAt {
		y[i] = -1
	}
	return y
}

// TestWorkspaceReuse: one Workspace solving traces of different lengths,
// orders and options in turn (as DeconvolveRows and 'neurolab deconvolve'
// now reuse them) gives results bit-identical to a fresh workspace each.
func TestWorkspaceReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var traces [][]float64
	for _, n := range []int{2000, 300, 5000, 700, 64} {
		y := make([]float64, n)
		c := 0.0
		for i := range y {
			if rng.Float64() < 0.03 {
				c++
			}
			c *= 0.95
			y[i] = 2 + c + 0.2*rng.NormFloat64()
		}
		if n == 700 {
			y[100], y[101] = math.NaN(), math.NaN()
		}
		traces = append(traces, y)
	}
	opts := []Options{{Constrained: true, Baseline: true}, {AR: 2, Constrained: true, Baseline: true},
		{G: 0.95, Constrained: true}, {G: 0.95, Lambda: 0.3, SMin: 0.2}}
	var ws Workspace
	for _, o := range opts {
		for k, y := range traces {
			got, err1 := ws.Deconvolve(y, o)
			want, err2 := Deconvolve(y, o)
			if fmt.Sprint(err1) != fmt.Sprint(err2) {
				t.Fatalf("trace %d, %+v: errors %v and %v", k, o, err1, err2)
			}
			if err1 == nil && fmt.Sprint(*got) != fmt.Sprint(*want) {
				t.Errorf("trace %d, %+v: a reused workspace changed the result", k, o)
			}
		}
	}
	// DeconvolveRows (workspaces pooled across rows) matches row by row.
	Y := mat.NewDense(4, 2000, nil)
	for i := 0; i < 4; i++ {
		Y.SetRow(i, traces[0])
		Y.Set(i, 10*i, Y.At(i, 10*i)+float64(i))
	}
	for _, w := range []int{1, 2} {
		rs, err := DeconvolveRows(context.Background(), Y, Options{Constrained: true, Baseline: true, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		for i := range rs {
			want, _ := Deconvolve(Y.RawRowView(i), Options{Constrained: true, Baseline: true})
			if fmt.Sprint(rs[i]) != fmt.Sprint(*want) {
				t.Errorf("workers %d, row %d: DeconvolveRows differs from Deconvolve", w, i)
			}
		}
	}
}
