package kalidindi2021

import (
	"math"
	"math/rand/v2"
	"testing"

	"neurolab/experiment"
	"neurolab/model/arm"
)

// TestBPTTGradient compares the hand-written BPTT gradient with central
// differences of the loss (noise off), for NOREC and REC networks.
func TestBPTTGradient(t *testing.T) {
	a := arm.Monkey()
	p := Default(experiment.Quick)
	for _, rec := range []bool{false, true} {
		b := newBPTTNet(rand.New(rand.NewPCG(1, 2)), 6, rec)
		// Non-zero biases so that every path is exercised.
		for i := range b.b1 {
			b.b1[i], b.b2[i] = 0.1*float64(i%3), -0.05*float64(i%2)
		}
		ps := b.params()
		grads := make([][]float64, len(ps))
		for i, q := range ps {
			grads[i] = make([]float64, len(q))
		}
		c := 1
		tr := b.forward(&a, c, p.Load, 0, nil)
		b.backward(&a, tr, grads)
		for pi, q := range ps {
			for _, j := range []int{0, len(q) / 2, len(q) - 1} {
				const h = 1e-6
				old := q[j]
				q[j] = old + h
				lp := b.forward(&a, c, p.Load, 0, nil).loss
				q[j] = old - h
				lm := b.forward(&a, c, p.Load, 0, nil).loss
				q[j] = old
				fd := (lp - lm) / (2 * h)
				if math.Abs(fd-grads[pi][j]) > 1e-4*math.Max(math.Abs(fd), 1e-6) {
					t.Errorf("rec=%v param %d[%d]: BPTT %.8g, finite difference %.8g", rec, pi, j, grads[pi][j], fd)
				}
			}
		}
	}
}
