package averages

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// Bad input to the entry points is an error wrapping experiment.ErrInput
// that names the cause, never a panic or a silently wrong result.
func TestInputErrorsWrapErrInput(t *testing.T) {
	ctx := context.Background()
	good := mat.NewDense(4, 3, []float64{1, 2, 0, 3, 1, 2, 0, 1, 4, 2, 2, 1})
	labels := []int{0, 0, 1, 1}
	with := func(i, j int, v float64) *mat.Dense {
		c := mat.DenseCopyOf(good)
		c.Set(i, j, v)
		return c
	}
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"nil counts", func() error { _, err := Test(ctx, nil, nil, 2, Options{Surrogates: 5}); return err }, "averages: no counts"},
		{"labels length", func() error { _, err := Test(ctx, good, labels[:3], 2, Options{Surrogates: 5}); return err }, "averages: 3 labels for 4 trials"},
		{"label range", func() error { _, err := Test(ctx, good, []int{0, 0, 1, 2}, 2, Options{Surrogates: 5}); return err }, "averages: label 2 of trial 3 is outside [0, 2)"},
		{"no classes", func() error { _, err := Test(ctx, good, labels, 0, Options{Surrogates: 5}); return err }, "averages: 0 classes"},
		{"empty class", func() error { _, err := Test(ctx, good, []int{0, 0, 0, 0}, 2, Options{Surrogates: 5}); return err }, "averages: class 1 has no trials"},
		{"NaN", func() error {
			_, err := Test(ctx, with(1, 2, math.NaN()), labels, 2, Options{Surrogates: 5})
			return err
		}, "averages: count at (1, 2) (trial, neuron) is NaN"},
		{"negative", func() error { _, err := Test(ctx, with(2, 0, -1), labels, 2, Options{Surrogates: 5}); return err }, "spike counts must be ≥ 0"},
		{"rates", func() error { _, err := Test(ctx, with(0, 1, 0.25), labels, 2, Options{Surrogates: 5}); return err }, "whole numbers of spikes"},
		{"surrogates", func() error { _, err := Test(ctx, good, labels, 2, Options{Surrogates: -1}); return err }, "averages: -1 surrogates"},
		{"Workers", func() error { _, err := Test(ctx, good, labels, 2, Options{Surrogates: 5, Workers: -1}); return err },
			"averages: Options.Workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
		{"Subsample Workers", func() error {
			_, _, err := Subsample(ctx, good, labels, 2, 0, 1, Options{Surrogates: 5, Workers: -3})
			return err
		}, "averages: Options.Workers = -3: want ≥ 0 (0 and 1 both mean serial)"},
		{"Templates", func() error { _, err := Templates(good, labels[:1], 2); return err }, "averages: 1 labels for 4 trials"},
		{"PermutedSI", func() error {
			_, err := PermutedSI(rand.New(rand.NewPCG(1, 2)), good, []int{0, 5, 1, 1}, 2)
			return err
		}, "outside [0, 2)"},
		{"Subsample", func() error {
			_, _, err := Subsample(ctx, with(3, 2, 1.5), labels, 2, 2, 2, Options{Surrogates: 5})
			return err
		}, "whole numbers of spikes"},
		{"Subsample steps", func() error {
			_, _, err := Subsample(ctx, good, labels, 2, -1, 2, Options{Surrogates: 5})
			return err
		}, "averages: Subsample: -1 steps, want ≥ 0"},
		{"Subsample repeats", func() error {
			_, _, err := Subsample(ctx, good, labels, 2, 2, -2, Options{Surrogates: 5})
			return err
		}, "averages: Subsample: -2 repeats, want ≥ 0"},
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
	// Templates and PermutedSI take any finite values (rates too).
	if _, err := Templates(with(0, 1, 0.25), labels, 2); err != nil {
		t.Errorf("Templates of rates: %v", err)
	}
	// Zero surrogates: a valid request whose percentiles are NaN.
	r, err := Test(ctx, good, labels, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range r.Perc {
		if !math.IsNaN(p) || !math.IsNaN(r.SurrMean[i]) {
			t.Errorf("trial %d: Perc %v, SurrMean %v with no surrogates, want NaN", i, p, r.SurrMean[i])
		}
	}
}
