package lds

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestLyapunovDoubling(t *testing.T) {
	cases := []struct {
		name string
		A, Q *mat.Dense
	}{
		// Scalar: p = q / (1 − a²) = 1 / 0.75.
		{"scalar", mat.NewDense(1, 1, []float64{0.5}), mat.NewDense(1, 1, []float64{1})},
		{"rotation", mat.NewDense(2, 2, []float64{0.9 * math.Cos(0.3), -0.9 * math.Sin(0.3), 0.9 * math.Sin(0.3), 0.9 * math.Cos(0.3)}),
			mat.NewDense(2, 2, []float64{1, 0.2, 0.2, 0.5})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			P, nrm := LyapunovDoubling(c.A, c.Q, 200, 1e-18)
			if nrm >= 1e-18 {
				t.Errorf("final ‖A_k‖∞: got %g, want < 1e-18", nrm)
			}
			// Residual P − A P Aᵀ − Q.
			var apa mat.Dense
			apa.Product(c.A, P, c.A.T())
			var r mat.Dense
			r.Sub(P, &apa)
			r.Sub(&r, c.Q)
			if e := mat.Norm(&r, math.Inf(1)); e > 1e-12 {
				t.Errorf("residual: got %g, want 0 ± 1e-12", e)
			}
		})
	}
	P, _ := LyapunovDoubling(mat.NewDense(1, 1, []float64{0.5}), mat.NewDense(1, 1, []float64{1}), 200, 1e-18)
	if got, want := P.At(0, 0), 1/0.75; math.Abs(got-want) > 1e-14 {
		t.Errorf("scalar p: got %v, want %v ± 1e-14", got, want)
	}
	if _, nrm := LyapunovDoubling(mat.NewDense(1, 1, []float64{1.1}), mat.NewDense(1, 1, []float64{1}), 20, 1e-18); !(nrm > 1) {
		t.Errorf("unstable A = 1.1: got final ‖A_k‖∞ %g, want > 1", nrm)
	}
}
