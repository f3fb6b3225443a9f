package predictive

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// Update applies one predictive update (authors' AdaCHL update_weights)
// from B samples: pre-synaptic inputs in[s] (the clamped input layer),
// clamped states xc[s] and predicted free states xhat[s] (both Units long):
//
//	ΔW_l = Σ_s x_l^c[s] ⊗ (x_{l+1}^c[s] − x̂_{l+1}[s]) / B,
//	G_l += ΔW_l²,  W_l += η_l ΔW_l / (√G_l + 1e−7),
//	b_l += η_l Σ_s (x_{l+1}^c[s] − x̂_{l+1}[s]) / B.
//
// With biasFirstOnly the bias step uses only sample 0's error divided by B,
// as the authors' code does. dW is scratch of the size of the largest W
// (nil allocates). When xc and xhat agree, ΔW = 0 and nothing changes.
func (n *Net) Update(in, xc, xhat [][]float64, eta []float64, biasFirstOnly bool, dW []float64) {
	B := len(in)
	if B == 0 || len(xc) != B || len(xhat) != B || len(eta) != len(n.W) {
		panic("predictive: Update shape mismatch")
	}
	for l := range n.W {
		a, b := n.Sizes[l], n.Sizes[l+1]
		if len(dW) < a*b {
			dW = make([]float64, a*b)
		}
		d := dW[:a*b]
		for i := range d {
			d[i] = 0
		}
		ob := n.offset(l + 1)
		for s := 0; s < B; s++ {
			var pre []float64
			if l == 0 {
				pre = in[s]
			} else {
				oa := n.offset(l)
				pre = xc[s][oa : oa+a]
			}
			post, hat := xc[s][ob:ob+b], xhat[s][ob:ob+b]
			for i, p := range pre {
				if p == 0 {
					continue
				}
				row := d[i*b : (i+1)*b]
				for j := range row {
					row[j] += p * (post[j] - hat[j])
				}
			}
		}
		w, g := n.W[l], n.G[l]
		invB := 1 / float64(B)
		for i, v := range d {
			v *= invB
			if v == 0 {
				continue
			}
			g[i] += v * v
			w[i] += eta[l] * v / (math.Sqrt(g[i]) + 1e-7)
		}
		bias := n.B[l]
		for j := range bias {
			e := 0.0
			if biasFirstOnly {
				e = xc[0][ob+j] - xhat[0][ob+j]
			} else {
				for s := 0; s < B; s++ {
					e += xc[s][ob+j] - xhat[s][ob+j]
				}
			}
			bias[j] += eta[l] * e * invB
		}
	}
}

// Target selects what stands in for the free activity in the update.
type Target int

const (
	// Predicted uses each neuron's prediction x̂ from its early activity
	// (the predictive rule).
	Predicted Target = iota
	// Oracle uses the true free steady state x(T) (contrastive Hebbian
	// learning; the spec's oracle control).
	Oracle
	// Shuffled uses the predictions of other samples (a random cyclic
	// permutation of the update samples; the spec's negative control).
	Shuffled
)

// Schedule holds the training constants (spec predictive-learning.md).
type Schedule struct {
	Steps         int       // T, Euler steps of each phase
	K             int       // early steps used as predictor features
	Delay         int       // free steps before the clamp in the clamped phase
	Update        int       // samples per weight update (B)
	Ridge         float64   // λ of the predictors' ridge regression
	Eta           []float64 // learning rate per weight matrix
	BiasFirstOnly bool      // authors' quirk: bias step from sample 0 only
	Target        Target
}

// Trainer runs the batches of one training; it owns per-sample buffers.
type Trainer struct {
	Net   *Net
	S     Schedule
	ws    []*Workspace
	early [][]float64
	final [][]float64
	xc    [][]float64
	xhat  [][]float64
	pred  Predictor
	buf   []float64
	// ShuffleRand, if not nil, draws the Shuffled target's permutations, so
	// that r in Batch draws the same numbers whatever the Target (paired
	// comparisons of targets on the same batches).
	ShuffleRand *rand.Rand
	dW          []float64
}

// NewTrainer returns a trainer of net for batches of up to batch samples.
func NewTrainer(net *Net, s Schedule, batch int) *Trainer {
	u := net.Units()
	t := &Trainer{Net: net, S: s, pred: Predictor{K: s.K, Units: u}, buf: make([]float64, (s.K+1)*(s.K+2))}
	big := 0
	for _, w := range net.W {
		big = max(big, len(w))
	}
	t.dW = make([]float64, big)
	for i := 0; i < batch; i++ {
		t.ws = append(t.ws, net.NewWorkspace())
		t.early = append(t.early, make([]float64, s.K*u))
		t.final = append(t.final, make([]float64, u))
	}
	for i := 0; i < s.Update; i++ {
		t.xc = append(t.xc, make([]float64, u))
		t.xhat = append(t.xhat, make([]float64, u))
	}
	return t
}

