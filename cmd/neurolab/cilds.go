package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"neurolab/analysis/deconv"
	"neurolab/analysis/dimred"
	"neurolab/dataio/suite2p"
	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/report"
)

type cildsFlags struct {
	in          inputFlags
	out         string
	dims        int
	trialsPath  string
	trialFrames int
	iters       int
	workers     int
}

func newCildsCmd() *cobra.Command {
	var f cildsFlags
	c := &cobra.Command{
		Use:   "cilds (--suite2p DIR | --npy FILE.npy --fs HZ | --nwb FILE.nwb) --dims K [flags]",
		Short: "Extract latent dynamics from calcium fluorescence with CILDS (Koh et al. 2023)",
		Long: "Fit the calcium imaging linear dynamical system (latent LDS driving per-neuron AR(1)\n" +
			"calcium, observed with noise) by EM, initialised from OASIS and an LDS on the inferred\n" +
			"spikes. Trials: --trials gives trial onsets (frame indices, 1-D .npy); every trial then\n" +
			"has the length of the shortest gap between onsets, or --trial-frames; trials without that\n" +
			"many frames before the recording ends are dropped (listed in cilds.json). Without --trials\n" +
			"the recording is cut into --trial-frames chunks, or used as one trial. Writes latents.npy\n" +
			"((trials·frames) × K, float32, or float64 if a value lies outside float32's range; trials\n" +
			"concatenated), calcium.npy (cells × (trials·frames)),\n" +
			"cilds.json and cilds.png into --out.",
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runCilds(c, f) },
	}
	fs := newCmdFlags(c)
	f.in.register(fs, false)
	fs.Int(&f.dims, "dims", "K", 0, "latent dimensionality, fewer than the number of cells", intAtLeast(1))
	fs.Require("dims")
	fs.File(&f.trialsPath, "trials", "FILE.npy", "trial onset frames, 1-D", false)
	fs.Int(&f.trialFrames, "trial-frames", "N", 0, "frames per trial",
		zeroOr("the shortest gap between onsets, or the whole recording", intAtLeast(1)))
	fs.Int(&f.iters, "iters", "N", 200, "EM iterations", intAtLeast(1))
	fs.Out(&f.out, "cilds-out")
	fs.Workers(&f.workers)
	fs.finish("  neurolab cilds --npy F.npy --fs 30 --dims 3 --trials onsets.npy --out cilds-out")
	return c
}

// cutTrials returns the trial onsets, the common trial length and the
// onsets of the trials dropped because the recording ends before they have
// that many frames. With --trials the length is the shortest gap between
// consecutive onsets (with one onset: the frames after it), or
// --trial-frames; without, the recording is cut into --trial-frames chunks
// (the frames after the last whole chunk are not used), or used whole.
func cutTrials(f cildsFlags, frames int) (on []int, L int, dropped []int, err error) {
	if f.trialsPath == "" {
		if f.trialFrames > frames {
			return nil, 0, nil, badFlag("trial-frames", f.trialFrames, "at most %d, the frames of the recording (0: the whole recording as one trial)", frames)
		}
		L := f.trialFrames
		if L == 0 {
			L = frames
		}
		for s := 0; s+L <= frames; s += L {
			on = append(on, s)
		}
		return on, L, nil, nil
	}
	v, err := suite2p.Vector(f.trialsPath)
	if err != nil {
		return nil, 0, nil, err
	}
	if len(v) == 0 {
		return nil, 0, nil, experiment.Inputf("%s: no trial onsets", f.trialsPath)
	}
	all := make([]int, len(v))
	gap := 0 // shortest gap between consecutive onsets (0: one onset)
	for i, x := range v {
		if x != math.Trunc(x) || x < 0 || x >= float64(frames) {
			return nil, 0, nil, experiment.Inputf("%s: onset %d = %v is not a frame index in [0, %d)", f.trialsPath, i, x, frames)
		}
		all[i] = int(x)
		if i > 0 && all[i] <= all[i-1] {
			return nil, 0, nil, experiment.Inputf("%s: onsets must increase (onset %d = %d after %d)", f.trialsPath, i, all[i], all[i-1])
		}
		if i == 1 || i > 1 && all[i]-all[i-1] < gap {
			gap = all[i] - all[i-1]
		}
	}
	L = gap
	if gap == 0 {
		L = frames - all[0]
	}
	if f.trialFrames > 0 {
		if gap > 0 && f.trialFrames > gap {
			return nil, 0, nil, badFlag("trial-frames", f.trialFrames, "at most %d, the shortest gap between the onsets in %s (trials would overlap)", gap, f.trialsPath)
		}
		L = f.trialFrames
	}
	for _, s := range all {
		if s+L <= frames {
			on = append(on, s)
		} else {
			dropped = append(dropped, s)
		}
	}
	if len(on) == 0 {
		return nil, 0, nil, experiment.Inputf("%s: no trial has %d frames before the recording ends (%d frames); pass a smaller --trial-frames", f.trialsPath, L, frames)
	}
	return on, L, dropped, nil
}

