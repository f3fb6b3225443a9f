package boltzmann

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// MaxExactVisible is the largest visible layer Enumerate accepts.
const MaxExactVisible = 24

// Exact holds the exact marginal quantities of an RBM, obtained by summing
// out the hidden layer analytically and enumerating all 2^NV visible states.
// Visible state index (code) k has v_i = (k >> i) & 1.
type Exact struct {
	M    *RBM
	LogZ float64   // log partition function
	P    []float64 // p(v) for every code
	PH   []float64 // p(h_j = 1 | v), 2^NV × NH row-major
}

// Enumerate computes log Z = log Σ_v e^{−F(v)} and p(v) = e^{−F(v)}/Z by
// enumeration. It panics if NV > MaxExactVisible.
func Enumerate(m *RBM) *Exact {
	nv, nh := m.NV, m.NH
	if nv > MaxExactVisible {
		panic(fmt.Sprintf("boltzmann: %d visible units is too many to enumerate", nv))
	}
	n := 1 << nv
	e := &Exact{M: m, P: make([]float64, n), PH: make([]float64, n*nh)}
	negF := e.P // holds −F(v) until normalised
	a := make([]float64, nh)
	mx := math.Inf(-1)
	for k := 0; k < n; k++ {
		copy(a, m.C)
		f := 0.0
		for i := 0; i < nv; i++ {
			if k>>i&1 == 0 {
				continue
			}
			f += m.B[i]
			row := m.W[i*nh : (i+1)*nh]
			for j, w := range row {
				a[j] += w
			}
		}
		ph := e.PH[k*nh : (k+1)*nh]
		for j, aj := range a {
			f += softplus(aj)
			ph[j] = sigmoid(aj)
		}
		negF[k] = f
		mx = math.Max(mx, f)
	}
	s := 0.0
	for _, f := range negF {
		s += math.Exp(f - mx)
	}
	e.LogZ = mx + math.Log(s)
	for k, f := range negF {
		e.P[k] = math.Exp(f - e.LogZ)
	}
	return e
}

// Code returns the enumeration index of a binary pattern v.
func Code(v []float64) int {
	k := 0
	for i, vi := range v {
		if vi != 0 {
			k |= 1 << i
		}
	}
	return k
}

// Histogram counts the patterns of data (each len nv) by code.
func Histogram(data [][]float64, nv int) []float64 {
	h := make([]float64, 1<<nv)
	for _, v := range data {
		h[Code(v)]++
	}
	return h
}

// KL returns KL(data‖model) = Σ_v p_d(v) log(p_d(v)/p(v)) in nats, with p_d
// the normalised histogram counts (from Histogram) and p the model's exact
// marginal over all 2^NV patterns.
func (e *Exact) KL(counts []float64) float64 {
	tot := 0.0
	for _, c := range counts {
		tot += c
	}
	kl := 0.0
	for k, c := range counts {
		if c == 0 {
			continue
		}
		pd := c / tot
		kl += pd * (math.Log(pd) - math.Log(e.P[k]))
	}
	return kl
}

// Means returns the exact model means ⟨v_i⟩ and ⟨h_j⟩.
func (e *Exact) Means() (vm, hm []float64) {
	nv, nh := e.M.NV, e.M.NH
	vm, hm = make([]float64, nv), make([]float64, nh)
	for k, p := range e.P {
		for i := 0; i < nv; i++ {
			if k>>i&1 == 1 {
				vm[i] += p
			}
		}
		for j, q := range e.PH[k*nh : (k+1)*nh] {
			hm[j] += p * q
		}
	}
	return vm, hm
}

// PairProb returns p_ij = P(v_i = 1, h_j = 1) = Σ_v p(v) v_i σ(c_j + W_{:,j}·v)
// (NV × NH, row-major).
func (e *Exact) PairProb() []float64 {
	nv, nh := e.M.NV, e.M.NH
	out := make([]float64, nv*nh)
	for k, p := range e.P {
		ph := e.PH[k*nh : (k+1)*nh]
		for i := 0; i < nv; i++ {
			if k>>i&1 == 0 {
				continue
			}
			row := out[i*nh : (i+1)*nh]
			for j, q := range ph {
				row[j] += p * q
			}
		}
	}
	return out
}

// FisherDiag returns the exact Fisher information of every weight,
// F_ij = Var(v_i h_j) = p_ij(1 − p_ij) (NV × NH, row-major; the diagonal of
// the full FIM restricted to the weights).
func (e *Exact) FisherDiag() []float64 {
	pij := e.PairProb()
	for k, p := range pij {
		pij[k] = p * (1 - p)
	}
	return pij
}

