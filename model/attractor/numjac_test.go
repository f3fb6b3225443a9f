package attractor

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// quadSys is f(x) = (x0² + 3 x1, sin x0 − x1³), with analytic Jacobian
// [[2 x0, 3], [cos x0, −3 x1²]].
type quadSys struct{}

func (quadSys) Dim() int { return 2 }
func (quadSys) Deriv(dst, x []float64) {
	dst[0] = x[0]*x[0] + 3*x[1]
	dst[1] = math.Sin(x[0]) - x[1]*x[1]*x[1]
}

func TestNumericalJacobian(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
	}{
		{"origin", []float64{0, 0}},
		{"generic", []float64{0.7, -1.3}},
		{"large", []float64{40, 12}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			J := mat.NewDense(2, 2, nil)
			NumericalJacobian(J, quadSys{}, c.x)
			x0, x1 := c.x[0], c.x[1]
			want := [2][2]float64{{2 * x0, 3}, {math.Cos(x0), -3 * x1 * x1}}
			for i := 0; i < 2; i++ {
				for j := 0; j < 2; j++ {
					tol := 1e-6 * math.Max(1, math.Abs(want[i][j]))
					if got := J.At(i, j); math.Abs(got-want[i][j]) > tol {
						t.Errorf("J[%d][%d]: got %v, want %v ± %v", i, j, got, want[i][j], tol)
					}
				}
			}
		})
	}
}
