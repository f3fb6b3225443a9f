package dobs2022

import (
	"context"
	"errors"
	"fmt"
	"math"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/nn"
	"neurolab/synth/stimuli"
)

// Experiment is the specialization reproduction.
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
		ID:       "specialization",
		Title:    "Brain-like functional specialization emerges spontaneously in deep neural networks",
		Citation: "Dobs et al., Sci. Adv. 2022",
		Family:   "learning",
		Claim:    "A CNN trained on faces and objects together splits into face and object units: lesioning one set hurts its own task far more than the other, increasingly with depth.",
		About:    about,
		Params:   experiment.Describe(Default(experiment.Default)),
	}
}

// Stream tags.
const (
	tagFaces = iota + 1
	tagImages
	tagTrain
	tagRandom
	tagDecode
	tagObjects // split of the user's object images, per class
)

// Networks.
const (
	netDual = iota // faces + objects, one softmax
	netFood        // food-like + objects
	netFace        // faces only
	netObj         // objects only
)

var netNames = []string{"dual", "food", "face", "object"}

// Layer indices of the CNN (see buildCNN) and the lesioned layers.
const (
	layerConv2 = 3
	layerConv3 = 6
	layerFC    = 8
	layerFeat  = 9 // FC64 after ReLU: the decoding features
)

var lesionLayers = []int{layerConv2, layerConv3, layerFC}
var layerNames = map[int]string{layerConv2: "conv2", layerConv3: "conv3", layerFC: "fc"}

// newCNN returns conv(Conv1)@5×5-ReLU-pool2 → conv(Conv2)@3×3-ReLU-pool2 →
// conv(Conv3)@3×3-ReLU → FC-ReLU → Dense(classes), 'same' padding (spec),
// initialised from stream (seed, tagTrain, id, 0).
func newCNN(p Params, classes int, seed uint64, id uint64) *nn.Net {
	return nn.NewNet(nn.Shape{C: 1, H: p.ImageSize, W: p.ImageSize}, num.Stream(seed, tagTrain, id, 0),
		nn.NewConv2D(p.Conv1, 5), nn.ReLU{}, nn.NewMaxPool(2),
		nn.NewConv2D(p.Conv2, 3), nn.ReLU{}, nn.NewMaxPool(2),
		nn.NewConv2D(p.Conv3, 3), nn.ReLU{},
		nn.NewDense(p.FC), nn.ReLU{},
		nn.NewDense(classes))
}

// ablate sets the ablated units of lesionable layer l of net.
func ablate(net *nn.Net, l int, units []int) {
	switch v := net.Layers[l].(type) {
	case *nn.Conv2D:
		v.Ablate(units)
	case *nn.Dense:
		v.Ablate(units)
	default:
		panic(fmt.Sprintf("dobs2022: layer %d is not lesionable", l))
	}
}

func unitsOf(p Params, l int) int {
	switch l {
	case layerConv2:
		return p.Conv2
	case layerConv3:
		return p.Conv3
	}
	return p.FC
}

// Validate checks cfg's parameters before any work, including the user's
// object images (parameter objects): the path opens as one of the accepted
// forms with at least 3 classes, and every image to be used has a readable
// header.
func (Experiment) Validate(cfg experiment.Config) error {
	p, err := params(cfg)
	if err != nil {
		return err
	}
	if p.Objects != "" {
		return checkObjects(p)
	}
	return nil
}

// params applies cfg's overrides and the cross-parameter checks.
func params(cfg experiment.Config) (Params, error) {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return p, err
	}
	if p.ImageSize/4 < 1 {
		return p, experiment.Inputf("image_size = %d leaves no pixel after two 2×2 poolings", p.ImageSize)
	}
	for _, l := range lesionLayers {
		if k := lesionCount(p, l); k < 1 || k >= unitsOf(p, l) {
			return p, experiment.Inputf("lesion_frac = %g gives %d of %d units in %s; need at least 1 and fewer than all",
				p.LesionFrac, k, unitsOf(p, l), layerNames[l])
		}
	}
	return p, nil
}

