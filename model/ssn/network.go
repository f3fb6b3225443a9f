package ssn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Operator is a linear map applied to a batch of vectors (one per trial).
// A batch of cols vectors of length c is the c×cols matrix whose column j is
// trial j's vector, stored column-major: vector j occupies src[j*c:(j+1)*c].
// (Equivalently, the row-major cols×c matrix with one trial per row.)
type Operator interface {
	// Dims returns the number of rows and columns of the operator.
	Dims() (r, c int)
	// MulTo sets dst (r×cols) to the operator times src (c×cols). dst and
	// src must not overlap. It does not allocate.
	MulTo(dst, src []float64, cols int)
}

// Dense is a dense r×c operator.
type Dense struct {
	A blas64.General
}

// NewDense returns the operator of the dense matrix a (copied).
func NewDense(a mat.Matrix) Dense {
	var d mat.Dense
	d.CloneFrom(a)
	return Dense{A: d.RawMatrix()}
}

// Dims returns the operator's shape.
func (d Dense) Dims() (r, c int) { return d.A.Rows, d.A.Cols }

// MulTo sets dst = A·src. Tiny operators (the two-population model) use a
// plain loop; larger ones the serial batch product dst^T = src^T A^T
// (mulABT, SSE2 on amd64), whose per-trial result does not depend on the
// batch size. (On the ring's 200×50×50 product over 100 trials, gonum's
// Gemm ran 8 GFLOP/s on two threads, allocating each call; mulABT runs
// 13–19 GFLOP/s on one.)
func (d Dense) MulTo(dst, src []float64, cols int) {
	r, c := d.A.Rows, d.A.Cols
	if len(dst) != r*cols || len(src) != c*cols {
		panic(fmt.Sprintf("ssn: Dense.MulTo shape mismatch: %d×%d operator, dst %d, src %d, cols %d", r, c, len(dst), len(src), cols))
	}
	if r == 2 && c == 2 {
		a00, a01 := d.A.Data[0], d.A.Data[1]
		a10, a11 := d.A.Data[d.A.Stride], d.A.Data[d.A.Stride+1]
		for j := 0; j < cols; j++ {
			x0, x1 := src[2*j], src[2*j+1]
			dst[2*j] = a00*x0 + a01*x1
			dst[2*j+1] = a10*x0 + a11*x1
		}
		return
	}
	mulABT(dst, r, src, c, d.A.Data, d.A.Stride, r, c, cols)
}

// maxKronQ bounds the number of column blocks of a Kron operator.
const maxKronQ = 4

// Kron is the Kronecker product A ⊗ B of a small p×q matrix A and an m×n
// matrix B (for the ring model, W = W_2x2 ⊗ B and F = s ⊗ L_B). It applies B
// to all blocks of all trials in one product when p = q (q otherwise),
// then mixes the blocks with A. It needs q ≤ p and q ≤ 4.
type Kron struct {
	A, B blas64.General
}

// NewKron returns the operator a ⊗ b (both copied). It panics if a has more
// columns than rows or more than 4 columns.
func NewKron(a, b mat.Matrix) Kron {
	p, q := a.Dims()
	if q > p || q > maxKronQ {
		panic(fmt.Sprintf("ssn: Kron needs q ≤ p and q ≤ %d, got A %d×%d", maxKronQ, p, q))
	}
	var ad, bd mat.Dense
	ad.CloneFrom(a)
	bd.CloneFrom(b)
	return Kron{A: ad.RawMatrix(), B: bd.RawMatrix()}
}

// Dims returns (p·m, q·n).
func (k Kron) Dims() (r, c int) {
	return k.A.Rows * k.B.Rows, k.A.Cols * k.B.Cols
}

// MulTo sets dst = (A ⊗ B)·src: for each trial, block i of dst is
// sum_j A_ij B src_j.
func (k Kron) MulTo(dst, src []float64, cols int) {
	p, q := k.A.Rows, k.A.Cols
	m, n := k.B.Rows, k.B.Cols
	if len(dst) != p*m*cols || len(src) != q*n*cols {
		panic(fmt.Sprintf("ssn: Kron.MulTo shape mismatch: dst %d, src %d, cols %d", len(dst), len(src), cols))
	}
	// Z_(trial, j) = B src_(trial, j), stored in block j of dst's trial (q ≤ p).
	if p == q {
		// The trial-major batch is a (cols·q)×n matrix of blocks.
		mulABT(dst, m, src, n, k.B.Data, k.B.Stride, m, n, cols*q)
	} else {
		for j := 0; j < q; j++ {
			mulABT(dst[j*m:], p*m, src[j*n:], q*n, k.B.Data, k.B.Stride, m, n, cols)
		}
	}
	a := k.A.Data
	switch {
	case p == 2 && q == 2:
		a00, a01, a10, a11 := a[0], a[1], a[k.A.Stride], a[k.A.Stride+1]
		for t := 0; t < cols; t++ {
			y := dst[t*2*m : (t+1)*2*m]
			y0, y1 := y[:m], y[m:2*m]
			for e, z0 := range y0 {
				z1 := y1[e]
				y0[e] = a00*z0 + a01*z1
				y1[e] = a10*z0 + a11*z1
			}
		}
	case p == 2 && q == 1:
		a0, a1 := a[0], a[k.A.Stride]
		for t := 0; t < cols; t++ {
			y := dst[t*2*m : (t+1)*2*m]
			y0, y1 := y[:m], y[m:2*m]
			for e, z := range y0 {
				y0[e] = a0 * z
				y1[e] = a1 * z
			}
		}
	default:
		var z [maxKronQ]float64
		for t := 0; t < cols; t++ {
			y := dst[t*p*m : (t+1)*p*m]
			for e := 0; e < m; e++ {
				for j := 0; j < q; j++ {
					z[j] = y[j*m+e]
				}
				for i := 0; i < p; i++ {
					var s float64
					for j := 0; j < q; j++ {
						s += a[i*k.A.Stride+j] * z[j]
					}
					y[i*m+e] = s
				}
			}
		}
	}
}

