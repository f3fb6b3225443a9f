package main

import (
	"context"
	"fmt"
	"math"
	"strings"

	"neurolab/internal/num"
	"neurolab/model/nn"
)

// ---------------------------------------------------------------------------
// Training workloads against PyTorch on CPU (model/nn): an Elman RNN trained
// by BPTT and one epoch of the specialization CNN (Dobs et al. 2022). Both
// sides start from the same weights (written by Gen, loaded by both), see the
// same data in the same order and compute in float64 (torch.float64), so
// their trajectories agree to rounding: the outputs compared are the losses
// and every final weight.

// rnnTol and cnnTol are the relative agreement required of losses and
// final weights: max |Δ| ≤ tol·max |peer| per array. Both sides run the
// same float64 algorithm with different summation orders and kernels, so
// they differ by rounding (~1e-16 per operation), which training can
// amplify. Measured at full size (seed-fixed inputs, 2 threads): RNN worst
// 2.5e-15 (losses), CNN worst 1.7e-15 (conv3 bias) after the 169 momentum
// steps; the tolerances leave five orders of magnitude for amplification
// while still catching any algorithmic difference (a wrong layout, bias or
// update changes weights at the 1e-3 level or more).
const (
	rnnTol = 1e-10
	cnnTol = 1e-10
)

// writeParams writes each parameter of ps as NAME.f64 with its value shape.
func writeParams(dir string, meta *Meta, ps []*nn.Param, names []string) error {
	for i, p := range ps {
		if err := writeArray(dir, names[i], meta, p.W, len(p.W)); err != nil {
			return err
		}
	}
	return nil
}

// readParams loads NAME.f64 into each parameter of ps.
func readParams(dir string, ps []*nn.Param, names []string) error {
	for i, p := range ps {
		v, err := readArray(dir, names[i])
		if err != nil {
			return err
		}
		if len(v) != len(p.W) {
			return fmt.Errorf("%s: %d values, want %d", names[i], len(v), len(p.W))
		}
		copy(p.W, v)
	}
	return nil
}

// compareArrays checks every named array with closeRel and reports the
// worst relative difference.
func compareArrays(nlOut, pyOut string, names []string, tol float64) (string, error) {
	worst, which := 0.0, ""
	for _, name := range names {
		rel, err := relDiff(nlOut, pyOut, name)
		if err != nil {
			return "", err
		}
		if !(rel <= tol) {
			return "", fmt.Errorf("%s: got max |Δ|/max|peer| = %.3g, want ≤ %.3g", name, rel, tol)
		}
		if rel >= worst {
			worst, which = rel, name
		}
	}
	return fmt.Sprintf("worst max rel diff %.1e (%s; tol %.0e) over %s", worst, which, tol,
		strings.Join(names, ", ")), nil
}

// ---------------------------------------------------------------------------
// Elman RNN, BPTT: N = 128 tanh units, T = 100, batch 32, I = 16, O = 4.

var rnnNames = []string{"Win", "W", "b", "Wout", "bout"}

