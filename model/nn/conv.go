package nn

import (
	"math"
	"math/rand/v2"
)

// Conv2D is a 2-D convolution (cross-correlation, as in deep-learning
// libraries) with Filters output channels, K×K kernels, stride 1 and zero
// padding Pad on every side (Pad = K/2 gives 'same' output for odd K).
// Input and output are NHWC. The kernel is stored (K·K·C_in)×Filters with
// rows ordered (kh, kw, c_in), so the layer is im2col followed by one
// matrix product: y = col(x)·W + b.
type Conv2D struct {
	Filters, K, Pad int
	// Workers > 1 splits the examples of im2col/col2im and the rows of the
	// matrix products over goroutines (results do not depend on it).
	Workers int

	in, out Shape
	W, B    *Param
	ablated []bool
	col     []float64 // im2col of the last input: (n·H_out·W_out) × (K·K·C_in)
	dcol    []float64
	wt      []float64 // scratch: Wᵀ for dcol (gemmNT)
	ones    []float64 // m ones, for the bias gradient
}

// NewConv2D returns a K×K convolution with 'same' zero padding (K odd).
func NewConv2D(filters, k int) *Conv2D { return &Conv2D{Filters: filters, K: k, Pad: k / 2} }

// Setup implements Layer (He-normal weights over fan-in K·K·C_in, zero biases).
func (c *Conv2D) Setup(in Shape, rng *rand.Rand) Shape {
	c.in = in
	c.out = Shape{C: c.Filters, H: in.H + 2*c.Pad - c.K + 1, W: in.W + 2*c.Pad - c.K + 1}
	kk := c.K * c.K * in.C
	c.W, c.B = newParam("W", kk*c.Filters), newParam("b", c.Filters)
	heNormal(c.W.W, kk, rng)
	c.ablated = make([]bool, c.Filters)
	return c.out
}

// Params implements Layer.
func (c *Conv2D) Params() []*Param { return []*Param{c.W, c.B} }

// Ablate sets which filters are ablated (their whole output map forced to
// 0, the same as zeroing the filter's weights and bias); nil clears all.
func (c *Conv2D) Ablate(filters []int) { setAblation(c.ablated, filters) }

// im2col writes, for every example and output pixel, the K·K·C_in input
// values under the kernel (zeros outside the image). In NHWC the K·C_in
// values of one kernel row are contiguous, so each row is one copy.
func (c *Conv2D) im2col(col, x []float64, n int) {
	if c.Workers > 1 {
		parallelRows(c.Workers, n, func(lo, hi int) { c.im2colRange(col, x, lo, hi) })
		return
	}
	c.im2colRange(col, x, 0, n)
}

// im2colRange is im2col for examples [lo, hi).
func (c *Conv2D) im2colRange(col, x []float64, lo, hi int) {
	H, W, C := c.in.H, c.in.W, c.in.C
	Ho, Wo, K, P := c.out.H, c.out.W, c.K, c.Pad
	kk, kc := K*K*C, K*C
	for s := lo; s < hi; s++ {
		img := x[s*H*W*C : (s+1)*H*W*C]
		for oh := 0; oh < Ho; oh++ {
			for ow := 0; ow < Wo; ow++ {
				row := col[((s*Ho+oh)*Wo+ow)*kk:]
				lo, hi := max(0, P-ow), min(K, W+P-ow) // kernel columns inside the image
				for kh := 0; kh < K; kh++ {
					dst := row[kh*kc : (kh+1)*kc]
					ih := oh + kh - P
					if ih < 0 || ih >= H || lo >= hi {
						clear(dst)
						continue
					}
					base := (ih*W + ow - P) * C
					if kc <= 16 {
						// Short rows (first layer): a loop beats the
						// calls of clear and copy.
						src := img[base+lo*C : base+hi*C]
						for q := range dst {
							dst[q] = 0
						}
						d := dst[lo*C : lo*C+len(src)]
						for q, v := range src {
							d[q] = v
						}
						continue
					}
					clear(dst[:lo*C])
					copy(dst[lo*C:hi*C], img[base+lo*C:base+hi*C])
					clear(dst[hi*C:])
				}
			}
		}
	}
}

// col2im adds the columns back onto the image gradient (the adjoint of im2col).
func (c *Conv2D) col2im(dx, col []float64, n int) {
	if c.Workers > 1 {
		parallelRows(c.Workers, n, func(lo, hi int) { c.col2imRange(dx, col, lo, hi) })
		return
	}
	c.col2imRange(dx, col, 0, n)
}

// col2imRange is col2im for examples [lo, hi).
func (c *Conv2D) col2imRange(dx, col []float64, lo, hi int) {
	H, W, C := c.in.H, c.in.W, c.in.C
	Ho, Wo, K, P := c.out.H, c.out.W, c.K, c.Pad
	kk, kc := K*K*C, K*C
	clear(dx[lo*H*W*C : hi*H*W*C])
	for s := lo; s < hi; s++ {
		img := dx[s*H*W*C : (s+1)*H*W*C]
		for oh := 0; oh < Ho; oh++ {
			for ow := 0; ow < Wo; ow++ {
				row := col[((s*Ho+oh)*Wo+ow)*kk:]
				lo, hi := max(0, P-ow), min(K, W+P-ow)
				if lo >= hi {
					continue
				}
				for kh := 0; kh < K; kh++ {
					ih := oh + kh - P
					if ih < 0 || ih >= H {
						continue
					}
					base := (ih*W + ow - P) * C
					dst := img[base+lo*C : base+hi*C]
					for q, v := range row[kh*kc+lo*C : kh*kc+hi*C] {
						dst[q] += v
					}
				}
			}
		}
	}
}