// ParamIndex lists the parameters of the full FIM in order: the NV visible
// biases, the NH hidden biases, then the live weights in row-major order;
// Weight[k] is the W index (i*NH + j) of parameter NV+NH+k.
type ParamIndex struct {
	NV, NH int
	Weight []int
}

// Len is the number of parameters.
func (p ParamIndex) Len() int { return p.NV + p.NH + len(p.Weight) }

// Params returns the parameter layout of the full FIM of m (pruned weights
// are not parameters).
func (m *RBM) Params() ParamIndex {
	pi := ParamIndex{NV: m.NV, NH: m.NH}
	for k := 0; k < m.NV*m.NH; k++ {
		if m.Mask == nil || m.Mask[k] != 0 {
			pi.Weight = append(pi.Weight, k)
		}
	}
	return pi
}

// FIM returns the exact Fisher information matrix of the RBM over the
// parameters of m.Params(): the covariance of the sufficient statistics
// s = (v, h, (v_i h_j) live) under the model (an exponential family),
//
//	F = Σ_v p(v) [m(v) m(v)ᵀ + C(v)] − μμᵀ,
//
// with m(v) = E[s | v] = (v, σ(a), v_i σ(a_j)), μ = Σ_v p(v) m(v), and C(v)
// the conditional covariance given v, which couples only statistics of the
// same hidden unit j: Cov(u_a h_j, u_b h_j | v) = u_a u_b q_j(v) with
// u = (1, v) and q_j = σ(a_j)(1 − σ(a_j)).
//
// The second moments are assembled from blocks over the visible states with
// v_i = v_k = 1: G_ik = Σ p(v) σ(a)σ(a)ᵀ (NH × NH) gives the W_{i·}–W_{k·}
// block (and c–W_{k·} for i = k, c–c over all states), which costs
// ≈ NV²/8 · 2^NV · NH² multiply-adds instead of 2^NV · P²/2.
func (e *Exact) FIM() (*mat.SymDense, ParamIndex) {
	m := e.M
	nv, nh := m.NV, m.NH
	pi := m.Params()
	P := pi.Len()
	n := len(e.P)
	// position of each W entry among the parameters (−1: pruned)
	pos := make([]int, nv*nh)
	for k := range pos {
		pos[k] = -1
	}
	for q, w := range pi.Weight {
		pos[w] = nv + nh + q
	}
	F := make([]float64, P*P) // upper triangle used
	add := func(a, b int, x float64) {
		if a > b {
			a, b = b, a
		}
		F[a*P+b] += x
	}
	X := make([]float64, n*nh)
	G := blas64.Symmetric{Uplo: blas.Upper, N: nh, Stride: nh, Data: make([]float64, nh*nh)}
	sv := make([]float64, nh)
	// gram fills G = Σ_{v ∈ rows} p σσᵀ, sv = Σ p σ, and returns Σ p, over
	// the states whose bits in mask are all set.
	gram := func(mask int) float64 {
		rows := 0
		tot := 0.0
		clear(sv)
		for k, p := range e.P {
			if k&mask != mask {
				continue
			}
			tot += p
			sp := math.Sqrt(p)
			ph := e.PH[k*nh : (k+1)*nh]
			x := X[rows*nh : (rows+1)*nh]
			for j, q := range ph {
				x[j] = sp * q
				sv[j] += p * q
			}
			rows++
		}
		if nh > 0 { // every hidden unit pruned: no hidden block (Syrk panics on stride 0)
			blas64.Syrk(blas.Trans, 1, blas64.General{Rows: rows, Cols: nh, Stride: nh, Data: X[:rows*nh]}, 0, G)
		}
		return tot
	}
	at := func(j, l int) float64 {
		if j > l {
			j, l = l, j
		}
		return G.Data[j*nh+l]
	}
	// c–c block over all states.
	gram(0)
	for j := 0; j < nh; j++ {
		for l := j; l < nh; l++ {
			add(nv+j, nv+l, at(j, l))
		}
	}
	for i := 0; i < nv; i++ {
		for k := i; k < nv; k++ {
			tot := gram(1<<i | 1<<k)
			add(i, k, tot) // b_i–b_k
			for l := 0; l < nh; l++ {
				// b_i–W_kl and b_k–W_il: Σ p v_i v_k σ_l
				if a := pos[k*nh+l]; a >= 0 {
					add(i, a, sv[l])
				}
				if k != i {
					if a := pos[i*nh+l]; a >= 0 {
						add(k, a, sv[l])
					}
				}
			}
			if i == k {
				for j := 0; j < nh; j++ {
					add(i, nv+j, sv[j]) // b_i–c_j
					for l := 0; l < nh; l++ {
						if a := pos[i*nh+l]; a >= 0 {
							add(nv+j, a, at(j, l)) // c_j–W_il
						}
					}
				}
			}
			// W_ij–W_kl
			for j := 0; j < nh; j++ {
				a := pos[i*nh+j]
				if a < 0 {
					continue
				}
				for l := 0; l < nh; l++ {
					b := pos[k*nh+l]
					if b < 0 || (i == k && l < j) {
						continue
					}
					add(a, b, at(j, l))
				}
			}
		}
	}
	// − μμᵀ
	mu := make([]float64, P)
	for k, p := range e.P {
		ph := e.PH[k*nh : (k+1)*nh]
		for i := 0; i < nv; i++ {
			if k>>i&1 == 1 {
				mu[i] += p
			}
		}
		for j, q := range ph {
			mu[nv+j] += p * q
		}
		for q, w := range pi.Weight {
			i, j := w/nh, w%nh
			if k>>i&1 == 1 {
				mu[nv+nh+q] += p * ph[j]
			}
		}
	}
	Fs := blas64.Symmetric{Uplo: blas.Upper, N: P, Stride: P, Data: F}
	blas64.Syr(-1, blas64.Vector{N: P, Inc: 1, Data: mu}, Fs)
	// + Σ_v p(v) C(v): per hidden unit j, over the statistics {h_j} ∪ {v_i h_j, i live}.
	idx := make([]int, 0, nv+1)
	vis := make([]int, 0, nv+1)
	D := make([]float64, (nv+1)*(nv+1))
	for j := 0; j < nh; j++ {
		idx = append(idx[:0], nv+j)
		vis = append(vis[:0], -1)
		for i := 0; i < nv; i++ {
			if a := pos[i*nh+j]; a >= 0 {
				idx = append(idx, a)
				vis = append(vis, i)
			}
		}
		d := len(idx)
		clear(D)
		for k, p := range e.P {
			pq := e.PH[k*nh+j]
			pq = p * pq * (1 - pq)
			for a := 0; a < d; a++ {
				if vis[a] >= 0 && k>>vis[a]&1 == 0 {
					continue
				}
				for b := a; b < d; b++ {
					if vis[b] >= 0 && k>>vis[b]&1 == 0 {
						continue
					}
					D[a*d+b] += pq
				}
			}
		}
		for a := 0; a < d; a++ {
			for b := a; b < d; b++ {
				add(idx[a], idx[b], D[a*d+b])
			}
		}
	}
	return mat.NewSymDense(P, F), pi
}

