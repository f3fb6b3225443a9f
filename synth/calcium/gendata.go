package calcium

import "math/rand/v2"

// GenDataConfig configures GenData; the zero-valued fields take the OASIS
// `gen_data` defaults (functions.py).
type GenDataConfig struct {
	G         float64 // AR(1) decay per frame (0.95)
	Sn        float64 // noise SD (0.3)
	T         int     // frames per trace (3000)
	FrameRate float64 // frames/s (30)
	FireRate  float64 // spike rate, Hz (0.5)
	B         float64 // baseline (0)
}

func (c GenDataConfig) withDefaults() GenDataConfig {
	if c.G == 0 {
		c.G = 0.95
	}
	if c.Sn == 0 {
		c.Sn = 0.3
	}
	if c.T == 0 {
		c.T = 3000
	}
	if c.FrameRate == 0 {
		c.FrameRate = 30
	}
	if c.FireRate == 0 {
		c.FireRate = 0.5
	}
	return c
}

// Trace is one synthetic trace with its ground truth.
type Trace struct {
	Y []float64 // fluorescence y = b + c + σ ε
	C []float64 // true calcium
	S []float64 // true spikes (0 or 1 per frame)
}

// GenData draws one trace: s_t ~ Bernoulli(FireRate/FrameRate), c_t = g
// c_{t−1} + s_t, y_t = b + c_t + σ ε_t with ε ~ N(0,1).
func GenData(rng *rand.Rand, cfg GenDataConfig) Trace {
	cfg = cfg.withDefaults()
	tr := Trace{Y: make([]float64, cfg.T), C: make([]float64, cfg.T), S: make([]float64, cfg.T)}
	GenDataInto(tr.Y, tr.C, tr.S, rng, cfg)
	return tr
}

// GenDataInto is GenData writing into y, c and s (length cfg.T or, when
// cfg.T is 0, len(y)).
func GenDataInto(y, c, s []float64, rng *rand.Rand, cfg GenDataConfig) {
	if cfg.T == 0 {
		cfg.T = len(y)
		if cfg.T == 0 {
			return // empty slices: nothing to draw (withDefaults would make T 3000)
		}
	}
	cfg = cfg.withDefaults()
	p := cfg.FireRate / cfg.FrameRate
	prev := 0.0
	for t := 0; t < cfg.T; t++ {
		s[t] = 0
		if rng.Float64() < p {
			s[t] = 1
		}
		prev = cfg.G*prev + s[t]
		c[t] = prev
		y[t] = cfg.B + prev + cfg.Sn*rng.NormFloat64()
	}
}
