package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/analysis/deconv"
	"neurolab/dataio/nwb"
	"neurolab/dataio/suite2p"
	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/internal/num"
	"neurolab/report"
)

// traceInput is a set of fluorescence traces read from one of the supported
// formats.
type traceInput struct {
	source string     // file or folder, for messages
	Y      *mat.Dense // cells × frames
	rois   []int      // ROI index of each row
	fs     float64    // frame rate, Hz (0: unknown)
	tau    float64    // indicator decay, s (0: unknown)
	// neucoeff is the neuropil coefficient used with --suite2p, and
	// neucoeffFrom where it came from: "--neucoeff", "ops.npy" or
	// "Suite2p's default".
	neucoeff     float64
	neucoeffFrom string
	// layout is set when an --npy array has more rows (cells) than
	// columns (frames): it asks whether the array is transposed.
	layout string
}

// layoutNote returns, for an --npy array of rows × cols with more rows than
// columns, the note asking whether it is frames × cells; "" otherwise.
func layoutNote(path string, rows, cols int) string {
	if rows <= cols {
		return ""
	}
	return fmt.Sprintf("%s: %d cells × %d frames: more cells than frames; is the array frames × cells? neurolab wants cells × frames (np.save('%s', F.T))",
		path, rows, cols, filepath.Base(path))
}

// withLayout appends the transposition note to a per-cell error message.
func (in *traceInput) withLayout(msg string) string {
	if in.layout == "" {
		return msg
	}
	_, after, _ := strings.Cut(in.layout, ": ")
	return msg + "; " + after
}

// inputFlags are the input options shared by deconvolve and cilds.
type inputFlags struct {
	suite2pDir, npyPath, nwbPath, series string
	fs, tau, neucoeff                    float64
	allowNaN                             bool // keep NaN frames (deconvolve); reject them otherwise
}

func (f *inputFlags) register(fs *cmdFlags, withTau bool) {
	fs.Dir(&f.suite2pDir, "suite2p", "Suite2p plane folder holding F.npy, Fneu.npy, iscell.npy and ops.npy", false)
	fs.File(&f.npyPath, "npy", "FILE.npy", "cells × frames fluorescence (any float32/64, integer or bool dtype); needs --fs", false)
	fs.File(&f.nwbPath, "nwb", "FILE.nwb", "NWB file (needs a build with -tags hdf5)", false)
	fs.String(&f.series, "series", "PATH", "processing/ophys/Fluorescence/RoiResponseSeries", "path of the RoiResponseSeries inside the NWB file", nil)
	fs.Float(&f.fs, "fs", "HZ", 0, "frame rate (required with --npy; overrides ops.npy and the NWB rate)",
		zeroOr("from ops.npy or the NWB file", above("a frame rate", 0, "Hz")))
	fs.Float(&f.neucoeff, "neucoeff", "X", 0.7, "with --suite2p: traces are F − neucoeff·Fneu; when not given, ops.npy's neucoeff, else Suite2p's default 0.7", within("a coefficient", 0, 10))
	if withTau {
		fs.Float(&f.tau, "tau", "S", 0, "indicator decay time constant, s",
			zeroOr("ops.npy's tau, else estimated from the data", above("a time constant", 0, "s")))
	}
}

