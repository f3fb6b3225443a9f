package fig

import (
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
)

// axisCase is one axis limit of a figure and the value it should have.
type axisCase struct {
	name      string
	got, want float64
}

// checkAxes checks each limit to 1e-12, one subtest per limit.
func checkAxes(t *testing.T, cases []axisCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if math.Abs(c.got-c.want) > 1e-12 {
				t.Errorf("got %v, want %v ± 1e-12", c.got, c.want)
			}
		})
	}
}

// x has 3 values in [0, 0.5), 2 in [0.5, 1] (1.0 falls in the last bin),
// and NaN, −1 and 2 skipped: densities 3/(5·0.5) = 1.2 and 2/(5·0.5) = 0.8.
func TestStepHistDensity(t *testing.T) {
	p := New("t", "x (a.u.)", "density")
	StepHist(p, []float64{0.1, 0.2, 0.3, 0.6, 1, math.NaN(), -1, 2}, 2, 0, 1, "h", Color(0))
	checkAxes(t, []axisCase{
		{"x min", p.X.Min, 0},
		{"x max", p.X.Max, 1},
		{"y min (bin 1)", p.Y.Min, 0.8},
		{"y max (bin 0)", p.Y.Max, 1.2},
	})
}

func TestStepHistEmptyDrawsNothing(t *testing.T) {
	p := New("t", "x (a.u.)", "density")
	y0 := p.Y.Max
	StepHist(p, []float64{math.NaN(), 5}, 4, 0, 1, "", Color(0))
	if p.Y.Max != y0 {
		t.Errorf("y max: got %v, want %v (nothing drawn)", p.Y.Max, y0)
	}
}

func TestGroupedBarsAxes(t *testing.T) {
	p := New("t", "setup", "value (a.u.)")
	GroupedBars(p, []string{"a", "b", "c"}, [][]float64{{1, 2, 3}, {0.5, 4, 1}}, []string{"s1", "s2"}, vg.Points(10))
	checkAxes(t, []axisCase{
		{"x min", p.X.Min, -0.7},
		{"x max", p.X.Max, 2.7},
		{"y max", p.Y.Max, 4},
	})
	render(t, p) // must not panic
}
