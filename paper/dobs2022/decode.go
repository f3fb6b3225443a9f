package dobs2022

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"

	"neurolab/model/nn"
)

// logistic is an L2-penalised multinomial logistic regression on
// standardised features: it minimises
//
//	(1/n) Σ_r −log softmax(W·z_r + b)[y_r] + λ‖W‖²
//
// by L-BFGS (gonum optimize; Nocedal & Wright 2006, Algorithm 7.4/7.5;
// spec: the A1 decoder, λ = 1e-3); see minimizeLBFGS.
type logistic struct {
	k, dim    int
	mu, sd    []float64
	w         []float64 // k×dim then k biases
	lambda    float64
	converged bool
}

func (m *logistic) standardise(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		j := i % m.dim
		out[i] = (v - m.mu[j]) / m.sd[j]
	}
	return out
}

func fitLogistic(x []float64, y []int, dim, k int, lambda float64) (*logistic, error) {
	n := len(y)
	m := &logistic{k: k, dim: dim, lambda: lambda, mu: make([]float64, dim), sd: make([]float64, dim)}
	for r := 0; r < n; r++ {
		for j := 0; j < dim; j++ {
			m.mu[j] += x[r*dim+j] / float64(n)
		}
	}
	for r := 0; r < n; r++ {
		for j := 0; j < dim; j++ {
			d := x[r*dim+j] - m.mu[j]
			m.sd[j] += d * d / float64(n)
		}
	}
	for j := range m.sd {
		m.sd[j] = math.Sqrt(m.sd[j])
		if m.sd[j] < 1e-8 {
			m.sd[j] = 1 // a dead unit: leave it at 0
		}
	}
	z := m.standardise(x)
	logits := make([]float64, n*k)
	dz := make([]float64, n*k)
	eval := func(w, grad []float64) float64 {
		W, b := w[:k*dim], w[k*dim:]
		for r := 0; r < n; r++ {
			for c := 0; c < k; c++ {
				s := b[c]
				for j := 0; j < dim; j++ {
					s += W[c*dim+j] * z[r*dim+j]
				}
				logits[r*k+c] = s
			}
		}
		loss := nn.SoftmaxCrossEntropy(dz, logits, y, n, k)
		var pen float64
		for _, v := range W {
			pen += v * v
		}
		if grad != nil {
			clear(grad)
			gW, gb := grad[:k*dim], grad[k*dim:]
			for r := 0; r < n; r++ {
				for c := 0; c < k; c++ {
					g := dz[r*k+c]
					gb[c] += g
					for j := 0; j < dim; j++ {
						gW[c*dim+j] += g * z[r*dim+j]
					}
				}
			}
			for i, v := range W {
				gW[i] += 2 * lambda * v
			}
		}
		return loss + lambda*pen
	}
	w, ok, err := minimizeLBFGS(eval, make([]float64, k*dim+k), decoderMaxIter, decoderGradTol)
	if err != nil {
		return nil, err
	}
	m.w, m.converged = w, ok
	return m, nil
}

func floatsFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// The decoder's optimiser settings (gonum optimize.LBFGS; the values
// follow the private L-BFGS this replaced): memory 10, stop when
// ‖∇f‖∞ < decoderGradTol, when one iteration lowers the loss by less than
// 1e-14·|f| + 1e-14 (the old rule was < 1e-14·max(1, |f|)), or after
// decoderMaxIter iterations.
const (
	decoderMaxIter = 500
	decoderGradTol = 1e-6
)