// ToDense returns the matrix of op.
func ToDense(op Operator) *mat.Dense {
	r, c := op.Dims()
	eye := make([]float64, c*c)
	for i := 0; i < c; i++ {
		eye[i*c+i] = 1
	}
	// Column j of the result is op·e_j, stored column-major.
	out := make([]float64, r*c)
	op.MulTo(out, eye, c)
	var m mat.Dense
	m.CloneFrom(mat.NewDense(c, r, out).T())
	return &m
}

// Network is a stochastic SSN of N units (paper Eqs. 1–3).
type Network struct {
	Tau    []float64 // membrane time constants tau_i (s), one per unit
	K      float64   // gain k of the power law (Hz/mV^n)
	Power  float64   // exponent n of the power law (n ≥ 1)
	W      Operator  // N×N connectivity W_ij (mV·s)
	TauEta float64   // noise correlation time tau_eta (s)
	// NoiseFactor F (N×M) and NoiseDiag d give the stationary noise
	// covariance Sigma_eta = F F^T + d^2 I (mV^2). F may be nil.
	NoiseFactor Operator
	NoiseDiag   float64
}

// N returns the number of units.
func (net *Network) N() int { return len(net.Tau) }

// Validate panics on inconsistent shapes (a programmer error).
func (net *Network) Validate() {
	n := net.N()
	if r, c := net.W.Dims(); r != n || c != n {
		panic(fmt.Sprintf("ssn: W is %d×%d, want %d×%d", r, c, n, n))
	}
	if net.NoiseFactor != nil {
		if r, _ := net.NoiseFactor.Dims(); r != n {
			panic(fmt.Sprintf("ssn: noise factor has %d rows, want %d", r, n))
		}
	}
}

// Rate returns r = k * floor(v)_+^n (paper Eq. 2).
func (net *Network) Rate(v float64) float64 {
	if v <= 0 {
		return 0
	}
	if net.Power == 2 {
		return net.K * v * v
	}
	return net.K * math.Pow(v, net.Power)
}

// Gain returns dr/dV = k n floor(v)_+^(n-1).
func (net *Network) Gain(v float64) float64 {
	if v <= 0 {
		return 0
	}
	if net.Power == 2 {
		return 2 * net.K * v
	}
	return net.K * net.Power * math.Pow(v, net.Power-1)
}

// RatesTo sets dst[i] = Rate(v[i]).
func (net *Network) RatesTo(dst, v []float64) {
	if len(dst) != len(v) {
		panic("ssn: RatesTo length mismatch")
	}
	k := net.K
	if net.Power == 2 {
		for i, x := range v {
			if x > 0 {
				dst[i] = k * x * x
			} else {
				dst[i] = 0
			}
		}
		return
	}
	for i, x := range v {
		dst[i] = net.Rate(x)
	}
}

// NoiseCov returns Sigma_eta = F F^T + d^2 I (mV^2).
func (net *Network) NoiseCov() *mat.SymDense {
	n := net.N()
	s := mat.NewSymDense(n, nil)
	if net.NoiseFactor != nil {
		f := ToDense(net.NoiseFactor)
		s.SymOuterK(1, f)
	}
	for i := 0; i < n; i++ {
		s.SetSym(i, i, s.At(i, i)+net.NoiseDiag*net.NoiseDiag)
	}
	return s
}

// NoiseStd returns the OU noise std sigma*sqrt(1 + tau/tau_eta) that gives
// an unconnected unit with membrane time constant tau a stationary V std of
// sigma (spec; authors' code). Var V = sigma'^2 tau_eta/(tau_eta + tau).
func NoiseStd(sigma, tau, tauEta float64) float64 {
	return sigma * math.Sqrt(1+tau/tauEta)
}
