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
	// matrix products over goroutines (results do not depend on it); 0 and
	// 1 mean serial, a negative value is an input error (NewNet,
	// Trainer.Epoch).
	Workers int

	in, out Shape
	W, B    *Param
	ablated []bool
	col     []float64 // im2col of the last input: (n·H_out·W_out) × (K·K·C_in)
	dcol    []float64
	rowbuf  []float64 // per-worker row of dcol (fused backward)
	xp, dxp []float64 // zero-padded input and input gradient (n × (H+2·Pad) × (W+2·Pad) × C_in)
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
// values under the kernel (zeros outside the image). It first copies each
// example into the interior of a zero-bordered image (c.xp, whose border is
// never written), so that the K·C_in values of one kernel row are always
// one contiguous run of the padded image, copied without bounds tests.
func (c *Conv2D) im2col(col, x []float64, n int) {
	c.xp = grow(c.xp, n*c.padSize())
	if c.Workers > 1 {
		parallelRows(c.Workers, n, func(lo, hi int) { c.im2colRange(col, x, lo, hi) })
		return
	}
	c.im2colRange(col, x, 0, n)
}

// padSize is the number of values of one zero-padded input example.
func (c *Conv2D) padSize() int { return (c.in.H + 2*c.Pad) * (c.in.W + 2*c.Pad) * c.in.C }

// im2colRange is im2col for examples [lo, hi).
func (c *Conv2D) im2colRange(col, x []float64, lo, hi int) {
	H, W, C := c.in.H, c.in.W, c.in.C
	Ho, Wo, K, P := c.out.H, c.out.W, c.K, c.Pad
	Wp := W + 2*P
	kk, kc, ps := K*K*C, K*C, c.padSize()
	for s := lo; s < hi; s++ {
		img := x[s*H*W*C : (s+1)*H*W*C]
		xp := c.xp[s*ps : (s+1)*ps]
		for ih := 0; ih < H; ih++ {
			o := ((ih+P)*Wp + P) * C
			copy(xp[o:o+W*C], img[ih*W*C:(ih+1)*W*C])
		}
		rows := col[s*Ho*Wo*kk : (s+1)*Ho*Wo*kk]
		if avx && Wo > 0 {
			// One call per output row: the runs of Wo pixels.
			for oh := 0; oh < Ho; oh++ {
				dst := rows[oh*Wo*kk : (oh+1)*Wo*kk]
				src := xp[oh*Wp*C : ((oh+K-1)*Wp+Wo-1)*C+kc] // last run's end
				copyRuns(&dst[0], &src[0], Wo, K, kc, Wp*C, C)
			}
			continue
		}
		for oh := 0; oh < Ho; oh++ {
			for ow := 0; ow < Wo; ow++ {
				row := rows[(oh*Wo+ow)*kk : (oh*Wo+ow+1)*kk]
				for kh := 0; kh < K; kh++ {
					dst := row[kh*kc : (kh+1)*kc]
					b := ((oh+kh)*Wp + ow) * C
					src := xp[b : b+kc]
					if kc < 16 {
						// Short runs (first layer): a loop beats a call.
						for q, v := range src {
							dst[q] = v
						}
					} else {
						copy(dst, src)
					}
				}
			}
		}
	}
}

// col2im adds the columns back onto the image gradient (the adjoint of
// im2col). It accumulates into a zeroed padded image (c.dxp) in the order
// of a direct accumulation into dx (output pixels, then kernel rows), so
// every element of dx receives the same additions in the same order, and
// then copies the interior out.
func (c *Conv2D) col2im(dx, col []float64, n int) {
	c.dxp = grow(c.dxp, n*c.padSize())
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
	Wp := W + 2*P
	kk, kc, ps := K*K*C, K*C, c.padSize()
	for s := lo; s < hi; s++ {
		xp := c.dxp[s*ps : (s+1)*ps]
		clear(xp)
		rows := col[s*Ho*Wo*kk : (s+1)*Ho*Wo*kk]
		for oh := 0; oh < Ho; oh++ {
			for ow := 0; ow < Wo; ow++ {
				row := rows[(oh*Wo+ow)*kk : (oh*Wo+ow+1)*kk]
				for kh := 0; kh < K; kh++ {
					b := ((oh+kh)*Wp + ow) * C
					dst := xp[b : b+kc]
					for q, v := range row[kh*kc : (kh+1)*kc] {
						dst[q] += v
					}
				}
			}
		}
		img := dx[s*H*W*C : (s+1)*H*W*C]
		for ih := 0; ih < H; ih++ {
			o := ((ih+P)*Wp + P) * C
			copy(img[ih*W*C:(ih+1)*W*C], xp[o:o+W*C])
		}
	}
}

