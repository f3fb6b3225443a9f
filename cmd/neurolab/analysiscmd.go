package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"

	"github.com/spf13/cobra"

	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/report"
)

// The plumbing that the analysis commands for users' own recordings share:
// reading their input arrays, running with a progress bar, and writing
// their figures and JSON.

// commandProgress starts the progress bar of an analysis command (a
// variable so that tests can record what the commands report).
var commandProgress = newProgress

// withProgress returns a cobra RunE that calls run with the callback of a
// progress bar labelled with the command's name.
func withProgress(run func(c *cobra.Command, update func(float64)) error) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, _ []string) error {
		update, done := commandProgress(c.Name())
		defer done()
		// The bar goes before the command's summary line is printed, which
		// otherwise ran on from the bar's line on a terminal.
		// Warnings printed while it runs go on a line of their own.
		c.SetOut(doneFirst{w: c.OutOrStdout(), done: done})
		c.SetErr(doneFirst{w: c.ErrOrStderr(), done: clearProgressLine})
		return run(c, update)
	}
}

// doneFirst is a writer that calls done before passing each write on to
// w (done may be called more than once).
type doneFirst struct {
	w    io.Writer
	done func()
}

func (d doneFirst) Write(p []byte) (int, error) {
	d.done()
	return d.w.Write(p)
}

// readFinite reads the .npy file path, refusing NaN and Inf; with rank > 0
// it must have that many non-empty axes (what names them, e.g. "trials ×
// neurons").
func readFinite(path string, rank int, what string) (*npy.Array, error) {
	var a *npy.Array
	var err error
	if rank > 0 {
		a, err = npy.ReadRank(path, rank, what)
	} else {
		a, err = npy.Read(path)
	}
	if err == nil {
		err = a.CheckFinite(path)
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// analysisErr is the error of c's analysis of the input in that stopped with
// err: interrupted (exit 3, nothing written to out) when ctx was cancelled,
// otherwise an input error naming in.
func analysisErr(ctx context.Context, c *cobra.Command, out, in string, err error) error {
	if ctx.Err() != nil {
		return analysisInterrupted(c.Name(), out)
	}
	return experiment.Inputf("%s: %v", in, err)
}

// writeResults writes figs into the folder dir, then the JSON file name
// holding v, whose field *figures lists the figure files: figures first, so
// that a run that fails writing one leaves no JSON behind.
func writeResults(dir, name string, figs []experiment.Figure, v any, figures *[]string) error {
	return writeResultsWith(dir, figs, figures, func() error { return report.WriteJSON(filepath.Join(dir, name), v) })
}

// writeResultsArray is writeResults with v's top-level field key (null in
// v) holding values, streamed into the file (report.WriteJSONArrayField).
func writeResultsArray(dir, name string, figs []experiment.Figure, v any, figures *[]string, key string, values []float64) error {
	return writeResultsWith(dir, figs, figures, func() error {
		return report.WriteJSONArrayField(filepath.Join(dir, name), v, key, values)
	})
}

// writeResultsWith writes figs into dir, sets *figures, then calls
// writeJSON.
func writeResultsWith(dir string, figs []experiment.Figure, figures *[]string, writeJSON func() error) error {
	if err := checkOut(dir); err != nil {
		return err
	}
	files, err := report.WriteFigures(dir, figs)
	if err != nil {
		return err
	}
	*figures = files
	return writeJSON()
}

// trialFigureSide is the most rows (and columns) of a trial × trial figure
// (remap's similarity, maps' PV correlation): more trials are averaged in
// that many runs by trialBlocks. Its square is above fig.RasterCells, so
// that such a figure is drawn as an image.
const trialFigureSide = 500

// trialBlocks returns the T × T matrix m (row-major, T > trialFigureSide)
// block-averaged to trialFigureSide a side: the trials are split into
// trialFigureSide runs of consecutive trials whose lengths differ by at
// most one, and each cell is the mean of the finite entries between the
// trials of two runs, a trial with itself left out (blank when there are
// none), drawn at the runs' place in trial numbers (−0.5 … T − 0.5). It
// also returns, for the caption, "the T trials are cut into N runs of k
// (or k or k+1) consecutive trials".
func trialBlocks(m []float64, T int) (fig.Grid, string) {
	n := trialFigureSide
	start := func(k int) int { return k * T / n } // run k is trials start(k)..start(k+1)−1
	g := fig.Grid{Rows: n, Cols: n, Data: make([]float64, n*n), X: make([]float64, n)}
	for k := range g.X {
		// Runs drawn evenly over the trials −0.5..T−0.5, each edge less
		// than a trial from its run's.
		g.X[k] = (float64(k)+0.5)*float64(T)/float64(n) - 0.5
	}
	g.Y = g.X
	for p := 0; p < n; p++ {
		for q := 0; q < n; q++ {
			sum, cnt := 0.0, 0
			for i := start(p); i < start(p+1); i++ {
				for j := start(q); j < start(q+1); j++ {
					if v := m[i*T+j]; i != j && !math.IsNaN(v) {
						sum += v
						cnt++
					}
				}
			}
			g.Data[p*n+q] = math.NaN()
			if cnt > 0 {
				g.Data[p*n+q] = sum / float64(cnt)
			}
		}
	}
	lo := T / n
	runs := fmt.Sprintf("%d", lo)
	if T%n != 0 {
		runs = fmt.Sprintf("%d or %d", lo, lo+1)
	}
	return g, fmt.Sprintf("the %d trials are cut into %d runs of %s consecutive trials", T, n, runs)
}
