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

// A negative Workers set on a layer by hand is an input error too: NewNet
// panics with it, Trainer.Epoch returns it, RNN.Forward panics with it; a
// batch below 1 is an input error.
func TestLayerWorkersNegative(t *testing.T) {
	inputPanic := func(name string, f func()) {
		t.Helper()
		var got any
		func() {
			defer func() { got = recover() }()
			f()
		}()
		err, ok := got.(error)
		if !ok || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "Workers = -2") {
			t.Errorf("%s: got panic %v, want an input error naming Workers = -2", name, got)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	inputPanic("NewNet", func() { NewNet(Vec(4), rng, &Dense{Out: 3, Workers: -2}) })
	inputPanic("RNN.Forward", func() {
		r := NewRNN(2, 3, 1, rng)
		r.Workers = -2
		r.Forward(make([]float64, 2*1*2), 2, 1)
	})

	net := NewNet(Vec(4), rng, NewDense(3), ReLU{}, NewDense(2))
	d := Data{X: make([]float64, 8), Y: []int{0, 1}, N: 2, Dim: 4}
	tr := NewTrainer(net, NewSGD(net.Params(), 0.1, 0, 0), 2)
	if _, err := tr.Epoch(t.Context(), d, rng, nil); err != nil {
		t.Fatalf("valid workers: %v", err)
	}
	net.Layers[2].(*Dense).Workers = -2
	if _, err := tr.Epoch(t.Context(), d, rng, nil); !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "layer 2 (*nn.Dense): Workers = -2") {
		t.Errorf("Epoch with a negative layer Workers: got %v, want an input error naming layer 2", err)
	}
	net.Layers[2].(*Dense).Workers = 0
	tr.Batch = 0
	if _, err := tr.Epoch(t.Context(), d, rng, nil); !errors.Is(err, experiment.ErrInput) {
		t.Errorf("Batch 0: got %v, want an input error", err)
	}
}
