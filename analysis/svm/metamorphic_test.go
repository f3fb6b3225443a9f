package svm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// Metamorphic tests: transform the examples in a way whose effect on the
// dual problem min ½αᵀQ̄α − Σα, Q_ij = y_i y_j x̃_i·x̃_j (x̃ = (x, 1)), is
// known, train twice with the same coordinate order and compare.

// overlapping returns n examples of dimension dim from two overlapping
// Gaussian classes (not separable, so both bounds of the box are active).
func overlapping(rng *rand.Rand, n, dim int) ([]float64, []int) {
	x := make([]float64, n*dim)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = 2*rng.IntN(2) - 1
		for j := 0; j < dim; j++ {
			x[i*dim+j] = rng.NormFloat64() + 0.6*float64(y[i])*float64(j%3) + 0.3
		}
	}
	return x, y
}

// TestLabelAndSignFlips: Q̄ is unchanged when every label flips (y_i y_j
// is), and when every example and label flip together (x̃_i·x̃_j changes
// only through the bias feature, which is not flipped: (−y_i)(−y_j)(x_i·x_j
// + 1) = y_i y_j(x_i·x_j + 1)), and when one feature flips sign. So the
// dual iterates α are identical and w = Σα_i y_i x̃_i transforms as
// (−W, −B), (W, −B) and W_j → −W_j respectively. The primal updates are the
// same operations on negated operands, so the equality is exact.
func TestLabelAndSignFlips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, dim := 80, 5
	x, y := overlapping(rng, n, dim)
	neg := func(v []int) []int {
		out := make([]int, len(v))
		for i, u := range v {
			out[i] = -u
		}
		return out
	}
	negX := make([]float64, len(x))
	for i, v := range x {
		negX[i] = -v
	}
	flipCol := append([]float64(nil), x...)
	const j = 2
	for i := 0; i < n; i++ {
		flipCol[i*dim+j] = -flipCol[i*dim+j]
	}
	for _, loss := range []Loss{SquaredHinge, Hinge} {
		opt := Options{C: 0.5, Loss: loss, Tol: 1e-6}
		train := func(x []float64, y []int) *Model {
			m, err := Train(x, y, dim, opt, rand.New(rand.NewPCG(7, 7)))
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		m := train(x, y)
		check := func(name string, got *Model, wantW []float64, wantB float64) {
			t.Helper()
			for k := range wantW {
				if got.W[k] != wantW[k] {
					t.Errorf("loss %d, %s: W[%d] = %.17g, want %.17g", loss, name, k, got.W[k], wantW[k])
				}
			}
			if got.B != wantB || got.Iters != m.Iters {
				t.Errorf("loss %d, %s: B = %.17g after %d passes, want %.17g after %d", loss, name, got.B, got.Iters, wantB, m.Iters)
			}
		}
		negW := make([]float64, dim)
		for k, v := range m.W {
			negW[k] = -v
		}
		check("labels flipped", train(x, neg(y)), negW, -m.B)
		check("examples and labels flipped", train(negX, neg(y)), m.W, -m.B)
		fw := append([]float64(nil), m.W...)
		fw[j] = -fw[j]
		check("one feature flipped", train(flipCol, y), fw, m.B)
	}
}