// fillRows sets each of the rows rows of y (row length len(b)) to b, by
// doubling the filled prefix (few calls of copy for many short rows).
func fillRows(y, b []float64, rows int) {
	total := rows * len(b)
	if total == 0 {
		return
	}
	done := copy(y[:len(b)], b)
	for done < total {
		done += copy(y[done:total], y[:done])
	}
}

// Forward implements Layer.
func (c *Conv2D) Forward(y, x []float64, n int, _ *rand.Rand) {
	kk := c.K * c.K * c.in.C
	m := n * c.out.H * c.out.W
	c.col = grow(c.col, m*kk)
	if !fastGemm() {
		c.im2col(c.col, x, n)
		fillRows(y, c.B.W, m)
		pgemm(c.Workers, false, m, c.Filters, kk, c.col, c.W.W, 1, y)
		maskColumns(y, c.ablated, m)
		return
	}
	// im2col and the product by chunks of examples whose columns fit in
	// the L2 cache, so the product reads them while they are hot. Rows of
	// y are independent: each gets the same arithmetic as one product
	// over all rows (addGemm).
	c.xp = grow(c.xp, n*c.padSize())
	if c.Workers > 1 {
		parallelRows(c.Workers, n, func(lo, hi int) { c.forwardRows(y, x, lo, hi) })
	} else {
		c.forwardRows(y, x, 0, n)
	}
	maskColumns(y, c.ablated, m)
}

// forwardRows is Forward's im2col and product for examples [lo, hi).
func (c *Conv2D) forwardRows(y, x []float64, lo, hi int) {
	kk, hw, F := c.K*c.K*c.in.C, c.out.H*c.out.W, c.Filters
	chunk := max(1, 16384/(hw*kk)) // examples whose columns fill ≤ 128 KiB
	for s0 := lo; s0 < hi; s0 += chunk {
		s1 := min(hi, s0+chunk)
		c.im2colRange(c.col, x, s0, s1)
		r0, r1 := s0*hw, s1*hw
		fillRows(y[r0*F:r1*F], c.B.W, r1-r0)
		addGemm(false, r1-r0, F, kk, c.col[r0*kk:r1*kk], kk, c.W.W, y[r0*F:r1*F])
	}
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
	if dx == nil {
		return
	}
	if !fastGemm() {
		c.dcol = grow(c.dcol, m*kk)
		gemmNT(c.Workers, m, kk, c.Filters, dy, c.W.W, c.dcol, &c.wt)
		c.col2im(dx, c.dcol, n)
		return
	}
	// Fused: the rows of dcol = dy·Wᵀ of one output row are computed into
	// a small buffer by gemmNT's kernel (ntRow) and added onto the image
	// gradient at once, in col2im's order: the same arithmetic as gemmNT
	// then col2im, without writing and reading back the m×K·K·C_in matrix.
	c.wt = grow(c.wt, kk*c.Filters)
	transpose(c.wt, c.W.W[:kk*c.Filters], kk, c.Filters)
	c.dxp = grow(c.dxp, n*c.padSize())
	w, rb := min(max(c.Workers, 1), n), c.out.W*kk
	c.rowbuf = grow(c.rowbuf, w*rb)
	if w <= 1 {
		c.backRange(dx, dy, c.rowbuf, 0, n)
		return
	}
	parallelParts(w, n, func(p, lo, hi int) {
		c.backRange(dx, dy, c.rowbuf[p*rb:(p+1)*rb], lo, hi)
	})
}

