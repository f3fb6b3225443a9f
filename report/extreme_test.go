package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/plot"

	"neurolab/experiment"
	"neurolab/internal/deadline"
	"neurolab/internal/fig"
)

// extremeVals returns n values of one kind, or of mixed kinds: ordinary,
// huge and constant, equal up to rounding, subnormal, NaN, infinite.
func extremeVals(rng *rand.Rand, n int) []float64 {
	kinds := []func() float64{
		func() float64 { return rng.NormFloat64() },
		func() float64 { return 1e20 },
		func() float64 { return 0.0034662386798028455 + float64(rng.IntN(5))*4e-19 },
		func() float64 { return 5e-324 * float64(rng.IntN(3)) },
		func() float64 { return math.NaN() },
		func() float64 { return math.Inf(1) },
		func() float64 { return -1e300 * rng.Float64() },
		func() float64 { return 7 },
		func() float64 { return 1e15 + float64(rng.IntN(3)) },
		func() float64 { return -0.0 },
	}
	k := kinds[rng.IntN(len(kinds))]
	mix := rng.IntN(3) == 0
	v := make([]float64, n)
	for i := range v {
		if mix {
			k = kinds[rng.IntN(len(kinds))]
		}
		v[i] = k()
	}
	return v
}

// TestFiguresSurviveExtremeValues builds and renders figures of every fig
// kind from extreme values: none may panic or hang (a run would crash or
// never end). Found this way, and fixed: niceTicks looped for ever on
// subnormal and rounding-error ranges (competitive-hebbian at sigma = 90
// ran out of memory), plot panicked with "illegal range" on a constant axis
// beyond 2^53, StepHist indexed with NaN, GroupedBars panicked on NaN.
func TestFiguresSurviveExtremeValues(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	regressions := []func(p *plot.Plot){
		// subnormal x range (niceTicks: d = 0, k = +Inf, k++ for ever)
		func(p *plot.Plot) {
			fig.Line(p, []float64{1e-323, 5e-324, 1e-323}, []float64{1e15, 0, 0.0035}, "a", fig.Color(0))
		},
		// a constant axis beyond 2^53: "illegal range"
		func(p *plot.Plot) { fig.Points(p, []float64{0.7, -0.9}, []float64{1e20, 1e20}, "a", fig.Color(0)) },
		func(p *plot.Plot) { fig.Line(p, []float64{0.0035}, []float64{-3.2e299}, "a", fig.Color(0)) },
		// StepHist over a NaN or infinite range: index out of range
		func(p *plot.Plot) { fig.StepHist(p, []float64{inf, 0}, 5, nan, nan+1, "h", fig.Color(1)) },
		func(p *plot.Plot) { fig.StepHist(p, []float64{1, 2}, 5, inf, inf, "h", fig.Color(1)) },
		// GroupedBars with NaN and Inf: "infinite data point"
		func(p *plot.Plot) {
			fig.GroupedBars(p, []string{"a", "b"}, [][]float64{{inf, 2.5}, {nan, 1}}, []string{"s", "t"}, 10)
		},
	}
	for i, build := range regressions {
		p := fig.New("t", "x", "y")
		build(p)
		var err error
		deadline.Run(t, 10*time.Second, fmt.Sprintf("regression %d", i), func() { _, err = Render(experiment.Figure{Name: "x", Plot: p}, "png") })
		if err != nil {
			t.Errorf("regression %d: %v", i, err)
		}
	}

	rng := rand.New(rand.NewPCG(3, 4))
	n := 60
	if testing.Short() {
		n = 15
	}
	for it := 0; it < n; it++ {
		n := 1 + rng.IntN(6)
		x, y := extremeVals(rng, n), extremeVals(rng, n)
		kind := rng.IntN(7)
		p := fig.New("t", "x", "y")
		desc := fmt.Sprintf("it %d kind %d x %v y %v", it, kind, x, y)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: build panic %v", desc, r)
				}
			}()
			switch kind {
			case 0:
				fig.Line(p, x, y, "a", fig.Color(0))
			case 1:
				fig.Points(p, x, y, "a", fig.Color(0))
			case 2:
				fig.HeatMapLabel(p, fig.Grid{Rows: 1, Cols: n, Data: y}, rng.IntN(2) == 0, "w")
			case 3:
				fig.StepHist(p, y, 5, x[0], x[0]+1, "h", fig.Color(1))
			case 4:
				fig.GroupedBars(p, []string{"a"}, [][]float64{y[:1]}, []string{"s"}, 10)
			case 5:
				fig.ErrorPoints(p, x, y, extremeVals(rng, n), "e", fig.Color(2))
			case 6:
				fig.HeatMapGray(p, fig.Grid{Rows: 1, Cols: n, Data: y}, "g")
			}
		}()
		var err error
		deadline.Run(t, 10*time.Second, desc, func() { _, err = Render(experiment.Figure{Name: "x", Plot: p}, "png") })
		if err != nil {
			t.Errorf("%s: %v", desc, err)
		}
	}
}