// Forward implements Layer.
func (c *Conv2D) Forward(y, x []float64, n int, _ *rand.Rand) {
	kk := c.K * c.K * c.in.C
	m := n * c.out.H * c.out.W
	c.col = grow(c.col, m*kk)
	c.im2col(c.col, x, n)
	for r := 0; r < m; r++ {
		copy(y[r*c.Filters:(r+1)*c.Filters], c.B.W)
	}
	pgemm(c.Workers, false, m, c.Filters, kk, c.col, c.W.W, 1, y)
	maskColumns(y, c.ablated, m)
}

// Backward implements Layer: dW += colᵀ·dy, db += Σ dy, dx = col2im(dy·Wᵀ).
func (c *Conv2D) Backward(dx, x, y, dy []float64, n int) {
	kk := c.K * c.K * c.in.C
	m := n * c.out.H * c.out.W
	maskColumns(dy, c.ablated, m)
	pgemm(c.Workers, true, kk, c.Filters, m, c.col, dy, 1, c.W.G)
	// db += Σ_rows dy as the product 1ᵀ·dy: rows in order, 1·v = v
	// exactly, so the same sums as a loop over rows.
	if len(c.ones) < m {
		c.ones = make([]float64, m)
		for i := range c.ones {
			c.ones[i] = 1
		}
	}
	gemm(true, false, 1, c.Filters, m, 1, c.ones[:m], dy, 1, c.B.G)
	if dx != nil {
		c.dcol = grow(c.dcol, m*kk)
		gemmNT(c.Workers, m, kk, c.Filters, dy, c.W.W, c.dcol, &c.wt)
		c.col2im(dx, c.dcol, n)
	}
}

// MaxPool is non-overlapping P×P max-pooling (stride P) over NHWC maps;
// trailing rows or columns that do not fill a window are dropped.
type MaxPool struct {
	P int
	// Workers > 1 splits the examples over goroutines (results do not
	// depend on it).
	Workers int
	in, out Shape
	arg     []int32 // index in the input of each output's maximum
}

// NewMaxPool returns a P×P max-pooling layer.
func NewMaxPool(p int) *MaxPool { return &MaxPool{P: p} }

// Setup implements Layer.
func (m *MaxPool) Setup(in Shape, _ *rand.Rand) Shape {
	m.in, m.out = in, Shape{C: in.C, H: in.H / m.P, W: in.W / m.P}
	return m.out
}

// Params implements Layer.
func (m *MaxPool) Params() []*Param { return nil }

// Forward implements Layer.
func (m *MaxPool) Forward(y, x []float64, n int, _ *rand.Rand) {
	Ho, Wo, C := m.out.H, m.out.W, m.in.C
	if cap(m.arg) < len(y) {
		m.arg = make([]int32, len(y))
	}
	m.arg = m.arg[:n*Ho*Wo*C]
	if m.Workers > 1 {
		parallelRows(m.Workers, n, func(lo, hi int) { m.forwardRange(y, x, lo, hi) })
		return
	}
	m.forwardRange(y, x, 0, n)
}

// forwardRange is Forward for examples [lo, hi).
func (m *MaxPool) forwardRange(y, x []float64, lo, hi int) {
	H, W, C, P := m.in.H, m.in.W, m.in.C, m.P
	Ho, Wo := m.out.H, m.out.W
	for s := lo; s < hi; s++ {
		base := s * H * W * C
		for oh := 0; oh < Ho; oh++ {
			for ow := 0; ow < Wo; ow++ {
				o := ((s*Ho+oh)*Wo + ow) * C
				yo, ao := y[o:o+C], m.arg[o:o+C]
				for ch := range yo {
					yo[ch], ao[ch] = math.Inf(-1), 0
				}
				// Window positions in (ph, pw) order, channels innermost:
				// per channel the same comparisons as one window at a time.
				for ph := 0; ph < P; ph++ {
					for pw := 0; pw < P; pw++ {
						i0 := base + ((oh*P+ph)*W+ow*P+pw)*C
						for ch, v := range x[i0 : i0+C] {
							if v > yo[ch] {
								yo[ch], ao[ch] = v, int32(i0+ch)
							}
						}
					}
				}
			}
		}
	}
}

// Backward implements Layer: the gradient goes to each window's maximum.
func (m *MaxPool) Backward(dx, x, y, dy []float64, n int) {
	if dx == nil {
		return
	}
	if m.Workers > 1 {
		parallelRows(m.Workers, n, func(lo, hi int) { m.backwardRange(dx, dy, lo, hi) })
		return
	}
	m.backwardRange(dx, dy, 0, n)
}

// backwardRange is Backward for examples [lo, hi) (each example's maxima lie
// in its own input, so ranges write disjoint parts of dx).
func (m *MaxPool) backwardRange(dx, dy []float64, lo, hi int) {
	in, out := m.in.Size(), m.out.Size()
	clear(dx[lo*in : hi*in])
	for o := lo * out; o < hi*out; o++ {
		dx[m.arg[o]] += dy[o]
	}
}
