package nn

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// relErr is the norm-wise relative error ‖a−b‖/max(‖a‖, ‖b‖).
func relErr(a, b []float64) float64 {
	var d, na, nb float64
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	den := math.Sqrt(max(na, nb))
	if den == 0 {
		return 0
	}
	return math.Sqrt(d) / den
}

// checkGrad compares Backward's gradients of L = Σ R⊙net(x) (with noise
// drawn from a fixed seed, the same on every pass) against central finite
// differences, for every parameter and for the input.
func checkGrad(t *testing.T, in Shape, n int, prep func(*Net), layers ...Layer) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	net := NewNet(in, rng, layers...)
	if prep != nil {
		prep(net)
	}
	net.InputGrad = true
	for _, p := range net.Params() { // non-zero biases so ablation and ReLU paths are exercised
		if p.Name == "b" {
			for i := range p.W {
				p.W[i] = 0.1 * rng.NormFloat64()
			}
		}
	}
	x := make([]float64, n*in.Size())
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	R := make([]float64, n*net.OutShape().Size())
	for i := range R {
		R[i] = rng.NormFloat64()
	}
	noise := func() *rand.Rand { return rand.New(rand.NewPCG(7, 8)) }
	loss := func() float64 {
		y := net.Forward(x, n, noise())
		var s float64
		for i, v := range y {
			s += v * R[i]
		}
		return s
	}
	loss()
	net.ZeroGrad()
	dout := append([]float64(nil), R...)
	net.Backward(dout)
	const h = 1e-6
	fd := func(w []float64) []float64 {
		g := make([]float64, len(w))
		for i := range w {
			w0 := w[i]
			w[i] = w0 + h
			lp := loss()
			w[i] = w0 - h
			lm := loss()
			w[i] = w0
			g[i] = (lp - lm) / (2 * h)
		}
		return g
	}
	for k, p := range net.Params() {
		got := append([]float64(nil), p.G...)
		want := fd(p.W)
		if e := relErr(got, want); e > 1e-6 {
			t.Errorf("param %d (%s): relative error %.3g, want < 1e-6", k, p.Name, e)
		}
	}
	got := append([]float64(nil), net.InputGradient()...)
	if e := relErr(got, fd(x)); e > 1e-6 {
		t.Errorf("input: relative error %.3g, want < 1e-6", e)
	}
}

func TestGradients(t *testing.T) {
	cases := []struct {
		name   string
		in     Shape
		prep   func(*Net)
		layers func() []Layer
	}{
		{"dense", Vec(7), nil, func() []Layer { return []Layer{NewDense(5)} }},
		{"dense-relu-dense", Vec(7), nil, func() []Layer { return []Layer{NewDense(9), ReLU{}, NewDense(4)} }},
		{"tanh", Vec(5), nil, func() []Layer { return []Layer{NewDense(6), Tanh{}} }},
		{"sigmoid", Vec(5), nil, func() []Layer { return []Layer{NewDense(6), Sigmoid{}} }},
		{"dropout", Vec(5), nil, func() []Layer { return []Layer{NewDense(8), &Dropout{P: 0.5}, NewDense(3)} }},
		{"add-noise", Vec(5), nil, func() []Layer { return []Layer{NewDense(8), &AddNoise{Sigma: 0.3}, Tanh{}, NewDense(3)} }},
		{"mul-noise", Vec(5), nil, func() []Layer { return []Layer{NewDense(8), &MulNoise{Sigma: 0.5}, NewDense(3)} }},
		{"weight-dropout", Vec(6), nil, func() []Layer {
			d := NewDense(7)
			d.DropConnect = 0.5
			return []Layer{d, Tanh{}, NewDense(3)}
		}},
		{"conv3x3-same", Shape{C: 2, H: 5, W: 6}, nil, func() []Layer { return []Layer{NewConv2D(3, 3)} }},
		{"conv5x5-same", Shape{C: 1, H: 6, W: 6}, nil, func() []Layer { return []Layer{NewConv2D(2, 5)} }},
		{"conv-valid", Shape{C: 3, H: 5, W: 5}, nil, func() []Layer {
			c := NewConv2D(2, 3)
			c.Pad = 0
			return []Layer{c}
		}},
		{"conv-relu-pool-dense", Shape{C: 1, H: 8, W: 8}, nil, func() []Layer {
			return []Layer{NewConv2D(3, 5), ReLU{}, NewMaxPool(2), NewConv2D(4, 3), ReLU{}, NewMaxPool(2), NewDense(5)}
		}},
		{"pool-odd", Shape{C: 2, H: 5, W: 5}, nil, func() []Layer { return []Layer{NewMaxPool(2), NewDense(3)} }},
		{"ablated-conv", Shape{C: 2, H: 4, W: 4}, func(net *Net) { net.Layers[0].(*Conv2D).Ablate([]int{1, 3}) },
			func() []Layer { return []Layer{NewConv2D(4, 3), ReLU{}, NewDense(3)} }},
		{"ablated-dense", Vec(5), func(net *Net) { net.Layers[0].(*Dense).Ablate([]int{0, 2}) },
			func() []Layer { return []Layer{NewDense(4), Tanh{}, NewDense(3)} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c.in, 3, c.prep, c.layers()...) })
	}
}

func TestSoftmaxCrossEntropyGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, k = 4, 5
	z := make([]float64, n*k)
	for i := range z {
		z[i] = 2 * rng.NormFloat64()
	}
	y := []int{0, 4, 2, 2}
	dz := make([]float64, n*k)
	SoftmaxCrossEntropy(dz, z, y, n, k)
	fd := make([]float64, n*k)
	const h = 1e-6
	for i := range z {
		z0 := z[i]
		z[i] = z0 + h
		lp := SoftmaxCrossEntropy(nil, z, y, n, k)
		z[i] = z0 - h
		lm := SoftmaxCrossEntropy(nil, z, y, n, k)
		z[i] = z0
		fd[i] = (lp - lm) / (2 * h)
	}
	if e := relErr(dz, fd); e > 1e-6 {
		t.Errorf("relative error %.3g, want < 1e-6", e)
	}
	// Closed form: uniform logits give loss log k.
	u := make([]float64, k)
	if got := SoftmaxCrossEntropy(nil, u, []int{1}, 1, k); math.Abs(got-math.Log(k)) > 1e-12 {
		t.Errorf("uniform logits: got %v, want log %d = %v ± 1e-12", got, k, math.Log(k))
	}
}

// Ablating a unit must equal zeroing its weight slice and bias (Dobs et al.'s
// lesion) for a conv layer followed by ReLU and pooling.
func TestAblationEqualsZeroedWeights(t *testing.T) {
	in := Shape{C: 2, H: 6, W: 6}
	build := func() *Net {
		return NewNet(in, rand.New(rand.NewPCG(5, 6)), NewConv2D(4, 3), ReLU{}, NewMaxPool(2), NewDense(3))
	}
	x := make([]float64, 2*in.Size())
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	a, b := build(), build()
	a.Layers[0].(*Conv2D).Ablate([]int{2})
	c := b.Layers[0].(*Conv2D)
	for r := 0; r < len(c.W.W)/c.Filters; r++ {
		c.W.W[r*c.Filters+2] = 0
	}
	c.B.W[2] = 0
	ya := append([]float64(nil), a.Forward(x, 2, nil)...)
	yb := b.Forward(x, 2, nil)
	for i := range ya {
		if math.Abs(ya[i]-yb[i]) > 1e-12 {
			t.Fatalf("output %d: ablated %v, zeroed weights %v", i, ya[i], yb[i])
		}
	}
}

// One SGD step from v = 0: w ← w − η(g + λw); a second step adds μ·v.
func TestSGDClosedForm(t *testing.T) {
	p := newParam("w", 1)
	p.W[0], p.G[0] = 2, 0.5
	o := NewSGD([]*Param{p}, 0.1, 0.9, 0.01)
	o.Step(nil)
	want1 := 2 - 0.1*(0.5+0.01*2)
	if math.Abs(p.W[0]-want1) > 1e-15 {
		t.Fatalf("step 1: got %v, want %v", p.W[0], want1)
	}
	v1 := 0.5 + 0.01*2
	o.Step(nil)
	want2 := want1 - 0.1*(0.9*v1+0.5+0.01*want1)
	if math.Abs(p.W[0]-want2) > 1e-15 {
		t.Errorf("step 2: got %v, want %v", p.W[0], want2)
	}
}

// gaussianBlobs draws k well-separated classes in dim dimensions.
func gaussianBlobs(rng *rand.Rand, k, per, dim int) Data {
	mu := make([]float64, k*dim)
	for i := range mu {
		mu[i] = 2 * rng.NormFloat64()
	}
	d := Data{N: k * per, Dim: dim, X: make([]float64, k*per*dim), Y: make([]int, k*per)}
	for i := 0; i < d.N; i++ {
		c := i % k
		d.Y[i] = c
		for j := 0; j < dim; j++ {
			d.X[i*dim+j] = mu[c*dim+j] + rng.NormFloat64()
		}
	}
	return d
}

// Planted ground truth: an MLP with dropout learns separable blobs; training
// is deterministic given the seed.
func TestTrainingLearnsAndIsDeterministic(t *testing.T) {
	train := func() (float64, []float64) {
		rng := rand.New(rand.NewPCG(11, 12))
		d := gaussianBlobs(rng, 4, 100, 8)
		net := NewNet(Vec(8), rng, NewDense(16), ReLU{}, &Dropout{P: 0.2}, NewDense(4))
		tr := NewTrainer(net, NewSGD(net.Params(), 0.05, 0.9, 1e-4), 16)
		for e := 0; e < 20; e++ {
			if _, err := tr.Epoch(context.Background(), d, rng, nil); err != nil {
				t.Fatal(err)
			}
		}
		acc, _ := Evaluate(net, gaussianBlobs(rand.New(rand.NewPCG(11, 12)), 4, 100, 8), 64, nil)
		return acc, net.Params()[0].W
	}
	a1, w1 := train()
	a2, w2 := train()
	if a1 < 0.95 {
		t.Errorf("accuracy: got %v, want ≥ 0.95", a1)
	}
	if a1 != a2 || relErr(w1, w2) != 0 {
		t.Errorf("two trainings with the same seed differ: %v vs %v", a1, a2)
	}
}
