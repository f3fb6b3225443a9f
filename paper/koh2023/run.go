package koh2023

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/deconv"
	"neurolab/analysis/dimred"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/synth/calcium"
)

// Experiment is the cilds reproduction.
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
		ID:       "cilds",
		Title:    "Dimensionality reduction of calcium-imaged neuronal population activity",
		Citation: "Koh et al., Nat Comput Sci 2023; Friedrich et al., PLoS Comput Biol 2017 (OASIS)",
		Family:   "calcium imaging",
		Claim:    "OASIS recovers calcium and spikes in linear time, and CILDS, which models calcium decay jointly with latent dynamics, recovers fast latents better than dimensionality reduction on fluorescence or on deconvolved spikes.",
		About:    about,
		Params:   experiment.Describe(Default(experiment.Default)),
	}
}

// Stream tags.
const (
	tagA = iota + 1
	tagBParams
	tagBTrials
	tagC
)

// initIters is the number of EM iterations of the LDS that initialises
// CILDS in part (B) (authors' ldsInit: 100).
const initIters = 100

// Methods of part (C), in figure order.
var methods = []string{"PCA", "FA", "GPFA", "LDS(y)", "OASIS+LDS", "CILDS"}

// Indices into methods.
const (
	iPCA = iota
	iFA
	iGPFA
	iLDS
	iDLDS
	iCILDS
)

// binMS is the sampling interval of part (C), ms (spec: 25).
const binMS = 25

// gpfaTauInit is GPFA's initial time scale (authors' default 100 ms), ms.
const gpfaTauInit = 100

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
	step := num.NewTally(2+2*p.Datasets, cfg.Progress).Step

	// (A) OASIS accuracy.
	a, err := partA(ctx, cfg, p)
	if err != nil {
		return nil, err
	}
	step()
	if a.silent > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("OASIS accuracy: %d of %d gen_data traces of %d frames have no true spike (correlation undefined) and are left out; the means are over the other %d", a.silent, p.OasisTraces, p.OasisFrames, a.used))
	}
	for v, name := range []string{"fixed-λ", "noise-constrained"} {
		if a.flat[v] > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("OASIS accuracy: %s OASIS found no spike in %d of %d traces; their correlations count as 0", name, a.flat[v], a.used))
		}
	}
	res.Metric("oasis_corr_c_fixed", a.corrC[0])
	res.Metric("oasis_corr_s_fixed", a.corrS[0])
	res.Metric("oasis_corr_c_constrained", a.corrC[1])
	res.Metric("oasis_corr_s_constrained", a.corrS[1])
	res.AddCheck(experiment.NewCheck("oasis_c_fixed", fmt.Sprintf("OASIS λ=%g: mean corr(ĉ, c) ≥ 0.97 over gen_data traces (reference at λ=2.4: 0.983)", p.OasisLambda), a.corrC[0], ">=", 0.97))
	res.AddCheck(experiment.NewCheck("oasis_s_fixed", fmt.Sprintf("OASIS λ=%g: mean corr(ŝ, s) ≥ 0.8 (reference at λ=2.4: 0.88)", p.OasisLambda), a.corrS[0], ">=", 0.8))
	res.AddCheck(experiment.NewCheck("oasis_c_constrained", "noise-constrained OASIS: mean corr(ĉ, c) ≥ 0.97", a.corrC[1], ">=", 0.97))
	res.AddCheck(experiment.NewCheck("oasis_s_constrained", "noise-constrained OASIS: mean corr(ŝ, s) ≥ 0.8", a.corrS[1], ">=", 0.8))

	// (B) exact-model CILDS.
	b, err := partB(ctx, cfg, p)
	if err != nil {
		return nil, err
	}
	step()
	res.Metric("exact_r2_em", b.r2EM)
	res.Metric("exact_r2_true_params", b.r2True)
	res.Metric("exact_ll_first", b.lls[0])
	res.Metric("exact_ll_last", b.lls[len(b.lls)-1])
	res.Metric("exact_ll_true_params", b.llTrue)
	res.Metric("exact_max_rel_ll_decrease", b.maxDrop)
	res.AddCheck(experiment.NewCheck("em_monotone", "CILDS EM log-likelihood never decreases (largest relative drop ≤ 1e-9)", b.maxDrop, "<=", 1e-9))
	res.AddCheck(experiment.NewCheck("exact_r2", "exact model: test R²(EM) / R²(true parameters) ≥ 0.9", b.r2EM/b.r2True, ">=", 0.9))

	// (C) design choices.
	c, err := partC(ctx, cfg, p, step)
	if err != nil {
		return nil, err
	}
	for ti, tau := range []string{"fast", "slow"} {
		for mi, name := range methods {
			res.Metric(fmt.Sprintf("r2_%s_%s", tau, metricName(name)), c.mean[ti][mi])
			res.Metric(fmt.Sprintf("r2_sd_%s_%s", tau, metricName(name)), c.sd[ti][mi])
		}
	}
	res.Metric("gpfa_tau_fast_ms", c.gpfaTau[0])
	res.Metric("gpfa_tau_slow_ms", c.gpfaTau[1])
	f := c.mean[0]
	res.AddCheck(experiment.NewCheck("fast_cilds_vs_deconv_lds", fmt.Sprintf("τ=%g ms: mean R²(CILDS) − R²(OASIS+LDS) ≥ 0", p.TauFast), f[iCILDS]-f[iDLDS], ">=", 0))
	res.AddCheck(experiment.NewCheck("fast_cilds_vs_lds", fmt.Sprintf("τ=%g ms: mean R²(CILDS) − R²(LDS on y) > δ = %g", p.TauFast, p.Delta), f[iCILDS]-f[iLDS], ">", p.Delta))
	s := c.mean[1]
	best := math.Inf(-1)
	for mi := range methods {
		if mi != iCILDS {
			best = math.Max(best, s[mi])
		}
	}
	res.AddCheck(experiment.NewCheck("slow_cilds_vs_best", fmt.Sprintf("τ=%g ms: mean R²(CILDS) − max(other methods) ≥ −0.02", p.TauSlow), s[iCILDS]-best, ">=", -0.02))
	res.Figures = figures(p, c, b)
	res.Finish()
	return res, nil
}

