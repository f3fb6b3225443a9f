package transients

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

// Bad input to NewFitter and LSQTraces is an error wrapping
// experiment.ErrInput that names the profile, cell or option, never a panic.
func TestInputErrorsWrapErrInput(t *testing.T) {
	const size = 4
	prof := func(px ...int) []float64 {
		p := make([]float64, size*size)
		for _, i := range px {
			p[i] = 1
		}
		return p
	}
	good := [][]float64{prof(5, 6), prof(9, 10)}
	nan := [][]float64{prof(5), prof(9)}
	nan[1][3] = math.NaN()
	movie := make([]float64, 3*size*size)
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"cell range", func() error { _, err := NewFitter(good, size, 2, SeudoOptions{}); return err }, "transients: cell 2 of 2 profiles (want 0..1)"},
		{"negative cell", func() error { _, err := NewFitter(good, size, -1, SeudoOptions{}); return err }, "cell -1 of 2"},
		{"size", func() error { _, err := NewFitter(good, 5, 0, SeudoOptions{}); return err }, "profile 0 has 16 pixels, want 5×5"},
		{"zero size", func() error { _, err := NewFitter(good, 0, 0, SeudoOptions{}); return err }, "image size 0 px"},
		{"no profiles", func() error { _, err := NewFitter(nil, size, 0, SeudoOptions{}); return err }, "no profiles"},
		{"empty profile", func() error { _, err := NewFitter([][]float64{prof()}, size, 0, SeudoOptions{}); return err }, "profile 0 is zero everywhere"},
		{"NaN profile", func() error { _, err := NewFitter(nan, size, 0, SeudoOptions{}); return err }, "profile 1 is NaN at pixel (x 3, y 0)"},
		{"P", func() error { _, err := NewFitter(good, size, 0, SeudoOptions{P: 1}); return err }, "SeudoOptions.P = 1"},
		{"Sigma2", func() error { _, err := NewFitter(good, size, 0, SeudoOptions{Sigma2: -1}); return err }, "SeudoOptions.Sigma2 = -1"},
		{"Pad", func() error { _, err := NewFitter(good, size, 0, SeudoOptions{Pad: -3}); return err }, "SeudoOptions.Pad = -3"},
		{"negative Iters", func() error { _, err := NewFitter(good, size, 0, SeudoOptions{Iters: -1}); return err },
			"transients: SeudoOptions.Iters = -1: want ≥ 0 (0 means 200)"},
		{"LSQTraces negative Iters", func() error {
			_, err := LSQTraces(context.Background(), movie, size, good, SeudoOptions{Iters: -7})
			return err
		}, "transients: SeudoOptions.Iters = -7: want ≥ 0 (0 means 200)"},
		{"LSQTraces negative Workers", func() error {
			_, err := LSQTraces(context.Background(), movie, size, good, SeudoOptions{Workers: -1})
			return err
		}, "transients: SeudoOptions.Workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
		{"LSQTraces movie", func() error {
			_, err := LSQTraces(context.Background(), movie[:17], size, good, SeudoOptions{Workers: 1})
			return err
		}, "movie of 17 values"},
		{"LSQTraces profile", func() error {
			_, err := LSQTraces(context.Background(), movie, size, [][]float64{prof(1), prof(1, 2)[:15]}, SeudoOptions{Workers: 1})
			return err
		}, "profile 1 has 15 pixels"},
		{"LSQTraces empty profile", func() error {
			_, err := LSQTraces(context.Background(), movie, size, [][]float64{prof(1), prof()}, SeudoOptions{Workers: 2})
			return err
		}, "profile 1 is zero everywhere"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if !errors.Is(err, experiment.ErrInput) {
				t.Fatalf("error %v does not wrap experiment.ErrInput", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
		})
	}
	// Identical profiles are a degenerate window, not an input error.
	if _, err := NewFitter([][]float64{prof(5, 6), prof(5, 6)}, size, 0, SeudoOptions{}); !errors.Is(err, ErrDegenerate) {
		t.Errorf("identical profiles: %v, want ErrDegenerate", err)
	}
}

// A threshold quantile outside (0, 1] panics with an input error (it
// panicked with an index out of range).
func TestDetectPercentileRange(t *testing.T) {
	for _, q := range []float64{-0.5, 1.5, math.NaN()} {
		func() {
			defer func() {
				err, _ := recover().(error)
				if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "DetectOptions.Percentile") {
					t.Errorf("Percentile %g: recovered %v, want an input error naming it", q, err)
				}
			}()
			Detect([]float64{0, 1, 5, 1, 0, 0, 0, 0}, DetectOptions{Percentile: q})
		}()
	}
}
