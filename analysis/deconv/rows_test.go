package deconv

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// plantedRows returns a cells × frames matrix of AR(1) calcium traces with
// baseline and noise.
func plantedRows(seed uint64, cells, T int) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 7))
	Y := mat.NewDense(cells, T, nil)
	for i := 0; i < cells; i++ {
		c := 0.0
		for t := 0; t < T; t++ {
			s := 0.0
			if rng.Float64() < 0.03 {
				s = 1
			}
			c = 0.9*c + s
			Y.Set(i, t, 1+float64(i)*0.1+c+0.2*rng.NormFloat64())
		}
	}
	return Y
}

// DeconvolveRows equals Deconvolve row by row, bit for bit, for any number
// of workers.
func TestDeconvolveRowsMatchesDeconvolve(t *testing.T) {
	Y := plantedRows(1, 7, 300)
	cases := []struct {
		name string
		opt  Options
	}{
		{"recommended, 1 worker", Options{Constrained: true, Baseline: true, Workers: 1}},
		{"recommended, 3 workers", Options{Constrained: true, Baseline: true, Workers: 3}},
		{"AR(2), 0 workers", Options{AR: 2, Constrained: true, Baseline: true}},
		{"zero options, 16 workers", Options{Workers: 16}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DeconvolveRows(context.Background(), Y, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 7 {
				t.Fatalf("got %d results, want 7", len(got))
			}
			for i := range got {
				want, err := Deconvolve(mat.Row(nil, i, Y), c.opt)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got[i], *want) {
					t.Errorf("row %d: got λ %v, b %v, want λ %v, b %v (results differ)", i, got[i].Lambda, got[i].B, want.Lambda, want.B)
				}
			}
		})
	}
}

// Bad input to DeconvolveRows: the error names the row and keeps the
// sentinels.
func TestDeconvolveRowsErrors(t *testing.T) {
	Y := plantedRows(2, 4, 100)
	allNaN := mat.DenseCopyOf(Y)
	short := mat.DenseCopyOf(Y)
	for t := 0; t < 100; t++ {
		allNaN.Set(2, t, math.NaN())
		if t >= 5 {
			short.Set(1, t, math.NaN())
			short.Set(3, t, math.NaN())
		}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name      string
		ctx       context.Context
		Y         *mat.Dense
		opt       Options
		want      string
		wantShort bool
		wantInput bool
	}{
		{"nil matrix", context.Background(), nil, Options{}, "deconv: DeconvolveRows of an empty matrix", false, true},
		{"all-NaN row", context.Background(), allNaN, Options{}, "deconv: row 2: deconv: no finite frame among 100", false, true},
		{"short rows", context.Background(), short, Options{Constrained: true}, "deconv: row 1: deconv: noise estimate: 5 finite frames", true, true},
		{"bad option", context.Background(), Y, Options{G: 1.2}, "deconv: row 0: deconv: AR(1) needs 0 ≤ g < 1", false, true},
		{"cancelled", cancelled, Y, Options{}, "context canceled", false, false},
		{"negative Workers", context.Background(), Y, Options{Workers: -1},
			"deconv: Options.Workers = -1: want ≥ 0 (0 and 1 both mean serial)", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.opt.Workers == 0 {
				c.opt.Workers = 2
			}
			_, err := DeconvolveRows(c.ctx, c.Y, c.opt)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %v, want an error starting %q", err, c.want)
			}
			if got := errors.Is(err, ErrTooShort); got != c.wantShort {
				t.Errorf("got errors.Is(err, ErrTooShort) = %v, want %v", got, c.wantShort)
			}
			if got := errors.Is(err, experiment.ErrInput); got != c.wantInput {
				t.Errorf("got errors.Is(err, experiment.ErrInput) = %v, want %v", got, c.wantInput)
			}
		})
	}
}