func metricName(m string) string {
	switch m {
	case "LDS(y)":
		return "lds_y"
	case "OASIS+LDS":
		return "oasis_lds"
	}
	out := []rune{}
	for _, r := range m {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

// resultA holds the OASIS accuracy of part A: mean correlations over the
// traces with at least one true spike, for the fixed-λ [0] and the
// noise-constrained [1] variant.
type resultA struct {
	corrC, corrS [2]float64
	used, silent int    // traces with a true spike (averaged) and without (left out)
	flat         [2]int // used traces whose estimate had no spike: correlation counted as 0
}

// partA deconvolves oasis_traces gen_data traces. A trace without a true
// spike (likely when oasis_frames is short: each frame spikes with
// probability 1/60) has no defined correlation and is left out; an estimate
// without a spike where the truth has some is counted as correlation 0 (it
// recovers nothing). If no trace has a spike the run is refused as an input
// error naming oasis_frames.
func partA(ctx context.Context, cfg experiment.Config, p Params) (*resultA, error) {
	n := p.OasisTraces
	cc := make([][2]float64, n)
	cs := make([][2]float64, n)
	silent := make([]bool, n)
	flat := make([][2]bool, n)
	err := num.ParallelFor(ctx, cfg.NumWorkers(), n, func(k int) error {
		tr := calcium.GenData(num.Stream(cfg.Seed, tagA, uint64(k)), calcium.GenDataConfig{T: p.OasisFrames})
		if !hasSpike(tr.S) {
			silent[k] = true
			return nil
		}
		for v, constrained := range []bool{false, true} {
			r, err := deconv.Deconvolve(tr.Y, deconv.Options{G: 0.95, Sn: 0.3, Lambda: p.OasisLambda, Constrained: constrained})
			if err != nil {
				return err
			}
			var okC, okS bool
			cc[k][v], okC = stats.PearsonTol(r.C, tr.C, 0)
			cs[k][v], okS = stats.PearsonTol(r.S, tr.S, 0)
			flat[k][v] = !okC || !okS
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := &resultA{}
	for k := 0; k < n; k++ {
		if silent[k] {
			out.silent++
		}
	}
	out.used = n - out.silent
	if out.used == 0 {
		return nil, experiment.Inputf("bad value %d for parameter oasis_frames: none of the %d gen_data traces has a spike (each frame spikes with probability 1/60); raise oasis_frames (default 3000) or oasis_traces", p.OasisFrames, n)
	}
	for v := 0; v < 2; v++ {
		for k := 0; k < n; k++ {
			if silent[k] {
				continue
			}
			if flat[k][v] {
				out.flat[v]++
			}
			out.corrC[v] += cc[k][v] / float64(out.used)
			out.corrS[v] += cs[k][v] / float64(out.used)
		}
	}
	return out, nil
}

// silentNeurons counts the columns (neurons) of the trials S that are zero
// in every trial.
func silentNeurons(S []*mat.Dense) int {
	if len(S) == 0 {
		return 0
	}
	_, q := S[0].Dims()
	n := 0
	for j := 0; j < q; j++ {
		silent := true
		for _, s := range S {
			r, _ := s.Dims()
			for i := 0; i < r && silent; i++ {
				silent = s.At(i, j) == 0
			}
		}
		if silent {
			n++
		}
	}
	return n
}

// hasSpike reports whether s has a nonzero entry.
func hasSpike(s []float64) bool {
	for _, v := range s {
		if v != 0 {
			return true
		}
	}
	return false
}

type resultB struct {
	lls            []float64
	llTrue         float64
	maxDrop        float64
	r2EM, r2True   float64
	trainY, trainZ []*mat.Dense
}

func partB(ctx context.Context, cfg experiment.Config, p Params) (*resultB, error) {
	const q, pl = 30, 2
	par := calcium.DemoCILDS(num.Stream(cfg.Seed, tagBParams), q, pl)
	var Y, Z []*mat.Dense
	for k := 0; k < p.ExactTrials; k++ {
		y, _, z := calcium.SampleCILDS(num.Stream(cfg.Seed, tagBTrials, uint64(k)), par, p.ExactFrames)
		Y, Z = append(Y, y), append(Z, z)
	}
	h := p.ExactTrials / 2
	w := cfg.NumWorkers()
	m, err := dimred.InitCILDS(ctx, Y[:h], pl, initIters)
	if errors.Is(err, experiment.ErrInput) {
		// The data are ours, so the library's advice for a user's
		// recording ("drop neuron …") does not apply: too few frames
		// (exact_trials = 4 with exact_frames = 10) leave OASIS without a
		// spike for some neuron.
		return nil, experiment.Inputf("exact-model CILDS: the %d training trials × exact_frames = %d frames are too short to initialise (%v); want more exact_trials or exact_frames",
			h, p.ExactFrames, err)
	}
	if err != nil {
		return nil, err
	}
	lls, err := m.Fit(ctx, Y[:h], dimred.FitOptions{Iters: p.ExactIters, Workers: w})
	out := &resultB{lls: lls}
	if err != nil && !errors.Is(err, dimred.ErrLikelihoodDecreased) {
		return nil, err
	}
	for i := 1; i < len(lls); i++ {
		if d := (lls[i-1] - lls[i]) / math.Abs(lls[i-1]); d > out.maxDrop {
			out.maxDrop = d
		}
	}
	r2 := func(mod *dimred.CILDS) (float64, float64, error) {
		tr, llTr, err := mod.EStep(ctx, Y[:h], w)
		if err != nil {
			return 0, 0, err
		}
		te, _, err := mod.EStep(ctx, Y[h:], w)
		if err != nil {
			return 0, 0, err
		}
		zs := func(ps []*dimred.Smoothed) []*mat.Dense {
			out := make([]*mat.Dense, len(ps))
			for i, s := range ps {
				out[i] = s.Z(q)
			}
			return out
		}
		return dimred.AlignR2(zs(tr), Z[:h], zs(te), Z[h:]), llTr, nil
	}
	if out.r2EM, _, err = r2(m); err != nil {
		return nil, err
	}
	truth := &dimred.CILDS{B: par.B, R: par.R, G: par.G, B0: par.B0, Q: par.Q, A: par.A, D: par.D, P: par.P,
		Mu1: par.Mu1, Cov1: par.Cov1, H2: par.H2, G2: par.G2}
	if out.r2True, out.llTrue, err = r2(truth); err != nil {
		return nil, err
	}
	if math.IsNaN(out.r2EM) || math.IsNaN(out.r2True) || !(out.r2True > 0) {
		return nil, &experiment.DivergedError{What: "exact-model latent R²", Unit: "iterations", T: float64(len(lls))}
	}
	return out, nil
}

type resultC struct {
	mean, sd [2][]float64   // [τ][method]
	gpfaTau  [2]float64     // [τ] GPFA's learned time scale (mean over latents and datasets), ms
	r2       [2][][]float64 // [τ][dataset][method]
	// example for the trace figure (τ fast, dataset 0, trial 0, neuron 0)
	exY, exC, exS, exCHat, exSHat []float64
}

func partC(ctx context.Context, cfg experiment.Config, p Params, step func()) (*resultC, error) {
	taus := [2]float64{p.TauFast, p.TauSlow}
	nj := 2 * p.Datasets
	r2 := make([][]float64, nj)
	gpTau := make([]float64, nj)
	out := &resultC{}
	err := num.ParallelFor(ctx, cfg.NumWorkers(), nj, func(j int) error {
		ti, d := j/p.Datasets, j%p.Datasets
		data := calcium.SpikeCalcium(num.Stream(cfg.Seed, tagC, uint64(ti), uint64(d)), calcium.SpikeCalciumConfig{
			Neurons: p.Neurons, Latents: p.Latents, TauLatent: taus[ti], Gamma: p.Gamma, Noise: p.Noise,
			BinMS: binMS, Trials: p.Trials, TrialMS: 2000, GainSD: 3, BaseLo: 5, BaseHi: 15})
		row, tau, ex, err := compare(ctx, data, p)
		if err != nil {
			return fmt.Errorf("τ=%g ms dataset %d: %w", taus[ti], d, err)
		}
		r2[j], gpTau[j] = row, tau
		if j == 0 {
			out.exY, out.exC, out.exS, out.exCHat, out.exSHat = ex[0], ex[1], ex[2], ex[3], ex[4]
		}
		step()
		return nil
	})
	if err != nil {
		return nil, err
	}
	for ti := 0; ti < 2; ti++ {
		out.mean[ti] = make([]float64, len(methods))
		out.sd[ti] = make([]float64, len(methods))
		for d := 0; d < p.Datasets; d++ {
			out.gpfaTau[ti] += gpTau[ti*p.Datasets+d] / float64(p.Datasets)
			row := r2[ti*p.Datasets+d]
			out.r2[ti] = append(out.r2[ti], row)
			for mi, v := range row {
				out.mean[ti][mi] += v / float64(p.Datasets)
			}
		}
		for d := 0; d < p.Datasets; d++ {
			for mi, v := range out.r2[ti][d] {
				dv := v - out.mean[ti][mi]
				out.sd[ti][mi] += dv * dv
			}
		}
		for mi := range methods {
			if p.Datasets > 1 {
				out.sd[ti][mi] = math.Sqrt(out.sd[ti][mi] / float64(p.Datasets-1))
			}
		}
	}
	return out, nil
}

// compare fits every method to one dataset and returns the CV latent R²
// per method, GPFA's learned time scale (mean over latents, ms), and an
// example trace (y, c, s, ĉ of CILDS, ŝ of OASIS).
func compare(ctx context.Context, data calcium.SpikeCalciumData, p Params) ([]float64, float64, [5][]float64, error) {
	var ex [5][]float64
	k := p.Latents
	row := make([]float64, len(methods))
	est := make([][]*mat.Dense, len(methods))
	var err error
	if est[iPCA], err = dimred.PCA(data.Y, k); err != nil {
		return nil, 0, ex, err
	}
	if est[iFA], _, err = dimred.FA(data.Y, k, p.Iters); err != nil {
		return nil, 0, ex, err
	}
	// GPFA on the fluorescence, as FA and LDS(y): all p.Iters EM
	// iterations, time scales from 100 ms (25-ms bins).
	gp, _, err := dimred.FitGPFA(ctx, data.Y, k, dimred.GPFAOptions{Iters: p.Iters, Tol: -1,
		TauInit: gpfaTauInit / binMS, FAIters: p.Iters})
	if err != nil {
		return nil, 0, ex, err
	}
	gx, _, err := gp.Infer(data.Y)
	if err != nil {
		return nil, 0, ex, err
	}
	if est[iGPFA], _, err = gp.Orthonormalize(gx); err != nil {
		return nil, 0, ex, err
	}
	gpTau := 0.0
	for _, v := range gp.Tau {
		gpTau += v * binMS / float64(k)
	}
	if est[iLDS], _, err = dimred.LDS(ctx, data.Y, k, p.Iters); err != nil {
		return nil, 0, ex, err
	}
	of, err := dimred.DeconvolveTrials(data.Y)
	if err != nil {
		return nil, 0, ex, err
	}
	S := of.S
	if est[iDLDS], _, err = dimred.LDS(ctx, S, k, p.Iters); err != nil {
		if silent := silentNeurons(S); silent > 0 {
			// Fast calcium (gamma ≤ 0.98 at quick scale, seed 1) or strong
			// noise (noise = 15) leaves OASIS without a spike for some
			// neurons in every trial, and the LDS fit of the OASIS+LDS
			// method cannot use them (analysis/dimred's LDS fails on a
			// zero-variance column). An input error whatever way the LDS
			// failed: the cause is gamma or noise, and the exit status
			// followed the LDS's own error, 2 for a rank-deficient data
			// covariance but 3 for a singular innovation covariance (gamma
			// = 0.9, seed 39), for the same silent neurons.
			return nil, 0, ex, experiment.Inputf("OASIS+LDS: %d of %d neurons have no OASIS spike in any trial (calcium decaying too fast, gamma^%d = %.3g per %d-ms bin, or too noisy, noise = %g?): %v",
				silent, p.Neurons, binMS, math.Pow(p.Gamma, binMS), binMS, p.Noise, err)
		}
		return nil, 0, ex, err
	}
	// CILDS starts from OASIS and the LDS on its spikes ('ldsInit'; the
	// reference runs that LDS for 100 iterations, here p.Iters: the same
	// fit as the OASIS+LDS method).
	m, err := dimred.InitCILDSFrom(data.Y, of, est[iDLDS])
	if err != nil {
		return nil, 0, ex, err
	}
	if _, err = m.Fit(ctx, data.Y, dimred.FitOptions{Iters: p.Iters, Workers: 1}); err != nil {
		return nil, 0, ex, err
	}
	posts, _, err := m.EStep(ctx, data.Y, 1)
	if err != nil {
		return nil, 0, ex, err
	}
	zs := make([]*mat.Dense, len(posts))
	for i, s := range posts {
		zs[i] = s.Z(p.Neurons)
	}
	est[iCILDS] = dimred.ShiftLatents(zs)
	for mi := range methods {
		row[mi] = dimred.CVR2(est[mi], data.Z)
		if math.IsNaN(row[mi]) || math.IsInf(row[mi], 0) {
			return nil, 0, ex, &experiment.DivergedError{What: methods[mi] + " latent R²", Unit: "iterations", T: float64(p.Iters)}
		}
	}
	T, _ := data.Y[0].Dims()
	for t := 0; t < T; t++ {
		ex[0] = append(ex[0], data.Y[0].At(t, 0))
		ex[1] = append(ex[1], data.C[0].At(t, 0))
		ex[2] = append(ex[2], data.Spikes[0].At(t, 0))
		ex[3] = append(ex[3], m.B[0]*posts[0].Mean.At(t, 0))
		ex[4] = append(ex[4], S[0].At(t, 0))
	}
	return row, gpTau, ex, nil
}