// read loads the traces named by the flags; warnings (an --npy array that
// looks transposed) go to stderr.
func (f *inputFlags) read(c *cobra.Command) (*traceInput, error) {
	stderr := c.ErrOrStderr()
	n := 0
	for _, s := range []string{f.suite2pDir, f.npyPath, f.nwbPath} {
		if s != "" {
			n++
		}
	}
	if n == 0 {
		return nil, requiredErr(c, "--suite2p DIR, --npy FILE.npy or --nwb FILE.nwb")
	}
	if n > 1 {
		return nil, experiment.Inputf("--suite2p, --npy and --nwb are alternatives: give one input, not %d %s", n, helpHint(c))
	}
	in := &traceInput{fs: f.fs, tau: f.tau}
	switch {
	case f.suite2pDir != "":
		p, err := suite2p.ReadPlaneWith(f.suite2pDir, suite2p.ReadOptions{AllowNaN: f.allowNaN})
		if err != nil {
			return nil, err
		}
		in.source = f.suite2pDir
		in.neucoeff, in.neucoeffFrom = f.neucoeff, "Suite2p's default"
		switch {
		case c.Flags().Changed("neucoeff"):
			in.neucoeffFrom = "--neucoeff"
		case p.Ops.HasNeucoeff && p.Ops.Neucoeff >= 0 && p.Ops.Neucoeff <= 10:
			in.neucoeff, in.neucoeffFrom = p.Ops.Neucoeff, "ops.npy"
		case p.Ops.HasNeucoeff:
			fmt.Fprintf(stderr, "neurolab: warning: %s: ops.npy's neucoeff %g is outside [0, 10]; using %g (pass --neucoeff to choose)\n",
				f.suite2pDir, p.Ops.Neucoeff, f.neucoeff)
		}
		in.Y, in.rois = p.CorrectedInPlace(in.neucoeff) // F's storage: one recording-sized matrix fewer
		if in.fs == 0 {
			in.fs = p.Ops.Fs
		}
		if in.tau == 0 {
			in.tau = p.Ops.Tau
		}
		if in.fs == 0 {
			why := "ops.npy has no fs"
			if p.OpsErr != nil {
				why = p.OpsErr.Error()
			}
			return nil, experiment.Inputf("%s: frame rate unknown (%s); pass --fs", f.suite2pDir, why)
		}
	case f.npyPath != "":
		if f.fs == 0 {
			return nil, experiment.Inputf("--fs HZ is required with --npy %s", helpHint(c))
		}
		Y, err := suite2p.MatrixWith(f.npyPath, suite2p.ReadOptions{AllowNaN: f.allowNaN})
		if err != nil {
			return nil, err
		}
		in.source, in.Y = f.npyPath, Y
		if r, c := Y.Dims(); r > c {
			in.layout = layoutNote(f.npyPath, r, c)
			fmt.Fprintln(stderr, "neurolab: warning:", in.layout)
		}
	default:
		s, err := nwb.ReadSeriesWith(f.nwbPath, f.series, nwb.ReadOptions{AllowNaN: f.allowNaN})
		if err != nil {
			return nil, err
		}
		in.source = f.nwbPath
		in.Y = mat.NewDense(s.ROIs, s.Frame, nil)
		for r, row := range s.Data {
			in.Y.SetRow(r, row)
		}
		if in.fs == 0 {
			in.fs = s.Rate
		}
	}
	if in.rois == nil {
		r, _ := in.Y.Dims()
		in.rois = make([]int, r)
		for i := range in.rois {
			in.rois[i] = i
		}
	}
	return in, nil
}

type deconvolveFlags struct {
	in       inputFlags
	out      string
	workers  int
	smin     float64
	baseline bool
	ar       int     // AR order, 1 or 2
	tauRise  float64 // indicator rise time constant in s (AR(2); 0: estimate)
}

// deconvCell is the per-cell summary written to deconvolve.json.
type deconvCell struct {
	ROI      int     `json:"roi"`
	G        float64 `json:"g"`
	G2       float64 `json:"g2,omitempty"`
	Noise    float64 `json:"noise_sd"`
	Lambda   float64 `json:"lambda"`
	Baseline float64 `json:"baseline"`
	Spikes   float64 `json:"total_spikes"`
	Missing  int     `json:"missing_frames,omitempty"` // NaN frames (NaN in the outputs too)
	Skipped  string  `json:"skipped,omitempty"`        // why the cell was not deconvolved
	Constant bool    `json:"constant,omitempty"`       // every finite frame has the same value: no signal, no spikes
}

