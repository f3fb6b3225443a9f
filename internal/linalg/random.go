package linalg

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// RandOrthonormal returns an n×k matrix with orthonormal columns (k ≤ n),
// uniformly distributed up to the sign convention of the QR factorisation:
// the first k columns of the Q factor of an n×k matrix of standard normal
// entries, drawn from rng in row-major order. With k = n it is a random
// orthogonal matrix. It panics if k < 1 or k > n.
func RandOrthonormal(rng *rand.Rand, n, k int) *mat.Dense {
	G := mat.NewDense(n, k, nil)
	for i := range G.RawMatrix().Data {
		G.RawMatrix().Data[i] = rng.NormFloat64()
	}
	var qr mat.QR
	qr.Factorize(G)
	var Q mat.Dense
	qr.QTo(&Q)
	return mat.DenseCopyOf(Q.Slice(0, n, 0, k))
}
