package transients

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// LSQTrace writes the cell's least-squares time course over a whole movie
// into dst and returns it: dst[t] is the amplitude a of LSQ on frame t,
// a = (PᵀP)⁻¹Pᵀf over the Fitter's window (the first step of Gauthier et
// al. 2022; estimateTimeCoursesWithSEUDO.m without SEUDO). movie is
// frame-major (frame t at t·Size²) and must hold a whole number of frames;
// dst, if not nil, must have one value per frame (nil allocates it).
func (ft *Fitter) LSQTrace(dst, movie []float64) []float64 {
	nn := ft.size * ft.size
	if len(movie)%nn != 0 {
		panic(fmt.Sprintf("transients: LSQTrace of a movie of %d values, not a whole number of %d×%d frames", len(movie), ft.size, ft.size))
	}
	T := len(movie) / nn
	if dst == nil {
		dst = make([]float64, T)
	}
	if len(dst) != T {
		panic(fmt.Sprintf("transients: LSQTrace into %d values for %d frames", len(dst), T))
	}
	for t := range dst {
		dst[t], _ = ft.LSQ(movie[t*nn : (t+1)*nn])
	}
	return dst
}

// LSQTraces returns the least-squares time course of every cell over a
// whole movie, cells × frames: row c is Fitter.LSQTrace of the Fitter of
// cell c (NewFitter(profiles, size, c, opt), so each cell is fitted in its
// own window, bounding box plus opt.Pad px, jointly with the profiles that
// touch it). movie is frame-major (frame t at t·size²); each profile is one
// size² frame. Cells are fitted in parallel over opt.Workers goroutines;
// the result does not depend on it. It returns an error wrapping
// experiment.ErrInput if the movie or a profile has the wrong length, a
// profile is not finite or zero everywhere, or an option is out of range,
// and ErrDegenerate (wrapped with the cell) if a window's profiles are
// linearly dependent.
func LSQTraces(ctx context.Context, movie []float64, size int, profiles [][]float64, opt SeudoOptions) (*mat.Dense, error) {
	nn := size * size
	if size < 1 || len(movie) == 0 || len(movie)%nn != 0 {
		return nil, experiment.Inputf("transients: movie of %d values is not a whole number of %d×%d frames", len(movie), size, size)
	}
	if err := checkProfiles(profiles, size); err != nil {
		return nil, err
	}
	if err := opt.withDefaults().check(); err != nil {
		return nil, err
	}
	T := len(movie) / nn
	out := mat.NewDense(len(profiles), T, nil)
	err := num.ParallelFor(ctx, opt.Workers, len(profiles), func(c int) error {
		ft, err := NewFitter(profiles, size, c, opt)
		if err != nil {
			return fmt.Errorf("transients: cell %d: %w", c, err)
		}
		ft.LSQTrace(out.RawRowView(c), movie)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