// minimizeLBFGS minimises f (which writes its gradient into g when g is not
// nil) from x0 by gonum's L-BFGS (Nocedal & Wright 2006, Algorithm 7.4/7.5,
// memory 10) with the Moré–Thuente line search (strong Wolfe conditions,
// c1 = 1e-4 as in the Armijo test of the code it replaced, c2 = 0.9). It
// stops when ‖∇f‖∞ < tol, when one iteration lowers f by less than
// 1e-14·|f| + 1e-14, or after maxIter iterations (maxIter ≥ 1). Minimize
// runs serially (Settings.Concurrent = 0), so results are deterministic.
//
// It returns the last accepted iterate and whether the optimiser converged
// (gradient or function-decrease criterion). Hitting the iteration limit is
// not converged, but x is usable. A line-search failure after at least one
// accepted step means that, in floating point, no step along the L-BFGS
// direction lowers f further (on this convex loss: at or very near the
// minimum), so it returns the best iterate with converged = false and no
// error; one at the starting point, or a non-finite value, is an error.
func minimizeLBFGS(f func(x, g []float64) float64, x0 []float64, maxIter int, tol float64) (x []float64, converged bool, err error) {
	// Func fills the gradient as well and caches it: the line search asks
	// for the value and the gradient at the same point, and both come from
	// one pass over the data.
	n := len(x0)
	cx, cg := make([]float64, n), make([]float64, n)
	var cf float64
	cached := false
	eval := func(x []float64) float64 {
		copy(cx, x)
		cf = f(cx, cg)
		cached = true
		return cf
	}
	problem := optimize.Problem{
		Func: eval,
		Grad: func(g, x []float64) {
			if !cached || !floats.Equal(x, cx) {
				eval(x)
			}
			copy(g, cg)
		},
	}
	settings := &optimize.Settings{
		GradientThreshold: tol,
		Converger:         &optimize.FunctionConverge{Relative: 1e-14, Absolute: 1e-14, Iterations: 1},
		// Minimize counts the starting point as a major iteration.
		MajorIterations: maxIter + 1,
	}
	method := &optimize.LBFGS{
		Linesearcher:      &optimize.MoreThuente{DecreaseFactor: 1e-4, CurvatureFactor: 0.9},
		Store:             10,
		GradStopThreshold: tol,
	}
	res, err := optimize.Minimize(problem, x0, settings, method)
	if res == nil {
		return nil, false, fmt.Errorf("decoder: %w", err)
	}
	x = res.X
	if !floatsFinite(x) || math.IsNaN(res.F) || math.IsInf(res.F, 0) {
		return nil, false, fmt.Errorf("decoder: optimiser reached a non-finite point (%v)", res.Status)
	}
	switch res.Status {
	case optimize.GradientThreshold, optimize.FunctionConvergence:
		return x, true, nil
	case optimize.IterationLimit:
		return x, false, nil
	case optimize.Failure:
		if res.Stats.MajorIterations > 1 && (errors.Is(err, optimize.ErrLinesearcherFailure) ||
			errors.Is(err, optimize.ErrNoProgress) || errors.Is(err, optimize.ErrNonDescentDirection)) {
			return x, false, nil
		}
	}
	return nil, false, fmt.Errorf("decoder: L-BFGS stopped with %v: %v", res.Status, err)
}

func (m *logistic) accuracy(x []float64, y []int) float64 {
	z := m.standardise(x)
	W, b := m.w[:m.k*m.dim], m.w[m.k*m.dim:]
	correct := 0
	s := make([]float64, m.k)
	for r, yr := range y {
		for c := 0; c < m.k; c++ {
			s[c] = b[c]
			for j := 0; j < m.dim; j++ {
				s[c] += W[c*m.dim+j] * z[r*m.dim+j]
			}
		}
		if nn.Argmax(s) == yr {
			correct++
		}
	}
	return float64(correct) / float64(len(y))
}

// crossDecode returns the mean held-out accuracy of the decoder over
// splits random splits of feats (n × dim; labels y in 0..k−1, with
// perClass = train+test examples per class): train examples per class to
// fit, test to score.
func crossDecode(feats []float64, y []int, dim, k, train, test, splits int, lambda float64, rng *rand.Rand) (float64, error) {
	byClass := make([][]int, k)
	for i, c := range y {
		byClass[c] = append(byClass[c], i)
	}
	var mean float64
	for s := 0; s < splits; s++ {
		var xtr, xte []float64
		var ytr, yte []int
		for c, idx := range byClass {
			perm := rng.Perm(len(idx))
			for r, pi := range perm {
				i := idx[pi]
				row := feats[i*dim : (i+1)*dim]
				if r < train {
					xtr, ytr = append(xtr, row...), append(ytr, c)
				} else if r < train+test {
					xte, yte = append(xte, row...), append(yte, c)
				}
			}
		}
		m, err := fitLogistic(xtr, ytr, dim, k, lambda)
		if err != nil {
			return 0, err
		}
		mean += m.accuracy(xte, yte) / float64(splits)
	}
	return mean, nil
}
