package moviedrift

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Config sets the generator.
type Config struct {
	Neurons, Bins, Repeats int
	RateDrift              bool    // OU gain drift
	TuningDrift            bool    // linear mixing towards an independent tuning
	RateSD                 float64 // stationary SD of x (spec: 0.5)
	RateTau                float64 // correlation time of x, repeats (spec: 10)
	TuningD                float64 // d, final mixing weight (spec: 1)
	MeanRate               float64 // mean rate, Hz (spec: 5)
	BinSeconds             float64 // bin length, s (spec: 1)
}

// Default returns the spec's values with no drift.
func Default() Config {
	return Config{Neurons: 150, Bins: 30, Repeats: 30, RateSD: 0.5, RateTau: 10, TuningD: 1, MeanRate: 5, BinSeconds: 1}
}

// Recording is the simulated data: Counts[(r*Bins+b)*Neurons+n] is the spike
// count of neuron n in bin b of repeat r (repeats × bins × neurons, C order),
// with the ground truth.
type Recording struct {
	Counts                 []float64
	Repeats, Bins, Neurons int
	Gain                   []float64 // a_n(r), [r*Neurons+n]
	Weight                 []float64 // w_r
}

func tuning(rng *rand.Rand, dst []float64) {
	for b := range dst {
		dst[b] = 0
	}
	nb := 1 + rng.IntN(3)
	for k := 0; k < nb; k++ {
		c := rng.Float64() * float64(len(dst))
		amp := 0.5 + rng.Float64()
		for b := range dst {
			d := (float64(b) + 0.5 - c) / 1.5
			dst[b] += amp * math.Exp(-d*d/2)
		}
	}
	var m float64
	for _, v := range dst {
		m += v
	}
	m /= float64(len(dst))
	for b := range dst {
		dst[b] += 0.1 * m
	}
}

// Generate draws a recording.
func Generate(rng *rand.Rand, c Config) Recording {
	N, B, R := c.Neurons, c.Bins, c.Repeats
	f0 := make([]float64, N*B)
	f1 := make([]float64, N*B)
	for n := 0; n < N; n++ {
		tuning(rng, f0[n*B:(n+1)*B])
		tuning(rng, f1[n*B:(n+1)*B])
		// f¹ has the same mean as f⁰.
		var m0, m1 float64
		for b := 0; b < B; b++ {
			m0 += f0[n*B+b]
			m1 += f1[n*B+b]
		}
		for b := 0; b < B; b++ {
			f1[n*B+b] *= m0 / m1
		}
	}
	var mean float64
	for _, v := range f0 {
		mean += v
	}
	mean /= float64(len(f0))
	scale := c.MeanRate / mean
	rec := Recording{Counts: make([]float64, R*B*N), Repeats: R, Bins: B, Neurons: N,
		Gain: make([]float64, R*N), Weight: make([]float64, R)}
	// OU over repeats: x(r+1) = ρ x(r) + σ√(1−ρ²) ξ, ρ = e^{−1/τ}.
	x := make([]float64, N)
	rho := math.Exp(-1 / c.RateTau)
	for n := range x {
		x[n] = c.RateSD * rng.NormFloat64()
	}
	pois := distuv.Poisson{Src: rng}
	for r := 0; r < R; r++ {
		if r > 0 {
			for n := range x {
				x[n] = rho*x[n] + c.RateSD*math.Sqrt(1-rho*rho)*rng.NormFloat64()
			}
		}
		w := 0.0
		if c.TuningDrift {
			w = c.TuningD * float64(r) / float64(R)
		}
		rec.Weight[r] = w
		for n := 0; n < N; n++ {
			a := 1.0
			if c.RateDrift {
				a = math.Exp(x[n])
			}
			rec.Gain[r*N+n] = a
			for b := 0; b < B; b++ {
				f := (1-w)*f0[n*B+b] + w*f1[n*B+b]
				lam := a * f * scale * c.BinSeconds
				pois.Lambda = lam
				rec.Counts[(r*B+b)*N+n] = pois.Rand()
			}
		}
	}
	return rec
}
