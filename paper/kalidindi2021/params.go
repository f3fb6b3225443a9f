package kalidindi2021

import "neurolab/experiment"

// Params are the experiment's parameters.
type Params struct {
	Mode        string  `param:"mode" unit:"-" choices:"fast|bptt" doc:"controller training: fast (linear teacher + imitation) or bptt (faithful: the authors' network trained end to end by BPTT)"`
	Units       int     `param:"units" unit:"neurons" range:"[10,inf)" doc:"units per layer of the student network, mode=fast (spec fast mode: 200)"`
	GainIn      float64 `param:"g_in" unit:"-" range:"(0,inf)" doc:"input weights W_in ~ N(0, g²/fan_in), mode=fast (spec: g in params)"`
	GainFF      float64 `param:"g_ff" unit:"-" range:"(0,inf)" doc:"L1→L2 weights W_12 ~ N(0, g²/fan_in), mode=fast"`
	GainRec     float64 `param:"g_rec" unit:"-" range:"[0,inf)" doc:"recurrent weights W_11, W_22 ~ N(0, g²/n) of the REC student (0 in NOREC), mode=fast"`
	Noise       float64 `param:"noise" unit:"-" range:"[0,inf)" doc:"std of the multiplicative noise on neurons and muscles (spec: 0.03, posture)"`
	Trials      int     `param:"trials" unit:"trials" range:"[1,inf)" doc:"noisy evaluation trials per condition, averaged (angles and activity)"`
	DAgger      int     `param:"dagger" unit:"iterations" range:"[0,inf)" doc:"DAgger iterations after the teacher-driven one, mode=fast (spec: 3)"`
	Ridge       float64 `param:"ridge" unit:"-" range:"(0,inf)" doc:"ridge penalty of the readout, relative to the mean feature variance, mode=fast"`
	Load        float64 `param:"load" unit:"N·m" range:"(0,inf)" doc:"step torque magnitude from 1 s (spec: 0.2)"`
	CoContr     float64 `param:"cocontraction" unit:"a.u." range:"(0,inf)" doc:"co-contraction level u0 (null space of A·diag(FL)), mode=fast"`
	QPos        float64 `param:"q_pos" unit:"1/rad²" range:"(0,inf)" doc:"teacher cost weight on joint-angle error (×10 from 1 s after the load), mode=fast"`
	QVel        float64 `param:"q_vel" unit:"s²/rad²" range:"[0,inf)" doc:"teacher cost weight on joint velocity (×10 from 1 s after the load), mode=fast"`
	QMus        float64 `param:"q_mus" unit:"-" range:"[0,inf)" doc:"teacher cost weight on muscle-activity deviations, mode=fast"`
	RCmd        float64 `param:"r_cmd" unit:"-" range:"(0,inf)" doc:"teacher cost weight on muscle commands, mode=fast"`
	BPTTUnits   int     `param:"bptt_units" unit:"neurons" range:"[4,inf)" doc:"units per layer in mode=bptt (spec faithful mode: 64; authors: 500)"`
	Epochs      int     `param:"epochs" unit:"epochs" range:"[1,inf)" doc:"Adam epochs in mode=bptt (spec: 300; authors: 2000)"`
	LR          float64 `param:"lr" unit:"-" range:"(0,1)" doc:"Adam learning rate in mode=bptt (authors: 3e-4 over 2000 epochs)"`
	WeightDecay float64 `param:"weight_decay" unit:"-" range:"[0,inf)" doc:"L2 weight decay in mode=bptt (authors: 1e-8)"`
	SoftNorm    float64 `param:"soft_norm" unit:"a.u." range:"[0,inf)" doc:"jPCA soft-normalisation constant c (range + c)"`
	JPCDims     int     `param:"jpc_dims" unit:"PCs" range:"[2,inf)" doc:"PCs kept by jPCA (spec: 6)"`
	WindowMS    float64 `param:"window" unit:"ms" range:"(20,1990]" doc:"jPCA window after the perturbation, sampled every 10 ms; the trial's last sample is 1990 ms after it (spec: 300 ms)"`
}

// modeParams are the parameters only one training mode reads (their docs
// say "mode=fast" or "in mode=bptt"): a --set value for the other mode's
// parameter is accepted (a sweep may vary mode with one set of values) and
// noted as having no effect.
var modeParams = map[string][]string{
	"fast": {"units", "g_in", "g_ff", "g_rec", "dagger", "ridge", "cocontraction", "q_pos", "q_vel", "q_mus", "r_cmd"},
	"bptt": {"bptt_units", "epochs", "lr", "weight_decay"},
}

// unusedSet returns the parameters in set that mode does not read, in
// modeParams order.
func unusedSet(mode string, set map[string]string) []string {
	other := "bptt"
	if mode == "bptt" {
		other = "fast"
	}
	var out []string
	for _, name := range modeParams[other] {
		if _, ok := set[name]; ok {
			out = append(out, name)
		}
	}
	return out
}

// Default returns the parameters at the given scale.
func Default(s experiment.Scale) Params {
	p := Params{Mode: "fast", Units: 200, GainIn: 1, GainFF: 1, GainRec: 0.8, Noise: 0.03, Trials: 12, DAgger: 3,
		Ridge: 1e-4, Load: 0.2, CoContr: 0.5,
		QPos: 1e3, QVel: 10, QMus: 0.1, RCmd: 0.1,
		BPTTUnits: 64, Epochs: 300, LR: 3e-3, WeightDecay: 1e-8,
		SoftNorm: 0.01, JPCDims: 6, WindowMS: 300}
	switch s {
	case experiment.Quick:
		p.Units = 100
		p.Trials = 8
	case experiment.Paper:
		// The paper's own setting: the faithful mode (mode=bptt) at the
		// authors' sizes (optimizingscript_posturetask.py): 500 units per
		// layer, 2000 Adam epochs at lr 3e-4 (≈ 75 min pure Go, doc.go).
		// Quick and default keep the fast mode.
		p.Mode = "bptt"
		p.BPTTUnits, p.Epochs, p.LR = 500, 2000, 3e-4
	}
	return p
}
