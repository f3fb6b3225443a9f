package boltzmann

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// LeadingEigen's maxIter: 0 means DefaultEigenIters (it used to run no
// power iteration and return λ = 0 and the start vector), a positive count
// is a limit, and a negative one panics with an input error.
func TestLeadingEigenMaxIter(t *testing.T) {
	F := mat.NewSymDense(3, []float64{
		4, 1, 0,
		1, 3, 1,
		0, 1, 2,
	})
	var eig mat.EigenSym
	if !eig.Factorize(F, false) {
		t.Fatal("eigendecomposition failed")
	}
	vals := eig.Values(nil)
	want := vals[len(vals)-1]
	lamDef, uDef := LeadingEigen(F, 1e-14, DefaultEigenIters)
	cases := []struct {
		maxIter int
		panics  string
	}{
		{0, ""},
		{DefaultEigenIters, ""},
		{-1, "boltzmann: LeadingEigen: maxIter = -1: want ≥ 0 (0 means 5000)"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.maxIter), func(t *testing.T) {
			var got any
			var lam float64
			var u []float64
			func() {
				defer func() { got = recover() }()
				lam, u = LeadingEigen(F, 1e-14, c.maxIter)
			}()
			if c.panics != "" {
				err, ok := got.(error)
				if !ok || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.panics) {
					t.Fatalf("panic %v, want an input error containing %q", got, c.panics)
				}
				return
			}
			if got != nil {
				t.Fatalf("panicked: %v", got)
			}
			if math.Abs(lam-want) > 1e-10*want {
				t.Errorf("λ = %.15g, want %.15g", lam, want)
			}
			if lam != lamDef {
				t.Errorf("λ = %v, want %v (maxIter %d), bit-identical", lam, lamDef, DefaultEigenIters)
			}
			for i := range u {
				if u[i] != uDef[i] {
					t.Fatalf("u[%d] = %v, want %v (maxIter %d), bit-identical", i, u[i], uDef[i], DefaultEigenIters)
				}
			}
		})
	}
}
