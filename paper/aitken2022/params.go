package aitken2022

import "neurolab/experiment"

// Params of the drift-geometry reproduction (spec drift-geometry.md, "Reproduction at default scale").
type Params struct {
	Classes        int     `param:"classes" unit:"classes" range:"[2,inf)" doc:"classes of the synthetic task (spec: 10, as CIFAR-10)"`
	LatentDim      int     `param:"latent_dim" unit:"dims" range:"[1,inf)" doc:"dimension of the class latents z_c (spec: 10)"`
	InputDim       int     `param:"input_dim" unit:"dims" range:"[1,inf)" doc:"input dimension of x = tanh(A z) + noise (spec: 64)"`
	Spread         float64 `param:"spread" unit:"-" range:"(0,inf)" doc:"standard deviation of the class means μ_c (spec: 0.9, ≈78% accuracy)"`
	InputNoise     float64 `param:"input_noise" unit:"-" range:"[0,inf)" doc:"σ of the input noise ε (spec: 0.3)"`
	TrainPerClass  int     `param:"train_per_class" unit:"examples" range:"[1,inf)" doc:"training examples per class (spec: 1000 default, 5000 paper)"`
	TestPerClass   int     `param:"test_per_class" unit:"examples" range:"[10,inf)" doc:"test examples per class; classes 0 and 1 are the recorded groups (spec: 1000)"`
	Hidden         int     `param:"hidden" unit:"units" range:"[1,inf)" doc:"first hidden layer (paper §4.4: FC120)"`
	Features       int     `param:"features" unit:"units" range:"[2,inf)" doc:"feature layer n (paper §4.4: FC84)"`
	PretrainEpochs int     `param:"pretrain_epochs" unit:"epochs" range:"[0,inf)" doc:"pretraining epochs with noise on (spec: 15)"`
	DriftEpochs    int     `param:"drift_epochs" unit:"epochs" range:"[2,inf)" doc:"recorded drift epochs (spec: 5)"`
	Snapshots      int     `param:"snapshots_per_epoch" unit:"1/epoch" range:"[1,inf)" doc:"feature snapshots per drift epoch (paper: 10)"`
	LRPretrain     float64 `param:"lr_pretrain" unit:"-" range:"(0,inf)" doc:"SGD learning rate for pretraining (spec: 1e-2)"`
	LRDrift        float64 `param:"lr_drift" unit:"-" range:"(0,inf)" doc:"SGD learning rate in the drift epochs (paper §4.4: 1e-3)"`
	Momentum       float64 `param:"momentum" unit:"-" range:"[0,1)" doc:"SGD momentum (paper: 0.9)"`
	WeightDecay    float64 `param:"weight_decay" unit:"-" range:"[0,inf)" doc:"L2 weight decay (paper: 1e-3)"`
	Batch          int     `param:"batch" unit:"examples" range:"[1,inf)" doc:"mini-batch size (paper: 64)"`
	DropoutP       float64 `param:"dropout_p" unit:"-" range:"(0,1)" doc:"node dropout probability on the feature nodes (paper best fit: 0.5)"`
	AddSigma       float64 `param:"add_sigma" unit:"-" range:"(0,inf)" doc:"σ of additive node noise on the feature pre-activations (spec: 0.1)"`
	GradSigma      float64 `param:"grad_sigma" unit:"-" range:"(0,inf)" doc:"σ of additive noise on the gradient of the 120×84 weights (spec: 0.1)"`
	WeightDropP    float64 `param:"weight_dropout_p" unit:"-" range:"(0,1)" doc:"weight dropout probability on the 120×84 weights (spec: 0.5; paper scale only)"`
	MulSigma       float64 `param:"mul_sigma" unit:"-" range:"(0,inf)" doc:"σ of multiplicative N(1, σ²) node noise (spec: 0.5; paper scale only)"`
	Seeds          int     `param:"seeds" unit:"seeds" range:"[1,inf)" doc:"trainings per noise type for none, dropout and additive node (spec: 3)"`
	AllNoise       bool    `param:"all_noise" unit:"-" doc:"also train weight dropout and multiplicative node noise (spec: paper scale only)"`
}

// Default returns the spec's values for the scale.
func Default(scale experiment.Scale) Params {
	p := Params{
		Classes: 10, LatentDim: 10, InputDim: 64, Spread: 0.9, InputNoise: 0.3,
		TrainPerClass: 1000, TestPerClass: 1000, Hidden: 120, Features: 84,
		PretrainEpochs: 15, DriftEpochs: 5, Snapshots: 10,
		LRPretrain: 1e-2, LRDrift: 1e-3, Momentum: 0.9, WeightDecay: 1e-3, Batch: 64,
		DropoutP: 0.5, AddSigma: 0.1, GradSigma: 0.1, WeightDropP: 0.5, MulSigma: 0.5,
		Seeds: 3,
	}
	switch scale {
	case experiment.Quick:
		// Quick: one seed, shorter pretraining and drift. The drift epochs
		// need ≥ ≈100 SGD steps for gradient noise to rotate the readout
		// more than dropout does (check D6): 600 examples per class give
		// 94 steps per epoch.
		p.TrainPerClass, p.TestPerClass, p.Seeds = 600, 100, 1
		p.PretrainEpochs, p.DriftEpochs = 6, 3
	case experiment.Paper:
		p.TrainPerClass, p.AllNoise = 5000, true
	}
	return p
}
