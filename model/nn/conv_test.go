package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// specialValues fills v with Gaussian values mixed with ties, signed zeros,
// infinities and NaNs, the cases where max-pooling's order matters.
func specialValues(v []float64, rng *rand.Rand) {
	special := []float64{0, math.Copysign(0, -1), 1, 1, math.Inf(-1), math.Inf(1), math.NaN()}
	for i := range v {
		if rng.IntN(3) == 0 {
			v[i] = special[rng.IntN(len(special))]
		} else {
			v[i] = rng.NormFloat64()
		}
	}
}

// poolRef is max-pooling as a plain sequential scan: per channel, window
// positions in (ph, pw) order, v > best from −∞, the window's first position
// if nothing wins.
func poolRef(y []float64, arg []int32, x []float64, n int, in Shape, p int) {
	Ho, Wo, C := in.H/p, in.W/p, in.C
	for s := 0; s < n; s++ {
		for oh := 0; oh < Ho; oh++ {
			for ow := 0; ow < Wo; ow++ {
				for ch := 0; ch < C; ch++ {
					best, a := math.Inf(-1), int32(((s*in.H+oh*p)*in.W+ow*p)*C+ch)
					for ph := 0; ph < p; ph++ {
						for pw := 0; pw < p; pw++ {
							i := ((s*in.H+oh*p+ph)*in.W+ow*p+pw)*C + ch
							if x[i] > best {
								best, a = x[i], int32(i)
							}
						}
					}
					o := ((s*Ho+oh)*Wo+ow)*C + ch
					y[o], arg[o] = best, a
				}
			}
		}
	}
}

