package aitken2022

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"neurolab/analysis/geometry"
	"neurolab/analysis/svm"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/nn"
)

// Experiment is the drift-geometry reproduction.
type Experiment struct{}

// ParamsAt returns the parameters with their values at scale s.
func (Experiment) ParamsAt(s experiment.Scale) []experiment.Param {
	return experiment.Describe(Default(s))
}

// New returns the experiment.
func New() Experiment { return Experiment{} }

// Meta describes the experiment.
func (Experiment) Meta() experiment.Meta {
	return experiment.Meta{
		ID:       "drift-geometry",
		Title:    "The geometry of representational drift in natural and artificial neural networks",
		Citation: "Aitken et al., PLoS Comput Biol 2022 (bioRxiv 2021)",
		Family:   "learning",
		Claim:    "Under node dropout an MLP's feature representation drifts at stable accuracy, largely within its low-dimensional variational space, while its readout barely rotates.",
		About:    about,
		Params:   experiment.Describe(Default(experiment.Default)),
	}
}

// Noise types (spec: the paper's six).
const (
	noiseNone = iota
	noiseDropout
	noiseAdd
	noiseGrad
	noiseWeightDrop
	noiseMul
)

var noiseNames = []string{"none", "dropout", "add_node", "grad", "weight_dropout", "mul_node"}
var noiseLabels = []string{"SGD only", "node dropout", "additive node", "additive gradient", "weight dropout", "multiplicative node"}

// Stream tags.
const (
	tagData = iota + 1
	tagTrain
	tagSVC
)

// job is one training: a noise type and a seed index.
type job struct{ noise, seed int }

// outcome is what one training leaves (its feature tensor is analysed and
// dropped inside the job).
type outcome struct {
	job
	lag1, epoch *geometry.Report // Δt = 1 snapshot and 1 epoch
	readoutRot  float64          // angle between first and last readout, degrees
	accRange    float64          // max − min test accuracy over the snapshots
	accMean     float64
	svcT        []float64 // snapshot index of each SVC (dropout seed 0 only)
	svcAngle    []float64 // angle to the SVC of snapshot 0
	svcRel      []float64 // a^{0,t}/a^{t,t}
	d5Angle     float64   // mean SVC angle one epoch apart
	d5Rel       float64   // mean a_rel one epoch apart
}

