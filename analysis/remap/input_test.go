package remap

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

func TestInputErrorsWrapErrInput(t *testing.T) {
	good := Tensor{Trials: 4, Bins: 2, Cells: 2, Data: []float64{
		1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0}}
	nan := Tensor{Trials: 4, Bins: 2, Cells: 2, Data: append([]float64(nil), good.Data...)}
	nan.Data[(2*2+1)*2+0] = math.NaN()
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"NaN", func() error { _, err := Analyze(context.Background(), nan, Options{Maps: 2}); return err },
			"remap: tensor holds NaN or Inf (NaN at trial 2, bin 1, cell 0)"},
		{"maps > trials", func() error {
			_, err := Analyze(context.Background(), Tensor{Trials: 80, Bins: 1, Cells: 1, Data: make([]float64, 80)}, Options{})
			return err
		}, "remap: 0 maps for 80 trials (Maps must be in [1, 80])"},
		{"short data", func() error {
			_, err := Analyze(context.Background(), Tensor{Trials: 4, Bins: 2, Cells: 2, Data: make([]float64, 15)}, Options{Maps: 2})
			return err
		}, "remap: tensor holds 15 values, want trials·bins·cells = 4·2·2 = 16"},
		{"zero cells", func() error {
			_, err := Analyze(context.Background(), Tensor{Trials: 4, Bins: 2}, Options{Maps: 2})
			return err
		}, "remap: tensor shape 4×2×0"},
		{"speed length", func() error {
			_, err := Analyze(context.Background(), good, Options{Maps: 2, Speed: []float64{1, 2, 3}})
			return err
		}, "remap: 3 speeds for 4 trials"},
		{"speed NaN", func() error {
			_, err := Analyze(context.Background(), good, Options{Maps: 2, Speed: []float64{1, 2, math.NaN(), 3}})
			return err
		}, "remap: speed of trial 2 is NaN"},
		{"ChooseMaps maxK", func() error { _, _, err := ChooseMaps(context.Background(), good, 0, 0.2, Options{}); return err },
			"remap: maxK = 0, must be >= 1"},
		{"ChooseMaps NaN", func() error { _, _, err := ChooseMaps(context.Background(), nan, 3, 0.2, Options{}); return err },
			"remap: tensor holds NaN or Inf"},
		{"Restarts", func() error {
			_, err := Analyze(context.Background(), good, Options{Maps: 2, Restarts: -1})
			return err
		},
			"remap: Options.Restarts = -1: want ≥ 0 (0 means 10)"},
		{"MinTrials", func() error {
			_, err := Analyze(context.Background(), good, Options{Maps: 2, MinTrials: -5})
			return err
		},
			"remap: Options.MinTrials = -5: want ≥ 0 (0 means 5)"},
		{"Workers", func() error { _, err := Analyze(context.Background(), good, Options{Maps: 2, Workers: -2}); return err },
			"remap: Options.Workers = -2: want ≥ 0 (0 and 1 both mean serial)"},
		{"ChooseMaps Restarts", func() error {
			_, _, err := ChooseMaps(context.Background(), good, 3, 0.2, Options{Restarts: -100})
			return err
		}, "remap: Options.Restarts = -100: want ≥ 0 (0 means 10)"},
		{"ChooseMaps Workers", func() error {
			_, _, err := ChooseMaps(context.Background(), good, 3, 0.2, Options{Workers: -1})
			return err
		},
			"remap: Options.Workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		err := c.run()
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%s: got error %v, want one wrapping experiment.ErrInput", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %q, want it to contain %q", c.name, err.Error(), c.want)
		}
	}
}
