package main

import (
	"context"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"neurolab/dataio/npy"
	"neurolab/experiment"
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
	if err := checkOut(dir); err != nil {
		return err
	}
	files, err := report.WriteFigures(dir, figs)
	if err != nil {
		return err
	}
	*figures = files
	return report.WriteJSON(filepath.Join(dir, name), v)
}
