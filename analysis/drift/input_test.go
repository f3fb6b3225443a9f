package drift

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

func TestBadInput(t *testing.T) {
	data := func(n int) []float64 {
		d := make([]float64, n)
		for i := range d {
			d[i] = float64(i%7) + 0.5*float64(i%3)
		}
		return d
	}
	nan := data(3 * 4 * 5)
	nan[(2*4+1)*5+3] = math.NaN()
	cases := []struct {
		name string
		x    Responses
		o    Options
		want string
	}{
		{"short data", Responses{Repeats: 3, Bins: 4, Cells: 5, Data: data(59)}, Options{},
			"drift: len(Data) = 59, want Repeats·Bins·Cells = 3·4·5 = 60"},
		{"long data", Responses{Repeats: 3, Bins: 4, Cells: 5, Data: data(61)}, Options{}, "len(Data) = 61"},
		{"one repeat", Responses{Repeats: 1, Bins: 4, Cells: 5, Data: data(20)}, Options{},
			"drift: need at least 2 repeats, bins and cells (got 1, 4, 5)"},
		{"NaN", Responses{Repeats: 3, Bins: 4, Cells: 5, Data: nan}, Options{},
			"drift: responses hold NaN or Inf (Data[48] = NaN: repeat 2, bin 1, cell 3)"},
		{"negative shuffles", Responses{Repeats: 3, Bins: 4, Cells: 5, Data: data(60)}, Options{Shuffles: -1},
			"drift: Options.Shuffles = -1, must be >= 0"},
		{"negative workers", Responses{Repeats: 3, Bins: 4, Cells: 5, Data: data(60)}, Options{Workers: -1},
			"drift: Options.Workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		_, err := Analyze(context.Background(), c.x, c.o)
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%s: got error %v, want one wrapping experiment.ErrInput", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %q, want it to contain %q", c.name, err.Error(), c.want)
		}
	}
}

func TestShuffleNotRun(t *testing.T) {
	x := Responses{Repeats: 3, Bins: 4, Cells: 5}
	for i := 0; i < 60; i++ {
		x.Data = append(x.Data, float64((i*7)%11))
	}
	cases := []struct {
		shuffles int
		wantNaN  bool
	}{{0, true}, {10, false}}
	for _, c := range cases {
		res, err := Analyze(context.Background(), x, Options{Shuffles: c.shuffles, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := math.IsNaN(res.Shuffle); got != c.wantNaN {
			t.Errorf("Shuffles %d: got Shuffle %v (NaN %v), want NaN %v", c.shuffles, res.Shuffle, got, c.wantNaN)
		}
	}
}
