//go:build !openblas

package linalg

import "gonum.org/v1/gonum/mat"

// OpenBLAS reports whether this binary was built with the openblas tag.
const OpenBLAS = false

func eigenvalues(dst []complex128, a *mat.Dense) ([]complex128, error) {
	return gonumEigenvalues(dst, a)
}
