package plasticity

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// MeanSD returns the mean and the population standard deviation (divisor n)
// of x.
func MeanSD(x []float64) (mean, sd float64) {
	n := float64(len(x))
	for _, v := range x {
		mean += v
	}
	mean /= n
	for _, v := range x {
		d := v - mean
		sd += d * d
	}
	return mean, math.Sqrt(sd / n)
}

// GainBias is homeostatic control of the gain γ and bias β of a set of rate
// units, driven by the errors of each unit's mean and standard deviation over
// its inputs (Rule & O'Leary 2022):
//
//	ε_μ = μ* − mean(q),  ε_σ = 1 − std(q)/σ*
//
// Two update forms are provided: the incremental one (Step) and the leaky
// integrator (Leaky).
type GainBias struct {
	Gamma, Beta []float64 // per-unit gain and bias
	MuT, SigmaT float64   // targets μ* and σ*
}

// NewGainBias returns n units with gain gamma0 and bias beta0.
func NewGainBias(n int, gamma0, beta0, muT, sigmaT float64) *GainBias {
	g := &GainBias{Gamma: make([]float64, n), Beta: make([]float64, n), MuT: muT, SigmaT: sigmaT}
	for i := range g.Gamma {
		g.Gamma[i], g.Beta[i] = gamma0, beta0
	}
	return g
}

// Errors returns unit i's errors ε_μ = μ* − mean(q) and ε_σ = 1 − std(q)/σ*
// for its responses q.
func (g *GainBias) Errors(q []float64) (eMu, eSigma float64) {
	m, s := MeanSD(q)
	return g.MuT - m, 1 - s/g.SigmaT
}

// Step applies the incremental rule β_i += kBeta·ε_μ, γ_i += kGamma·ε_σ to
// unit i given its responses q (Rule & O'Leary 2022, encoding homeostasis).
func (g *GainBias) Step(i int, q []float64, kBeta, kGamma float64) {
	eMu, eSig := g.Errors(q)
	g.Beta[i] += kBeta * eMu
	g.Gamma[i] += kGamma * eSig
}

// Leaky applies the leaky integration β_i ← ι·β_i + ε_μ, γ_i ← ι·γ_i + ε_σ to
// unit i (Rule & O'Leary 2022, hebbhomeo rule).
func (g *GainBias) Leaky(i int, q []float64, iota float64) {
	eMu, eSig := g.Errors(q)
	g.Beta[i] = iota*g.Beta[i] + eMu
	g.Gamma[i] = iota*g.Gamma[i] + eSig
}

// OUStep advances x by one step of a discrete-time Ornstein–Uhlenbeck process
// with unit stationary variance, x ← αx + √(1−α²)ξ, ξ ~ N(0,1), α = e^{−Δt/τ}
// (Rule & O'Leary 2022, latent drift). Its lag-k autocorrelation is α^k.
func OUStep(x []float64, alpha float64, rng *rand.Rand) {
	if alpha < 0 || alpha > 1 {
		panic(fmt.Sprintf("plasticity: OU alpha %g outside [0,1]", alpha))
	}
	c := math.Sqrt(1 - alpha*alpha)
	for i := range x {
		x[i] = alpha*x[i] + c*rng.NormFloat64()
	}
}
