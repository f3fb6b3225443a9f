package deconv

import (
	"context"
	"fmt"
	"sync"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// DeconvolveRows runs Deconvolve with opt on every row of Y (cells ×
// frames) on up to opt.Workers goroutines (0 and 1 both mean serial) and
// returns one Result per row. Rows are independent and each is solved
// exactly as Deconvolve solves it alone, so the results do not depend on
// opt.Workers. A row that fails returns its error, prefixed with the row
// index (the lowest failing row when several fail; errors.Is(err,
// ErrTooShort) and errors.Is(err, experiment.ErrInput) still hold); a nil or
// empty Y and a negative opt.Workers are input errors; a cancelled ctx stops
// between rows and returns ctx.Err().
func DeconvolveRows(ctx context.Context, Y *mat.Dense, opt Options) ([]Result, error) {
	if opt.Workers < 0 {
		return nil, experiment.Inputf("deconv: Options.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", opt.Workers)
	}
	if Y == nil || Y.IsEmpty() {
		return nil, experiment.Inputf("deconv: DeconvolveRows of an empty matrix (want cells × frames, at least 1×1)")
	}
	rows, _ := Y.Dims()
	out := make([]Result, rows)
	// Workspaces (OASIS pools, λ-search scratch) are reused across rows;
	// a row's result does not depend on the workspace it is solved in.
	pool := sync.Pool{New: func() any { return new(Workspace) }}
	err := num.ParallelFor(ctx, opt.Workers, rows, func(i int) error {
		ws := pool.Get().(*Workspace)
		defer pool.Put(ws)
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
