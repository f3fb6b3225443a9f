package stats

import (
	"math"
	"testing"
)

func TestPearson(t *testing.T) {
	x := []float64{0.5, -1, 2, 3.25, 7, -4}
	lin := make([]float64, len(x))
	neg := make([]float64, len(x))
	for i, v := range x {
		lin[i] = 2*v + 1
		neg[i] = -v
	}
	cases := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"y = 2x+1", x, lin, 1},
		{"y = -x", x, neg, -1},
		{"orthogonal", []float64{1, -1, 1, -1}, []float64{1, 1, -1, -1}, 0},
		{"constant x gives 0", []float64{3, 3, 3}, []float64{1, 2, 3}, 0},
		{"constant y gives 0", []float64{1, 2, 3}, []float64{-2, -2, -2}, 0},
		{"empty gives 0", nil, nil, 0},
		// x = (1,2,3), y = (1,3,2): Σdxdy = 1, Σdx² = Σdy² = 2, r = 1/2.
		{"closed form 1/2", []float64{1, 2, 3}, []float64{1, 3, 2}, 0.5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Pearson(c.x, c.y); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("got %v, want %v ± 1e-12", got, c.want)
			}
		})
	}
}

func TestPearsonTol(t *testing.T) {
	cases := []struct {
		name   string
		x, y   []float64
		tol    float64
		want   float64
		wantOK bool
	}{
		{"defined", []float64{1, 2, 3}, []float64{2, 4, 6}, 0, 1, true},
		{"constant is not ok", []float64{1, 1, 1}, []float64{1, 2, 3}, 0, 0, false},
		// Σ(x−x̄)² = 2e-26 ≤ 1e-24: treated as constant.
		{"below tol", []float64{1, 1 + 1e-13, 1 + 2e-13}, []float64{1, 2, 3}, 1e-24, 0, false},
		{"above tol", []float64{1, 2, 3}, []float64{3, 2, 1}, 1e-24, -1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := PearsonTol(c.x, c.y, c.tol)
			if ok != c.wantOK || math.Abs(got-c.want) > 1e-12 {
				t.Errorf("got (%v, %v), want (%v ± 1e-12, %v)", got, ok, c.want, c.wantOK)
			}
		})
	}
}

func TestPearsonLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("got no panic, want a panic for lengths 2 and 3")
		}
	}()
	Pearson([]float64{1, 2}, []float64{1, 2, 3})
}

func TestMedian(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
		want float64 // NaN means NaN
	}{
		{"odd", []float64{5, 1, 3}, 3},
		{"even", []float64{4, 1, 3, 2}, 2.5},
		{"single", []float64{-7}, -7},
		{"ties", []float64{2, 2, 1, 2}, 2},
		{"empty is NaN", nil, math.NaN()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := append([]float64(nil), c.x...)
			got := Median(c.x)
			if math.IsNaN(c.want) != math.IsNaN(got) || (!math.IsNaN(c.want) && got != c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			for i := range in {
				if in[i] != c.x[i] {
					t.Fatalf("input modified at %d: got %v, want %v", i, c.x[i], in[i])
				}
			}
		})
	}
}

func TestMedianSorted(t *testing.T) {
	cases := []struct {
		name string
		s    []float64
		want float64
	}{
		{"odd", []float64{1, 3, 5}, 3},
		{"even", []float64{1, 2, 3, 4}, 2.5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := MedianSorted(c.s); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if got := MedianSorted(nil); !math.IsNaN(got) {
		t.Errorf("empty: got %v, want NaN", got)
	}
}

func TestMean(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
		want float64
	}{
		{"integers", []float64{1, 2, 3, 4}, 2.5},
		{"single", []float64{-3}, -3},
		{"symmetric", []float64{-1.5, 0, 1.5}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Mean(c.x); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if got := Mean(nil); !math.IsNaN(got) {
		t.Errorf("empty: got %v, want NaN", got)
	}
}

func TestMeanSD(t *testing.T) {
	cases := []struct {
		name     string
		x        []float64
		mean, sd float64
	}{
		// Σ(x−2.5)² = 5, sd = sqrt(5/3).
		{"four values", []float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0 / 3)},
		{"constant", []float64{7, 7, 7}, 7, 0},
		{"single value has sd 0", []float64{-2}, -2, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, sd := MeanSD(c.x)
			if math.Abs(m-c.mean) > 1e-15 || math.Abs(sd-c.sd) > 1e-15 {
				t.Errorf("got (%v, %v), want (%v, %v) ± 1e-15", m, sd, c.mean, c.sd)
			}
		})
	}
}

func TestMaxMin(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name     string
		x        []float64
		max, min float64 // NaN means NaN
	}{
		{"values", []float64{3, -1, 7, 2}, 7, -1},
		{"single", []float64{4}, 4, 4},
		{"empty", nil, math.Inf(-1), math.Inf(1)},
		{"NaN propagates", []float64{1, nan, 2}, nan, nan},
	}
	same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Max(c.x); !same(got, c.max) {
				t.Errorf("Max: got %v, want %v", got, c.max)
			}
			if got := Min(c.x); !same(got, c.min) {
				t.Errorf("Min: got %v, want %v", got, c.min)
			}
		})
	}
}