// initCILDS is dimred.InitCILDSProgress with the OASIS phase shown as the
// first 90 % of the progress bar (the LDS that follows reports none).
func initCILDS(ctx context.Context, Y []*mat.Dense, p, iters int, progress func(float64)) (*dimred.CILDS, error) {
	return dimred.InitCILDSProgress(ctx, Y, p, iters, func(f float64) { progress(0.9 * f) })
}

func runCilds(c *cobra.Command, f cildsFlags) error {
	stderr := c.ErrOrStderr()
	in, err := f.in.read(c)
	if err != nil {
		return err
	}
	// Constant traces (a dead or saturated ROI) carry no calcium signal and
	// make the initial LDS's noise covariance singular: leave them out.
	n0, _ := in.Y.Dims()
	constROIs := dropConstant(in)
	if len(constROIs) == n0 {
		return experiment.Inputf("%s: all %d traces are constant (no calcium signal); cilds needs at least 2 cells whose fluorescence varies", in.source, n0)
	}
	if len(constROIs) > 0 {
		fmt.Fprintf(stderr, "neurolab: warning: %s: %d constant trace(s) left out (ROI %s); calcium.npy has one row per remaining cell\n",
			in.source, len(constROIs), joinInts(constROIs))
	}
	n, T := in.Y.Dims()
	if n < 2 {
		return experiment.Inputf("%s: %d cell; cilds needs at least 2 (--dims must be in [1, cells−1])", in.source, n)
	}
	if f.dims >= n {
		return badFlag("dims", f.dims, "1..%d, fewer than the %d cells of %s", n-1, n, in.source)
	}
	on, L, dropped, err := cutTrials(f, T)
	if err != nil {
		return err
	}
	if L < 3 {
		return experiment.Inputf("%s: trials of %d frames are too short (need ≥ 3)", in.source, L)
	}
	if len(dropped) > 0 {
		fmt.Fprintf(stderr, "cilds: %d trial(s) dropped (onsets %v): fewer than %d frames before the recording ends at frame %d\n",
			len(dropped), dropped, L, T)
	}
	if rest := T - on[len(on)-1] - L; f.trialsPath == "" && rest > 0 {
		fmt.Fprintf(stderr, "cilds: the last %d frame(s) are not used: %d frames make %s of --trial-frames %d\n",
			rest, T, plural(len(on), "whole trial"), L)
	}
	Y, err := dimred.Trials(in.Y, on, L)
	if err != nil {
		return err
	}
	ctx := c.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	initUpdate, initDone := newProgress("cilds: initialising (OASIS + LDS)")
	m, err := initCILDS(ctx, Y, f.dims, 100, initUpdate)
	initDone()
	if ctx.Err() != nil {
		return analysisInterrupted("cilds", f.out)
	}
	if errors.Is(err, deconv.ErrTooShort) {
		return experiment.Inputf("%s", in.withLayout(fmt.Sprintf("%s: %v (trials of %d frames)", in.source, err, L)))
	}
	if errors.Is(err, experiment.ErrInput) {
		return fmt.Errorf("%s: %w", in.source, err)
	}
	if err != nil { // the model failed on valid input: a run failure (exit 3)
		return &experiment.DivergedError{What: "CILDS initialisation (" + err.Error() + ")", Unit: "iterations",
			Hint: "try fewer --dims"}
	}
	update, done := newProgress("cilds: EM")
	defer done()
	lls, err := m.Fit(ctx, Y, dimred.FitOptions{Iters: f.iters, Workers: f.workers, Progress: update})
	if ctx.Err() != nil {
		return analysisInterrupted("cilds", f.out)
	}
	if err != nil {
		return &experiment.DivergedError{What: "CILDS EM (" + err.Error() + ")", T: float64(len(lls)), Unit: "iterations",
			Hint: "try fewer --dims or check the input for constant traces"}
	}
	done()
	posts, _, err := m.EStep(ctx, Y, f.workers)
	if ctx.Err() != nil {
		return analysisInterrupted("cilds", f.out)
	}
	if err != nil {
		return err
	}
	K := f.dims
	Z := mat.NewDense(len(on)*L, K, nil)
	Cal := mat.NewDense(n, len(on)*L, nil)
	for k, p := range posts {
		z := dimred.ShiftLatents([]*mat.Dense{p.Z(n)})[0]
		cc := p.C(n)
		for t := 0; t < L; t++ {
			Z.SetRow(k*L+t, z.RawRowView(t))
			for i := 0; i < n; i++ {
				Cal.Set(i, k*L+t, m.B[i]*cc.At(t, i))
			}
		}
	}
	for _, data := range [][]float64{Z.RawMatrix().Data, Cal.RawMatrix().Data} { // not appended: a copy of both
		for _, v := range data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &experiment.DivergedError{What: "CILDS latents", Unit: "iterations", T: float64(len(lls))}
			}
		}
	}
	if err := checkOut(f.out); err != nil {
		return err
	}
	dtype, err := writeTraceFiles(c.ErrOrStderr(), f.out, map[string]*mat.Dense{"latents.npy": Z, "calcium.npy": Cal})
	if err != nil {
		return err
	}
	if dropped == nil {
		dropped = []int{}
	}
	if constROIs == nil {
		constROIs = []int{}
	}
	summary := map[string]any{"input": in.source, "cells": n, "dims": K, "trial_onsets": on, "trial_frames": L,
		"trials_dropped": dropped, "frames_used": len(on) * L, "frames": T, "rois": in.rois, "constant_rois_dropped": constROIs,
		"fs_hz": in.fs, "log_likelihood": lls, "calcium_decay_G": m.G, "latent_decay_D": m.D,
		"method": "CILDS EM (Koh et al. 2023), init OASIS + LDS", "npy_dtype": dtype}
	if f.in.suite2pDir != "" {
		summary["neucoeff"] = in.neucoeff
		summary["neucoeff_from"] = in.neucoeffFrom
	}
	if err := report.WriteJSON(filepath.Join(f.out, "cilds.json"), summary); err != nil {
		return err
	}
	figs, err := report.WriteFigures(f.out, []experiment.Figure{cildsFigure(in.fs, Z, L, lls)})
	if err != nil {
		return err
	}
	printDone(c, fmt.Sprintf("%d cells, %s × %d frames, %d latents, log-likelihood %.6g → %.6g",
		n, plural(len(on), "trial"), L, K, lls[0], lls[len(lls)-1]), f.out, []string{"latents.npy", "calcium.npy", "cilds.json"}, len(figs))
	return nil
}

