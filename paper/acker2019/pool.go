package acker2019

import (
	"math"
	"math/rand/v2"

	"neurolab/model/plasticity"
)

// spineSizePDF is the empirical spine-size density of the strength pool,
// P(s) = 100.7(1 − e^{−s/0.022})(e^{−s/0.018} + 0.02e^{−s/0.15}) on
// s ∈ [0, 0.2] µm (authors' synaptic-strength-pool.R; max 22.66, derived).
func spineSizePDF(s float64) float64 {
	return 100.7 * (1 - math.Exp(-s/0.022)) * (math.Exp(-s/0.018) + 0.02*math.Exp(-s/0.15))
}

// sizeToStrength converts a spine size to a synaptic strength,
// W(s) = (s/0.2)·s/(s + 0.0314) (authors' code).
func sizeToStrength(s float64) float64 { return (s / 0.2) * s / (s + 0.0314) }

var sizeSampler = plasticity.Rejection{PDF: spineSizePDF, Lo: 0, Hi: 0.2, Height: 23}

// poolSize is the number of strengths in a pool (the authors' rejection
// sampler keeps ~2·10⁵ of 10⁶ proposals).
const poolSize = 200000

// newPool draws a strength pool by rejection sampling of spine sizes; new
// synapses then draw from it uniformly with replacement (authors' code).
func newPool(rng *rand.Rand) []float64 {
	p := make([]float64, poolSize)
	for i := range p {
		p[i] = sizeToStrength(sizeSampler.Sample(rng))
	}
	return p
}

// drawer returns a function drawing one strength uniformly from pool.
func drawer(pool []float64) func(*rand.Rand) float64 {
	return func(rng *rand.Rand) float64 { return pool[rng.IntN(len(pool))] }
}