func rnnWorkload() *Workload {
	return &Workload{
		Name: "rnn-bptt",
		What: "vanilla tanh RNN (I = 16, N = 128, O = 4), T = 100, batch 32, MSE on all steps: " +
			"20 iterations of forward + BPTT + SGD (lr 0.05), float64",
		PeerTool: "torch.nn.RNN + nn.Linear, float64, CPU (autograd, optim.SGD)",
		Peer:     "rnn.py",
		Modules:  []string{"torch"},
		Builds:   []string{"default", "openblas"},
		Tol: fmt.Sprintf("same initial weights and data: the 20 losses and every final weight to %.0e·max|peer| "+
			"(float64 on both sides)", rnnTol),
		Gen: func(dir string, tiny bool) error {
			I, N, O, T, B, iters := 16, 128, 4, 100, 32, 20
			if tiny {
				I, N, O, T, B, iters = 3, 8, 2, 10, 4, 3
			}
			meta := newMeta()
			for k, v := range map[string]float64{"I": float64(I), "N": float64(N), "O": float64(O),
				"T": float64(T), "B": float64(B), "iters": float64(iters), "lr": 0.05} {
				meta.Params[k] = v
			}
			student := nn.NewRNN(I, N, O, num.Stream(31))
			// Targets: a random teacher network's outputs on the same
			// input, so that the loss has learnable structure.
			teacher := nn.NewRNN(I, N, O, num.Stream(32))
			rng := num.Stream(33)
			x := make([]float64, T*B*I)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			target := teacher.Forward(x, T, B)
			if err := writeParams(dir, meta, student.Params(), rnnNames); err != nil {
				return err
			}
			if err := writeArray(dir, "x", meta, x, T, B, I); err != nil {
				return err
			}
			if err := writeArray(dir, "target", meta, target, T, B, O); err != nil {
				return err
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, workers int) (float64, error) {
			meta, in, err := readInputs(dir, "x", "target")
			if err != nil {
				return 0, err
			}
			x, target := in[0], in[1]
			I, N, O, T, B, iters := meta.I("I"), meta.I("N"), meta.I("O"), meta.I("T"), meta.I("B"), meta.I("iters")
			r := nn.NewRNN(I, N, O, num.Stream(0))
			r.Workers = workers
			if err := readParams(dir, r.Params(), rnnNames); err != nil {
				return 0, err
			}
			losses := make([]float64, iters)
			sec, err := timed(func() error {
				opt := nn.NewSGD(r.Params(), meta.P("lr"), 0, 0)
				dy := make([]float64, len(target))
				for it := range losses {
					losses[it] = nn.MSE(dy, r.Forward(x, T, B), target)
					r.ZeroGrad()
					r.Backward(dy)
					opt.Step(nil)
				}
				return nil
			})
			if err != nil {
				return 0, err
			}
			if err := writeArray(out, "losses", nil, losses, iters); err != nil {
				return 0, err
			}
			return sec, writeParams(out, nil, r.Params(), rnnNames)
		},
		Compare: func(nlOut, pyOut string, _ *Meta) (string, error) {
			return compareArrays(nlOut, pyOut, append([]string{"losses"}, rnnNames...), rnnTol)
		},
		// Per iteration, 2·T·B multiply-adds per weight in the forward pass
		// (x·W_in, h·W, h·W_out), in δ (δ·Wᵀ, g·W_outᵀ) and in the weight
		// gradients (hᵀδ, xᵀδ, hᵀg), the input gradient not computed:
		// 2·T·B·(3N² + 2IN + 3NO).
		Flops: func(m *Meta) float64 {
			I, N, O := m.P("I"), m.P("N"), m.P("O")
			return m.P("iters") * 2 * m.P("T") * m.P("B") * (3*N*N + 2*I*N + 3*N*O)
		},
	}
}

// ---------------------------------------------------------------------------
// One epoch of the specialization CNN (paper/dobs2022 at default scale:
// 20×20 images, conv 8@5×5 – pool – conv 16@3×3 – pool – conv 32@3×3 – FC 64
// – 38 classes, batch 32, SGD lr 0.02, momentum 0.9, weight decay 1e-4, 5400
// training images = 30 identities × 100 + 8 categories × 300).

// cnnNames are the parameters of the net in Params order.
var cnnNames = []string{"c1W", "c1b", "c2W", "c2b", "c3W", "c3b", "f1W", "f1b", "f2W", "f2b"}

// newSpecializationCNN builds the architecture of paper/dobs2022's newCNN
// (unexported there) with its default layer sizes.
func newSpecializationCNN(size, classes int, seed uint64) *nn.Net {
	return nn.NewNet(nn.Shape{C: 1, H: size, W: size}, num.Stream(seed),
		nn.NewConv2D(8, 5), nn.ReLU{}, nn.NewMaxPool(2),
		nn.NewConv2D(16, 3), nn.ReLU{}, nn.NewMaxPool(2),
		nn.NewConv2D(32, 3), nn.ReLU{},
		nn.NewDense(64), nn.ReLU{},
		nn.NewDense(classes))
}

// cnnShuffleSeed seeds the stream whose first draw is the epoch's
// Fisher–Yates shuffle (nn.Trainer.Epoch).
const cnnShuffleSeed = 41

// epochOrder returns the example order nn.Trainer.Epoch draws from
// num.Stream(cnnShuffleSeed) for n examples.
func epochOrder(n int) []int {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	num.Stream(cnnShuffleSeed).Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	return perm
}

func cnnWorkload() *Workload {
	return &Workload{
		Name: "cnn-epoch",
		What: "one training epoch of the specialization CNN (Dobs et al. 2022, default scale): 5400 images 20×20, " +
			"conv 8@5×5–pool–conv 16@3×3–pool–conv 32@3×3–FC 64–38 classes, batch 32, SGD momentum 0.9, float64",
		PeerTool: "torch.nn Conv2d/MaxPool2d/Linear, float64, CPU (autograd, optim.SGD)",
		Peer:     "cnn.py",
		Modules:  []string{"torch"},
		Builds:   []string{"default", "openblas"},
		Tol: fmt.Sprintf("same initial weights, data and batch order: the epoch's mean loss and every final weight "+
			"to %.0e·max|peer| (float64 on both sides)", cnnTol),
		Gen: func(dir string, tiny bool) error {
			size, classes, n := 20, 38, 5400
			if tiny {
				size, classes, n = 8, 5, 70
			}
			meta := newMeta()
			for k, v := range map[string]float64{"size": float64(size), "classes": float64(classes), "n": float64(n),
				"batch": 32, "lr": 0.02, "momentum": 0.9, "weight_decay": 1e-4} {
				meta.Params[k] = v
			}
			net := newSpecializationCNN(size, classes, 37)
			if err := writeParams(dir, meta, net.Params(), cnnNames); err != nil {
				return err
			}
			// Synthetic images: one random template per class plus
			// pixel noise, in the renderer's [0, 1] range (clipped).
			rng := num.Stream(39)
			dim := size * size
			tmpl := make([]float64, classes*dim)
			for i := range tmpl {
				tmpl[i] = rng.Float64()
			}
			X, Y := make([]float64, n*dim), make([]float64, n)
			for i := 0; i < n; i++ {
				c := i % classes
				Y[i] = float64(c)
				for j := 0; j < dim; j++ {
					X[i*dim+j] = min(1, max(0, tmpl[c*dim+j]+0.3*rng.NormFloat64()))
				}
			}
			perm := epochOrder(n)
			pf := make([]float64, n)
			for i, p := range perm {
				pf[i] = float64(p)
			}
			for _, a := range []struct {
				name  string
				v     []float64
				shape []int
			}{{"X", X, []int{n, size, size}}, {"Y", Y, []int{n}}, {"perm", pf, []int{n}}} {
				if err := writeArray(dir, a.name, meta, a.v, a.shape...); err != nil {
					return err
				}
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, workers int) (float64, error) {
			meta, in, err := readInputs(dir, "X", "Y", "perm")
			if err != nil {
				return 0, err
			}
			X, yf, pf := in[0], in[1], in[2]
			size, classes, n := meta.I("size"), meta.I("classes"), meta.I("n")
			net := newSpecializationCNN(size, classes, 0)
			net.SetWorkers(workers)
			if err := readParams(dir, net.Params(), cnnNames); err != nil {
				return 0, err
			}
			// The peer follows perm; the neurolab side draws its order
			// inside Trainer.Epoch, which must be the same.
			perm := epochOrder(n)
			for i, p := range perm {
				if float64(p) != pf[i] {
					return 0, fmt.Errorf("cnn-epoch: Trainer.Epoch order differs from the input's at %d", i)
				}
			}
			d := nn.Data{X: X, Y: make([]int, n), N: n, Dim: size * size}
			for i, v := range yf {
				d.Y[i] = int(v)
			}
			var loss float64
			sec, err := timed(func() error {
				opt := nn.NewSGD(net.Params(), meta.P("lr"), meta.P("momentum"), meta.P("weight_decay"))
				tr := nn.NewTrainer(net, opt, meta.I("batch"))
				loss, err = tr.Epoch(context.Background(), d, num.Stream(cnnShuffleSeed), nil)
				return err
			})
			if err != nil {
				return 0, err
			}
			if err := writeArray(out, "loss", nil, []float64{loss}, 1); err != nil {
				return 0, err
			}
			return sec, writeParams(out, nil, net.Params(), cnnNames)
		},
		Compare: func(nlOut, pyOut string, _ *Meta) (string, error) {
			return compareArrays(nlOut, pyOut, append([]string{"loss"}, cnnNames...), cnnTol)
		},
		Flops: cnnFlops,
	}
}

// cnnFlops is the nominal operation count of the epoch: 2 flops per
// multiply-add, three products per layer (forward, weight gradient, input
// gradient; none for the first layer's input), im2col, pooling, the
// activations and the update not counted.
func cnnFlops(m *Meta) float64 {
	s, classes, n := m.P("size"), m.P("classes"), m.P("n")
	conv := func(hw, k, cin, cout float64) float64 { return hw * hw * k * k * cin * cout }
	c1 := conv(s, 5, 1, 8)
	s2 := math.Floor(s / 2)
	c2 := conv(s2, 3, 8, 16)
	s4 := math.Floor(s2 / 2)
	c3 := conv(s4, 3, 16, 32)
	f1 := s4 * s4 * 32 * 64
	f2 := 64 * classes
	return n * 2 * (2*c1 + 3*(c2+c3+f1+f2))
}
