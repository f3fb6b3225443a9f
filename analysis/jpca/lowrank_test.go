package jpca

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Data with fewer independent dimensions than Dims fail with an input error
// (gonum's bare "matrix singular" error before, when the Cholesky
// factorisation passed and the solve found the matrix ill-conditioned).
func TestLowRankDataInputError(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const C, T, N, latent = 4, 30, 20, 6
	load := mat.NewDense(latent, N, nil)
	for i := 0; i < latent; i++ {
		for j := 0; j < N; j++ {
			load.Set(i, j, rng.NormFloat64())
		}
	}
	data := make([]*mat.Dense, C)
	for c := range data {
		z := mat.NewDense(T, latent, nil)
		for i := 0; i < T; i++ {
			for j := 0; j < latent; j++ {
				z.Set(i, j, rng.NormFloat64())
			}
		}
		data[c] = mat.NewDense(T, N, nil)
		data[c].Mul(z, load)
	}
	_, err := Fit(data, Options{Dims: 8, Dt: 0.01})
	if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "rank-deficient") {
		t.Fatalf("got %v, want an input error saying the data are rank-deficient", err)
	}
}