func newDeconvolveCmd() *cobra.Command {
	var f deconvolveFlags
	c := &cobra.Command{
		Use:   "deconvolve (--suite2p DIR | --npy FILE.npy --fs HZ | --nwb FILE.nwb) [flags]",
		Short: "Infer spikes from calcium fluorescence with OASIS (Friedrich et al. 2017)",
		Long: "Deconvolve each cell's fluorescence with OASIS AR(1): noise level from the power spectrum,\n" +
			"decay from tau (exp(−1/(tau·fs))) or else from the autocovariance, the noise-constrained\n" +
			"sparsity penalty, and a constant baseline. Writes spikes.npy and calcium.npy (cells × frames,\n" +
			"float32; float64 if a value lies outside float32's range), deconvolve.json (per-cell\n" +
			"parameters) and deconvolve.png into --out.\n" +
			"NaN frames (dropped or corrupted frames) stay NaN in the outputs; each run of finite frames\n" +
			"is deconvolved on its own. A cell without finite frames is skipped (NaN rows, said in the JSON).\n\n" +
			"--ar 2 uses the AR(2) model c_t = g1 c_{t−1} + g2 c_{t−2} + s_t, which also follows the\n" +
			"indicator's rise (solved exactly: OASIS AR(2) refined to the optimum by an active-set method).\n" +
			"g1 = d + r and g2 = −d·r come from --tau and --tau-rise (d = exp(−1/(tau·fs)),\n" +
			"r = exp(−1/(tau_rise·fs))) when both are known, otherwise from the autocovariance.",
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runDeconvolve(c, f) },
	}
	fs := newCmdFlags(c)
	f.in.register(fs, true)
	f.in.allowNaN = true
	fs.Int(&f.ar, "ar", "N", 1, "order of the calcium model: 1 (decay only) or 2 (rise and decay)", oneOf("1", "2"))
	fs.Float(&f.tauRise, "tau-rise", "S", 0, "indicator rise time constant, s, with --ar 2 and a known decay (--tau or ops.npy)",
		zeroOr("g1, g2 estimated from the data", above("a time constant", 0, "s")))
	fs.Float(&f.smin, "smin", "X", 0, "minimum spike size (0: none)", atLeast("a size", 0, ""))
	fs.Bool(&f.baseline, "baseline", true, "estimate a constant baseline per cell (--baseline=false: none)")
	fs.Out(&f.out, "deconvolve-out")
	fs.Workers(&f.workers)
	fs.finish("  neurolab deconvolve --suite2p suite2p/plane0 --out plane0-spikes\n" +
		"  neurolab deconvolve --npy F.npy --fs 30 --tau 0.4 --ar 2 --tau-rise 0.05")
	return c
}

