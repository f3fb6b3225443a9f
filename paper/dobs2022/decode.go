package dobs2022

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"

	"neurolab/model/nn"
)

// logistic is an L2-penalised multinomial logistic regression on
// standardised features: it minimises
//
//	(1/n) Σ_r −log softmax(W·z_r + b)[y_r] + λ‖W‖²
//
// by L-BFGS (Nocedal & Wright 2006, Algorithm 7.4/7.5; spec: the A1
// decoder, λ = 1e-3).
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
	w, ok := lbfgs(eval, make([]float64, k*dim+k), 500, 1e-6)
	if !floatsFinite(w) {
		return nil, fmt.Errorf("decoder: weights not finite")
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

// lbfgs minimises f (which writes its gradient into g when g is not nil)
// from x0 with memory 10 and a backtracking Armijo line search; it stops
// when ‖∇f‖∞ < tol (returning true) or after maxIter iterations.
func lbfgs(f func(x, g []float64) float64, x0 []float64, maxIter int, tol float64) ([]float64, bool) {
	const mem = 10
	n := len(x0)
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	fx := f(x, g)
	var S, Y [][]float64
	var rho []float64
	d := make([]float64, n)
	xn, gn := make([]float64, n), make([]float64, n)
	alpha := make([]float64, mem)
	for it := 0; it < maxIter; it++ {
		if floats.Norm(g, math.Inf(1)) < tol {
			return x, true
		}
		// Two-loop recursion: d = −H·g.
		copy(d, g)
		for i := len(S) - 1; i >= 0; i-- {
			alpha[i] = rho[i] * floats.Dot(S[i], d)
			floats.AddScaled(d, -alpha[i], Y[i])
		}
		if len(S) > 0 {
			l := len(S) - 1
			floats.Scale(floats.Dot(S[l], Y[l])/floats.Dot(Y[l], Y[l]), d)
		}
		for i := range S {
			b := rho[i] * floats.Dot(Y[i], d)
			floats.AddScaled(d, alpha[i]-b, S[i])
		}
		floats.Scale(-1, d)
		slope := floats.Dot(g, d)
		if slope >= 0 { // not a descent direction: restart from steepest descent
			S, Y, rho = nil, nil, nil
			copy(d, g)
			floats.Scale(-1, d)
			slope = -floats.Dot(g, g)
		}
		t := 1.0
		if len(S) == 0 {
			t = 1 / max(1, floats.Norm(g, 2))
		}
		var fn float64
		for ls := 0; ; ls++ {
			floats.AddScaledTo(xn, x, t, d)
			fn = f(xn, gn)
			if fn <= fx+1e-4*t*slope || ls == 40 {
				break
			}
			t /= 2
		}
		s, y := make([]float64, n), make([]float64, n)
		floats.SubTo(s, xn, x)
		floats.SubTo(y, gn, g)
		if sy := floats.Dot(s, y); sy > 1e-12 {
			if len(S) == mem {
				S, Y, rho = S[1:], Y[1:], rho[1:]
			}
			S, Y, rho = append(S, s), append(Y, y), append(rho, 1/sy)
		}
		if fx-fn < 1e-14*max(1, math.Abs(fx)) && fn <= fx {
			copy(x, xn)
			copy(g, gn)
			return x, true
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
	}
	return x, false
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
