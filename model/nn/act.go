package nn

import (
	"math"
	"math/rand/v2"
)

// ReLU is y = max(x, 0).
type ReLU struct{}

// Tanh is y = tanh(x).
type Tanh struct{}

// Sigmoid is y = 1/(1+e^{−x}).
type Sigmoid struct{}

// Setup implements Layer.
func (ReLU) Setup(in Shape, _ *rand.Rand) Shape { return in }

// Params implements Layer.
func (ReLU) Params() []*Param { return nil }

// Forward implements Layer.
func (ReLU) Forward(y, x []float64, n int, _ *rand.Rand) {
	for i, v := range x[:len(y)] {
		y[i] = max(v, 0)
	}
}

// Backward implements Layer: dx = dy·1[y > 0].
func (ReLU) Backward(dx, x, y, dy []float64, n int) {
	if dx == nil {
		return
	}
	dx, dy = dx[:len(y)], dy[:len(y)]
	for i, v := range y {
		// Branch-free (the sign of y is unpredictable): dy or +0.
		var m uint64
		if v > 0 {
			m = ^uint64(0)
		}
		dx[i] = math.Float64frombits(math.Float64bits(dy[i]) & m)
	}
}

// Setup implements Layer.
func (Tanh) Setup(in Shape, _ *rand.Rand) Shape { return in }

// Params implements Layer.
func (Tanh) Params() []*Param { return nil }

// Forward implements Layer.
func (Tanh) Forward(y, x []float64, n int, _ *rand.Rand) {
	for i, v := range x[:len(y)] {
		y[i] = math.Tanh(v)
	}
}

// Backward implements Layer: dx = dy·(1 − y²).
func (Tanh) Backward(dx, x, y, dy []float64, n int) {
	if dx == nil {
		return
	}
	for i, v := range y {
		dx[i] = dy[i] * (1 - v*v)
	}
}

// Setup implements Layer.
func (Sigmoid) Setup(in Shape, _ *rand.Rand) Shape { return in }

// Params implements Layer.
func (Sigmoid) Params() []*Param { return nil }

// Forward implements Layer.
func (Sigmoid) Forward(y, x []float64, n int, _ *rand.Rand) {
	for i, v := range x[:len(y)] {
		y[i] = 1 / (1 + math.Exp(-v))
	}
}

// Backward implements Layer: dx = dy·y(1 − y).
func (Sigmoid) Backward(dx, x, y, dy []float64, n int) {
	if dx == nil {
		return
	}
	for i, v := range y {
		dx[i] = dy[i] * v * (1 - v)
	}
}

// Dropout is inverted node dropout: in training mode each value is zeroed
// with probability P and the survivors are scaled by 1/(1−P) (Srivastava et
// al. 2014, with the scaling moved to training); the identity otherwise.
type Dropout struct {
	P    float64
	mask []float64
	on   bool
}

// AddNoise adds independent N(0, Sigma²) noise to every value in training
// mode (additive node noise).
type AddNoise struct{ Sigma float64 }

// MulNoise multiplies every value by an independent N(1, Sigma²) factor in
// training mode (multiplicative node noise).
type MulNoise struct {
	Sigma float64
	fac   []float64
	on    bool
}

// Setup implements Layer.
func (d *Dropout) Setup(in Shape, _ *rand.Rand) Shape { return in }

// Params implements Layer.
func (d *Dropout) Params() []*Param { return nil }

// Forward implements Layer.
func (d *Dropout) Forward(y, x []float64, n int, rng *rand.Rand) {
	d.on = rng != nil && d.P > 0
	if !d.on {
		copy(y, x)
		return
	}
	d.mask = grow(d.mask, len(y))
	s := 1 / (1 - d.P)
	for i, v := range x[:len(y)] {
		if rng.Float64() < d.P {
			d.mask[i] = 0
		} else {
			d.mask[i] = s
		}
		y[i] = v * d.mask[i]
	}
}

// Backward implements Layer.
func (d *Dropout) Backward(dx, x, y, dy []float64, n int) { scaledBackward(dx, dy, d.mask, d.on) }

// scaledBackward is the Backward of a layer y = x ⊙ f that was on in the
// forward pass (dx = dy ⊙ f) or passed x through (dx = dy).
func scaledBackward(dx, dy, f []float64, on bool) {
	switch {
	case dx == nil:
	case !on:
		copy(dx, dy)
	default:
		for i, g := range dy {
			dx[i] = g * f[i]
		}
	}
}

// Setup implements Layer.
func (a *AddNoise) Setup(in Shape, _ *rand.Rand) Shape { return in }

// Params implements Layer.
func (a *AddNoise) Params() []*Param { return nil }

// Forward implements Layer.
func (a *AddNoise) Forward(y, x []float64, n int, rng *rand.Rand) {
	if rng == nil || a.Sigma == 0 {
		copy(y, x)
		return
	}
	for i, v := range x[:len(y)] {
		y[i] = v + a.Sigma*rng.NormFloat64()
	}
}

// Backward implements Layer: dx = dy.
func (a *AddNoise) Backward(dx, x, y, dy []float64, n int) {
	if dx != nil {
		copy(dx, dy)
	}
}

// Setup implements Layer.
func (m *MulNoise) Setup(in Shape, _ *rand.Rand) Shape { return in }

// Params implements Layer.
func (m *MulNoise) Params() []*Param { return nil }

// Forward implements Layer.
func (m *MulNoise) Forward(y, x []float64, n int, rng *rand.Rand) {
	m.on = rng != nil && m.Sigma != 0
	if !m.on {
		copy(y, x)
		return
	}
	m.fac = grow(m.fac, len(y))
	for i, v := range x[:len(y)] {
		m.fac[i] = 1 + m.Sigma*rng.NormFloat64()
		y[i] = v * m.fac[i]
	}
}

// Backward implements Layer.
func (m *MulNoise) Backward(dx, x, y, dy []float64, n int) { scaledBackward(dx, dy, m.fac, m.on) }
