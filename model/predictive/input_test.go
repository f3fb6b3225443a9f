package predictive

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"neurolab/experiment"
)

// A negative workers count is an input error naming the argument (it used
// to run serially); 0 is serial.
func TestNegativeWorkers(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	net := New([]int{2, 3, 2}, 0.1, 1, r)
	in := [][]float64{{1, 0}, {0, 1}, {1, 1}, {0, 0}}
	tg := [][]float64{{1, 0}, {0, 1}, {1, 0}, {0, 1}}
	tr := NewTrainer(net, Schedule{Steps: 10, K: 2, Delay: 2, Update: 2, Ridge: 1e-6, Eta: []float64{0.03, 0.02}}, len(in))
	cases := []struct {
		name string
		run  func() error
		want string // "" for no error
	}{
		{"Batch 0", func() error { _, err := tr.Batch(ctx, 0, in, tg, r); return err }, ""},
		{"Batch -1", func() error { _, err := tr.Batch(ctx, -1, in, tg, r); return err },
			"predictive: Trainer.Batch: workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
		{"Classify 0", func() error { _, err := net.Classify(ctx, 0, 10, in); return err }, ""},
		{"Classify -4", func() error { _, err := net.Classify(ctx, -4, 10, in); return err },
			"predictive: Net.Classify: workers = -4: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if c.want == "" {
				if err != nil {
					t.Errorf("error %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want an input error containing %q", err, c.want)
			}
		})
	}
}
