package placefield

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSpatialInfoClosedForm(t *testing.T) {
	occ := []float64{10, 30, 40, 20}
	cases := []struct {
		name string
		n    []float64
		want float64
	}{
		// All events in bin 2 (occupancy fraction 0.4): SI = log2(1/0.4).
		{"one bin", []float64{0, 0, 7, 0}, math.Log2(1 / 0.4)},
		// Events in proportion to occupancy: no information.
		{"proportional", []float64{1, 3, 4, 2}, 0},
		{"no events", []float64{0, 0, 0, 0}, 0},
		// Half the events in bin 0 (p 0.1), half in bin 3 (p 0.2):
		// ½ log2(0.5/0.1) + ½ log2(0.5/0.2).
		{"two bins", []float64{5, 0, 0, 5}, 0.5*math.Log2(5) + 0.5*math.Log2(2.5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SpatialInfo(c.n, occ); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("got %v, want %v ± 1e-12", got, c.want)
			}
		})
	}
}

func TestGaussWin(t *testing.T) {
	// MATLAB gausswin(6): 0.0439 0.3247 0.8825 0.8825 0.3247 0.0439.
	want := []float64{math.Exp(-3.125), math.Exp(-1.125), math.Exp(-0.125), math.Exp(-0.125), math.Exp(-1.125), math.Exp(-3.125)}
	for i, w := range GaussWin(6) {
		if math.Abs(w-want[i]) > 1e-12 {
			t.Errorf("w[%d]: got %v, want %v", i, w, want[i])
		}
	}
}

// A constant rate map stays constant after the normalised smoothing.
func TestRateMapsConstant(t *testing.T) {
	const bins = 20
	cnt := mat.NewDense(1, 2*bins, nil)
	occ := make([]float64, 2*bins)
	for j := range occ {
		occ[j] = 10
		cnt.Set(0, j, 3)
	}
	dst := mat.NewDense(1, 2*bins, nil)
	RateMaps(dst, cnt, occ, bins, true)
	for j := 0; j < 2*bins; j++ {
		if math.Abs(dst.At(0, j)-0.3) > 1e-12 {
			t.Fatalf("bin %d: got %v, want 0.3", j, dst.At(0, j))
		}
	}
}

func TestShuffleTest(t *testing.T) {
	occ := make([]float64, 40)
	for i := range occ {
		occ[i] = 50
	}
	o := NewOccupancy(occ)
	buf := make([]float64, 40)
	rng := rand.New(rand.NewPCG(1, 2))
	t.Run("field", func(t *testing.T) {
		n := make([]float64, 40)
		n[7], n[8] = 20, 15
		if _, p := ShuffleTest(rng, n, o, 500, 0.05, buf); p != 0 {
			t.Errorf("concentrated events: got p %v, want 0", p)
		}
	})
	t.Run("null rate", func(t *testing.T) {
		sig := 0
		const cells = 400
		for c := 0; c < cells; c++ {
			n := make([]float64, 40)
			for k := 0; k < 60; k++ {
				n[rng.IntN(40)]++
			}
			if _, p := ShuffleTest(rng, n, o, 200, 0.05, buf); p < 0.05 {
				sig++
			}
		}
		// Binomial(400, 0.05): 20 ± 4.4.
		if sig < 7 || sig > 35 {
			t.Errorf("false positives: got %d of %d, want 20 ± 13", sig, cells)
		}
	})
}

// The conditional-binomial multinomial has the right bin means and
// variances: E n_b = N p_b, Var n_b = N p_b (1 − p_b).
func TestMultinomialMoments(t *testing.T) {
	occ := []float64{5, 0, 20, 40, 35}
	o := NewOccupancy(occ)
	rng := rand.New(rand.NewPCG(4, 4))
	const N, R = 300, 20000
	sum, sum2 := make([]float64, 5), make([]float64, 5)
	buf := make([]float64, 5)
	for r := 0; r < R; r++ {
		o.multinomial(rng, N, buf)
		tot := 0.0
		for b, v := range buf {
			sum[b] += v
			sum2[b] += v * v
			tot += v
		}
		if tot != N {
			t.Fatalf("draw %d: total %v, want %d", r, tot, N)
		}
	}
	for b, v := range occ {
		p := v / 100
		mean := sum[b] / R
		vr := sum2[b]/R - mean*mean
		// SE of the mean: sqrt(N p (1−p)/R) ≤ 0.06.
		if math.Abs(mean-N*p) > 0.3 || math.Abs(vr-N*p*(1-p)) > 0.05*N*p*(1-p)+1e-9 {
			t.Errorf("bin %d: mean %v var %v, want %v and %v", b, mean, vr, N*p, N*p*(1-p))
		}
	}
}

// SITest gives the same results for any number of workers (and is race-free
// on its shared occupancy sampler).
func TestSITestWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	const frames, cells, bins = 4000, 12, 10
	f := &Frames{Cells: cells, Bins: bins, Bin: make([]int, frames), Dir: make([]int8, frames), Trial: make([]int, frames), Events: make([][]int32, frames)}
	for i := 0; i < frames; i++ {
		f.Bin[i] = (i / 5) % bins
		f.Dir[i] = int8((i / (5 * bins)) % 2)
		for c := 0; c < cells; c++ {
			p := 0.02
			if c < 4 && f.Bin[i] == c {
				p = 0.3 // a place cell with a field at bin c
			}
			if rng.Float64() < p {
				f.Events[i] = append(f.Events[i], int32(c))
			}
		}
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	all := func(int) bool { return true }
	a, err := SITest(context.Background(), f, all, 3, 200, 0.05, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SITest(context.Background(), f, all, 3, 200, 0.05, 1, 4)
	for c := range a {
		if a[c] != b[c] {
			t.Fatalf("cell %d: workers 1 %+v, workers 4 %+v", c, a[c], b[c])
		}
	}
	for c := 0; c < 4; c++ {
		if a[c].P >= 0.05 {
			t.Errorf("place cell %d: got p %v, want < 0.05", c, a[c].P)
		}
	}
}

// With no analysed frame among the kept trials nothing is tested: every
// cell gets p = 1 like any untested cell, never p = 0 (which reads as
// significant).
func TestSITestNoOccupancy(t *testing.T) {
	f := &Frames{Cells: 2, Bins: 2, Bin: []int{0, 1, -1}, Dir: []int8{0, 0, 0}, Trial: []int{0, 0, 1}, Events: [][]int32{{0}, {1}, {0}}}
	for _, minEvents := range []int{0, 1} {
		res, err := SITest(context.Background(), f, func(tr int) bool { return tr == 1 }, minEvents, 10, 0.05, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		for c, r := range res {
			if r.P != 1 || r.Events != 0 || r.SI != 0 || r.Active != (minEvents <= 0) {
				t.Errorf("minEvents %d, cell %d: %+v, want P 1, no events, SI 0, Active %v", minEvents, c, r, minEvents <= 0)
			}
		}
	}
}

// A zero Step would never advance the windows: DetectSwitches panics
// instead of looping forever.
func TestDetectSwitchesZeroStepPanics(t *testing.T) {
	f := &Frames{Cells: 1, Bins: 1, Bin: []int{0, 0, 0, 0}, Dir: []int8{0, 0, 0, 0}, Trial: []int{0, 0, 0, 0}, Events: make([][]int32, 4)}
	for _, step := range []int{0, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Step %d: no panic", step)
				}
			}()
			DetectSwitches(f, 0, 4, nil, SwitchOptions{Window: 2, Step: step})
		}()
	}
}
