package aitken2022

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"neurolab/experiment"
	"neurolab/internal/fig"
)

// nonReproducing lists the checks that the spec's own replica did not
// reproduce (spec drift-geometry.md, checks D3 and D4); when they fail, a
// note says so.
var nonReproducing = map[string]bool{"d3_angle_r": true, "d4_variance_flow": true}

// typeMeans averages per-training values over the seeds of each noise type.
type typeMeans struct {
	n                                             int
	driftEpoch, gamma, gammaRand, dOverN, capture float64
	angleR, angleSlope, theta1, postPC1           float64
	readoutRot, accRange, accMean                 float64
}

func summarise(res *experiment.Result, p Params, outs []outcome) error {
	types := []int{noiseNone, noiseDropout, noiseAdd, noiseGrad}
	if p.AllNoise {
		types = append(types, noiseWeightDrop, noiseMul)
	}
	m := map[int]*typeMeans{}
	maxRange := 0.0
	for _, t := range types {
		m[t] = &typeMeans{}
	}
	for _, o := range outs {
		a := m[o.noise]
		a.n++
		a.driftEpoch += o.epoch.DriftRel
		a.gamma += o.lag1.Gamma
		a.gammaRand += o.lag1.GammaRandom
		a.dOverN += o.lag1.DOverN
		a.capture += o.lag1.Captured
		a.angleR += o.lag1.AngleR
		a.angleSlope += o.lag1.AngleSlope
		a.theta1 += o.lag1.Theta1
		a.postPC1 += o.lag1.PostVarPC1Rel
		a.readoutRot += o.readoutRot
		a.accRange += o.accRange
		a.accMean += o.accMean
		maxRange = max(maxRange, o.accRange)
	}
	for _, t := range types {
		a := m[t]
		k := float64(a.n)
		for _, v := range []*float64{&a.driftEpoch, &a.gamma, &a.gammaRand, &a.dOverN, &a.capture, &a.angleR,
			&a.angleSlope, &a.theta1, &a.postPC1, &a.readoutRot, &a.accRange, &a.accMean} {
			*v /= k
		}
		n := noiseNames[t]
		res.Metric("drift_rel_epoch_"+n, a.driftEpoch)
		res.Metric("gamma_"+n, a.gamma)
		res.Metric("gamma_random_"+n, a.gammaRand)
		res.Metric("d_over_n_"+n, a.dOverN)
		res.Metric("variance_captured_"+n, a.capture)
		res.Metric("angle_r_"+n, a.angleR)
		res.Metric("angle_slope_"+n, a.angleSlope)
		res.Metric("theta_pc1_"+n, a.theta1)
		res.Metric("postvar_pc1_rel_"+n, a.postPC1)
		res.Metric("readout_rotation_"+n, a.readoutRot)
		res.Metric("acc_range_"+n, a.accRange)
		res.Metric("acc_mean_"+n, a.accMean)
	}
	var drop, grad *outcome
	for i := range outs {
		if outs[i].noise == noiseDropout && outs[i].seed == 0 {
			drop = &outs[i]
		}
		if outs[i].noise == noiseGrad {
			grad = &outs[i]
		}
	}
	for _, v := range []float64{drop.d5Angle, drop.d5Rel} {
		if math.IsNaN(v) {
			return experiment.Inputf("drift_epochs = %d with snapshots_per_epoch = %d leaves no SVC pair one epoch apart", p.DriftEpochs, p.Snapshots)
		}
	}
	res.Metric("svc_angle_epoch_dropout", drop.d5Angle)
	res.Metric("svc_rel_cross_acc_epoch_dropout", drop.d5Rel)
	res.Metric("svc_angle_epoch_grad", grad.d5Angle)
	res.Metric("svc_rel_cross_acc_epoch_grad", grad.d5Rel)
	res.Metric("acc_range_max", maxRange)

	none, dr, add, gr := m[noiseNone], m[noiseDropout], m[noiseAdd], m[noiseGrad]
	// Calibrated thresholds (spec "calibrate once"), default scale, seed 1:
	// D1 ratio 3.79 (threshold 3, the spec's); D3 r(dropout) − r(additive)
	// = 0.056 (threshold 0); D4 0.975 (threshold 0.8, the spec's: fails,
	// as in the spec's replica); quick scale: D1 12.8, D4 0.78.
	ratio := dr.driftEpoch / none.driftEpoch
	res.Metric("drift_ratio_dropout_over_none", ratio)
	res.AddCheck(experiment.NewCheck("d1_drift_magnitude",
		"‖d‖/‖x̄‖ at Δt = 1 epoch under node dropout ≥ 3× SGD only (mean over seeds)", ratio, ">=", 3))
	gr2 := dr.gamma / dr.gammaRand
	res.Metric("gamma_over_random_dropout", gr2)
	res.AddCheck(experiment.NewCheck("d2_drift_in_variation",
		fmt.Sprintf("drift-in-variation ratio γ under dropout ≥ 2× its random-drift value ⌈D⌉/n (Δt = %s epoch)", snapshotStep(p)), gr2, ">=", 2))
	res.AddCheck(experiment.NewCheck("d3_angle_slope",
		"θ(d, w_i) rises with PC variance v_i under dropout (slope of the linear fit, Eq 13)", dr.angleSlope, ">", 0))
	res.AddCheck(experiment.NewCheck("d3_angle_r",
		"θ(d, w_i) against v_i under dropout: correlation r ≥ 0.5", dr.angleR, ">=", 0.5))
	res.AddCheck(experiment.NewCheck("d3_theta_pc1",
		"drift makes an obtuse angle with PC1 under dropout (degrees)", dr.theta1, ">", 90))
	res.AddCheck(experiment.NewCheck("d3_dropout_vs_additive",
		"angle–variance correlation stronger under dropout than under additive node noise: r(dropout) − r(additive)", dr.angleR-add.angleR, ">", 0))
	res.AddCheck(experiment.NewCheck("d4_variance_flow",
		"post-drift variance along PC1 ≤ 0.8·v₁ under dropout (ratio to v₁)", dr.postPC1, "<=", 0.8))
	res.AddCheck(experiment.NewCheck("d5_svc_angle",
		"SVCs one epoch apart under dropout differ by ≥ 30° (degrees)", drop.d5Angle, ">=", 30))
	res.AddCheck(experiment.NewCheck("d5_rel_cross_acc",
		"relative cross accuracy of SVCs one epoch apart under dropout ≥ 0.8", drop.d5Rel, ">=", 0.8))
	res.AddCheck(experiment.NewCheck("d6_readout_rotation",
		"readout rotates ≤ 10° over the drift epochs under dropout (degrees)", dr.readoutRot, "<=", 10))
	res.AddCheck(experiment.NewCheck("d6_readout_vs_grad",
		"readout rotates less under dropout than under gradient noise: rotation(dropout) − rotation(gradient) (degrees)", dr.readoutRot-gr.readoutRot, "<", 0))
	res.AddCheck(experiment.NewCheck("d7_stable_accuracy",
		"test accuracy moves ≤ 3 points during the drift epochs, every training (max − min, fraction)", maxRange, "<=", 0.03))

	for _, c := range res.Checks {
		if nonReproducing[c.Name] && !c.Pass {
			res.Notes = append(res.Notes, fmt.Sprintf("%s did not reproduce: measured %.4g (want %s %g). The spec's PyTorch replica of this setup did not reproduce it either (D3: r = 0.02–0.12; D4: 0.89–0.95).",
				c.Name, c.Value, c.Op, c.Threshold))
		}
	}
	res.Figures = append(res.Figures, angleFigure(outs, types, p), varianceFigure(outs, p), svcFigure(drop, grad, p))
	return nil
}

