package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"neurolab/experiment"
)

// Shape is the shape of one example: C channels of H×W pixels. A flat vector
// of n features is Shape{C: n, H: 1, W: 1}.
type Shape struct{ C, H, W int }

// Vec returns the shape of a flat vector of n features.
func Vec(n int) Shape { return Shape{C: n, H: 1, W: 1} }

// Size is the number of values per example.
func (s Shape) Size() int { return s.C * s.H * s.W }

func (s Shape) String() string { return fmt.Sprintf("%d×%d×%d", s.H, s.W, s.C) }

// Param is a trainable array with its gradient. GradNoise, if positive, is
// the standard deviation of the Gaussian noise SGD adds to every element of
// G before each step (additive gradient noise).
type Param struct {
	Name      string
	W         []float64 // values
	G         []float64 // gradient of the loss, accumulated by Backward
	GradNoise float64
	Decay     bool // whether SGD applies weight decay (true for weights and biases by default)
}

func newParam(name string, n int) *Param {
	return &Param{Name: name, W: make([]float64, n), G: make([]float64, n), Decay: true}
}

// Layer is one stage of a Net. x and y hold n examples row-major.
type Layer interface {
	// Setup is called once by NewNet with the input shape. It allocates and
	// initialises the parameters from rng and returns the output shape.
	Setup(in Shape, rng *rand.Rand) Shape
	// Forward writes y = f(x) for n examples. A non-nil rng switches on
	// noise and dropout (training mode); nil gives the deterministic map.
	Forward(y, x []float64, n int, rng *rand.Rand)
	// Backward, called after Forward on the same x and y, adds the
	// gradient of the loss with respect to the parameters to their G and
	// writes dx (skipped when dx is nil) from dy.
	Backward(dx, x, y, dy []float64, n int)
	// Params returns the trainable parameters (nil if none).
	Params() []*Param
}

// Net is a sequential network.
type Net struct {
	Layers []Layer
	shapes []Shape     // shapes[0] input; shapes[i+1] output of layer i
	out    [][]float64 // out[i] output of layer i (capacity grows)
	grad   [][]float64 // grad[i] gradient w.r.t. out[i]
	in     []float64   // input of the last forward pass (not copied)
	first  int         // first layer of the last forward pass
	n      int         // batch size of the last forward pass
	dx     []float64
	params []*Param // Params() at construction (ZeroGrad and Finite without allocating)

	// InputGrad makes Backward also compute the gradient with respect to
	// the input (read with InputGradient); off by default, as training
	// does not need it.
	InputGrad bool
}

// NewNet builds a network on inputs of shape in, initialising every layer's
// parameters from rng. A layer with a negative Workers makes it panic with
// an error wrapping experiment.ErrInput.
func NewNet(in Shape, rng *rand.Rand, layers ...Layer) *Net {
	net := &Net{Layers: layers, shapes: []Shape{in}}
	if err := net.layerWorkers(); err != nil {
		panic(err)
	}
	s := in
	for _, l := range layers {
		s = l.Setup(s, rng)
		if s.Size() <= 0 {
			panic(fmt.Sprintf("nn: layer %T gives empty output from %v", l, net.shapes[len(net.shapes)-1]))
		}
		net.shapes = append(net.shapes, s)
	}
	net.out = make([][]float64, len(layers))
	net.grad = make([][]float64, len(layers))
	net.params = net.Params()
	return net
}

// InShape returns the input shape of layer i (i = len(Layers) gives the
// output shape of the net).
func (net *Net) InShape(i int) Shape { return net.shapes[i] }

// OutShape returns the output shape of the net.
func (net *Net) OutShape() Shape { return net.shapes[len(net.shapes)-1] }

