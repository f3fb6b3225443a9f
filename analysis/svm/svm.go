package svm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"

	"neurolab/experiment"
)

// Loss selects the hinge loss of the primal problem.
type Loss int

const (
	// SquaredHinge is the L2 loss max(0, 1 − y·w·x)² (scikit-learn LinearSVC's default).
	SquaredHinge Loss = iota
	// Hinge is the L1 loss max(0, 1 − y·w·x).
	Hinge
)

// Options configure Train. The zero value is replaced by the defaults:
// C = 1, SquaredHinge, Tol = 1e-4, MaxIter = DefaultMaxIter.
type Options struct {
	C       float64 // penalty of the primal ½‖w‖² + C Σ loss_i, finite ≥ 0 (0 means 1)
	Loss    Loss
	Tol     float64 // stop when max PG − min PG over a pass < Tol (projected gradient, Hsieh et al. §3), confirmed by a pass over all coordinates; finite ≥ 0 (0 means 1e-4)
	MaxIter int     // passes over the data, ≥ 0; 0 means DefaultMaxIter (1000, scikit-learn's LinearSVC); negative is an input error
}

// DefaultMaxIter is the pass limit when Options.MaxIter is 0 (scikit-learn
// LinearSVC's max_iter).
const DefaultMaxIter = 1000

// check returns an input error for options Train cannot use.
func (o Options) check() error {
	switch {
	case o.MaxIter < 0:
		return experiment.Inputf("svm: Options.MaxIter = %d: want ≥ 0 (0 means %d)", o.MaxIter, DefaultMaxIter)
	case !(o.C >= 0) || math.IsInf(o.C, 0):
		return experiment.Inputf("svm: Options.C = %g: want a finite penalty ≥ 0 (0 means 1)", o.C)
	case !(o.Tol >= 0) || math.IsInf(o.Tol, 0):
		return experiment.Inputf("svm: Options.Tol = %g: want a finite tolerance ≥ 0 (0 means 1e-4)", o.Tol)
	}
	return nil
}

// Model is a trained linear classifier: class +1 when W·x + B > 0.
type Model struct {
	W     []float64
	B     float64
	Iters int // passes run (over the active set when shrinking, Hsieh et al. 2008 Algorithm 3)
}

// Decision returns W·x + B.
func (m *Model) Decision(x []float64) float64 {
	s := m.B
	for j, v := range x {
		s += m.W[j] * v
	}
	return s
}

// Predict returns +1 or −1.
func (m *Model) Predict(x []float64) int {
	if m.Decision(x) > 0 {
		return 1
	}
	return -1
}

// Accuracy returns the fraction of rows of x (n × dim, row-major) whose
// predicted sign matches y (±1).
func (m *Model) Accuracy(x []float64, y []int) float64 {
	dim := len(m.W)
	c := 0
	for i, yi := range y {
		if m.Predict(x[i*dim:(i+1)*dim]) == yi {
			c++
		}
	}
	return float64(c) / float64(len(y))
}