// meanPerPC averages the per-PC curves of the trainings of noise type t,
// over the PC indices that all of them have: the smallest length of their
// lag-1 and one-epoch PerPCMeans (every feature node, unless a group has
// no more trials than features, when its PCs stop at its rank).
func meanPerPC(outs []outcome, t int) (ratio, angle, post, postEpoch []float64) {
	n := -1
	for _, o := range outs {
		if o.noise != t {
			continue
		}
		r, _, _, _ := o.lag1.PerPCMeans()
		re, _, _, _ := o.epoch.PerPCMeans()
		if n < 0 || len(r) < n {
			n = len(r)
		}
		n = min(n, len(re))
	}
	k := 0
	for _, o := range outs {
		if o.noise != t {
			continue
		}
		r, a, _, q := o.lag1.PerPCMeans()
		_, _, _, qe := o.epoch.PerPCMeans()
		if ratio == nil {
			ratio, angle, post, postEpoch = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		}
		for i := range n {
			ratio[i] += r[i]
			angle[i] += a[i]
			post[i] += q[i]
			postEpoch[i] += qe[i]
		}
		k++
	}
	for i := range ratio {
		ratio[i] /= float64(k)
		angle[i] /= float64(k)
		post[i] /= float64(k)
		postEpoch[i] /= float64(k)
	}
	return
}

// snapshotStep is the time between consecutive feature snapshots, the Δt
// of the lag-1 quantities, as text: "1/10" (paper), or "1" for one snapshot
// per epoch.
func snapshotStep(p Params) string {
	if p.Snapshots == 1 {
		return "1"
	}
	return fmt.Sprintf("1/%d", p.Snapshots)
}

