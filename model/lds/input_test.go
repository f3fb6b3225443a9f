package lds

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

func TestBadInputErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := randModel(rng, 2, 6, 0, false)
	_, Y, err := m.Sample(rng, 20, nil)
	if err != nil {
		t.Fatal(err)
	}
	withNaN := mat.DenseCopyOf(Y)
	withNaN.Set(7, 3, math.NaN())
	withInf := mat.DenseCopyOf(Y)
	withInf.Set(2, 0, math.Inf(1))
	narrow := mat.NewDense(20, 5, nil)
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"LogLikelihood wrong N", func() error { _, err := m.LogLikelihood(Sequence{Y: narrow}); return err },
			"lds: Y has 5 columns, model has N = 6"},
		{"LogLikelihood empty sequence", func() error { _, err := m.LogLikelihood(Sequence{}); return err },
			"lds: Y is nil"},
		{"LogLikelihood NaN", func() error { _, err := m.LogLikelihood(Sequence{Y: withNaN}); return err },
			"lds: Y is NaN at time step 7, column 3"},
		{"Smooth Inf", func() error { _, err := m.Smooth(Sequence{Y: withInf}); return err },
			"lds: Y is +Inf at time step 2, column 0"},
		{"EStep NaN in sequence 1", func() error {
			_, _, err := EStep(m, []Sequence{{Y: Y}, {Y: withNaN}})
			return err
		}, "lds: sequence 1: Y is NaN at time step 7, column 3: values must be finite (missing data is not supported)"},
		{"Fit NaN", func() error { _, err := Fit(m.Clone(), []Sequence{{Y: withNaN}}, Options{Iters: 2}); return err },
			"missing data is not supported"},
		{"InitPCA dim too large", func() error { _, err := InitPCA([]Sequence{{Y: Y}}, 6); return err },
			"lds: latent dimension 6 must be in [1, N−1 = 5]"},
		{"InitPCA NaN", func() error { _, err := InitPCA([]Sequence{{Y: Y}, {Y: withNaN}}, 2); return err },
			"lds: sequence 1: Y is NaN at time step 7, column 3"},
		{"InitPCA mixed N", func() error { _, err := InitPCA([]Sequence{{Y: Y}, {Y: narrow}}, 2); return err },
			"lds: sequence 1: Y has 5 columns, sequence 0 has 6"},
		{"InitPCA no data", func() error { _, err := InitPCA(nil, 2); return err }, "lds: no data"},
		{"Sample T = 0", func() error { _, _, err := m.Sample(rng, 0, nil); return err },
			"lds: Sample: T = 0, must be >= 1"},
		{"Sample T < 0", func() error { _, _, err := m.Sample(rng, -3, nil); return err },
			"lds: Sample: T = -3, must be >= 1"},
		{"Validate", func() error { return (&Model{}).Validate() }, "lds: A, Q, C and R are required"},
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
