package aitken2022

import (
	"math"
	"math/rand/v2"

	"neurolab/model/nn"
)

// task is the synthetic stand-in for CIFAR-10 (spec): class latents
// z ~ N(μ_c, I) in LatentDim dimensions, μ_c ~ N(0, Spread²·I), inputs
// x = tanh(A z) + σε with A_ij ~ N(0, 1/LatentDim) fixed.
type task struct {
	mu, A []float64
	p     Params
}

func newTask(p Params, rng *rand.Rand) *task {
	t := &task{p: p, mu: make([]float64, p.Classes*p.LatentDim), A: make([]float64, p.InputDim*p.LatentDim)}
	for i := range t.mu {
		t.mu[i] = p.Spread * rng.NormFloat64()
	}
	s := 1 / math.Sqrt(float64(p.LatentDim))
	for i := range t.A {
		t.A[i] = s * rng.NormFloat64()
	}
	return t
}

// sample draws per examples of every class, class-major (example i has
// label i / per).
func (t *task) sample(per int, rng *rand.Rand) nn.Data {
	p := t.p
	n := per * p.Classes
	d := nn.Data{N: n, Dim: p.InputDim, X: make([]float64, n*p.InputDim), Y: make([]int, n)}
	z := make([]float64, p.LatentDim)
	for i := 0; i < n; i++ {
		c := i / per
		d.Y[i] = c
		for j := range z {
			z[j] = t.mu[c*p.LatentDim+j] + rng.NormFloat64()
		}
		x := d.Row(i)
		for k := range x {
			var a float64
			for j, v := range z {
				a += t.A[k*p.LatentDim+j] * v
			}
			x[k] = math.Tanh(a) + p.InputNoise*rng.NormFloat64()
		}
	}
	return d
}
