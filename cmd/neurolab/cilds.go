package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

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
		Use:   "cilds (--npy F.npy --fs HZ | --suite2p DIR | --nwb FILE) --dims K [--trials trials.npy]",
		Short: "Extract latent dynamics from calcium fluorescence with CILDS (Koh et al. 2023)",
		Long: "Fit the calcium imaging linear dynamical system (latent LDS driving per-neuron AR(1)\n" +
			"calcium, observed with noise) by EM, initialised from OASIS and an LDS on the inferred\n" +
			"spikes. Trials: --trials gives trial onsets (frame indices, 1-D .npy); every trial then\n" +
			"has the length of the shortest gap, or --trial-frames. Without --trials the recording is\n" +
			"cut into --trial-frames chunks, or used as one trial. Writes latents.npy ((trials·frames)\n" +
			"× K, float32, trials concatenated), calcium.npy (cells × (trials·frames)), cilds.json and\n" +
			"cilds.png into --out.",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runCilds(c, f) },
	}
	f.in.register(c, true)
	fl := c.Flags()
	fl.StringVar(&f.out, "out", "cilds-out", "output directory")
	fl.IntVar(&f.dims, "dims", 0, "latent dimensionality K (required; fewer than the number of cells)")
	fl.StringVar(&f.trialsPath, "trials", "", "1-D .npy of trial onset frames")
	fl.IntVar(&f.trialFrames, "trial-frames", 0, "frames per trial (default: the shortest gap between onsets, or the whole recording)")
	fl.IntVar(&f.iters, "iters", 200, "EM iterations")
	fl.IntVar(&f.workers, "workers", 2, "goroutines (never changes results)")
	return c
}

// cutTrials returns the trial onsets and the common trial length.
func cutTrials(f cildsFlags, frames int) ([]int, int, error) {
	if f.trialFrames < 0 {
		return nil, 0, usagef("--trial-frames must be ≥ 0")
	}
	if f.trialsPath == "" {
		L := f.trialFrames
		if L == 0 || L > frames {
			L = frames
		}
		var on []int
		for s := 0; s+L <= frames; s += L {
			on = append(on, s)
		}
		return on, L, nil
	}
	v, err := suite2p.Vector(f.trialsPath)
	if err != nil {
		return nil, 0, err
	}
	if len(v) == 0 {
		return nil, 0, experiment.Inputf("%s: no trial onsets", f.trialsPath)
	}
	on := make([]int, len(v))
	L := frames
	for i, x := range v {
		if x != math.Trunc(x) || x < 0 || x >= float64(frames) {
			return nil, 0, experiment.Inputf("%s: onset %d = %v is not a frame index in [0, %d)", f.trialsPath, i, x, frames)
		}
		on[i] = int(x)
		if i > 0 && on[i] <= on[i-1] {
			return nil, 0, experiment.Inputf("%s: onsets must increase (onset %d = %d after %d)", f.trialsPath, i, on[i], on[i-1])
		}
		if i > 0 {
			L = min(L, on[i]-on[i-1])
		}
	}
	L = min(L, frames-on[len(on)-1])
	if f.trialFrames > 0 {
		if f.trialFrames > L {
			return nil, 0, experiment.Inputf("%s: --trial-frames %d exceeds the shortest trial (%d frames)", f.trialsPath, f.trialFrames, L)
		}
		L = f.trialFrames
	}
	return on, L, nil
}

func runCilds(c *cobra.Command, f cildsFlags) error {
	if f.iters < 1 {
		return usagef("--iters must be ≥ 1")
	}
	in, err := f.in.read()
	if err != nil {
		return err
	}
	n, T := in.Y.Dims()
	if f.dims < 1 || f.dims >= n {
		return usagef("--dims must be in [1, %d) for %d cells", n, n)
	}
	on, L, err := cutTrials(f, T)
	if err != nil {
		return err
	}
	if L < 3 {
		return experiment.Inputf("%s: trials of %d frames are too short (need ≥ 3)", in.source, L)
	}
	Y := make([]*mat.Dense, len(on))
	for k, s := range on {
		Y[k] = mat.NewDense(L, n, nil)
		for t := 0; t < L; t++ {
			for i := 0; i < n; i++ {
				Y[k].Set(t, i, in.Y.At(i, s+t))
			}
		}
	}
	ctx := c.Context()
	m, err := dimred.InitCILDS(ctx, Y, f.dims, 100)
	if err != nil {
		return fmt.Errorf("cilds: initialisation: %w", err)
	}
	update, done := newProgress("cilds EM")
	defer done()
	lls, err := m.Fit(ctx, Y, dimred.FitOptions{Iters: f.iters, Workers: f.workers, Progress: update})
	if err != nil {
		return &experiment.DivergedError{What: "CILDS EM (" + err.Error() + ")", T: float64(len(lls)), Unit: "iterations",
			Hint: "try fewer --dims or check the input for constant traces"}
	}
	done()
	posts, _, err := m.EStep(ctx, Y, f.workers)
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
	for _, v := range append(Z.RawMatrix().Data, Cal.RawMatrix().Data...) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &experiment.DivergedError{What: "CILDS latents", Unit: "iterations", T: float64(len(lls))}
		}
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("cilds: %w", err)
	}
	for name, mm := range map[string]*mat.Dense{"latents.npy": Z, "calcium.npy": Cal} {
		b, err := suite2p.WriteFloat32(mm)
		if err != nil {
			return err
		}
		if err := report.WriteFileAtomic(filepath.Join(f.out, name), b); err != nil {
			return err
		}
	}
	summary := map[string]any{"input": in.source, "cells": n, "dims": K, "trial_onsets": on, "trial_frames": L,
		"fs_hz": in.fs, "log_likelihood": lls, "calcium_decay_G": m.G, "latent_decay_D": m.D,
		"method": "CILDS EM (Koh et al. 2023), init OASIS + LDS"}
	if err := report.WriteJSON(filepath.Join(f.out, "cilds.json"), summary); err != nil {
		return err
	}
	if _, err := report.WriteFigures(f.out, []experiment.Figure{cildsFigure(in.fs, Z, L, lls)}); err != nil {
		return err
	}
	fmt.Fprintf(c.OutOrStdout(), "CILDS: %d cells, %d trials × %d frames, %d latents, log-likelihood %.6g -> %.6g; wrote %s\n",
		n, len(on), L, K, lls[0], lls[len(lls)-1], f.out)
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
