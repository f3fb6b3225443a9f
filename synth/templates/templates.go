package templates

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"neurolab/internal/stats"
)

// Config sets the generator. All rates are expected spike counts per trial
// window.
type Config struct {
	Neurons        int     // N
	Classes        int     // number of stimulus classes
	TrialsPerClass int     // trials per class
	Mu0            float64 // μ0, expected spikes per neuron per trial at pref = 0
	Kappa          float64 // κ, diversity of response preferences
	GainShape      float64 // shape of the Gamma(shape, mean 1) trial gain; 0 means no gain (g = 1)
	PatternSigma   float64 // σ_ξ of the LogNormal(0, σ_ξ) pattern noise; 0 means none
}

// Session is one simulated session with its ground truth.
type Session struct {
	Counts    *mat.Dense // trials × neurons spike counts
	Labels    []int      // class of each trial, 0..Classes−1; trials are grouped by class
	Templates *mat.Dense // classes × neurons true rates μ_{c,n}
	Gains     []float64  // trial gains g_i
}

// Generate draws a session from rng: the template rates (Rates), then the
// trials (Trials), both from rng. It panics on a non-positive size.
func Generate(rng *rand.Rand, c Config) Session {
	return Trials(rng, c, Rates(rng, c))
}

// Rates draws the classes × neurons template rates
// μ_{c,n} = μ0·exp(κ·pref_{c,n}), pref_{c,n} ~ N(0,1) i.i.d. (spec
// average-test.md, "Generator"): the population's response preferences. It
// panics on a non-positive size.
func Rates(rng *rand.Rand, c Config) *mat.Dense {
	if c.Neurons < 1 || c.Classes < 1 {
		panic("templates: sizes must be positive")
	}
	mu := mat.NewDense(c.Classes, c.Neurons, nil)
	for k := 0; k < c.Classes; k++ {
		for n := 0; n < c.Neurons; n++ {
			mu.Set(k, n, c.Mu0*math.Exp(c.Kappa*rng.NormFloat64()))
		}
	}
	return mu
}

// Trials draws c.TrialsPerClass trials of each class of the population with
// template rates mu (c.Classes × c.Neurons, e.g. from Rates; c.Mu0 and
// c.Kappa are not used): r_in ~ Poisson(g_i·μ_{c_i,n}·ξ_in) with trial gain
// g_i ~ Gamma(c.GainShape, mean 1) and pattern noise
// ξ_in ~ LogNormal(0, c.PatternSigma). Several sessions of one population
// share mu and draw their trials from different streams. It panics on a
// non-positive size or a mu of the wrong shape.
func Trials(rng *rand.Rand, c Config, mu *mat.Dense) Session {
	if c.Neurons < 1 || c.Classes < 1 || c.TrialsPerClass < 1 {
		panic("templates: sizes must be positive")
	}
	if r, n := mu.Dims(); r != c.Classes || n != c.Neurons {
		panic("templates: template rates are not classes × neurons")
	}
	T := c.Classes * c.TrialsPerClass
	s := Session{
		Counts:    mat.NewDense(T, c.Neurons, nil),
		Labels:    make([]int, T),
		Templates: mu,
		Gains:     make([]float64, T),
	}
	var gain distuv.Gamma
	if c.GainShape > 0 {
		gain = distuv.Gamma{Alpha: c.GainShape, Beta: c.GainShape, Src: rng}
	}
	pois := distuv.Poisson{Src: rng}
	for i := 0; i < T; i++ {
		k := i / c.TrialsPerClass
		s.Labels[i] = k
		g := 1.0
		if c.GainShape > 0 {
			g = gain.Rand()
		}
		s.Gains[i] = g
		for n := 0; n < c.Neurons; n++ {
			rate := g * mu.At(k, n)
			if c.PatternSigma > 0 {
				rate *= math.Exp(c.PatternSigma * rng.NormFloat64())
			}
			pois.Lambda = rate
			if rate > 0 {
				s.Counts.Set(i, n, pois.Rand())
			}
		}
	}
	return s
}

// Outcomes draws a behavioural outcome per trial (true = hit). When relevant
// is set, P(hit_i) = σ(slope·(score_i − median(score))); otherwise
// P(hit) = pHit (spec average-test.md: slope 10, pHit 0.75). NaN scores get
// P(hit) = pHit.
func Outcomes(rng *rand.Rand, score []float64, relevant bool, slope, pHit float64) []bool {
	med := median(score)
	out := make([]bool, len(score))
	for i, s := range score {
		p := pHit
		if relevant && !math.IsNaN(s) {
			p = 1 / (1 + math.Exp(-slope*(s-med)))
		}
		out[i] = rng.Float64() < p
	}
	return out
}

// median returns the median of the non-NaN values of x, NaN if there are
// none.
func median(x []float64) float64 {
	v := make([]float64, 0, len(x))
	for _, a := range x {
		if !math.IsNaN(a) {
			v = append(v, a)
		}
	}
	return stats.Median(v)
}