// Run runs the experiment.
func (e Experiment) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p, err := params(cfg)
	if err != nil {
		return nil, err
	}
	var user *userObjects
	if p.Objects != "" {
		if user, err = loadObjects(ctx, p, cfg.Seed, cfg.NumWorkers()); err != nil {
			return nil, err
		}
	}
	res := experiment.NewResult(e.Meta(), cfg, &p)
	w := cfg.NumWorkers()
	// Progress is budgeted in 1000 units (data 50, training 700, decoding
	// 50, lesions 150, the rest 50), added as fractions of a unit where a
	// step's share is smaller (700/totalSteps per training step). Training
	// and lesion workers report at once: the Tally delivers the fractions
	// in order.
	report := num.NewWeightedTally(1000, cfg.Progress).Add

	ds, err := makeData(ctx, p, cfg.Seed, w, user)
	if err != nil {
		return nil, err
	}
	report(50)

	// Training: the four nets, one stream each.
	F, O := p.FaceIDs, ds.objTrained
	type trainJob struct {
		classes int
		train   nn.Data
	}
	jobs := []trainJob{
		netDual: {F + O, concat(ds.faceTrain, relabel(ds.objTrain, F))},
		netFace: {F, ds.faceTrain},
		netObj:  {O, ds.objTrain},
	}
	if ds.food {
		jobs[netFood] = trainJob{stimuli.NumFoodClasses + O, concat(ds.foodTrain, relabel(ds.objTrain, stimuli.NumFoodClasses))}
	}
	order := []int{netDual, netFood, netFace, netObj}
	if !ds.food {
		order = []int{netDual, netFace, netObj}
	}
	// Every net takes the dual net's number of SGD steps (EqualSteps), or
	// Epochs passes over its own training set; the learning rate drops
	// ×0.1 for the last LRDecayEpochs epochs' worth of steps.
	steps := make([]int, 4)
	dualSteps := p.Epochs * ((jobs[netDual].train.N + p.Batch - 1) / p.Batch)
	var totalSteps float64
	for _, id := range order {
		steps[id] = p.Epochs * ((jobs[id].train.N + p.Batch - 1) / p.Batch)
		if p.EqualSteps {
			steps[id] = dualSteps
		}
		totalSteps += float64(steps[id])
	}
	nets := make([]*nn.Net, 4)
	errBudget := errors.New("step budget reached")
	err = num.ParallelFor(ctx, w, len(order), func(i int) error {
		id := order[i]
		j := jobs[id]
		net := newCNN(p, j.classes, cfg.Seed, uint64(id))
		opt := nn.NewSGD(net.Params(), p.LR, p.Momentum, p.WeightDecay)
		tr := nn.NewTrainer(net, opt, p.Batch)
		rng := num.Stream(cfg.Seed, tagTrain, uint64(id), 1)
		// The rate drops to lr/10 after step decayAt, for the last
		// lr_decay_epochs epochs' worth of steps; from the start when they
		// cover every epoch (the callback below runs after each step, so
		// it would never see step 0).
		decayAt := steps[id] * (p.Epochs - min(p.LRDecayEpochs, p.Epochs)) / p.Epochs
		if decayAt == 0 {
			opt.LR = p.LR / 10
		}
		step := 0
		for ep := 0; step < steps[id]; ep++ {
			_, err := tr.Epoch(ctx, j.train, rng, func(int) error {
				step++
				report(700 / totalSteps)
				if step == decayAt {
					opt.LR = p.LR / 10
				}
				if step >= steps[id] {
					return errBudget
				}
				return nil
			})
			if errors.Is(err, errBudget) {
				break
			}
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return &experiment.DivergedError{What: fmt.Sprintf("%s CNN training (%v)", netNames[id], err),
					T: float64(ep), Unit: "epochs", Hint: "learning rate too large?"}
			}
		}
		if !net.Finite() {
			return &experiment.DivergedError{What: netNames[id] + " CNN training (parameters not finite)",
				T: float64(p.Epochs), Unit: "epochs", Hint: "learning rate too large?"}
		}
		nets[id] = net
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Accuracies (A2) and cross-decoding (A1).
	accDualFace, _ := nn.Evaluate(nets[netDual], ds.faceTest, 250, nil)
	accDualObj, _ := nn.Evaluate(nets[netDual], relabel(ds.objTest, F), 250, nil)
	accFace, _ := nn.Evaluate(nets[netFace], ds.faceTest, 250, nil)
	accObj, _ := nn.Evaluate(nets[netObj], ds.objTest, 250, nil)
	res.Metric("acc_dual_faces", accDualFace)
	res.Metric("acc_dual_objects", accDualObj)
	res.Metric("acc_face_net_faces", accFace)
	res.Metric("acc_object_net_objects", accObj)
	dec, err := crossDecoding(ctx, p, ds, nets, cfg.Seed, w)
	if err != nil {
		return nil, err
	}
	for k, v := range dec {
		res.Metric(k, v)
	}
	report(50)

	// Lesions (A3–A5).
	// lesions ticks once per job: two ranking jobs and one evaluation per
	// lesioned (net, layer).
	lesionJobs := 3 * len(lesionLayers)
	if ds.food {
		lesionJobs += 3
	}
	les, err := lesions(ctx, p, ds, nets, cfg.Seed, w, func() { report(150 / float64(lesionJobs)) })
	if err != nil {
		return nil, err
	}
	for _, l := range les {
		n := netNames[l.net] + "_" + layerNames[l.layer]
		res.Metric("drop_a_by_a_"+n, l.dAA)
		res.Metric("drop_b_by_a_"+n, l.dBA)
		res.Metric("drop_b_by_b_"+n, l.dBB)
		res.Metric("drop_a_by_b_"+n, l.dAB)
		res.Metric("drop_a_random_"+n, l.dAR)
		res.Metric("drop_b_random_"+n, l.dBR)
		res.Metric("si_"+n, l.si())
		res.Metric("overlap_"+n, float64(l.overlap))
		res.Metric("drop_a_by_a_only_"+n, l.dAOnlyA)
		res.Metric("drop_b_by_a_only_"+n, l.dBOnlyA)
		res.Metric("drop_a_by_b_only_"+n, l.dAOnlyB)
		res.Metric("drop_b_by_b_only_"+n, l.dBOnlyB)
	}
	checks(res, p, ds, accDualFace, accDualObj, accFace, accObj, dec, les)
	if user != nil {
		res.Notes = append(res.Notes, user.notes()...)
		res.Metric("user_object_classes", float64(len(user.classes)))
		res.Metric("user_object_train_images", float64(user.train.N))
	} else {
		res.Notes = append(res.Notes, "Objects: the 12 procedural categories (8 trained, 4 held out), rendered by the faces' drawer.")
	}
	addNotes(res, p, les)
	res.Figures = figures(res, p, ds, les)
	res.Finish()
	cfg.Report(1)
	return res, nil
}

// lesionCount is the number of units lesioned in layer l: LesionFrac of
// them, rounded to the nearest integer (spec: 3, 6, 13).
func lesionCount(p Params, l int) int { return int(math.Round(p.LesionFrac * float64(unitsOf(p, l)))) }
