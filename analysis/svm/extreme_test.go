package svm

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// within runs f under a deadline so that a hang fails the test fast.
func within(t *testing.T, name string, f func()) {
	t.Helper()
	deadline.Run(t, 2*time.Second, name, f)
}

func separable(n, d int, a float64) ([]float64, []int) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n*d)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = 1 - 2*(i%2)
		for j := 0; j < d; j++ {
			x[i*d+j] = a * (0.3*rng.NormFloat64() + float64(y[i]))
		}
	}
	return x, y
}

// TestExtremeHugeFeatures: features whose squared norm overflows are an
// input error naming the cause (before the fix every dual update was 0 and
// Train returned w = 0, b = 0: accuracy 0.5 on separable data), while large
// but representable ones still separate.
func TestExtremeHugeFeatures(t *testing.T) {
	for _, loss := range []Loss{SquaredHinge, Hinge} {
		for _, a := range []float64{1e160, 1e300} {
			x, y := separable(40, 3, a)
			within(t, "huge", func() {
				_, err := Train(x, y, 3, Options{Loss: loss}, rand.New(rand.NewPCG(1, 1)))
				if !errors.Is(err, experiment.ErrInput) {
					t.Errorf("loss %d ×%g: err = %v, want an input error", loss, a, err)
				}
				_, err = CrossValidate(context.Background(), x, y, 3, 4, Options{Loss: loss}, rand.New(rand.NewPCG(1, 1)))
				if !errors.Is(err, experiment.ErrInput) {
					t.Errorf("loss %d ×%g: CrossValidate err = %v, want an input error", loss, a, err)
				}
			})
		}
		x, y := separable(40, 3, 1e20)
		m, err := Train(x, y, 3, Options{Loss: loss}, rand.New(rand.NewPCG(1, 1)))
		if err != nil || m.Accuracy(x, y) != 1 {
			t.Errorf("loss %d ×1e20: err %v, model %+v", loss, err, m)
		}
	}
}

// TestExtremeTinyC: a penalty C so small that 1/(2C) overflows gives the
// limit w = 0 (before the fix, ∞·0 = NaN made Train fail with "weights not
// finite").
func TestExtremeTinyC(t *testing.T) {
	x, y := separable(20, 2, 1)
	for _, c := range []float64{5e-324, 1e-310} {
		within(t, "tiny C", func() {
			m, err := Train(x, y, 2, Options{C: c}, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatalf("C = %g: %v", c, err)
			}
			for _, w := range append(m.W, m.B) {
				if !(math.Abs(w) < 1e-300) {
					t.Fatalf("C = %g: w = %v, b = %g, want ≈ 0", c, m.W, m.B)
				}
			}
		})
	}
}

// TestExtremeShapes: one example, conflicting duplicates, constant and
// zero features, 3 × 100000 and 1000 × 3 return within the pass limit.
func TestExtremeShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	wide := make([]float64, 3*100000)
	for i := range wide {
		wide[i] = rng.NormFloat64()
	}
	tall, ty := separable(1000, 3, 1)
	cases := []struct {
		name string
		x    []float64
		y    []int
		dim  int
	}{
		{"one example", []float64{1}, []int{1}, 1},
		{"conflicting duplicates", []float64{1, 1}, []int{1, -1}, 1},
		{"constant", []float64{3, 3, 3, 3, 3, 3}, []int{1, -1, 1}, 2},
		{"zero", make([]float64, 6), []int{1, -1, 1}, 2},
		{"3×100000", wide, []int{1, -1, 1}, 100000},
		{"1000×3", tall, ty, 3},
	}
	for _, c := range cases {
		for _, loss := range []Loss{SquaredHinge, Hinge} {
			within(t, c.name, func() {
				m, err := Train(c.x, c.y, c.dim, Options{Loss: loss}, rand.New(rand.NewPCG(1, 1)))
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				if acc := m.Accuracy(c.x, c.y); !(acc >= 0 && acc <= 1) || !(math.Abs(m.B) < math.Inf(1)) {
					t.Fatalf("%s: accuracy %g, b %g", c.name, acc, m.B)
				}
			})
		}
	}
}
