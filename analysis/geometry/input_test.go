package geometry

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

func TestInputErrors(t *testing.T) {
	ok := Tensor{Sessions: 2, Trials: 4, Cells: 3, Data: make([]float64, 24)}
	nan := Tensor{Sessions: 2, Trials: 4, Cells: 3, Data: make([]float64, 24)}
	nan.Data[13] = math.NaN()
	// Distinct trials everywhere except session 0, label 0 (constant).
	flat := Tensor{Sessions: 2, Trials: 4, Cells: 3, Data: make([]float64, 24)}
	for i := 6; i < 24; i++ {
		flat.Data[i] = float64(i*i%7) + 0.1*float64(i)
	}
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"one session", func() error {
			return Validate(Tensor{Sessions: 1, Trials: 4, Cells: 3, Data: make([]float64, 12)}, []int{0, 0, 1, 1}, Options{})
		}, "geometry: 1 session(s), need at least 2"},
		{"short data", func() error {
			return Validate(Tensor{Sessions: 2, Trials: 4, Cells: 3, Data: make([]float64, 23)}, []int{0, 0, 1, 1}, Options{})
		}, "geometry: 23 values for shape 2×4×3, want 24"},
		{"NaN", func() error { return Validate(nan, []int{0, 0, 1, 1}, Options{}) },
			"geometry: response of session 1, trial 0, cell 1 is NaN"},
		{"labels", func() error { return Validate(ok, []int{0, 1}, Options{}) }, "geometry: 2 labels, want 4"},
		{"lag", func() error { return Validate(ok, []int{0, 0, 1, 1}, Options{Lag: 2}) },
			"geometry: lag 2 with 2 sessions: no pair to compare"},
		{"singleton", func() error { return Validate(ok, []int{0, 0, 0, 1}, Options{}) },
			"geometry: session 0 has 1 trial(s) of label 1, need at least 2"},
		{"trials<cells", func() error { return Validate(ok, []int{0, 0, 1, 1}, Options{MinTrialsPerCell: 1}) },
			"geometry: session 0 has 2 trials of label "},
		{"svc one label", func() error { return Validate(ok, []int{0, 0, 0, 0}, Options{SVC: true}) },
			"geometry: SVC needs at least two stimulus labels, got 1"},
		{"Analyze one session", func() error {
			_, err := Analyze(context.Background(), Tensor{Sessions: 1, Trials: 4, Cells: 3, Data: make([]float64, 12)}, []int{0, 0, 1, 1}, Options{})
			return err
		}, "geometry: 1 session(s)"},
		{"Analyze zero variance", func() error {
			_, err := Analyze(context.Background(), flat, []int{0, 0, 1, 1}, Options{})
			return err
		}, "geometry: session 0, label 0: group has zero variance (all 2 trials identical)"},
		{"Fit length", func() error { _, err := Fit(make([]float64, 5), 2, 3); return err },
			"geometry: 5 values for 2×3, want 6"},
		{"Fit one trial", func() error { _, err := Fit(make([]float64, 3), 1, 3); return err },
			"geometry: 1 trials in a group, need at least 2"},
		{"Fit Inf", func() error { _, err := Fit([]float64{1, 2, math.Inf(1), 4}, 2, 2); return err },
			"geometry: response 1 of cell 0 is +Inf, must be finite"},
	}
	for _, c := range cases {
		err := c.run()
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%s: got error %v, want one wrapping experiment.ErrInput", c.name, err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "geometry: ") || !strings.Contains(msg, c.want) {
			t.Errorf("%s: got %q, want it to start with %q", c.name, msg, c.want)
		}
	}
}
