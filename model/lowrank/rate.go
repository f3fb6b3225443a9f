package lowrank

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Rate is the rate network dx_i/dt = -x_i + Σ_j J_ij tanh(x_j) + I_i (time
// in units of the membrane time constant τ; Mastrogiuseppe & Ostojic 2018,
// eq. 1), integrated with forward Euler steps.
//
// J tanh(x) is a dense BLAS dgemv (OpenBLAS in the openblas build), or, when
// at most SparseDensity of J's entries are non-zero, a CSR product: the
// dense product is memory-bound (a 2000×2000 J is 32 MB per step) and
// OpenBLAS barely speeds it up (measured 3.0 ms against 2.5 ms per step at
// N = 2000), while at s = 0.9 the CSR product reads a tenth of the data
// (measured about 8× faster). J must not change after NewRate.
type Rate struct {
	J *mat.Dense // N×N connectivity
	I []float64  // constant external input (length N); nil means zero

	sparse *CSR      // J in CSR form when sparse enough, else nil
	phi, h []float64 // scratch: tanh(x) and J tanh(x)
}

// SparseDensity is the largest fraction of non-zero entries of J for which
// Rate uses the CSR product instead of the dense one.
const SparseDensity = 0.25

// NewRate returns a rate network with connectivity J and constant input I
// (nil for none). It panics if J is not square or I has the wrong length.
func NewRate(J *mat.Dense, I []float64) *Rate {
	r, c := J.Dims()
	if r != c {
		panic(fmt.Sprintf("lowrank: J is %d×%d, want square", r, c))
	}
	if I != nil && len(I) != r {
		panic(fmt.Sprintf("lowrank: input length %d, want %d", len(I), r))
	}
	net := &Rate{J: J, I: I, phi: make([]float64, r), h: make([]float64, r)}
	if sp := NewCSR(J); sp.Density() <= SparseDensity {
		net.sparse = sp
	}
	return net
}

// Sparse reports whether Step uses the CSR product.
func (r *Rate) Sparse() bool { return r.sparse != nil }

// N returns the number of units.
func (r *Rate) N() int { return len(r.phi) }

// Step advances the state x by one forward-Euler step of size dt, in place:
// x ← x + dt (-x + J tanh(x) + I). It does not allocate; it panics if
// len(x) != N.
func (r *Rate) Step(x []float64, dt float64) {
	n := len(r.phi)
	if len(x) != n {
		panic(fmt.Sprintf("lowrank: state length %d, want %d", len(x), n))
	}
	for i, v := range x {
		r.phi[i] = math.Tanh(v)
	}
	if r.sparse != nil {
		r.sparse.MulVecTo(r.h, r.phi)
	} else {
		raw := r.J.RawMatrix()
		blas64.Gemv(blas.NoTrans, 1, blas64.General{Rows: raw.Rows, Cols: raw.Cols, Stride: raw.Stride, Data: raw.Data},
			blas64.Vector{N: n, Inc: 1, Data: r.phi}, 0, blas64.Vector{N: n, Inc: 1, Data: r.h})
	}
	if r.I != nil {
		for i := range x {
			x[i] += dt * (r.h[i] + r.I[i] - x[i])
		}
		return
	}
	for i := range x {
		x[i] += dt * (r.h[i] - x[i])
	}
}
