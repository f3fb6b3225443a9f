package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// RandOrthonormal's columns are orthonormal (QᵀQ = I to rounding), it is
// deterministic for a given generator state, and it consumes exactly n·k
// normal draws.
func TestRandOrthonormal(t *testing.T) {
	for _, c := range []struct{ n, k int }{{1, 1}, {5, 2}, {6, 6}, {50, 6}} {
		Q := RandOrthonormal(rand.New(rand.NewPCG(1, 2)), c.n, c.k)
		if r, k := Q.Dims(); r != c.n || k != c.k {
			t.Fatalf("dims %d×%d, want %d×%d", r, k, c.n, c.k)
		}
		var QtQ mat.Dense
		QtQ.Mul(Q.T(), Q)
		for i := 0; i < c.k; i++ {
			for j := 0; j < c.k; j++ {
				want := 0.0
				if i == j {
					want = 1
				}
				if d := math.Abs(QtQ.At(i, j) - want); d > 1e-14 {
					t.Errorf("%d×%d: (QᵀQ)[%d,%d] = %.17g", c.n, c.k, i, j, QtQ.At(i, j))
				}
			}
		}
		if !mat.Equal(Q, RandOrthonormal(rand.New(rand.NewPCG(1, 2)), c.n, c.k)) {
			t.Errorf("%d×%d: not deterministic", c.n, c.k)
		}
		a, b := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
		RandOrthonormal(a, c.n, c.k)
		for i := 0; i < c.n*c.k; i++ {
			b.NormFloat64()
		}
		if a.Uint64() != b.Uint64() {
			t.Errorf("%d×%d: did not consume exactly n·k normal draws", c.n, c.k)
		}
	}
}
