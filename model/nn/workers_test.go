package nn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"neurolab/experiment"
)

// Net.SetWorkers: 0 and 1 both mean serial; a negative count panics with an
// input error naming the argument (it used to mean serial) and leaves the
// layers as they were.
func TestSetWorkersRange(t *testing.T) {
	cases := []struct {
		workers int
		want    string // "" when SetWorkers must not panic
	}{
		{0, ""},
		{1, ""},
		{3, ""},
		{-1, "nn: Net.SetWorkers: workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.workers), func(t *testing.T) {
			net := NewNet(Vec(4), rand.New(rand.NewPCG(1, 2)), NewDense(3), ReLU{}, NewDense(2))
			net.SetWorkers(2)
			var got any
			func() {
				defer func() { got = recover() }()
				net.SetWorkers(c.workers)
			}()
			d := net.Layers[0].(*Dense)
			if c.want == "" {
				if got != nil {
					t.Fatalf("SetWorkers(%d) panicked: %v", c.workers, got)
				}
				if d.Workers != c.workers {
					t.Errorf("Dense.Workers = %d, want %d", d.Workers, c.workers)
				}
				return
			}
			err, ok := got.(error)
			if !ok || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("panic %v, want an input error containing %q", got, c.want)
			}
			if d.Workers != 2 {
				t.Errorf("Dense.Workers = %d after the refused call, want 2 (unchanged)", d.Workers)
			}
		})
	}
}