// TestMaxPoolMatchesScan checks MaxPool's forward pass (the AVX row kernel
// where it applies: P = 2, C a multiple of 4) bit for bit against a plain
// scan, and its backward pass (alone and fused with a preceding ReLU)
// against the scatter of the gradient onto a zeroed input followed by
// ReLU.Backward.
func TestMaxPoolMatchesScan(t *testing.T) {
	cases := []struct {
		in      Shape
		p, n, w int
	}{
		{Shape{C: 8, H: 20, W: 20}, 2, 3, 1},
		{Shape{C: 16, H: 10, W: 10}, 2, 4, 2},
		{Shape{C: 4, H: 5, W: 7}, 2, 2, 1},
		{Shape{C: 3, H: 6, W: 6}, 2, 2, 1},
		{Shape{C: 4, H: 7, W: 6}, 3, 2, 3},
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range cases {
		t.Run(fmt.Sprintf("%v/P%d/workers%d", c.in, c.p, c.w), func(t *testing.T) {
			m := &MaxPool{P: c.p, Workers: c.w}
			out := m.Setup(c.in, nil)
			x := make([]float64, c.n*c.in.Size())
			specialValues(x, rng)
			y := make([]float64, c.n*out.Size())
			m.Forward(y, x, c.n, nil)
			want, warg := make([]float64, len(y)), make([]int32, len(y))
			poolRef(want, warg, x, c.n, c.in, c.p)
			for i := range y {
				if math.Float64bits(y[i]) != math.Float64bits(want[i]) || m.arg[i] != warg[i] {
					t.Fatalf("output %d: got %v at %d, want %v at %d", i, y[i], m.arg[i], want[i], warg[i])
				}
			}
			// Backward on the same special values (a window without a
			// maximum sends its gradient to its first position).
			dy := make([]float64, len(y))
			specialValues(dy, rng)
			for i := range dy {
				if math.IsNaN(dy[i]) {
					dy[i] = 2
				}
			}
			wantDx := make([]float64, len(x))
			for o, a := range m.arg {
				wantDx[a] += dy[o]
			}
			wantRelu := make([]float64, len(x))
			ReLU{}.Backward(wantRelu, nil, x, wantDx, c.n)
			for _, relu := range []bool{false, true} {
				dx := make([]float64, len(x))
				for i := range dx {
					dx[i] = 99 // overwritten
				}
				w := wantDx
				if relu {
					m.backwardReLU(dx, x, y, dy, c.n)
					w = wantRelu
				} else {
					m.Backward(dx, x, y, dy, c.n)
				}
				for i := range dx {
					if math.Float64bits(dx[i]) != math.Float64bits(w[i]) {
						t.Fatalf("relu=%v: dx[%d] = %v, want %v (bit-identical)", relu, i, dx[i], w[i])
					}
				}
			}
		})
	}
}

// TestConvMatchesIm2colGemm checks Conv2D's forward output and input
// and weight gradients bit for bit against the unfused computation: a naive
// im2col, gonum's Dgemm (y = b + col·W, dcol = dy·Wᵀ, dW = colᵀ·dy) and a
// naive col2im.
//
// Under the openblas build tag the layer's products run on OpenBLAS and the
// reference on gonum, so there the comparison allows 1e-12 relative error.
func TestConvMatchesIm2colGemm(t *testing.T) {
	cases := []struct {
		in         Shape
		filters, k int
		n, workers int
	}{
		{Shape{C: 1, H: 20, W: 20}, 8, 5, 3, 1},
		{Shape{C: 8, H: 10, W: 10}, 16, 3, 4, 2},
		{Shape{C: 16, H: 5, W: 5}, 32, 3, 5, 3},
		{Shape{C: 3, H: 6, W: 7}, 5, 3, 2, 1},
	}
	rng := rand.New(rand.NewPCG(13, 14))
	impl := gonum.Implementation{}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%v/%dx%dx%d/workers%d", c.in, c.k, c.k, c.filters, c.workers), func(t *testing.T) {
			conv := NewConv2D(c.filters, c.k)
			conv.Workers = c.workers
			out := conv.Setup(c.in, rng)
			for i := range conv.B.W {
				conv.B.W[i] = rng.NormFloat64()
			}
			x := make([]float64, c.n*c.in.Size())
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			y := make([]float64, c.n*out.Size())
			conv.Forward(y, x, c.n, nil)

			H, W, C, K, P := c.in.H, c.in.W, c.in.C, c.k, conv.Pad
			kk, m, F := K*K*C, c.n*out.H*out.W, c.filters
			// taps calls f(column index, input index) for every kernel
			// tap inside the image, in im2col order: example, output
			// pixel, kernel row, kernel column, channel.
			taps := func(f func(ci, xi int)) {
				for s := 0; s < c.n; s++ {
					for oh := 0; oh < out.H; oh++ {
						for ow := 0; ow < out.W; ow++ {
							r := (s*out.H+oh)*out.W + ow
							for kh := 0; kh < K; kh++ {
								for kw := 0; kw < K; kw++ {
									ih, iw := oh+kh-P, ow+kw-P
									if ih < 0 || ih >= H || iw < 0 || iw >= W {
										continue
									}
									for ch := 0; ch < C; ch++ {
										f(r*kk+(kh*K+kw)*C+ch, ((s*H+ih)*W+iw)*C+ch)
									}
								}
							}
						}
					}
				}
			}
			same := func(name string, got, want []float64) {
				for i := range got {
					if !blasEqual(got[i], want[i]) {
						t.Fatalf("%s[%d] = %.17g, want %.17g (bit-identical)", name, i, got[i], want[i])
					}
				}
			}
			col := make([]float64, m*kk)
			taps(func(ci, xi int) { col[ci] = x[xi] })
			want := make([]float64, m*F)
			for r := 0; r < m; r++ {
				copy(want[r*F:(r+1)*F], conv.B.W)
			}
			impl.Dgemm(blas.NoTrans, blas.NoTrans, m, F, kk, 1, col, kk, conv.W.W, F, 1, want, F)
			same("y", y, want)

			dy := make([]float64, len(y))
			for i := range dy {
				dy[i] = rng.NormFloat64()
			}
			dx := make([]float64, len(x))
			conv.Backward(dx, x, y, dy, c.n)
			dcol := make([]float64, m*kk)
			impl.Dgemm(blas.NoTrans, blas.Trans, m, kk, F, 1, dy, F, conv.W.W, F, 0, dcol, kk)
			wantDx := make([]float64, len(x))
			taps(func(ci, xi int) { wantDx[xi] += dcol[ci] })
			same("dx", dx, wantDx)
			wantDW := make([]float64, kk*F)
			impl.Dgemm(blas.Trans, blas.NoTrans, kk, F, m, 1, col, kk, dy, F, 0, wantDW, F)
			same("dW", conv.W.G, wantDW)
		})
	}
}

