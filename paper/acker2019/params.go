package acker2019

import "neurolab/experiment"

// Params are the parameters of the rewiring-memory experiment.
type Params struct {
	Library   int     `param:"library" unit:"cells" range:"[1300,inf)" doc:"grid cells in the input library (authors' grid_cells-2d.py)"`
	Synapses  int     `param:"synapses" unit:"synapses" range:"[10,inf)" doc:"synapses per output cell (supplementary tables)"`
	Eta       float64 `param:"eta" unit:"-" range:"[0,inf)" doc:"Hebbian learning rate η (model-1 and model-2 code)"`
	Budget    float64 `param:"budget" unit:"a.u." range:"(0,inf)" doc:"summed weight per cell after scaling (code: 149.1 ≈ 1200 × pool mean)"`
	Reps      int     `param:"reps" unit:"replicates" range:"[5,inf)" doc:"model 1 replicates per turnover level (spec: 100)"`
	Cells     int     `param:"cells" unit:"cells" range:"[20,inf)" doc:"model 2 place cells (spec default scale: 500; paper 2000)"`
	Days      int     `param:"days" unit:"days" range:"[1,inf)" doc:"model 2 days after day 0 (spec: 30)"`
	Turnover  int     `param:"turnover" unit:"synapses/day" range:"[0,inf)" doc:"model 2 synapses replaced per cell per day (code: 114, 10-day spine lifetime)"`
	WinFrac   float64 `param:"win_frac" unit:"fraction" range:"(0,1]" doc:"E%-max: a cell keeps its rate if ≥ this × max over cells (code: 0.9)"`
	Seeds     int     `param:"seeds" unit:"networks" range:"[1,inf)" doc:"model 2 independent networks pooled (spec: 3)"`
	MinField  int     `param:"min_field" unit:"px" range:"[1,inf)" doc:"minimum place-field run length (code: > 5 px)"`
	FieldFrac float64 `param:"field_frac" unit:"fraction" range:"(0,1)" doc:"place-field threshold as a fraction of the cell's maximum (code: 0.8)"`
}

// Default returns the parameters at scale s.
func Default(s experiment.Scale) Params {
	p := Params{Library: 10000, Synapses: 1200, Eta: 1e-4, Budget: 149.1, Reps: 100, Cells: 500, Days: 30,
		Turnover: 114, WinFrac: 0.9, Seeds: 3, MinField: 6, FieldFrac: 0.8}
	switch s {
	case experiment.Quick:
		p.Reps, p.Cells = 50, 120
	case experiment.Paper:
		p.Cells, p.Days = 2000, 60
	}
	return p
}