func runDeconvolve(c *cobra.Command, f deconvolveFlags) error {
	if f.tauRise > 0 && f.ar != 2 {
		return badFlag("tau-rise", f.tauRise, "0 unless --ar 2 (a rise time needs the AR(2) model)")
	}
	in, err := f.in.read(c)
	if err != nil {
		return err
	}
	n, T := in.Y.Dims()
	if f.tauRise > 0 && in.tau == 0 {
		return badFlag("tau-rise", f.tauRise, "0 unless the decay time constant is known (--tau, or tau in ops.npy)")
	}
	// A decay time constant so short or so long for the frame rate that the
	// decay per frame exp(−1/(tau·fs)) is 0 or 1 in floating point would be
	// silently replaced by an estimate (g = 0 means "estimate") or fail
	// cell by cell: stop here, naming where tau came from.
	if in.tau > 0 && (f.ar == 1 || f.tauRise > 0) {
		if tf := in.tau * in.fs; !(tf >= minTauFrames && tf <= maxTauFrames) {
			want := fmt.Sprintf("a time constant between %.3g and %.3g s at %g Hz (tau·fs, the decay in frames, between 1/%g and %g)",
				minTauFrames/in.fs, maxTauFrames/in.fs, in.fs, 1/minTauFrames, maxTauFrames)
			if f.in.tau > 0 {
				return badFlag("tau", f.in.tau, "%s", want)
			}
			return experiment.Inputf("%s: ops.npy's tau = %g s: want %s; pass --tau", in.source, in.tau, want)
		}
	}
	// tauUsed is the decay time constant the model is built from (0: g
	// estimated per cell): --ar 2 without --tau-rise estimates g1 and g2,
	// so a known tau is not used; say so rather than report it in the JSON.
	tauUsed := in.tau
	if f.ar == 2 && f.tauRise == 0 && in.tau > 0 {
		tauUsed = 0
		from := "--tau"
		if f.in.tau == 0 {
			from = "ops.npy's tau"
		}
		fmt.Fprintf(c.ErrOrStderr(), "deconvolve: note: --ar 2 without --tau-rise estimates g1, g2 from each cell's autocovariance; %s (%g s) is not used (give --tau-rise to build both from the time constants)\n", from, in.tau)
	}
	g, g2 := 0.0, 0.0
	switch {
	case f.ar == 1 && in.tau > 0:
		if g, err = deconv.DecayFromTau(in.tau, in.fs); err != nil {
			return err
		}
	case f.ar == 2 && in.tau > 0 && f.tauRise > 0:
		if f.tauRise >= in.tau {
			return badFlag("tau-rise", f.tauRise, "a rise time constant shorter than the decay time constant (%g s)", in.tau)
		}
		if g, g2, err = deconv.AR2FromTaus(in.tau, f.tauRise, in.fs); err != nil {
			return err
		}
	}
	C, S := mat.NewDense(n, T, nil), mat.NewDense(n, T, nil)
	cells := make([]deconvCell, n)
	update, done := newProgress("deconvolve")
	defer done()
	tally := num.NewTally(n, update)
	wsPool := sync.Pool{New: func() any { return new(deconv.Workspace) }}
	err = num.ParallelFor(c.Context(), f.workers, n, func(i int) error {
		defer tally.Step()
		y := in.Y.RawRowView(i)
		missing := 0
		for _, v := range y {
			if math.IsNaN(v) {
				missing++
			}
		}
		if missing == T {
			for t := range T {
				C.Set(i, t, math.NaN())
				S.Set(i, t, math.NaN())
			}
			cells[i] = deconvCell{ROI: in.rois[i], Missing: missing, Skipped: "no finite frame"}
			return nil
		}
		ws := wsPool.Get().(*deconv.Workspace) // buffers reused across cells (results do not depend on them)
		defer wsPool.Put(ws)
		r, err := ws.Deconvolve(y, deconv.Options{AR: f.ar, G: g, G2: g2, Constrained: true, Baseline: f.baseline, SMin: f.smin})
		if err != nil {
			msg := fmt.Sprintf("%s: cell %d (ROI %d): %v", in.source, i, in.rois[i], err)
			if errors.Is(err, deconv.ErrTooShort) {
				msg = in.withLayout(msg)
			}
			return experiment.Inputf("%s", msg)
		}
		C.SetRow(i, r.C)
		S.SetRow(i, r.S)
		tot := 0.0
		for _, v := range r.S {
			if !math.IsNaN(v) {
				tot += v
			}
		}
		cells[i] = deconvCell{ROI: in.rois[i], G: r.G, G2: r.G2, Noise: r.Sn, Lambda: r.Lambda, Baseline: r.B, Spikes: tot, Missing: missing,
			Constant: r.Constant}
		return nil
	})
	if err != nil {
		if ctx := c.Context(); ctx != nil && ctx.Err() != nil {
			return analysisInterrupted("deconvolve", f.out)
		}
		return err
	}
	done()
	if err := checkOut(f.out); err != nil {
		return err
	}
	dtype, err := writeTraceFiles(c.ErrOrStderr(), f.out, map[string]*mat.Dense{"spikes.npy": S, "calcium.npy": C})
	if err != nil {
		return err
	}
	summary := map[string]any{"input": in.source, "cells": n, "frames": T, "fs_hz": in.fs, "tau_s": tauUsed,
		"method": fmt.Sprintf("OASIS AR(%d), noise-constrained lambda (Friedrich et al. 2017)", f.ar), "ar": f.ar, "per_cell": cells,
		"npy_dtype": dtype}
	if f.tauRise > 0 {
		summary["tau_rise_s"] = f.tauRise
	}
	if f.in.suite2pDir != "" {
		summary["neucoeff"] = in.neucoeff
		summary["neucoeff_from"] = in.neucoeffFrom
	}
	var nanFrames, skipped int
	for _, cl := range cells {
		nanFrames += cl.Missing
		if cl.Skipped != "" {
			skipped++
		}
	}
	if nanFrames > 0 {
		summary["nan_frames"] = nanFrames
		fmt.Fprintf(c.ErrOrStderr(), "deconvolve: %d NaN frames over %d cells are NaN in the outputs too", nanFrames, n)
		if skipped > 0 {
			fmt.Fprintf(c.ErrOrStderr(), "; %d cell(s) without finite frames were skipped", skipped)
		}
		fmt.Fprintln(c.ErrOrStderr())
	}
	var constant []int
	for _, cl := range cells {
		if cl.Constant {
			constant = append(constant, cl.ROI)
		}
	}
	if len(constant) > 0 {
		summary["constant_cells"] = len(constant)
		est := "noise_sd 0"
		if g == 0 {
			est = "noise_sd and g 0"
		}
		fmt.Fprintf(c.ErrOrStderr(), "deconvolve: warning: %d cell(s) with a constant trace (no signal: no spikes, %s; \"constant\" in deconvolve.json): ROI %s\n",
			len(constant), est, joinInts(constant))
	}
	if err := report.WriteJSON(filepath.Join(f.out, "deconvolve.json"), summary); err != nil {
		return err
	}
	figs, err := report.WriteFigures(f.out, []experiment.Figure{deconvolveFigure(in, C, S)})
	if err != nil {
		return err
	}
	printDone(c, fmt.Sprintf("%d cells × %d frames from %s, OASIS AR(%d)", n, T, in.source, f.ar), f.out,
		[]string{"spikes.npy", "calcium.npy", "deconvolve.json"}, len(figs))
	return nil
}