// backRange writes dx for examples [lo, hi) from dy (the fused dcol and
// col2im of Backward), with buf scratch for the W_out·K·K·C_in values of
// the dcol rows of one output row.
func (c *Conv2D) backRange(dx, dy, buf []float64, lo, hi int) {
	H, W, C, F := c.in.H, c.in.W, c.in.C, c.Filters
	Ho, Wo, K, P := c.out.H, c.out.W, c.K, c.Pad
	Wp := W + 2*P
	kk, kc, ps := K*K*C, K*C, c.padSize()
	buf = buf[:Wo*kk]
	for s := lo; s < hi; s++ {
		xp := c.dxp[s*ps : (s+1)*ps]
		clear(xp)
		for oh := 0; oh < Ho; oh++ {
			// The dcol rows of one output row, then their runs added
			// in pixel order (addRuns).
			for ow := 0; ow < Wo; ow++ {
				r := (s*Ho+oh)*Wo + ow
				row := buf[ow*kk : (ow+1)*kk]
				clear(row)
				ntRow(row, dy[r*F:(r+1)*F], c.wt)
			}
			dst := xp[oh*Wp*C : ((oh+K-1)*Wp+Wo-1)*C+kc] // last run's end
			addRuns(&dst[0], &buf[0], Wo, K, kc, Wp*C, C)
		}
		img := dx[s*H*W*C : (s+1)*H*W*C]
		for ih := 0; ih < H; ih++ {
			o := ((ih+P)*Wp + P) * C
			copy(img[ih*W*C:(ih+1)*W*C], xp[o:o+W*C])
		}
	}
}

