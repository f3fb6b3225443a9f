package linalg

import (
	"errors"

	"gonum.org/v1/gonum/mat"
)

// ErrNoConvergence is returned when the QR algorithm of dgeev fails to
// converge.
var ErrNoConvergence = errors.New("linalg: eigenvalue decomposition did not converge")

// Eigenvalues computes the eigenvalues of the square matrix a (no
// eigenvectors), through OpenBLAS's dgeev_ in the openblas build and gonum's
// mat.Eigen otherwise. The values are stored in dst if it has length n, in a
// new slice if dst is nil; the order is the one LAPACK returns (complex
// conjugate pairs adjacent, positive imaginary part first), which may differ
// between the two builds. a is not modified. Eigenvalues panics if a is not
// square or dst has the wrong length.
func Eigenvalues(dst []complex128, a *mat.Dense) ([]complex128, error) {
	r, c := a.Dims()
	if r != c {
		panic(mat.ErrShape)
	}
	if dst == nil {
		dst = make([]complex128, r)
	}
	if len(dst) != r {
		panic(mat.ErrSliceLengthMismatch)
	}
	if r == 0 {
		return dst, nil
	}
	return eigenvalues(dst, a)
}

// gonumEigenvalues is the pure-Go path, available in both builds so that the
// openblas build's tests can compare against it.
func gonumEigenvalues(dst []complex128, a *mat.Dense) ([]complex128, error) {
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenNone) {
		return dst, ErrNoConvergence
	}
	return eig.Values(dst), nil
}