// DefaultEigenIters is LeadingEigen's power-iteration limit when maxIter is
// 0 (the limit the pruning experiment uses, paper/scholl2021).
const DefaultEigenIters = 5000

// LeadingEigen returns the largest eigenvalue of the symmetric positive
// semi-definite F and its unit eigenvector, by power iteration from a fixed
// start until the Rayleigh quotient changes by less than tol (relative) or
// maxIter iterations (0 means DefaultEigenIters). Without an error result it
// panics, with an error wrapping experiment.ErrInput, on a negative maxIter.
func LeadingEigen(F *mat.SymDense, tol float64, maxIter int) (float64, []float64) {
	if maxIter < 0 {
		panic(experiment.Inputf("boltzmann: LeadingEigen: maxIter = %d: want ≥ 0 (0 means %d)", maxIter, DefaultEigenIters))
	}
	if maxIter == 0 {
		maxIter = DefaultEigenIters
	}
	n := F.SymmetricDim()
	u := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		u.SetVec(i, 1/math.Sqrt(float64(n))*(1+0.01*float64(i%7)))
	}
	w := mat.NewVecDense(n, nil)
	lam := 0.0
	for it := 0; it < maxIter; it++ {
		w.MulVec(F, u)
		l := mat.Dot(u, w)
		nrm := mat.Norm(w, 2)
		if nrm == 0 {
			break
		}
		u.ScaleVec(1/nrm, w)
		if it > 0 && math.Abs(l-lam) <= tol*math.Abs(l) {
			lam = l
			break
		}
		lam = l
	}
	return lam, u.RawVector().Data
}