// Params returns every trainable parameter, in layer order.
func (net *Net) Params() []*Param {
	var ps []*Param
	for _, l := range net.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// ZeroGrad sets every parameter gradient to zero.
func (net *Net) ZeroGrad() {
	for _, p := range net.params {
		clear(p.G)
	}
}

func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

// Forward runs the whole net on n examples x (n × InShape(0).Size()) and
// returns its output (n × OutShape().Size()), a buffer owned by the net and
// overwritten by the next call. rng non-nil switches noise on.
func (net *Net) Forward(x []float64, n int, rng *rand.Rand) []float64 {
	return net.ForwardFrom(0, x, n, rng)
}

// ForwardFrom runs layers first, first+1, ... on x, the input of layer first
// (n × InShape(first).Size()). With cached activations of the layers below,
// it evaluates lesions of layer first without recomputing them.
func (net *Net) ForwardFrom(first int, x []float64, n int, rng *rand.Rand) []float64 {
	if len(x) != n*net.shapes[first].Size() {
		panic(fmt.Sprintf("nn: input length %d, want %d×%d", len(x), n, net.shapes[first].Size()))
	}
	net.in, net.first, net.n = x, first, n
	cur := x
	for i := first; i < len(net.Layers); i++ {
		net.out[i] = grow(net.out[i], n*net.shapes[i+1].Size())
		net.Layers[i].Forward(net.out[i], cur, n, rng)
		cur = net.out[i]
	}
	return cur
}

// Output returns layer i's output from the last forward pass (n × InShape(i+1).Size()).
func (net *Net) Output(i int) []float64 { return net.out[i] }

// Backward back-propagates dout, the gradient of the loss with respect to
// the output of the last forward pass, adding parameter gradients to each
// Param.G (call ZeroGrad first). dout may be overwritten (the gradient of
// ablated units is zeroed in place).
func (net *Net) Backward(dout []float64) {
	n, last := net.n, len(net.Layers)-1
	dy := dout
	for i := last; i >= net.first; i-- {
		if pool, ok := net.Layers[i].(*MaxPool); ok && i > net.first {
			if _, ok := net.Layers[i-1].(ReLU); ok {
				// ReLU → MaxPool: both backward passes in one (the
				// same bits, without the gradient between them).
				dx := net.gradBuffer(i - 1)
				pool.backwardReLU(dx, net.out[i-1], net.out[i], dy, n)
				dy = dx
				i--
				continue
			}
		}
		x := net.in
		if i > net.first {
			x = net.out[i-1]
		}
		dx := net.gradBuffer(i)
		net.Layers[i].Backward(dx, x, net.out[i], dy, n)
		dy = dx
	}
}

// gradBuffer returns the buffer for the gradient with respect to the input
// of layer i in Backward: grad[i-1], or the input gradient for the first
// layer of the pass (nil when InputGrad is off).
func (net *Net) gradBuffer(i int) []float64 {
	n := net.n
	if i > net.first {
		net.grad[i-1] = grow(net.grad[i-1], n*net.shapes[i].Size())
		return net.grad[i-1]
	}
	if net.InputGrad {
		net.dx = grow(net.dx, n*net.shapes[i].Size())
		return net.dx
	}
	return nil
}

// layerWorkers returns an input error naming the first Conv2D, Dense or
// MaxPool layer of net whose Workers field is negative, and nil otherwise.
func (net *Net) layerWorkers() error {
	for i, l := range net.Layers {
		w := 0
		switch l := l.(type) {
		case *Conv2D:
			w = l.Workers
		case *Dense:
			w = l.Workers
		case *MaxPool:
			w = l.Workers
		}
		if w < 0 {
			return experiment.Inputf("nn: layer %d (%T): Workers = %d: want ≥ 0 (0 and 1 both mean serial)", i, l, w)
		}
	}
	return nil
}

// SetWorkers sets the Workers of every Conv2D, Dense and MaxPool layer:
// their matrix products, im2col/col2im and pooling are split over that many
// goroutines, ≥ 0 (0 and 1 both mean serial). Results do not depend on it
// (each output element is computed by the same serial kernel whatever the
// split); it pays for one large network, not for many networks trained in
// parallel. Without an error result, it panics with an error wrapping
// experiment.ErrInput on a negative workers, before changing any layer.
func (net *Net) SetWorkers(workers int) {
	if workers < 0 {
		panic(experiment.Inputf("nn: Net.SetWorkers: workers = %d: want ≥ 0 (0 and 1 both mean serial)", workers))
	}
	for _, l := range net.Layers {
		switch l := l.(type) {
		case *Conv2D:
			l.Workers = workers
		case *Dense:
			l.Workers = workers
		case *MaxPool:
			l.Workers = workers
		}
	}
}

// InputGradient returns the gradient with respect to the input of the last
// forward pass, computed by Backward when InputGrad is set.
func (net *Net) InputGradient() []float64 { return net.dx }

// Finite reports whether every parameter is finite.
func (net *Net) Finite() bool {
	for _, p := range net.params {
		for _, v := range p.W {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// gemm computes C = alpha·op(A)·op(B) + beta·C with row-major A (m×k after
// op), B (k×n after op) and C (m×n), each densely packed. It always runs
// serially: the product is cut into tiles small enough that gonum's Dgemm
// does not spawn goroutines (fewer than 4 blocks of 64×64), so callers
// parallelise over independent networks instead and the summation order
// never depends on scheduling.
func gemm(tA, tB bool, m, n, k int, alpha float64, a, b []float64, beta float64, c []float64) {
	if !tB && alpha == 1 && (beta == 0 || beta == 1) && fastGemm() {
		// Same arithmetic as gonum's serial kernels, in AVX (kernel.go).
		if beta == 0 {
			clear(c[:m*n])
		}
		lda := k
		if tA {
			lda = m
		}
		addGemm(tA, m, n, k, a, lda, b, c)
		return
	}
	ta, tb := blas.NoTrans, blas.NoTrans
	lda, ldb := k, n
	if tA {
		ta, lda = blas.Trans, m
	}
	if tB {
		tb, ldb = blas.Trans, k
	}
	const bs = 64
	mc, nc := 3*bs, 3*bs // tile: at most 3 blocks in one dimension, 1 in the other
	if n <= bs {
		nc = n
	} else if m <= bs {
		mc = m
	} else {
		mc, nc = bs, 3*bs
	}
	impl := blas64.Implementation()
	for i := 0; i < m; i += mc {
		mi := min(mc, m-i)
		aOff := i * lda
		if tA {
			aOff = i
		}
		for j := 0; j < n; j += nc {
			nj := min(nc, n-j)
			bOff := j
			if tB {
				bOff = j * ldb
			}
			impl.Dgemm(ta, tb, mi, nj, k, alpha, a[aOff:], lda, b[bOff:], ldb, beta, c[i*n+j:], n)
		}
	}
}

// heNormal fills w with N(0, 2/fanIn) (He et al. 2015, Eq 10), the
// initialisation for ReLU networks.
func heNormal(w []float64, fanIn int, rng *rand.Rand) {
	s := math.Sqrt(2 / float64(fanIn))
	for i := range w {
		w[i] = s * rng.NormFloat64()
	}
}

// CopyParams copies every parameter value of src into net, which must have
// the same architecture (for example a second instance used by another
// goroutine). It panics on a shape mismatch.
func (net *Net) CopyParams(src *Net) {
	dst, from := net.Params(), src.Params()
	if len(dst) != len(from) {
		panic(fmt.Sprintf("nn: copying %d parameters into %d", len(from), len(dst)))
	}
	for i, p := range dst {
		if len(p.W) != len(from[i].W) {
			panic(fmt.Sprintf("nn: parameter %d has %d values, source %d", i, len(p.W), len(from[i].W)))
		}
		copy(p.W, from[i].W)
	}
}
