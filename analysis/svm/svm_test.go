package svm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// A separable problem with a known maximum-margin solution: points (±1, t)
// and (±(1+s), t) for symmetric t; the hard-margin SVM (C → ∞) with the bias
// as an extra regularised feature is w = (1, 0), b = 0, geometric margin 1.
func TestSeparableMargin(t *testing.T) {
	var x []float64
	var y []int
	for _, t := range []float64{-2, -1, 0, 1, 2} {
		for _, s := range []float64{0, 0.5, 2} {
			x = append(x, 1+s, t, -(1 + s), t)
			y = append(y, 1, -1)
		}
	}
	for _, loss := range []Loss{Hinge, SquaredHinge} {
		m, err := Train(x, y, 2, Options{C: 1e6, Loss: loss, Tol: 1e-9, MaxIter: 100000}, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		norm := math.Hypot(m.W[0], m.W[1])
		if math.Abs(1/norm-1) > 1e-3 || math.Abs(m.W[1]) > 1e-3 || math.Abs(m.B) > 1e-3 {
			t.Errorf("loss %d: got w = %v, b = %v, margin %v; want w = (1, 0), b = 0, margin 1 ± 1e-3", loss, m.W, m.B, 1/norm)
		}
		if acc := m.Accuracy(x, y); acc != 1 {
			t.Errorf("loss %d: training accuracy %v, want 1", loss, acc)
		}
	}
}

// With an asymmetric problem the optimum balances margins: support vectors
// at distance 1/‖w̃‖ in the augmented space, and every point satisfies
// y(w·x+b) ≥ 1 − tol.
func TestKKT(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	const n, dim = 200, 5
	x := make([]float64, n*dim)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = 2*(i%2) - 1
		for j := 0; j < dim; j++ {
			x[i*dim+j] = rng.NormFloat64()
		}
		x[i*dim] += 3 * float64(y[i])
	}
	m, err := Train(x, y, dim, Options{C: 1e4, Loss: Hinge, Tol: 1e-8, MaxIter: 100000}, rng)
	if err != nil {
		t.Fatal(err)
	}
	minMargin := math.Inf(1)
	for i := 0; i < n; i++ {
		minMargin = min(minMargin, float64(y[i])*m.Decision(x[i*dim:(i+1)*dim]))
	}
	if math.Abs(minMargin-1) > 1e-3 {
		t.Errorf("smallest functional margin: got %v, want 1 ± 1e-3", minMargin)
	}
}

func TestCrossValidate(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	const n, dim = 300, 4
	x := make([]float64, n*dim)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = 2*(i%2) - 1
		for j := 0; j < dim; j++ {
			x[i*dim+j] = rng.NormFloat64()
		}
		x[i*dim+1] += float64(y[i]) // d' = 2: Bayes accuracy Φ(1) ≈ 0.841
	}
	acc, err := CrossValidate(context.Background(), x, y, dim, 10, Options{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(acc-0.841) > 0.06 {
		t.Errorf("10-fold accuracy: got %v, want 0.841 ± 0.06", acc)
	}
}
