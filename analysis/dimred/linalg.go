package dimred

import (
	"errors"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// topEigen returns the k largest eigenvalues of the symmetric s (clipped at
// a tiny positive floor) and their eigenvectors as columns.
func topEigen(s *mat.SymDense, k int) ([]float64, *mat.Dense, error) {
	var es mat.EigenSym
	if !es.Factorize(s, true) {
		return nil, nil, errors.New("dimred: eigen-decomposition failed")
	}
	vals := es.Values(nil)
	var V mat.Dense
	es.VectorsTo(&V)
	n := len(vals)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return vals[idx[a]] > vals[idx[b]] })
	out := make([]float64, k)
	vec := mat.NewDense(n, k, nil)
	floor := 1e-12 * vals[idx[0]]
	for j := 0; j < k; j++ {
		out[j] = vals[idx[j]]
		if out[j] < floor {
			out[j] = floor
		}
		for i := 0; i < n; i++ {
			vec.Set(i, j, V.At(i, idx[j]))
		}
	}
	return out, vec, nil
}
