package kalidindi2021

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
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
		// A batch of two conditions: the gradient is of the summed loss.
		w := newBPTTBatch(2, b.n)
		w.cond[0], w.cond[1] = 1, 3
		loss := func() float64 {
			b.forward(&a, w, p.Load, 0, nil)
			return w.loss[0] + w.loss[1]
		}
		loss()
		b.backward(&a, w, grads)
		for pi, q := range ps {
			for _, j := range []int{0, len(q) / 2, len(q) - 1} {
				const h = 1e-6
				old := q[j]
				q[j] = old + h
				lp := loss()
				q[j] = old - h
				lm := loss()
				q[j] = old
				fd := (lp - lm) / (2 * h)
				if math.Abs(fd-grads[pi][j]) > 1e-4*math.Max(math.Abs(fd), 1e-6) {
					t.Errorf("rec=%v param %d[%d]: got BPTT %.8g, want finite difference %.8g", rec, pi, j, grads[pi][j], fd)
				}
			}
		}
	}
}

// TestBPTTIndependentOfProcs: the batched matrix products that gonum
// spreads over GOMAXPROCS goroutines sum each entry in a fixed order, so an
// epoch gives bit-identical weights with 1 and 2 procs (128 units: the
// weight-gradient products are large enough to run in parallel).
func TestBPTTIndependentOfProcs(t *testing.T) {
	a := arm.Monkey()
	p := Default(experiment.Quick)
	p.Epochs = 1
	train := func(procs int) []float64 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		b := newBPTTNet(rand.New(rand.NewPCG(3, 4)), 128, false)
		cfg := experiment.Config{Seed: 1, Workers: procs}
		if _, err := trainBPTT(context.Background(), cfg, b, &a, p, 0, nil); err != nil {
			t.Fatal(err)
		}
		var out []float64
		for _, q := range b.params() {
			out = append(out, q...)
		}
		return out
	}
	w1, w2 := train(1), train(2)
	for i := range w1 {
		if w1[i] != w2[i] {
			t.Fatalf("weight %d: got %v with 2 procs, want %v (1 proc)", i, w2[i], w1[i])
		}
	}
}