// analysisInterrupted is the error of an analysis command stopped by Ctrl-C (or
// SIGTERM) before it wrote its results: exit status 3, as for neurolab run.
func analysisInterrupted(cmd, out string) error {
	return &exitError{code: exitRun, err: fmt.Errorf("%s interrupted; no result written to %s", cmd, out)}
}

// deconvolveFigure has two panels: the first three cells over a readable
// window (fluorescence, inferred calcium plus baseline, and spikes in a band
// beneath each trace), and every cell's inferred spikes summed in time bins
// as a heat map (cells in input order × time).
func deconvolveFigure(in *traceInput, C, S *mat.Dense) experiment.Figure {
	n, T := in.Y.Dims()
	// Example window: the first exampleWindowS seconds (all of a shorter
	// recording), so single transients stay visible in long sessions.
	w := T
	if lim := int(math.Round(exampleWindowS * in.fs)); lim >= 2 && lim < T {
		w = lim
	}
	ts := make([]float64, w)
	for t := range ts {
		ts[t] = float64(t) / in.fs
	}
	win := "the whole recording"
	if w < T {
		win = fmt.Sprintf("the first %.0f s", float64(w)/in.fs)
	}
	p := fig.New(fmt.Sprintf("Example cells, %s", win), "time (s)", "")
	var ticks []plot.Tick
	off := 0.0
	for i := min(n, 3) - 1; i >= 0; i-- { // first cell on top
		y, c, s := in.Y.RawRowView(i)[:w], C.RawRowView(i)[:w], S.RawRowView(i)[:w]
		lo, hi := rangeOf(y)
		_, smax := rangeOf(s)
		span := math.Max(hi-lo, 1e-12)
		band := 0.25 * span // spikes drawn in a band of a quarter of the trace's range
		scale := 0.0
		if smax > 0 {
			scale = band / smax
		}
		sp, yy, cc := make([]float64, w), make([]float64, w), make([]float64, w)
		b := baselineOf(in.Y.RawRowView(i), C.RawRowView(i))
		for t := range w {
			sp[t] = off + s[t]*scale
			yy[t] = off + band*1.2 + y[t] - lo
			cc[t] = off + band*1.2 + c[t] + b - lo
		}
		lbl := func(s string) string {
			if i == 0 {
				return s
			}
			return ""
		}
		fig.Line(p, ts, yy, lbl("fluorescence"), fig.Gray)
		fig.Line(p, ts, cc, lbl("calcium (+ baseline)"), fig.Color(0))
		fig.Line(p, ts, sp, lbl("spikes (scaled)"), fig.Color(1))
		ticks = append(ticks, plot.Tick{Value: off + band*1.2 + (span)/2, Label: fmt.Sprintf("ROI %d", in.rois[i])})
		off += band*1.2 + span*1.15
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -0.05*off, off*(1+0.3/float64(max(1, min(n, 3)))) // headroom for the legend

	// Population: spikes summed in bins of at least one frame, at most
	// rasterBins bins over the recording.
	bin := max(1, int(math.Ceil(float64(T)/rasterBins)), int(math.Round(in.fs)))
	if T/bin < 10 { // a short recording: finer bins
		bin = max(1, T/10)
	}
	nb := (T + bin - 1) / bin
	g := fig.Grid{Rows: n, Cols: nb, Data: make([]float64, n*nb), X: make([]float64, nb), Y: make([]float64, n)}
	for j := range g.X {
		g.X[j] = (float64(j*bin) + float64(min(bin, T-j*bin))/2) / in.fs
	}
	for i := range n {
		g.Y[i] = float64(i)
		row := S.RawRowView(i)
		for t, v := range row {
			if !math.IsNaN(v) {
				g.Data[i*nb+t/bin] += v
			}
		}
	}
	r := fig.New(fmt.Sprintf("Inferred spikes of all %d cells", n), "time (s)", "cell (row of spikes.npy)")
	fig.HeatMapLabel(r, g, false, fmt.Sprintf("spikes per %.3g s bin (a.u.)", float64(bin)/in.fs))
	return experiment.Figure{Name: "deconvolve",
		Caption: fmt.Sprintf("OASIS on %s: example traces over %s, and every cell's inferred spikes.", in.source, win),
		Panels:  [][]*plot.Plot{{p}, {r}}, Width: 7.5 * vg.Inch, Height: 8 * vg.Inch}
}

// The range of tau·fs (the decay time constant in frames) for which the
// decay per frame exp(−1/(tau·fs)) is strictly between 0 and 1 in float64,
// with margin: e^−700 ≈ 1e−304 > 0 and e^−1e−15 < 1.
const (
	minTauFrames = 1.0 / 700
	maxTauFrames = 1e15
)

const (
	exampleWindowS = 60  // seconds of the example traces
	rasterBins     = 600 // at most this many time bins in the population heat map
)

// rangeOf returns the smallest and largest finite value of v (0, 0 if none).
func rangeOf(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if lo > hi {
		return 0, 0
	}
	return lo, hi
}

// baselineOf returns mean(y − c), the constant offset between trace and
// calcium, over the frames where both are finite.
func baselineOf(y, c []float64) float64 {
	s, k := 0.0, 0
	for t := range y {
		if d := y[t] - c[t]; !math.IsNaN(d) && !math.IsInf(d, 0) {
			s += d
			k++
		}
	}
	if k == 0 {
		return 0
	}
	return s / float64(k)
}

// writeTraceFiles writes each matrix to DIR/NAME (.npy, atomically) as
// float32, or, when a finite value lies outside float32's normal range
// (|v| > 3.4e38 would become ±Inf, 0 < |v| < 1.2e-38 would lose its
// precision or become 0), all of them as float64 with a warning on stderr.
// It returns the dtype written.
func writeTraceFiles(stderr io.Writer, dir string, files map[string]*mat.Dense) (string, error) {
	wide := false
	for _, m := range files {
		for _, v := range m.RawMatrix().Data {
			if a := math.Abs(v); !math.IsInf(a, 0) && (a > math.MaxFloat32 || a != 0 && a < 0x1p-126) {
				wide = true
			}
		}
	}
	dtype := "float32"
	if wide {
		dtype = "float64"
		fmt.Fprintln(stderr, "neurolab: warning: some values lie outside float32's range (|v| > 3.4e38 or below 1.2e-38); the .npy files are float64")
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		encode := suite2p.WriteFloat32
		if wide {
			encode = suite2p.WriteFloat64
		}
		b, err := encode(files[name])
		if err != nil {
			return "", err
		}
		if err := report.WriteFileAtomic(filepath.Join(dir, name), b); err != nil {
			return "", err
		}
	}
	return dtype, nil
}