// BatchStats summarises one batch.
type BatchStats struct {
	// Surprise is the mean |x^c − x̂| over the top layer's units and the
	// update samples (x̂ is the stand-in the update used).
	Surprise float64
}

// Batch runs one training step on the samples in (targets one per sample):
// free phases of every sample, a random choice of S.Update update samples
// whose free states are predicted by predictors fit on the others, the
// clamped phases of the update samples, and Update. r draws the choice.
// The phases run on workers goroutines (≥ 0; 0 and 1 both mean serial;
// the result does not depend on it); a negative workers is an error
// wrapping experiment.ErrInput.
func (t *Trainer) Batch(ctx context.Context, workers int, in, targets [][]float64, r *rand.Rand) (BatchStats, error) {
	if workers < 0 {
		return BatchStats{}, experiment.Inputf("predictive: Trainer.Batch: workers = %d: want ≥ 0 (0 and 1 both mean serial)", workers)
	}
	n := len(in)
	if n > len(t.ws) || n <= t.S.Update {
		panic(fmt.Sprintf("predictive: batch of %d with %d update samples", n, t.S.Update))
	}
	net, s := t.Net, t.S
	err := num.ParallelFor(ctx, workers, n, func(i int) error {
		net.Run(t.ws[i], in[i], nil, 0, s.Steps, t.early[i], t.final[i])
		return nil
	})
	if err != nil {
		return BatchStats{}, err
	}
	perm := r.Perm(n)
	upd, fit := perm[:s.Update], perm[s.Update:]
	u := net.Units()
	switch s.Target {
	case Oracle:
		for j, i := range upd {
			copy(t.xhat[j], t.final[i])
		}
	default:
		if err := t.pred.Fit(t.early, t.final, fit, s.Ridge, t.buf); err != nil {
			return BatchStats{}, err
		}
		if s.Target == Shuffled {
			// Sattolo: a uniformly random cyclic permutation (no fixed point).
			c := make([]int, len(upd))
			for j := range c {
				c[j] = j
			}
			sr := t.ShuffleRand
			if sr == nil {
				sr = r
			}
			for j := len(c) - 1; j > 0; j-- {
				k := sr.IntN(j)
				c[j], c[k] = c[k], c[j]
			}
			for j := range upd {
				t.pred.Predict(t.xhat[j], t.early[upd[c[j]]])
			}
		} else {
			for j, i := range upd {
				t.pred.Predict(t.xhat[j], t.early[i])
			}
		}
	}
	inU := make([][]float64, len(upd))
	for j, i := range upd {
		inU[j] = in[i]
	}
	err = num.ParallelFor(ctx, workers, len(upd), func(j int) error {
		i := upd[j]
		net.Run(t.ws[i], in[i], targets[i], s.Delay, s.Steps, nil, t.xc[j])
		return nil
	})
	if err != nil {
		return BatchStats{}, err
	}
	top := net.Sizes[len(net.Sizes)-1]
	sur := 0.0
	for j := range upd {
		for i := u - top; i < u; i++ {
			sur += math.Abs(t.xc[j][i] - t.xhat[j][i])
		}
	}
	sur /= float64(len(upd) * top)
	net.Update(inU, t.xc, t.xhat, s.Eta, s.BiasFirstOnly, t.dW)
	for l := range net.W {
		for _, w := range net.W[l] {
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return BatchStats{}, fmt.Errorf("predictive: weights of layer %d became non-finite", l)
			}
		}
	}
	return BatchStats{Surprise: sur}, nil
}

// Classify runs the free phase (steps Euler steps) on each input and returns
// the argmax of the top layer, using up to workers goroutines (≥ 0; 0 and 1
// both mean serial; the result does not depend on it). A negative workers
// is an error wrapping experiment.ErrInput.
func (n *Net) Classify(ctx context.Context, workers, steps int, in [][]float64) ([]int, error) {
	if workers < 0 {
		return nil, experiment.Inputf("predictive: Net.Classify: workers = %d: want ≥ 0 (0 and 1 both mean serial)", workers)
	}
	out := make([]int, len(in))
	chunk := 50
	nc := (len(in) + chunk - 1) / chunk
	top := n.Sizes[len(n.Sizes)-1]
	u := n.Units()
	err := num.ParallelFor(ctx, workers, nc, func(c int) error {
		ws := n.NewWorkspace()
		fin := make([]float64, u)
		for i := c * chunk; i < min(len(in), (c+1)*chunk); i++ {
			n.Run(ws, in[i], nil, 0, steps, nil, fin)
			best := 0
			for j := 1; j < top; j++ {
				if fin[u-top+j] > fin[u-top+best] {
					best = j
				}
			}
			out[i] = best
		}
		return nil
	})
	return out, err
}