// MaxPool is non-overlapping P×P max-pooling (stride P) over NHWC maps;
// trailing rows or columns that do not fill a window are dropped.
type MaxPool struct {
	P int
	// Workers > 1 splits the examples over goroutines (results do not
	// depend on it); 0 and 1 mean serial, a negative value is an input
	// error (NewNet, Trainer.Epoch).
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

// forwardRange is Forward for examples [lo, hi). For each channel the window
// positions are compared in (ph, pw) order with a strict >, so the maximum
// is the first of equal values (a NaN never wins; a window of NaNs or −∞
// gives −∞ at the window's first position, so that Backward sends its
// gradient into the same example); the choice is branch-free.
func (m *MaxPool) forwardRange(y, x []float64, lo, hi int) {
	H, W, C, P := m.in.H, m.in.W, m.in.C, m.P
	Ho, Wo := m.out.H, m.out.W
	vec := P == 2 && C%4 == 0 && avx && Wo > 0
	for s := lo; s < hi; s++ {
		base := s * H * W * C
		for oh := 0; oh < Ho; oh++ {
			if vec {
				// One row of windows in AVX (pool2x2: the same
				// comparisons), then window positions to indices.
				o := (s*Ho + oh) * Wo * C
				i0 := base + oh*2*W*C
				r0 := x[i0 : i0+2*Wo*C]
				r1 := x[i0+W*C : i0+W*C+2*Wo*C]
				yo, ao := y[o:o+Wo*C], m.arg[o:o+Wo*C]
				pool2x2(Wo, C, &r0[0], &r1[0], &yo[0], &ao[0])
				off := [4]int32{0, int32(C), int32(W * C), int32(W*C + C)}
				for ow := 0; ow < Wo; ow++ {
					a := ao[ow*C : (ow+1)*C]
					i00 := int32(i0 + ow*2*C)
					for ch, p := range a {
						if p < 0 { // no maximum: the window's first position
							a[ch] = i00 + int32(ch)
						} else {
							a[ch] = i00 + int32(ch) + off[p&3]
						}
					}
				}
				continue
			}
			for ow := 0; ow < Wo; ow++ {
				o := ((s*Ho+oh)*Wo + ow) * C
				yo, ao := y[o:o+C], m.arg[o:o+C]
				i00 := base + (oh*P*W+ow*P)*C
				if P == 2 {
					r0 := x[i00 : i00+2*C]
					r1 := x[i00+W*C : i00+W*C+2*C]
					i1 := i00 + W*C
					for ch := range yo {
						v, a := pick(math.Inf(-1), int32(i00+ch), r0[ch], i00+ch)
						v, a = pick(v, a, r0[C+ch], i00+C+ch)
						v, a = pick(v, a, r1[ch], i1+ch)
						yo[ch], ao[ch] = pick(v, a, r1[C+ch], i1+C+ch)
					}
					continue
				}
				for ch := range yo {
					v, a := math.Inf(-1), int32(i00+ch)
					for ph := 0; ph < P; ph++ {
						for pw := 0; pw < P; pw++ {
							i := i00 + (ph*W+pw)*C + ch
							v, a = pick(v, a, x[i], i)
						}
					}
					yo[ch], ao[ch] = v, a
				}
			}
		}
	}
}

// pick returns (v, int32(i)) if v > best and (best, arg) otherwise, without
// a branch (the outcome is unpredictable).
func pick(best float64, arg int32, v float64, i int) (float64, int32) {
	var mk uint64
	if v > best {
		mk = ^uint64(0)
	}
	b := math.Float64bits(v)&mk | math.Float64bits(best)&^mk
	return math.Float64frombits(b), int32(uint32(i)&uint32(mk) | uint32(arg)&^uint32(mk))
}

// Backward implements Layer: the gradient goes to each window's maximum.
func (m *MaxPool) Backward(dx, x, y, dy []float64, n int) {
	m.backward(dx, x, y, dy, n, false)
}

// backwardReLU is Backward (y the pool's output) followed by the Backward
// of a ReLU whose output is x (the pool's input): dx = (pool gradient)·
// 1[x > 0], with the same bits as the two layers in turn, without the
// intermediate gradient. Net.Backward uses it for ReLU → MaxPool.
func (m *MaxPool) backwardReLU(dx, x, y, dy []float64, n int) {
	m.backward(dx, x, y, dy, n, true)
}

func (m *MaxPool) backward(dx, x, y, dy []float64, n int, relu bool) {
	if dx == nil {
		return
	}
	if m.Workers > 1 {
		parallelRows(m.Workers, n, func(lo, hi int) { m.backwardRange(dx, x, y, dy, relu, lo, hi) })
		return
	}
	m.backwardRange(dx, x, y, dy, relu, 0, n)
}

// backwardRange is Backward for examples [lo, hi) (each example's maxima lie
// in its own input, so ranges write disjoint parts of dx). The input rows
// of one row of windows are zeroed just before its maxima are written
// (dx[arg] = 0 + dy, as a scatter onto a cleared dx), so the lines are hot;
// with relu the ReLU's mask 1[x > 0] is applied to the bits as ReLU.Backward does.
func (m *MaxPool) backwardRange(dx, x, y, dy []float64, relu bool, lo, hi int) {
	H, W, C, P := m.in.H, m.in.W, m.in.C, m.P
	Ho, Wo := m.out.H, m.out.W
	in, out := m.in.Size(), m.out.Size()
	for s := lo; s < hi; s++ {
		base := s * in
		if Ho*P < H || Wo*P < W {
			clear(dx[base : base+in]) // rows or columns outside every window
		}
		for oh := 0; oh < Ho; oh++ {
			for ph := 0; ph < P; ph++ {
				r := base + (oh*P+ph)*W*C
				clear(dx[r : r+Wo*P*C])
			}
			o0 := s*out + oh*Wo*C
			for o := o0; o < o0+Wo*C; o++ {
				a := m.arg[o]
				dx[a] += dy[o]
				if relu {
					// x[a] is y[o] (the same bits) unless the window had
					// no maximum (y = −∞, a its first position); y is
					// read in order.
					v := y[o]
					if v == math.Inf(-1) {
						v = x[a]
					}
					var mk uint64
					if v > 0 {
						mk = ^uint64(0)
					}
					dx[a] = math.Float64frombits(math.Float64bits(dx[a]) & mk)
				}
			}
		}
	}
}