// Train fits a linear SVC to the rows of x (n × dim, row-major) with labels
// y ∈ {−1, +1}, visiting coordinates in an order shuffled by rng each pass.
// It solves the dual
//
//	min_α ½ αᵀQ̄α − Σα_i,  0 ≤ α_i ≤ U,  Q̄ = Q + D, Q_ij = y_i y_j x̃_i·x̃_j,
//
// with U = C, D = 0 for the hinge loss and U = ∞, D_ii = 1/(2C) for the
// squared hinge (Hsieh et al. 2008, Eq 2–5), x̃ = (x, 1), and returns
// w = Σ α_i y_i x̃_i. No examples, dim < 1, len(x) ≠ len(y)·dim, a label
// other than ±1, a NaN or ±Inf value, an example whose squared norm
// overflows float64 and options out of range (a negative MaxIter, C or Tol)
// are errors wrapping experiment.ErrInput. Train is fast (liblinear's solver) and
// takes no context.
func Train(x []float64, y []int, dim int, opt Options, rng *rand.Rand) (*Model, error) {
	n := len(y)
	if err := checkExamples(x, y, dim); err != nil {
		return nil, err
	}
	if err := opt.check(); err != nil {
		return nil, err
	}
	if opt.C == 0 {
		opt.C = 1
	}
	if opt.Tol == 0 {
		opt.Tol = 1e-4
	}
	if opt.MaxIter == 0 {
		opt.MaxIter = DefaultMaxIter
	}
	U, Dii := opt.C, 0.0
	if opt.Loss == SquaredHinge {
		U, Dii = math.Inf(1), 1/(2*opt.C)
	}
	w := make([]float64, dim+1) // last entry: bias
	alpha := make([]float64, n)
	qbar := make([]float64, n)
	for i := 0; i < n; i++ {
		s := 1.0
		for _, v := range x[i*dim : (i+1)*dim] {
			s += v * v
		}
		if math.IsInf(s, 1) {
			// Q_ii = ‖x̃_i‖² is beyond float64: the dual (and the
			// solution w ~ 1/|x|) cannot be represented; before this
			// check every update was 0 and Train returned w = 0.
			return nil, experiment.Inputf("svm: example %d: squared norm ‖x‖² overflows float64 (values up to ~1e154 are supported); rescale the features", i)
		}
		qbar[i] = s + Dii
	}
	// Dual coordinate descent with shrinking (Hsieh et al. 2008, Algorithm
	// 3): a coordinate at a bound whose gradient points out of the box by
	// more than last pass's extreme projected gradient is moved out of the
	// active set idx[:active]; when the active set has converged, one full
	// pass over all coordinates confirms convergence (or re-activates them).
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	active := n
	pgMaxOld, pgMinOld := math.Inf(1), math.Inf(-1)
	ww := w[:dim:dim]
	it := 0
	for it < opt.MaxIter {
		for s := 0; s < active-1; s++ {
			r := s + rng.IntN(active-s)
			idx[s], idx[r] = idx[r], idx[s]
		}
		pgMax, pgMin := math.Inf(-1), math.Inf(1)
		for s := 0; s < active; s++ {
			i := idx[s]
			xi := x[i*dim : (i+1)*dim : (i+1)*dim]
			yi := float64(y[i])
			ai := alpha[i]
			g := yi*(floats.Dot(ww, xi)+w[dim]) - 1
			if ai != 0 {
				// (not Dii·0: with C so small that D_ii = 1/(2C) is
				// +Inf, ∞·0 made every weight NaN)
				g += Dii * ai
			}
			pg := g
			if ai == 0 {
				if g > pgMaxOld {
					active--
					idx[s], idx[active] = idx[active], idx[s]
					s--
					continue
				}
				pg = min(g, 0)
			} else if ai == U {
				if g < pgMinOld {
					active--
					idx[s], idx[active] = idx[active], idx[s]
					s--
					continue
				}
				pg = max(g, 0)
			}
			pgMax, pgMin = max(pgMax, pg), min(pgMin, pg)
			if pg != 0 {
				anew := min(max(ai-g/qbar[i], 0), U)
				alpha[i] = anew
				if d := (anew - ai) * yi; d != 0 {
					floats.AddScaled(ww, d, xi)
					w[dim] += d
				}
			}
		}
		it++
		if pgMax-pgMin < opt.Tol {
			if active == n {
				break
			}
			active = n
			pgMaxOld, pgMinOld = math.Inf(1), math.Inf(-1)
			continue
		}
		pgMaxOld, pgMinOld = pgMax, pgMin
		if pgMaxOld <= 0 {
			pgMaxOld = math.Inf(1)
		}
		if pgMinOld >= 0 {
			pgMinOld = math.Inf(-1)
		}
	}
	for _, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("svm: weights not finite")
		}
	}
	return &Model{W: w[:dim], B: w[dim], Iters: it}, nil
}

// checkExamples returns an input error unless x holds len(y) finite rows of
// dim ≥ 1 values and every label is ±1.
func checkExamples(x []float64, y []int, dim int) error {
	n := len(y)
	if n == 0 || dim < 1 {
		return experiment.Inputf("svm: %d examples of dimension %d, want at least 1 of dimension ≥ 1", n, dim)
	}
	if len(x) != n*dim {
		return experiment.Inputf("svm: %d values for %d examples × %d dimensions (x is n × dim, row-major)", len(x), n, dim)
	}
	for i, v := range y {
		if v != 1 && v != -1 {
			return experiment.Inputf("svm: label %d of example %d, want ±1", v, i)
		}
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return experiment.Inputf("svm: example %d, dimension %d is %g; values must be finite", i/dim, i%dim, v)
		}
	}
	return nil
}

// CrossValidate returns the mean held-out accuracy over k folds (examples
// assigned to folds in an order shuffled by rng). Bad examples and options
// are errors as in Train, and so is k outside 2..len(y). It trains k
// models (about a second or more for a few thousand examples of a few
// hundred dimensions), so it takes a ctx and, once ctx is cancelled,
// returns ctx.Err() before the next fold.
func CrossValidate(ctx context.Context, x []float64, y []int, dim, k int, opt Options, rng *rand.Rand) (float64, error) {
	n := len(y)
	if err := checkExamples(x, y, dim); err != nil {
		return 0, err
	}
	if err := opt.check(); err != nil {
		return 0, err
	}
	if k < 2 || k > n {
		return 0, experiment.Inputf("svm: %d folds for %d examples, want 2..%d", k, n, n)
	}
	perm := rng.Perm(n)
	fold := make([]int, n)
	for r, i := range perm {
		fold[i] = r % k
	}
	var correct int
	trX := make([]float64, 0, n*dim)
	trY := make([]int, 0, n)
	for f := 0; f < k; f++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		trX, trY = trX[:0], trY[:0]
		for i := 0; i < n; i++ {
			if fold[i] != f {
				trX = append(trX, x[i*dim:(i+1)*dim]...)
				trY = append(trY, y[i])
			}
		}
		m, err := Train(trX, trY, dim, opt, rng)
		if err != nil {
			return 0, err
		}
		for i := 0; i < n; i++ {
			if fold[i] == f && m.Predict(x[i*dim:(i+1)*dim]) == y[i] {
				correct++
			}
		}
	}
	return float64(correct) / float64(n), nil
}
