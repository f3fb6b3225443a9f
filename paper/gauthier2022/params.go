package gauthier2022

import "neurolab/experiment"

// Params of the false-transients reproduction.
type Params struct {
	Movies     int     `param:"movies" unit:"movies" range:"[1,inf)" doc:"independent movies pooled by the checks (spec: 5)"`
	Frames     int     `param:"frames" unit:"frames" range:"[50,inf)" doc:"frames per movie (spec: 1000 at 30 frames/s)"`
	Rate       float64 `param:"rate" unit:"Hz" range:"(0,30]" doc:"spike rate of cells and contaminants (spec: 0.3; at most one spike per 30-Hz frame)"`
	Noise      float64 `param:"noise" unit:"a.u." range:"(0,inf)" doc:"pixel noise SD (spec: 0.1)"`
	ContPeak   float64 `param:"cont_peak" unit:"a.u." range:"(0,inf)" doc:"spatial peak of the contaminants (spec: 1.5; cells peak at 1)"`
	SomaSigma  float64 `param:"soma_sigma" unit:"px" range:"(0,inf)" doc:"SD of the contaminating soma (our choice: 2, cells 1.6)"`
	SomaShift  float64 `param:"soma_shift" unit:"px" range:"[0,inf)" doc:"distance between cell 0 and the soma (our choice)"`
	DendLong   float64 `param:"dend_long" unit:"px" range:"(0,inf)" doc:"SD of the dendrite along its axis (our choice)"`
	DendShort  float64 `param:"dend_short" unit:"px" range:"(0,inf)" doc:"SD of the dendrite across its axis (our choice)"`
	DendShift  float64 `param:"dend_shift" unit:"px" range:"[0,inf)" doc:"distance between cell 1 and the dendrite's axis (our choice)"`
	P          float64 `param:"p" unit:"-" range:"(0,1)" doc:"SEUDO prior probability of a false transient (authors' code: 1e-5)"`
	LambdaBlob float64 `param:"lambda_blob" unit:"-" range:"(0,inf)" doc:"SEUDO λ0 per blob (authors' code: 20)"`
	Sigma2     float64 `param:"sigma2" unit:"a.u.²" range:"(0,inf)" doc:"SEUDO per-pixel noise variance σ² (authors' code: 0.01)"`
	BlobRadius float64 `param:"blob_radius" unit:"px" range:"(0,inf)" doc:"SEUDO blob SD (authors' code: 1.2)"`
	Iters      int     `param:"fista_iters" unit:"iterations" range:"[1,inf)" doc:"maximum FISTA iterations per frame (spec: about 200)"`
}

// Default returns the spec's values; Quick uses 2 movies of 1000 frames.
func Default(scale experiment.Scale) Params {
	p := Params{Movies: 5, Frames: 1000, Rate: 0.3, Noise: 0.1, ContPeak: 1.5,
		SomaSigma: 2, SomaShift: 3, DendLong: 6, DendShort: 1, DendShift: 2,
		P: 1e-5, LambdaBlob: 20, Sigma2: 0.01, BlobRadius: 1.2, Iters: 200}
	if scale == experiment.Quick {
		p.Movies = 2
	}
	return p
}