func cildsFigure(fs float64, Z *mat.Dense, L int, lls []float64) experiment.Figure {
	_, K := Z.Dims()
	// A readable window of the first trial: at most exampleWindowS seconds.
	w := L
	if lim := int(math.Round(exampleWindowS * fs)); lim >= 2 && lim < L {
		w = lim
	}
	ts := make([]float64, w)
	for t := range ts {
		ts[t] = float64(t) / fs
	}
	title := "CILDS latents, first trial"
	if w < L {
		title = fmt.Sprintf("CILDS latents, first %.0f s of trial 1", float64(w)/fs)
	}
	lat := fig.New(title, "time in trial (s)", "latent (a.u.)")
	for j := 0; j < K; j++ {
		col := make([]float64, w)
		for t := range col {
			col[t] = Z.At(t, j)
		}
		fig.Line(lat, ts, col, fmt.Sprintf("z%d", j+1), fig.Color(j))
	}
	// The title states what the curve shows: monotone, or where it fell.
	worst, at := 0.0, 0
	for i := 1; i < len(lls); i++ {
		if d := lls[i-1] - lls[i]; d > worst {
			worst, at = d, i
		}
	}
	llTitle := "EM log-likelihood rises monotonically"
	if worst > 1e-9*math.Abs(lls[len(lls)-1]) {
		llTitle = fmt.Sprintf("EM log-likelihood (fell by %.3g at iteration %d)", worst, at)
	}
	ll := fig.New(llTitle, "EM iteration", "log-likelihood (nats)")
	it := make([]float64, len(lls))
	for i := range it {
		it[i] = float64(i)
	}
	fig.Line(ll, it, lls, "", fig.Color(0))
	return experiment.Figure{Name: "cilds", Caption: "Latents of the first trial and the EM log-likelihood.", Panels: [][]*plot.Plot{{lat, ll}}}
}

// dropConstant removes from in the rows whose values are all equal
// and returns their ROI numbers (nil if none).
func dropConstant(in *traceInput) []int {
	n, T := in.Y.Dims()
	var keep, gone []int
	for i := 0; i < n; i++ {
		row := in.Y.RawRowView(i)
		constant := true
		for t := 1; t < T && constant; t++ {
			constant = row[t] == row[0]
		}
		if constant {
			gone = append(gone, in.rois[i])
		} else {
			keep = append(keep, i)
		}
	}
	if len(gone) == 0 || len(keep) == 0 {
		return gone
	}
	Y := mat.NewDense(len(keep), T, nil)
	rois := make([]int, len(keep))
	for k, i := range keep {
		Y.SetRow(k, in.Y.RawRowView(i))
		rois[k] = in.rois[i]
	}
	in.Y, in.rois = Y, rois
	return gone
}

// joinInts formats ROI numbers as "3, 7, 12" (the first 10, then "…").
func joinInts(v []int) string {
	var b strings.Builder
	for i, x := range v {
		if i == 10 {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", x)
	}
	return b.String()
}
