package dimred

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The covariance against the two-pass definition S_ij = Σ_t (x_ti − m_i)(x_tj − m_j) / r,
// on data with a large offset (where the one-pass E[xxᵀ] − mmᵀ form would lose digits).
func TestCovarianceDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tc := range []struct{ r, n int }{{1, 3}, {5, 4}, {257, 7}, {1000, 33}} {
		t.Run("", func(t *testing.T) {
			X := mat.NewDense(tc.r, tc.n, nil)
			mean := make([]float64, tc.n)
			for i := 0; i < tc.r; i++ {
				for j := 0; j < tc.n; j++ {
					v := 1e4 + rng.NormFloat64()*float64(j+1)
					X.Set(i, j, v)
					mean[j] += v / float64(tc.r)
				}
			}
			S := covariance(X, mean)
			for i := 0; i < tc.n; i++ {
				for j := 0; j < tc.n; j++ {
					want := 0.0
					for t := 0; t < tc.r; t++ {
						want += (X.At(t, i) - mean[i]) * (X.At(t, j) - mean[j])
					}
					want /= float64(tc.r)
					if got := S.At(i, j); math.Abs(got-want) > 1e-10*(1+math.Abs(want)) {
						t.Fatalf("r=%d n=%d: S[%d,%d] got %v, want %v ± 1e-10", tc.r, tc.n, i, j, got, want)
					}
				}
			}
		})
	}
}

func BenchmarkCovarianceR20000N100(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(20000, 100, nil)
	mean := make([]float64, 100)
	for i := 0; i < 20000; i++ {
		for j := 0; j < 100; j++ {
			v := rng.NormFloat64()
			X.Set(i, j, v)
			mean[j] += v / 20000
		}
	}
	for b.Loop() {
		covariance(X, mean)
	}
}