// Run runs the experiment.
func (e Experiment) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	if err := validate(p); err != nil {
		return nil, err
	}
	res := experiment.NewResult(e.Meta(), cfg, &p)

	tk := newTask(p, num.Stream(cfg.Seed, tagData, 0))
	train := tk.sample(p.TrainPerClass, num.Stream(cfg.Seed, tagData, 1))
	test := tk.sample(p.TestPerClass, num.Stream(cfg.Seed, tagData, 2))

	var jobs []job
	for _, nt := range []int{noiseNone, noiseDropout, noiseAdd} {
		for s := 0; s < p.Seeds; s++ {
			jobs = append(jobs, job{nt, s})
		}
	}
	jobs = append(jobs, job{noiseGrad, 0})
	if p.AllNoise {
		jobs = append(jobs, job{noiseWeightDrop, 0}, job{noiseMul, 0})
	}
	epochs := p.PretrainEpochs + p.DriftEpochs
	tally := num.NewTally(len(jobs)*epochs, cfg.Progress)
	outs := make([]outcome, len(jobs))
	err := num.ParallelFor(ctx, cfg.NumWorkers(), len(jobs), func(i int) error {
		o, err := runJob(ctx, p, jobs[i], cfg.Seed, train, test, tally.Step)
		outs[i] = o
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := summarise(res, p, outs); err != nil {
		return nil, err
	}
	res.Finish()
	return res, nil
}

// buildNet returns the MLP with the noise of type nt at the feature layer,
// and the index of the feature layer's output (the readout's input).
func buildNet(p Params, nt int, rng *rand.Rand) (*nn.Net, int) {
	fc2 := nn.NewDense(p.Features)
	layers := []nn.Layer{nn.NewDense(p.Hidden), nn.ReLU{}, fc2}
	switch nt {
	case noiseAdd:
		layers = append(layers, &nn.AddNoise{Sigma: p.AddSigma})
	case noiseMul:
		layers = append(layers, &nn.MulNoise{Sigma: p.MulSigma})
	case noiseWeightDrop:
		fc2.DropConnect = p.WeightDropP
	}
	layers = append(layers, nn.ReLU{})
	if nt == noiseDropout {
		layers = append(layers, &nn.Dropout{P: p.DropoutP})
	}
	feat := len(layers) - 1
	layers = append(layers, nn.NewDense(p.Classes))
	net := nn.NewNet(nn.Vec(p.InputDim), rng, layers...)
	if nt == noiseGrad {
		fc2.W.GradNoise = p.GradSigma
	}
	return net, feat
}

func runJob(ctx context.Context, p Params, j job, seed uint64, train, test nn.Data, tick func()) (outcome, error) {
	out := outcome{job: j}
	rng := num.Stream(seed, tagTrain, uint64(j.noise), uint64(j.seed))
	net, feat := buildNet(p, j.noise, rng)
	opt := nn.NewSGD(net.Params(), p.LRPretrain, p.Momentum, p.WeightDecay)
	tr := nn.NewTrainer(net, opt, p.Batch)
	diverged := func(err error, epoch float64) error {
		if err == ctx.Err() && err != nil {
			return err
		}
		return &experiment.DivergedError{What: fmt.Sprintf("MLP training under %s noise (%v)", noiseNames[j.noise], err),
			T: epoch, Unit: "epochs", Hint: "learning rate or noise too large?"}
	}
	for e := 0; e < p.PretrainEpochs; e++ {
		if _, err := tr.Epoch(ctx, train, rng, nil); err != nil {
			return out, diverged(err, float64(e))
		}
		tick()
	}

	// Recorded groups: the test examples of classes 0 and 1.
	var gx []float64
	var labels []int
	for i := 0; i < test.N; i++ {
		if test.Y[i] <= 1 {
			gx = append(gx, test.Row(i)...)
			labels = append(labels, test.Y[i])
		}
	}
	m := len(labels)
	S := p.DriftEpochs*p.Snapshots + 1
	X := geometry.Tensor{Sessions: S, Trials: m, Cells: p.Features, Data: make([]float64, S*m*p.Features)}
	readout := net.Layers[len(net.Layers)-1].(*nn.Dense)
	var firstReadout []float64
	accs := make([]float64, 0, S)
	snap := func(s int) {
		// Features recorded with noise on (spec), over 10 forward passes.
		const passes = 10
		for b := 0; b < passes; b++ {
			lo, hi := b*m/passes, (b+1)*m/passes
			net.Forward(gx[lo*p.InputDim:hi*p.InputDim], hi-lo, rng)
			copy(X.Data[(s*m+lo)*p.Features:(s*m+hi)*p.Features], net.Output(feat))
		}
		acc, _ := nn.Evaluate(net, test, 500, nil)
		accs = append(accs, acc)
		if s == 0 {
			firstReadout = slices.Clone(readout.W.W)
		}
	}
	snap(0)
	opt.LR = p.LRDrift
	per := (train.N + p.Snapshots - 1) / p.Snapshots // examples between snapshots
	for e := 0; e < p.DriftEpochs; e++ {
		base := e * p.Snapshots
		k := 1
		_, err := tr.Epoch(ctx, train, rng, func(seen int) error {
			for k < p.Snapshots && seen >= k*per {
				snap(base + k)
				k++
			}
			return nil
		})
		if err != nil {
			return out, diverged(err, float64(p.PretrainEpochs+e))
		}
		for ; k <= p.Snapshots; k++ { // the end of the epoch
			snap(base + k)
		}
		tick()
	}
	if len(accs) != S {
		panic(fmt.Sprintf("aitken2022: %d snapshots, want %d", len(accs), S))
	}
	out.readoutRot = geometry.Angle(firstReadout, readout.W.W)
	lo, hi := slices.Min(accs), slices.Max(accs)
	out.accRange = hi - lo
	for _, a := range accs {
		out.accMean += a / float64(S)
	}
	reps, err := geometry.AnalyzeMany(ctx, X, labels, []geometry.Options{{Lag: 1}, {Lag: p.Snapshots}})
	if errors.Is(err, experiment.ErrInput) {
		// The recordings are the network's own features, not the user's
		// input: a degenerate group (every feature node silent for a class,
		// as with features = 2 or batch = 1 at quick scale) is a failed run
		// (exit 3), not a bad value.
		return out, fmt.Errorf("the trained network's features are degenerate (%v): all %d feature nodes silent or constant for a class; try more features, a larger batch (%d) or a smaller lr_pretrain (%g)",
			err, p.Features, p.Batch, p.LRPretrain)
	}
	if err != nil {
		return out, fmt.Errorf("drift-geometry: %w", err)
	}
	out.lag1, out.epoch = reps[0], reps[1]
	if j.noise == noiseDropout && j.seed == 0 || j.noise == noiseGrad {
		if err := svcs(ctx, &out, X, labels, p, num.Stream(seed, tagSVC, uint64(j.noise), uint64(j.seed))); err != nil {
			return out, err
		}
	}
	return out, nil
}

// svcTimes returns the snapshots (of sessions, snapshots per epoch) that
// svcs trains an SVC on, ascending: every half-epoch snapshot (multiples of
// max(snapshots/2, 1)) and every epoch boundary (multiples of snapshots).
// The boundaries matter when snapshots/2 does not divide snapshots (odd
// snapshots ≥ 5): the half-epoch grid alone, 0, 2, 4, … for 5, never holds
// two snapshots one epoch apart, so check D5 had no pair and the run was
// refused after all its training.
func svcTimes(sessions, snapshots int) []int {
	step := max(snapshots/2, 1)
	var ts []int
	for t := 0; t < sessions; t++ {
		if t%step == 0 || t%snapshots == 0 {
			ts = append(ts, t)
		}
	}
	return ts
}

// svcs trains linear SVCs (class 0 vs 1, C = 1) on every half-epoch
// snapshot and every epoch boundary (svcTimes): angle and relative cross accuracy to snapshot 0 over time, and
// between snapshots one epoch apart (check D5). A snapshot whose SVC fails
// (non-finite weights) is left out; a cancelled ctx returns ctx.Err().
func svcs(ctx context.Context, out *outcome, X geometry.Tensor, labels []int, p Params, rng *rand.Rand) error {
	y := make([]int, len(labels))
	for i, l := range labels {
		y[i] = 2*l - 1
	}
	opt := svm.Options{C: 1, Tol: 1e-2, MaxIter: 2000}
	type fit struct {
		m      *svm.Model
		within float64
		t      int
	}
	var fits []fit
	for _, t := range svcTimes(X.Sessions, p.Snapshots) {
		x := X.Data[t*X.Trials*X.Cells : (t+1)*X.Trials*X.Cells]
		m, err := svm.Train(x, y, X.Cells, opt, rng)
		if err != nil {
			continue // non-finite weights: leave the snapshot out
		}
		w, err := svm.CrossValidate(ctx, x, y, X.Cells, 10, opt, rng)
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			continue
		}
		fits = append(fits, fit{m, w, t})
	}
	cross := func(a, b fit) (float64, float64) {
		xb := X.Data[b.t*X.Trials*X.Cells : (b.t+1)*X.Trials*X.Cells]
		rel := 0.0
		if b.within > 0 {
			rel = a.m.Accuracy(xb, y) / b.within
		}
		return geometry.Angle(a.m.W, b.m.W), rel
	}
	n := 0
	for i, a := range fits {
		if a.t == 0 || i == 0 {
			continue
		}
		ang, rel := cross(fits[0], a)
		out.svcT = append(out.svcT, float64(a.t))
		out.svcAngle = append(out.svcAngle, ang)
		out.svcRel = append(out.svcRel, rel)
		for _, b := range fits[:i] {
			if a.t-b.t == p.Snapshots {
				ang, rel := cross(b, a)
				out.d5Angle += ang
				out.d5Rel += rel
				n++
			}
		}
	}
	if n > 0 {
		out.d5Angle /= float64(n)
		out.d5Rel /= float64(n)
	} else {
		out.d5Angle, out.d5Rel = math.NaN(), math.NaN()
	}
	return nil
}
