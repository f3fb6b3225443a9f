package ssn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// kronMax is the largest order solved through the Kronecker (vectorised)
// form; larger problems use Van Loan's integral and squared Smith iteration.
const kronMax = 24

// Lyapunov solves the continuous Lyapunov equation
//
//	A P + P A^T + D = 0
//
// for the stationary covariance P of dx = A x dt + dB with Cov(dB) = D dt.
// A must be stable (every eigenvalue with a negative real part); otherwise
// it returns ErrUnstable. Orders up to 24 are solved exactly in vectorised
// form, (I ⊗ A + A ⊗ I) vec P = -vec D; larger ones by LyapunovSmith.
func Lyapunov(a mat.Matrix, d mat.Symmetric) (*mat.SymDense, error) {
	n, c := a.Dims()
	if n != c || d.SymmetricDim() != n {
		panic("ssn: Lyapunov shape mismatch")
	}
	m, err := MaxRealEig(a)
	if err != nil {
		return nil, err
	}
	if !(m < 0) {
		return nil, fmt.Errorf("%w: max real eigenvalue %g", ErrUnstable, m)
	}
	if n <= kronMax {
		return lyapunovKron(a, d)
	}
	return LyapunovSmith(a, d)
}

// lyapunovKron solves the vectorised Lyapunov equation by LU.
func lyapunovKron(a mat.Matrix, d mat.Symmetric) (*mat.SymDense, error) {
	n, _ := a.Dims()
	nn := n * n
	k := mat.NewDense(nn, nn, nil)
	rhs := mat.NewVecDense(nn, nil)
	// Row-major vec: (A P)_ij = sum_l A_il P_lj, (P A^T)_ij = sum_l P_il A_jl.
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			row := i*n + j
			for l := 0; l < n; l++ {
				k.Set(row, l*n+j, k.At(row, l*n+j)+a.At(i, l))
				k.Set(row, i*n+l, k.At(row, i*n+l)+a.At(j, l))
			}
			rhs.SetVec(row, -d.At(i, j))
		}
	}
	var x mat.VecDense
	if err := x.SolveVec(k, rhs); err != nil {
		return nil, fmt.Errorf("ssn: Lyapunov (Kronecker form): %w", err)
	}
	return symmetrize(n, func(i, j int) float64 { return x.AtVec(i*n + j) }), nil
}

// LyapunovSmith solves A P + P A^T + D = 0 for a stable A: with a step
// delta, Van Loan's block exponential (Van Loan 1978, IEEE TAC 23:395)
//
//	exp([[-A, D], [0, A^T]] delta) = [[., E12], [0, E22]]
//
// gives Phi = E22^T = exp(A delta) and Q = E22^T E12 = int_0^delta e^{As} D
// e^{A^T s} ds, and P = sum_k Phi^k Q Phi^kT is summed by squared Smith
// iteration: P <- P + Phi P Phi^T, Phi <- Phi^2.
func LyapunovSmith(a mat.Matrix, d mat.Symmetric) (*mat.SymDense, error) {
	n, _ := a.Dims()
	delta := 1 / mat.Norm(a, math.Inf(1))
	blk := mat.NewDense(2*n, 2*n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			blk.Set(i, j, -a.At(i, j)*delta)
			blk.Set(i, n+j, d.At(i, j)*delta)
			blk.Set(n+i, n+j, a.At(j, i)*delta)
		}
	}
	var e mat.Dense
	e.Exp(blk)
	phi := mat.DenseCopyOf(e.Slice(n, 2*n, n, 2*n).T())
	p := mat.NewDense(n, n, nil)
	p.Mul(phi, e.Slice(0, n, n, 2*n))
	var tmp, term mat.Dense
	for iter := 0; iter < 200; iter++ {
		tmp.Mul(phi, p)
		term.Mul(&tmp, phi.T())
		p.Add(p, &term)
		if mat.Norm(&term, math.Inf(1)) <= 1e-15*mat.Norm(p, math.Inf(1)) {
			return symmetrize(n, p.At), nil
		}
		tmp.Mul(phi, phi)
		phi.Copy(&tmp)
		if !(mat.Norm(phi, math.Inf(1)) < 1e150) {
			break
		}
	}
	return nil, fmt.Errorf("%w: Smith iteration did not converge", ErrUnstable)
}

func symmetrize(n int, at func(i, j int) float64) *mat.SymDense {
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (at(i, j)+at(j, i))/2)
		}
	}
	return s
}
