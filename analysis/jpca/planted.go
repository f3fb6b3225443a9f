package jpca

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Planted returns noise-free data with known rotational dynamics, for
// validating jPCA (the arm-feedback spec's planted-rotation test): for each
// of conditions conditions, x_c(t) = Q e^{M t} x0_c at t = 0, dt, …,
// (steps−1)·dt, with x0_c ~ N(0, I) drawn from rng in condition order. M is
// k×k and Q is n×k (typically with orthonormal columns); each returned matrix
// is steps × n.
func Planted(rng *rand.Rand, M *mat.Dense, Q mat.Matrix, conditions, steps int, dt float64) []*mat.Dense {
	n, k := Q.Dims()
	x0 := make([]*mat.VecDense, conditions)
	out := make([]*mat.Dense, conditions)
	for c := range x0 {
		x0[c] = mat.NewVecDense(k, nil)
		for j := 0; j < k; j++ {
			x0[c].SetVec(j, rng.NormFloat64())
		}
		out[c] = mat.NewDense(steps, n, nil)
	}
	var Mt, E mat.Dense
	var z, x mat.VecDense
	for t := 0; t < steps; t++ {
		Mt.Scale(float64(t)*dt, M)
		E.Exp(&Mt)
		for c := range out {
			z.MulVec(&E, x0[c])
			x.MulVec(Q, &z)
			copy(out[c].RawRowView(t), x.RawVector().Data)
		}
	}
	return out
}