func angleFigure(outs []outcome, types []int, p Params) experiment.Figure {
	pl := fig.New("Drift angle to each PC against its variance, per noise type",
		"PC variance ratio v_i (log10)", "angle θ(d, w_i) (degrees)")
	for ci, t := range types {
		r, a, _, _ := meanPerPC(outs, t)
		// PCs of silent (dead ReLU) feature nodes have v ≈ 0 and d ⟂ w: left out.
		var lx, ly []float64
		for i, v := range r {
			if v > 1e-8 {
				lx, ly = append(lx, math.Log10(v)), append(ly, a[i])
			}
		}
		fig.Points(pl, lx, ly, noiseLabels[t], fig.Color(ci))
	}
	fig.HLine(pl, 90, -8, 0, "", fig.Gray)
	return experiment.Figure{Name: "angle-vs-variance", Plot: pl,
		Caption: fmt.Sprintf("Angle between the drift d (Δt = %s epoch) and each PC w_i of the earlier feature group, against the PC's variance ratio (PCs with v_i > 1e-8), mean over groups, snapshot pairs and seeds.", snapshotStep(p))}
}

func varianceFigure(outs []outcome, p Params) experiment.Figure {
	r, _, post, postEpoch := meanPerPC(outs, noiseDropout)
	k := min(20, len(r))
	idx := make([]float64, k)
	for i := range idx {
		idx[i] = float64(i + 1)
	}
	pl := fig.New("Node dropout: variance along the earlier PCs before and after drift",
		"PC index i", "variance along w_i (fraction of earlier total)")
	fig.Line(pl, idx, r[:k], "before (v_i)", fig.Color(0))
	fig.Points(pl, idx, post[:k], "after "+snapshotStep(p)+" epoch", fig.Color(1))
	fig.Points(pl, idx, postEpoch[:k], "after 1 epoch", fig.Color(2))
	return experiment.Figure{Name: "variance-before-after", Plot: pl,
		Caption: "Variance of the feature group along the earlier group's top 20 PCs, before and after drift, under node dropout (mean over groups, pairs and seeds)."}
}

func svcFigure(drop, grad *outcome, p Params) experiment.Figure {
	a := fig.New(svcTitle(drop), "time since first snapshot (epochs)", "angle to first SVC (degrees)")
	b := fig.New("Relative cross accuracy of the first snapshot's SVC", "time since first snapshot (epochs)", "relative cross accuracy a(0,t) / a(t,t)")
	for ci, o := range []*outcome{drop, grad} {
		t := make([]float64, len(o.svcT))
		for i, v := range o.svcT {
			t[i] = v / float64(p.Snapshots)
		}
		fig.Line(a, t, o.svcAngle, noiseLabels[o.noise], fig.Color(ci+1))
		fig.Points(a, t, o.svcAngle, "", fig.Color(ci+1))
		fig.Line(b, t, o.svcRel, noiseLabels[o.noise], fig.Color(ci+1))
		fig.Points(b, t, o.svcRel, "", fig.Color(ci+1))
	}
	// Full ranges: a zoomed axis would make ±2% look like large swings.
	a.Y.Min, a.Y.Max = 0, math.Max(a.Y.Max, 90)
	b.Y.Min, b.Y.Max = 0, math.Max(b.Y.Max, 1.1)
	return experiment.Figure{Name: "svc-over-time", Panels: [][]*plot.Plot{{a, b}},
		Caption: fmt.Sprintf("Linear SVCs (class 0 vs 1, C = 1) trained on each half-epoch snapshot%s: angle to the first snapshot's SVC and that SVC's relative cross accuracy (Eq 14); seed %d.", boundaryText(p), 0)}
}

// svcTitle states what the SVC figure shows for the node-dropout training:
// the paper's finding when SVCs one epoch apart differ by ≥ 30° at a
// relative cross accuracy ≥ 0.8 (checks D5), else the measured values. The
// title stated the finding whatever the run measured.
func svcTitle(drop *outcome) string {
	if drop.d5Angle >= 30 && drop.d5Rel >= 0.8 {
		return "SVC normals rotate while cross-session accuracy stays high"
	}
	return fmt.Sprintf("Node dropout, SVCs one epoch apart: %.0f° apart, relative cross accuracy %.2f", drop.d5Angle, drop.d5Rel)
}

// boundaryText is the caption's note that the SVCs include the epoch
// boundaries, when those are not half-epoch snapshots (see svcTimes).
func boundaryText(p Params) string {
	if p.Snapshots%max(p.Snapshots/2, 1) != 0 {
		return " (rounded down) and each epoch boundary"
	}
	return ""
}
