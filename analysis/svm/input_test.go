package svm

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"neurolab/experiment"
)

// Bad examples are errors wrapping experiment.ErrInput (a length mismatch
// used to panic).
func TestInputErrorsWrapErrInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := []float64{1, 0, -1, 0, 2, 1, -2, 1}
	y := []int{1, -1, 1, -1}
	nan := append([]float64(nil), x...)
	nan[5] = math.NaN()
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"length", func() error { _, err := Train(x[:7], y, 2, Options{}, rng); return err }, "svm: 7 values for 4 examples × 2 dimensions"},
		{"no examples", func() error { _, err := Train(nil, nil, 2, Options{}, rng); return err }, "svm: 0 examples"},
		{"label", func() error { _, err := Train(x, []int{1, 0, 1, -1}, 2, Options{}, rng); return err }, "svm: label 0 of example 1, want ±1"},
		{"NaN", func() error { _, err := Train(nan, y, 2, Options{}, rng); return err }, "svm: example 2, dimension 1 is NaN"},
		{"folds", func() error { _, err := CrossValidate(context.Background(), x, y, 2, 5, Options{}, rng); return err }, "svm: 5 folds for 4 examples, want 2..4"},
		{"CV length", func() error {
			_, err := CrossValidate(context.Background(), x[:6], y, 2, 2, Options{}, rng)
			return err
		}, "svm: 6 values for 4 examples"},
		{"negative MaxIter", func() error { _, err := Train(x, y, 2, Options{MaxIter: -1}, rng); return err },
			"svm: Options.MaxIter = -1: want ≥ 0 (0 means 1000)"},
		{"CV negative MaxIter", func() error {
			_, err := CrossValidate(context.Background(), x, y, 2, 2, Options{MaxIter: -5}, rng)
			return err
		},
			"svm: Options.MaxIter = -5: want ≥ 0 (0 means 1000)"},
		{"negative C", func() error { _, err := Train(x, y, 2, Options{C: -1}, rng); return err }, "svm: Options.C = -1: want a finite penalty ≥ 0 (0 means 1)"},
		{"NaN Tol", func() error { _, err := Train(x, y, 2, Options{Tol: math.NaN()}, rng); return err }, "svm: Options.Tol = NaN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want an input error containing %q", err, c.want)
			}
		})
	}
}