// TestCNNStepAllocatesNothing checks that a training step of the
// specialization CNN (forward, loss, backward, SGD) allocates nothing once
// the buffers have grown (serially: with Workers > 1 the goroutines' closures
// are allocated).
func TestCNNStepAllocatesNothing(t *testing.T) {
	const n = 8
	rng := rand.New(rand.NewPCG(15, 16))
	net := NewNet(Shape{C: 1, H: 20, W: 20}, rng,
		NewConv2D(8, 5), ReLU{}, NewMaxPool(2),
		NewConv2D(16, 3), ReLU{}, NewMaxPool(2),
		NewConv2D(32, 3), ReLU{}, NewDense(64), ReLU{}, NewDense(10))
	x := make([]float64, n*400)
	for i := range x {
		x[i] = rng.Float64()
	}
	y := make([]int, n)
	for i := range y {
		y[i] = i % 10
	}
	opt := NewSGD(net.Params(), 0.01, 0.9, 1e-4)
	dz := make([]float64, n*10)
	step := func() {
		z := net.Forward(x, n, nil)
		SoftmaxCrossEntropy(dz, z, y, n, 10)
		net.ZeroGrad()
		net.Backward(dz)
		opt.Step(nil)
	}
	step()
	if a := testing.AllocsPerRun(5, step); a != 0 {
		t.Errorf("got %v allocations per step, want 0", a)
	}
}

// blasEqual reports whether got equals want bit for bit when gemm runs
// gonum's arithmetic, or to 1e-12 relative error under another BLAS.
func blasEqual(got, want float64) bool {
	if fastGemm() {
		return math.Float64bits(got) == math.Float64bits(want)
	}
	return math.Abs(got-want) <= 1e-12*(1+math.Abs(want))
}

// TestMaxPoolEmptyWindowStaysInExample: a window without a maximum (all NaN
// or −∞) of example s records the window's first position, so Backward
// sends its gradient into example s. It used to record index 0, which put
// example s's gradient onto example 0's first input (and, with Workers > 1,
// raced with the goroutine clearing example 0's gradient).
func TestMaxPoolEmptyWindowStaysInExample(t *testing.T) {
	for _, c := range []struct {
		in   Shape
		p, w int
	}{
		{Shape{C: 1, H: 2, W: 2}, 2, 1}, // scalar 2×2 path
		{Shape{C: 4, H: 2, W: 2}, 2, 2}, // AVX row kernel where available
		{Shape{C: 1, H: 3, W: 3}, 3, 2}, // general P
	} {
		for _, relu := range []bool{false, true} {
			m := &MaxPool{P: c.p, Workers: c.w}
			m.Setup(c.in, nil)
			sz := c.in.Size()
			x := make([]float64, 2*sz)
			for i := range sz {
				x[i] = float64(i + 1) // example 0: finite, positive
				if i%2 == 0 {
					x[sz+i] = math.NaN() // example 1: no maximum
				} else {
					x[sz+i] = math.Inf(-1)
				}
			}
			y := make([]float64, 2*c.in.C)
			m.Forward(y, x, 2, nil)
			dy := make([]float64, len(y))
			for i := range dy {
				dy[i] = float64(10 * (i + 1))
			}
			dx := make([]float64, len(x))
			if relu {
				m.backwardReLU(dx, x, y, dy, 2)
			} else {
				m.Backward(dx, x, y, dy, 2)
			}
			for ch := 0; ch < c.in.C; ch++ {
				if y[c.in.C+ch] != math.Inf(-1) {
					t.Fatalf("%v P%d: example 1 channel %d pooled to %v, want −∞", c.in, c.p, ch, y[c.in.C+ch])
				}
				if a := int(m.arg[c.in.C+ch]); a != sz+ch {
					t.Fatalf("%v P%d: example 1 channel %d: arg %d, want its window's first position %d", c.in, c.p, ch, a, sz+ch)
				}
			}
			// Example 0's gradient: dy at each channel's maximum (its last
			// position), nothing else.
			for i := range sz {
				want := 0.0
				if i >= sz-c.in.C {
					want = dy[i-(sz-c.in.C)]
				}
				if dx[i] != want {
					t.Fatalf("%v P%d relu=%v: dx[%d] of example 0 = %v, want %v", c.in, c.p, relu, i, dx[i], want)
				}
			}
		}
	}
}
