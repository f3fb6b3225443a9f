package nn

import "math/rand/v2"

// Dense is a fully connected layer y = x·W + b, with W stored In×Out
// row-major. Its input may have any shape (it is flattened).
//
// DropConnect p > 0 draws, on every training forward pass, a mask M with
// P(M_ij = 0) = p over the weights and uses W⊙M/(1−p) (inverted weight
// dropout, Wan et al. 2013); one mask per pass, shared by the batch.
type Dense struct {
	Out         int
	DropConnect float64
	// Workers > 1 splits the rows of the layer's matrix products over
	// goroutines (results do not depend on it; see pgemm); 0 and 1 mean
	// serial, a negative value is an input error (NewNet, Trainer.Epoch).
	Workers int

	In      int
	W, B    *Param
	ablated []bool
	mask    []float64 // M/(1−p) of the last training pass, nil if none
	weff    []float64
	gbuf    []float64
	wt      []float64 // scratch: Wᵀ for dx (gemmNT)
}

// NewDense returns a dense layer with out units.
func NewDense(out int) *Dense { return &Dense{Out: out} }

// Setup implements Layer (He-normal weights, zero biases).
func (d *Dense) Setup(in Shape, rng *rand.Rand) Shape {
	d.In = in.Size()
	d.W, d.B = newParam("W", d.In*d.Out), newParam("b", d.Out)
	heNormal(d.W.W, d.In, rng)
	d.ablated = make([]bool, d.Out)
	return Vec(d.Out)
}

// Params implements Layer.
func (d *Dense) Params() []*Param { return []*Param{d.W, d.B} }

// Ablate sets which units are ablated (output forced to 0); nil clears all.
func (d *Dense) Ablate(units []int) { setAblation(d.ablated, units) }

func setAblation(mask []bool, units []int) {
	clear(mask)
	for _, u := range units {
		mask[u] = true
	}
}

func (d *Dense) weights(rng *rand.Rand) []float64 {
	d.mask = nil
	if rng == nil || d.DropConnect <= 0 {
		return d.W.W
	}
	d.mask = grow(d.mask, len(d.W.W))
	d.weff = grow(d.weff, len(d.W.W))
	s := 1 / (1 - d.DropConnect)
	for i, w := range d.W.W {
		if rng.Float64() < d.DropConnect {
			d.mask[i], d.weff[i] = 0, 0
		} else {
			d.mask[i], d.weff[i] = s, w*s
		}
	}
	return d.weff
}

// Forward implements Layer.
func (d *Dense) Forward(y, x []float64, n int, rng *rand.Rand) {
	w := d.weights(rng)
	for r := 0; r < n; r++ {
		copy(y[r*d.Out:(r+1)*d.Out], d.B.W)
	}
	pgemm(d.Workers, false, n, d.Out, d.In, x, w, 1, y)
	maskColumns(y, d.ablated, n)
}

// maskColumns zeroes the ablated columns (units or channels, the fastest
// index) of the n rows of v.
func maskColumns(v []float64, ablated []bool, rows int) {
	k := len(ablated)
	any := false
	for _, a := range ablated {
		any = any || a
	}
	if !any {
		return
	}
	for i := 0; i < len(v); i += k {
		for j, a := range ablated {
			if a {
				v[i+j] = 0
			}
		}
	}
}

// Backward implements Layer: dW += xᵀ·dy (⊙ mask), db += Σ dy, dx = dy·Wᵀ.
func (d *Dense) Backward(dx, x, y, dy []float64, n int) {
	maskColumns(dy, d.ablated, n)
	w := d.W.W
	if d.mask != nil {
		// dW_eff = xᵀ dy; dW = dW_eff ⊙ M/(1−p).
		d.weff = grow(d.weff, len(w))
		d.gbuf = grow(d.gbuf, len(w))
		pgemm(d.Workers, true, d.In, d.Out, n, x, dy, 0, d.gbuf)
		for i, g := range d.gbuf {
			d.W.G[i] += g * d.mask[i]
			d.weff[i] = w[i] * d.mask[i]
		}
		w = d.weff
	} else {
		pgemm(d.Workers, true, d.In, d.Out, n, x, dy, 1, d.W.G)
	}
	for r := 0; r < n; r++ {
		row := dy[r*d.Out : (r+1)*d.Out]
		for j, v := range row {
			d.B.G[j] += v
		}
	}
	if dx != nil {
		gemmNT(d.Workers, n, d.In, d.Out, dy, w, dx, &d.wt)
	}
}
