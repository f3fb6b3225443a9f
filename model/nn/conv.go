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

	in, out Shape
	W, B    *Param
	ablated []bool
	col     []float64 // im2col of the last input: (n·H_out·W_out) × (K·K·C_in)
	dcol    []float64
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
	H, W, C := c.in.H, c.in.W, c.in.C
	Ho, Wo, K, P := c.out.H, c.out.W, c.K, c.Pad
	kk, kc := K*K*C, K*C
	for s := 0; s < n; s++ {
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
					clear(dst[:lo*C])
					base := (ih*W + ow - P) * C
					copy(dst[lo*C:hi*C], img[base+lo*C:base+hi*C])
					clear(dst[hi*C:])
				}
			}
		}
	}
}

// col2im adds the columns back onto the image gradient (the adjoint of im2col).
func (c *Conv2D) col2im(dx, col []float64, n int) {
	H, W, C := c.in.H, c.in.W, c.in.C
	Ho, Wo, K, P := c.out.H, c.out.W, c.K, c.Pad
	kk, kc := K*K*C, K*C
	clear(dx[:n*H*W*C])
	for s := 0; s < n; s++ {
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
	gemm(false, false, m, c.Filters, kk, 1, c.col, c.W.W, 1, y)
	maskColumns(y, c.ablated, m)
}

// Backward implements Layer: dW += colᵀ·dy, db += Σ dy, dx = col2im(dy·Wᵀ).
func (c *Conv2D) Backward(dx, x, y, dy []float64, n int) {
	kk := c.K * c.K * c.in.C
	m := n * c.out.H * c.out.W
	maskColumns(dy, c.ablated, m)
	gemm(true, false, kk, c.Filters, m, 1, c.col, dy, 1, c.W.G)
	for r := 0; r < m; r++ {
		for j, v := range dy[r*c.Filters : (r+1)*c.Filters] {
			c.B.G[j] += v
		}
	}
	if dx != nil {
		c.dcol = grow(c.dcol, m*kk)
		gemm(false, true, m, kk, c.Filters, 1, dy, c.W.W, 0, c.dcol)
		c.col2im(dx, c.dcol, n)
	}
}

// MaxPool is non-overlapping P×P max-pooling (stride P) over NHWC maps;
// trailing rows or columns that do not fill a window are dropped.
type MaxPool struct {
	P       int
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
	H, W, C, P := m.in.H, m.in.W, m.in.C, m.P
	Ho, Wo := m.out.H, m.out.W
	if cap(m.arg) < len(y) {
		m.arg = make([]int32, len(y))
	}
	m.arg = m.arg[:n*Ho*Wo*C]
	for s := 0; s < n; s++ {
		base := s * H * W * C
		for oh := 0; oh < Ho; oh++ {
			for ow := 0; ow < Wo; ow++ {
				o := ((s*Ho+oh)*Wo + ow) * C
				for ch := 0; ch < C; ch++ {
					best, bi := math.Inf(-1), 0
					for ph := 0; ph < P; ph++ {
						for pw := 0; pw < P; pw++ {
							i := base + ((oh*P+ph)*W+ow*P+pw)*C + ch
							if x[i] > best {
								best, bi = x[i], i
							}
						}
					}
					y[o+ch], m.arg[o+ch] = best, int32(bi)
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
	clear(dx[:n*m.in.Size()])
	for o, i := range m.arg[:n*m.out.Size()] {
		dx[i] += dy[o]
	}
}
