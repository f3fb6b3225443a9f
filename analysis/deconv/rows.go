package deconv

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// DeconvolveRows runs Deconvolve with opt on every row of Y (cells ×
// frames) on up to workers goroutines (workers < 1 means 1) and returns one
// Result per row. Rows are independent and each is solved exactly as
// Deconvolve solves it alone, so the results do not depend on workers. A
// row that fails returns its error, prefixed with the row index (the lowest
// failing row when several fail; errors.Is(err, ErrTooShort) and
// errors.Is(err, experiment.ErrInput) still hold); a nil or empty Y is an
// input error; a cancelled ctx stops between rows and returns ctx.Err().
func DeconvolveRows(ctx context.Context, Y *mat.Dense, opt Options, workers int) ([]Result, error) {
	if Y == nil || Y.IsEmpty() {
		return nil, experiment.Inputf("deconv: DeconvolveRows of an empty matrix (want cells × frames, at least 1×1)")
	}
	rows, _ := Y.Dims()
	out := make([]Result, rows)
	err := num.ParallelFor(ctx, workers, rows, func(i int) error {
		var ws Workspace
		r, err := ws.Deconvolve(mat.Row(nil, i, Y), opt)
		if err != nil {
			return fmt.Errorf("deconv: row %d: %w", i, err)
		}
		out[i] = *r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
