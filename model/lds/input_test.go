package lds

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
		{"Fit NaN", func() error {
			_, err := Fit(context.Background(), m.Clone(), []Sequence{{Y: withNaN}}, Options{Iters: 2})
			return err
		},
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

// MStep reports posteriors that do not match the sequences as input errors
// (it used to panic on a length mismatch).
func TestMStepMismatchedPosteriors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := randModel(rng, 2, 4, 0, false)
	_, Y, err := m.Sample(rng, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, Y2, err := m.Sample(rng, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := []Sequence{{Y: Y}, {Y: Y2}}
	posts, _, err := EStep(m, data)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		data  []Sequence
		posts []*Posterior
		want  string
	}{
		{"lengths", data, posts[:1], "lds: MStep with 2 sequences and 1 posteriors"},
		{"nil posterior", data, []*Posterior{posts[0], nil}, "posterior 1 is nil"},
		{"swapped", data, []*Posterior{posts[1], posts[0]}, "posterior 0 is 12 steps × 2 latents, sequence 0 has 10 steps"},
		{"no Y", []Sequence{{Y: Y}, {}}, posts, "sequence 1 has no Y"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := MStep(m.Clone(), c.data, c.posts, Options{})
			if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want an input error containing %q", err, c.want)
			}
		})
	}
	if err := MStep(m.Clone(), data, posts, Options{}); err != nil {
		t.Errorf("matching posteriors: %v", err)
	}
}

// LaggedCov at a negative lag is the transpose of the positive lag:
// Cov(y_{t−k}, y_t) = Cov(y_t, y_{t−k})ᵀ.
func TestLaggedCovNegativeLag(t *testing.T) {
	m := &Model{
		A: mat.NewDense(2, 2, []float64{0.8, -0.3, 0.2, 0.7}),
		Q: mat.NewSymDense(2, []float64{1, 0.2, 0.2, 0.5}),
		C: mat.NewDense(3, 2, []float64{1, 0, 0.5, 1, -1, 2}),
		R: mat.NewSymDense(3, []float64{0.3, 0, 0, 0, 0.3, 0, 0, 0, 0.3}),
	}
	for _, k := range []int{1, 2, 5} {
		pos, err := m.LaggedCov(k)
		if err != nil {
			t.Fatal(err)
		}
		neg, err := m.LaggedCov(-k)
		if err != nil {
			t.Fatal(err)
		}
		if mat.EqualApprox(pos, pos.T(), 1e-9) {
			t.Fatalf("lag %d: covariance symmetric, the test cannot tell the transpose", k)
		}
		if !mat.Equal(neg, pos.T()) {
			t.Errorf("LaggedCov(%d) = %v, want LaggedCov(%d)ᵀ = %v", -k, mat.Formatted(neg), k, mat.Formatted(pos.T()))
		}
	}
}

// TestMStepNilInputs: a model with B and D fitted to sequences of which some
// (or all) have U nil. Such a sequence has zero inputs, as in the filter;
// MStep used to dereference the nil U and panic.
func TestMStepNilInputs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := randModel(rng, 2, 4, 1, false)
	U := mat.NewDense(50, 1, nil)
	for i := range U.RawMatrix().Data {
		U.RawMatrix().Data[i] = rng.NormFloat64()
	}
	_, Y, err := m.Sample(rng, 50, U)
	if err != nil {
		t.Fatal(err)
	}
	_, Y2, err := m.Sample(rng, 50, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Mixed: EM stays monotone, B and D are estimated.
	fit := m.Clone()
	lls, err := Fit(context.Background(), fit, []Sequence{{Y: Y, U: U}, {Y: Y2}}, Options{Iters: 5})
	if err != nil {
		t.Fatal(err)
	}
	for k := 1; k < len(lls); k++ {
		if lls[k] < lls[k-1]-1e-9*math.Abs(lls[k-1]) {
			t.Fatalf("LL decreased at iteration %d: %v", k, lls)
		}
	}
	if mat.Equal(fit.B, m.B) || mat.Equal(fit.D, m.D) {
		t.Fatal("B or D not updated with inputs present")
	}
	// No inputs at all: B and D are kept, the rest is fitted.
	fit = m.Clone()
	lls, err = Fit(context.Background(), fit, []Sequence{{Y: Y2}}, Options{Iters: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(fit.B, m.B) || !mat.Equal(fit.D, m.D) {
		t.Fatal("B or D changed without any inputs")
	}
	if mat.Equal(fit.A, m.A) || !(lls[len(lls)-1] > lls[0]) {
		t.Fatalf("no fit without inputs: %v", lls)
	}
}
