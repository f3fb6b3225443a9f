package nn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/experiment"
)

// SoftmaxCrossEntropy returns the mean cross-entropy −(1/n)Σ log softmax(z_r)[y_r]
// of the n rows of logits z (n × k) against labels y, and writes its gradient
// (softmax(z_r) − onehot(y_r))/n into dz (skipped if dz is nil).
func SoftmaxCrossEntropy(dz, z []float64, y []int, n, k int) float64 {
	var loss float64
	for r := 0; r < n; r++ {
		row := z[r*k : (r+1)*k]
		m := math.Inf(-1)
		for _, v := range row {
			m = max(m, v)
		}
		var s float64
		for _, v := range row {
			s += math.Exp(v - m)
		}
		lse := m + math.Log(s)
		loss += lse - row[y[r]]
		if dz != nil {
			d := dz[r*k : (r+1)*k]
			for j, v := range row {
				d[j] = math.Exp(v-lse) / float64(n)
			}
			d[y[r]] -= 1 / float64(n)
		}
	}
	return loss / float64(n)
}

// SGD is stochastic gradient descent with momentum, L2 weight decay and
// optional additive gradient noise, in PyTorch's form:
//
//	g ← ∇w L + ξ (ξ ~ N(0, GradNoise²), Param.GradNoise) + λ·w (Decay)
//	v ← μ·v + g,  w ← w − η·v.
type SGD struct {
	LR          float64 // η
	Momentum    float64 // μ
	WeightDecay float64 // λ
	params      []*Param
	vel         [][]float64
}

// NewSGD returns an optimiser over params.
func NewSGD(params []*Param, lr, momentum, weightDecay float64) *SGD {
	o := &SGD{LR: lr, Momentum: momentum, WeightDecay: weightDecay, params: params}
	for _, p := range params {
		o.vel = append(o.vel, make([]float64, len(p.W)))
	}
	return o
}

// Step updates every parameter from its gradient; rng draws the gradient
// noise (it may be nil when no Param has GradNoise).
func (o *SGD) Step(rng *rand.Rand) {
	for k, p := range o.params {
		v := o.vel[k]
		wd := o.WeightDecay
		if !p.Decay {
			wd = 0
		}
		if p.GradNoise > 0 {
			for i, g := range p.G {
				g += p.GradNoise * rng.NormFloat64()
				g += wd * p.W[i]
				v[i] = o.Momentum*v[i] + g
				p.W[i] -= o.LR * v[i]
			}
			continue
		}
		w, v := p.W[:len(p.G)], v[:len(p.G)]
		for i, g := range p.G {
			g += wd * w[i]
			v[i] = o.Momentum*v[i] + g
			w[i] -= o.LR * v[i]
		}
	}
}

// Data is a labelled set of N examples of Dim values each, row-major.
type Data struct {
	X   []float64
	Y   []int
	N   int
	Dim int
}

// Row returns example i.
func (d Data) Row(i int) []float64 { return d.X[i*d.Dim : (i+1)*d.Dim] }

// Trainer runs mini-batch training of one Net; it owns the batch buffers.
type Trainer struct {
	Net   *Net
	Opt   *SGD
	Batch int
	xb    []float64
	yb    []int
	dz    []float64
	perm  []int
}

// NewTrainer returns a trainer of net with SGD opt and mini-batches of batch examples.
func NewTrainer(net *Net, opt *SGD, batch int) *Trainer {
	return &Trainer{Net: net, Opt: opt, Batch: batch}
}

// Epoch runs one pass over d in an order shuffled by rng (Fisher–Yates) and
// mini-batches of t.Batch (the last one smaller), with noise drawn from rng.
// It returns the mean training loss, or an error if t.Batch < 1 or a
// layer's Workers is negative (both wrap experiment.ErrInput), if the
// loss or parameters stop being finite, or if ctx is cancelled. each, if
// not nil, is called after every step with the number of examples seen so
// far.
func (t *Trainer) Epoch(ctx context.Context, d Data, rng *rand.Rand, each func(seen int) error) (float64, error) {
	if t.Batch < 1 {
		return 0, experiment.Inputf("nn: Trainer.Batch = %d: want ≥ 1", t.Batch)
	}
	if err := t.Net.layerWorkers(); err != nil {
		return 0, err
	}
	if cap(t.perm) < d.N {
		t.perm = make([]int, d.N)
	}
	t.perm = t.perm[:d.N]
	for i := range t.perm {
		t.perm[i] = i
	}
	rng.Shuffle(d.N, func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
	k := t.Net.OutShape().Size()
	var total float64
	for s := 0; s < d.N; s += t.Batch {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		n := min(t.Batch, d.N-s)
		t.xb = grow(t.xb, n*d.Dim)
		if cap(t.yb) < n {
			t.yb = make([]int, n)
		}
		t.yb = t.yb[:n]
		for r, i := range t.perm[s : s+n] {
			copy(t.xb[r*d.Dim:(r+1)*d.Dim], d.Row(i))
			t.yb[r] = d.Y[i]
		}
		z := t.Net.Forward(t.xb, n, rng)
		t.dz = grow(t.dz, n*k)
		loss := SoftmaxCrossEntropy(t.dz, z, t.yb, n, k)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return 0, fmt.Errorf("nn: training loss is %v after %d examples", loss, s)
		}
		total += loss * float64(n)
		t.Net.ZeroGrad()
		t.Net.Backward(t.dz)
		t.Opt.Step(rng)
		if each != nil {
			if err := each(s + n); err != nil {
				return 0, err
			}
		}
	}
	if !t.Net.Finite() {
		return 0, fmt.Errorf("nn: parameters are not finite")
	}
	return total / float64(d.N), nil
}

// Evaluate runs the net on d in chunks of batch examples (rng nil: no
// noise) and returns top-1 accuracy and mean cross-entropy. It panics if
// batch < 1.
func Evaluate(net *Net, d Data, batch int, rng *rand.Rand) (acc, loss float64) {
	if batch < 1 {
		panic(fmt.Sprintf("nn: Evaluate with batch %d", batch))
	}
	k := net.OutShape().Size()
	correct := 0
	for s := 0; s < d.N; s += batch {
		n := min(batch, d.N-s)
		z := net.Forward(d.X[s*d.Dim:(s+n)*d.Dim], n, rng)
		loss += SoftmaxCrossEntropy(nil, z, d.Y[s:s+n], n, k) * float64(n)
		for r := 0; r < n; r++ {
			if Argmax(z[r*k:(r+1)*k]) == d.Y[s+r] {
				correct++
			}
		}
	}
	return float64(correct) / float64(d.N), loss / float64(d.N)
}

// Predict runs the net deterministically (no noise, no dropout) on the N
// examples of d in chunks of batch and returns the predicted class of each,
// the argmax of its outputs (the first on ties), as Evaluate scores them.
// d.Y is not read and may be nil. It panics if batch < 1.
func Predict(net *Net, d Data, batch int) []int {
	if batch < 1 {
		panic(fmt.Sprintf("nn: Predict with batch %d", batch))
	}
	k := net.OutShape().Size()
	pred := make([]int, d.N)
	for s := 0; s < d.N; s += batch {
		n := min(batch, d.N-s)
		z := net.Forward(d.X[s*d.Dim:(s+n)*d.Dim], n, nil)
		for r := 0; r < n; r++ {
			pred[s+r] = Argmax(z[r*k : (r+1)*k])
		}
	}
	return pred
}

// Argmax returns the index of the largest value (the first on ties).
func Argmax(v []float64) int {
	b := 0
	for i, x := range v {
		if x > v[b] {
			b = i
		}
	}
	return b
}
