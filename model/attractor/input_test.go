package attractor

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

// blowup is dx/dt = x², which diverges in finite time from any x > 0.
type blowup struct{}

func (blowup) Dim() int               { return 1 }
func (blowup) Deriv(dst, x []float64) { dst[0] = x[0] * x[0] }

func TestBadInput(t *testing.T) {
	good := [][]float64{{1, 0}, {-1, 0}}
	cases := []struct {
		name  string
		seeds [][]float64
		opt   Options
		want  string // substring of the error
	}{
		{"short seed", [][]float64{{1, 0}, {1}}, Options{}, "seed 1 has length 1, want sys.Dim() = 2"},
		{"long seed", [][]float64{{1, 0, 0}}, Options{}, "seed 0 has length 3, want sys.Dim() = 2"},
		{"empty seed", [][]float64{{1, 0}, {}}, Options{}, "seed 1 has length 0"},
		{"NaN seed", [][]float64{{1, math.NaN()}}, Options{}, "seed 0 coordinate 1 is NaN"},
		{"Inf seed", [][]float64{{math.Inf(-1), 0}}, Options{}, "seed 0 coordinate 0 is -Inf"},
		{"negative Dt", good, Options{Dt: -1e-3}, "Options.Dt = -0.001"},
		{"negative MaxTime", good, Options{MaxTime: -5}, "Options.MaxTime = -5"},
		{"NaN Tol", good, Options{Tol: math.NaN()}, "Options.Tol = NaN"},
		{"Inf MaxTime", good, Options{MaxTime: math.Inf(1)}, "Options.MaxTime = +Inf"},
		{"negative DedupTol", good, Options{DedupTol: -1}, "Options.DedupTol"},
		{"negative CycleWindow", good, Options{CycleWindow: -1}, "Options.CycleWindow"},
		{"negative SwitchTol", good, Options{SwitchTol: -1}, "Options.SwitchTol"},
		{"negative Workers", good, Options{Workers: -1}, "attractor: Options.Workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		for _, fn := range []struct {
			name string
			run  func() error
		}{
			{"Find", func() error {
				_, err := Find(context.Background(), duffing{0.5}, c.seeds, c.opt)
				return err
			}},
			{"FixedPoints", func() error {
				_, err := FixedPoints(context.Background(), duffing{0.5}, c.seeds, c.opt)
				return err
			}},
		} {
			err := fn.run()
			if !errors.Is(err, experiment.ErrInput) {
				t.Errorf("%s %s: got error %v, want one wrapping experiment.ErrInput", fn.name, c.name, err)
				continue
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "attractor: ") || !strings.Contains(msg, c.want) {
				t.Errorf("%s %s: got %q, want prefix \"attractor: \" and %q", fn.name, c.name, msg, c.want)
			}
		}
	}
}

func TestDivergedCounted(t *testing.T) {
	cases := []struct {
		seeds          [][]float64
		wantUnresolved int
		wantDiverged   int
		wantFixed      int
	}{
		{[][]float64{{1}, {2}}, 2, 2, 0},
		{[][]float64{{0}, {1}}, 1, 1, 1}, // x = 0 is a fixed point
	}
	for _, c := range cases {
		res, err := Find(context.Background(), blowup{}, c.seeds, Options{Dt: 1e-2, MaxTime: 20})
		if err != nil {
			t.Fatalf("seeds %v: got error %v, want nil", c.seeds, err)
		}
		if res.Unresolved != c.wantUnresolved || res.Diverged != c.wantDiverged || len(res.Fixed) != c.wantFixed {
			t.Errorf("seeds %v: got Unresolved %d, Diverged %d, %d fixed; want %d, %d, %d",
				c.seeds, res.Unresolved, res.Diverged, len(res.Fixed), c.wantUnresolved, c.wantDiverged, c.wantFixed)
		}
	}
}