// TestFeaturePermutation: permuting the features permutes x̃ without
// changing any inner product x̃_i·x̃_j, so Q̄ and the dual iterates are the
// same (up to the rounding of the reordered dot products) and W is
// permuted; the bias and the accuracy are unchanged. The tolerance covers
// rounding only: both runs take the same coordinate order and the same
// number of passes.
func TestFeaturePermutation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, dim := 100, 7
	x, y := overlapping(rng, n, dim)
	perm := rng.Perm(dim)
	xp := make([]float64, len(x))
	for i := 0; i < n; i++ {
		for k, p := range perm {
			xp[i*dim+k] = x[i*dim+p]
		}
	}
	opt := Options{C: 2, Tol: 1e-8}
	m, err := Train(x, y, dim, opt, rand.New(rand.NewPCG(5, 5)))
	if err != nil {
		t.Fatal(err)
	}
	mp, err := Train(xp, y, dim, opt, rand.New(rand.NewPCG(5, 5)))
	if err != nil {
		t.Fatal(err)
	}
	scale := math.Abs(m.B)
	for _, v := range m.W {
		scale = math.Max(scale, math.Abs(v))
	}
	for k, p := range perm {
		if math.Abs(mp.W[k]-m.W[p]) > 1e-9*scale {
			t.Errorf("W'[%d] = %.15g, want W[%d] = %.15g", k, mp.W[k], p, m.W[p])
		}
	}
	if math.Abs(mp.B-m.B) > 1e-9*scale {
		t.Errorf("bias %.15g, permuted features %.15g", m.B, mp.B)
	}
	if a, b := m.Accuracy(x, y), mp.Accuracy(xp, y); a != b {
		t.Errorf("training accuracy %v, permuted features %v", a, b)
	}
}

// TestCrossValidateLabelFlip: with every label flipped each fold's model
// is (−W, −B) exactly (TestLabelAndSignFlips), so every held-out
// prediction flips with its label and the cross-validated accuracy is
// identical (the folds come from the same rng draws).
func TestCrossValidateLabelFlip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n, dim := 90, 4
	x, y := overlapping(rng, n, dim)
	ny := make([]int, n)
	for i, v := range y {
		ny[i] = -v
	}
	a, err := CrossValidate(context.Background(), x, y, dim, 5, Options{}, rand.New(rand.NewPCG(9, 9)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := CrossValidate(context.Background(), x, ny, dim, 5, Options{}, rand.New(rand.NewPCG(9, 9)))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("cross-validated accuracy %v, labels flipped %v", a, b)
	}
}

// TestPrimalInvariances: the primal ½‖w̃‖² + C Σ_i loss_i is strictly
// convex in w̃, so its minimiser is unique whatever the dual iterates. It
// is unchanged by (a) reordering the examples (another coordinate order
// and another dual path) and (b) listing every example twice with C
// halved (the loss sum doubles). The solver stops on the projected-gradient
// gap (Tol), so the two solutions agree to the accuracy that Tol buys, not
// to rounding; with Tol = 1e-10 the weights agree to 1e-6 relative.
func TestPrimalInvariances(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	n, dim := 60, 4
	x, y := overlapping(rng, n, dim)
	perm := rng.Perm(n)
	xp, yp := make([]float64, 0, len(x)), make([]int, 0, n)
	for _, i := range perm {
		xp = append(xp, x[i*dim:(i+1)*dim]...)
		yp = append(yp, y[i])
	}
	xd := append(append([]float64(nil), x...), x...)
	yd := append(append([]int(nil), y...), y...)
	for _, loss := range []Loss{SquaredHinge, Hinge} {
		const C = 0.8
		opt := Options{C: C, Loss: loss, Tol: 1e-10, MaxIter: 200000}
		train := func(x []float64, y []int, o Options, seed uint64) *Model {
			m, err := Train(x, y, dim, o, rand.New(rand.NewPCG(seed, 1)))
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		m := train(x, y, opt, 1)
		half := opt
		half.C = C / 2
		for _, c := range []struct {
			name string
			m    *Model
		}{
			{"examples permuted", train(xp, yp, opt, 2)},
			{"examples duplicated, C halved", train(xd, yd, half, 3)},
		} {
			scale := math.Abs(m.B)
			for _, v := range m.W {
				scale = math.Max(scale, math.Abs(v))
			}
			for k := range m.W {
				if math.Abs(c.m.W[k]-m.W[k]) > 1e-6*scale {
					t.Errorf("loss %d, %s: W[%d] = %.12g, want %.12g", loss, c.name, k, c.m.W[k], m.W[k])
				}
			}
			if math.Abs(c.m.B-m.B) > 1e-6*scale {
				t.Errorf("loss %d, %s: B = %.12g, want %.12g", loss, c.name, c.m.B, m.B)
			}
		}
	}
}
