package dobs2022

import "neurolab/experiment"

// Params of the specialization reproduction (spec specialization.md).
type Params struct {
	ImageSize     int     `param:"image_size" unit:"px" range:"[12,64]" doc:"image side (spec: 20 default, 28 paper)"`
	FaceIDs       int     `param:"face_ids" unit:"identities" range:"[2,inf)" doc:"trained face identities (spec: 30)"`
	FaceHeldOut   int     `param:"face_held_out" unit:"identities" range:"[2,inf)" doc:"held-out identities for cross-decoding (spec: 10)"`
	FaceImages    int     `param:"face_images" unit:"images" range:"[1,inf)" doc:"training images per identity (spec: 100)"`
	FaceSpread    float64 `param:"face_spread" unit:"-" range:"(0,inf)" doc:"spread of identity parameters around the mean face, in units of each parameter's scale (ours: 1.5, calibrated so the face-only net reaches ≈80% at default scale: 81% at seed 1)"`
	ObjImages     int     `param:"obj_images" unit:"images" range:"[1,inf)" doc:"training images per trained object category (spec: 300; 8 categories trained, 4 held out)"`
	FoodImages    int     `param:"food_images" unit:"images" range:"[1,inf)" doc:"training images per food-like class (spec: 100)"`
	ValImages     int     `param:"val_images" unit:"images" range:"[10,inf)" doc:"validation images per task for lesion ranking (spec: 300)"`
	TestImages    int     `param:"test_images" unit:"images" range:"[10,inf)" doc:"test images per task for accuracies and lesions (spec: 1000)"`
	Epochs        int     `param:"epochs" unit:"epochs" range:"[1,inf)" doc:"training epochs of the dual net (spec: 6 default, 8 paper)"`
	EqualSteps    bool    `param:"equal_steps" unit:"-" doc:"train every net for the dual net's number of SGD steps, so the single-task nets are not under-trained relative to it (ours)"`
	LRDecayEpochs int     `param:"lr_decay_epochs" unit:"epochs" range:"[0,inf)" doc:"final epochs (in steps) at lr/10 (ours; the reference decays ×0.1 every 30 epochs)"`
	LR            float64 `param:"lr" unit:"-" range:"(0,inf)" doc:"SGD learning rate (spec: 0.02)"`
	Momentum      float64 `param:"momentum" unit:"-" range:"[0,1)" doc:"SGD momentum (spec: 0.9)"`
	WeightDecay   float64 `param:"weight_decay" unit:"-" range:"[0,inf)" doc:"L2 weight decay (spec: 1e-4)"`
	Batch         int     `param:"batch" unit:"images" range:"[1,inf)" doc:"mini-batch size (spec: 32)"`
	Conv1         int     `param:"conv1" unit:"filters" range:"[1,inf)" doc:"filters of conv1, 5×5 (spec: 8)"`
	Conv2         int     `param:"conv2" unit:"filters" range:"[1,inf)" doc:"filters of conv2, 3×3 (spec: 16)"`
	Conv3         int     `param:"conv3" unit:"filters" range:"[1,inf)" doc:"filters of conv3, 3×3 (spec: 32)"`
	FC            int     `param:"fc" unit:"units" range:"[1,inf)" doc:"units of the FC layer (spec: 64)"`
	LesionFrac    float64 `param:"lesion_frac" unit:"-" range:"(0,1)" doc:"fraction of units lesioned per layer (reference greedy_p: 0.2)"`
	RandomDraws   int     `param:"random_draws" unit:"draws" range:"[1,inf)" doc:"random lesions averaged in the control (spec: 10)"`
	DecodeTrain   int     `param:"decode_train" unit:"images" range:"[1,inf)" doc:"training images per held-out class for the cross-decoder (spec: 20)"`
	DecodeTest    int     `param:"decode_test" unit:"images" range:"[1,inf)" doc:"test images per held-out class for the cross-decoder (spec: 20)"`
	DecodeSplits  int     `param:"decode_splits" unit:"splits" range:"[1,inf)" doc:"random train/test splits averaged (spec: 5)"`
	DecodeLambda  float64 `param:"decode_lambda" unit:"-" range:"[0,inf)" doc:"L2 penalty of the multinomial logistic decoder (spec: 1e-3)"`
	FoodControl   bool    `param:"food_control" unit:"-" doc:"train the food-like + object control net (check A5; not applicable, so not trained, with objects set)"`
	Objects       string  `param:"objects" unit:"path" doc:"real object images in place of the procedural objects (faces stay procedural): empty for procedural; a folder tree ROOT/<class>/*.png|jpg|jpeg, a folder holding MNIST/Fashion-MNIST IDX files PREFIX-images-idx3-ubyte[.gz] + PREFIX-labels-idx1-ubyte[.gz], or such an images file; ≥ 3 classes in sorted order, the last third held out for cross-decoding (ours, spec 'Real data a user brings')"`
}

// Default returns the spec's values for the scale.
func Default(scale experiment.Scale) Params {
	p := Params{
		ImageSize: 20, FaceIDs: 30, FaceHeldOut: 10, FaceImages: 100, FaceSpread: 1.5, ObjImages: 300, FoodImages: 100,
		ValImages: 300, TestImages: 1000, Epochs: 6, EqualSteps: true, LRDecayEpochs: 1, LR: 0.02, Momentum: 0.9, WeightDecay: 1e-4, Batch: 32,
		Conv1: 8, Conv2: 16, Conv3: 32, FC: 64, LesionFrac: 0.2, RandomDraws: 10,
		DecodeTrain: 20, DecodeTest: 20, DecodeSplits: 5, DecodeLambda: 1e-3, FoodControl: true,
	}
	switch scale {
	case experiment.Quick:
		// Quick: seconds; too small for the paper's checks (see TestQuick).
		p.ImageSize, p.FaceIDs, p.FaceImages, p.ObjImages, p.FoodImages = 16, 10, 60, 75, 20
		p.ValImages, p.TestImages, p.Epochs, p.RandomDraws = 150, 300, 4, 5
	case experiment.Paper:
		p.ImageSize, p.Epochs = 28, 8
	}
	return p
}
