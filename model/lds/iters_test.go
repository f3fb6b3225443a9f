package lds

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// TestNegativeIterationCounts: every iteration count of the package takes 0
// for its documented default and refuses a negative value with an input
// error naming the field and the default; the model is left unchanged.
func TestNegativeIterationCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	truth := randModel(rng, 2, 5, 0, false)
	data := mixedData(t, rng, truth, []int{60}, 0)
	m0, err := InitPCA(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	A, Q := mat.NewDense(1, 1, []float64{0.5}), mat.NewDense(1, 1, []float64{1})
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"Fit Iters", func() error {
			m := m0.Clone()
			_, err := Fit(context.Background(), m, data, Options{Iters: -1, DiagR: true})
			if !mat.Equal(m.R, m0.R) || !mat.Equal(m.A, m0.A) {
				t.Errorf("Fit with Iters -1 changed the model")
			}
			return err
		}, "lds: Options.Iters = -1: want ≥ 0 (0 means 100)"},
		{"LyapunovDoubling maxIter", func() (err error) {
			defer func() {
				r := recover()
				if e, ok := r.(error); ok {
					err = e
				} else {
					t.Errorf("LyapunovDoubling(maxIter -2) recovered %v, want a panic with an error", r)
				}
			}()
			LyapunovDoubling(A, Q, -2, 1e-18)
			return nil
		}, "lds: LyapunovDoubling: maxIter = -2: want ≥ 0 (0 means 200)"},
	}
	for _, c := range cases {
		err := c.run()
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an input error containing %q", c.name, err, c.want)
		}
	}
}

// TestZeroIterationCountsMeanDefault: Iters 0 runs DefaultIters M-steps
// (the same fit as Iters: DefaultIters), and LyapunovDoubling's maxIter 0
// the same as DefaultDoublingIters.
func TestZeroIterationCountsMeanDefault(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 7))
	truth := randModel(rng, 2, 5, 0, false)
	data := mixedData(t, rng, truth, []int{80}, 0)
	m0, err := InitPCA(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	a, b := m0.Clone(), m0.Clone()
	la, err := Fit(context.Background(), a, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lb, err := Fit(context.Background(), b, data, Options{Iters: DefaultIters})
	if err != nil {
		t.Fatal(err)
	}
	if len(la) != DefaultIters+1 || len(lb) != len(la) || la[len(la)-1] != lb[len(lb)-1] {
		t.Errorf("Iters 0: %d LLs ending %v; Iters %d: %d LLs ending %v", len(la), la[len(la)-1], DefaultIters, len(lb), lb[len(lb)-1])
	}
	A := mat.NewDense(2, 2, []float64{0.9, 0.1, -0.2, 0.7})
	Q := mat.NewDense(2, 2, []float64{1, 0.3, 0.3, 2})
	P0, _ := LyapunovDoubling(A, Q, 0, 1e-18)
	Pd, _ := LyapunovDoubling(A, Q, DefaultDoublingIters, 1e-18)
	if !mat.Equal(P0, Pd) {
		t.Errorf("LyapunovDoubling maxIter 0 gives %v, maxIter %d %v", mat.Formatted(P0), DefaultDoublingIters, mat.Formatted(Pd))
	}
}

// TestFitCancelledContext: a context cancelled before Fit starts stops it
// before the first E-step, with ctx.Err() and the model unchanged.
func TestFitCancelledContext(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	truth := randModel(rng, 2, 5, 0, false)
	data := mixedData(t, rng, truth, []int{60}, 0)
	m0, err := InitPCA(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := m0.Clone()
	lls, err := Fit(ctx, m, data, Options{Iters: 10, DiagQ: true, DiagR: true})
	if !errors.Is(err, context.Canceled) || len(lls) != 0 {
		t.Fatalf("cancelled ctx: got %d LLs and error %v, want none and context.Canceled", len(lls), err)
	}
	if !mat.Equal(m.A, m0.A) || !mat.Equal(m.C, m0.C) || !mat.Equal(m.Q, m0.Q) || !mat.Equal(m.R, m0.R) {
		t.Errorf("Fit with a cancelled ctx changed the model")
	}
}
