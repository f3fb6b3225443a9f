package nn

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// Closed form: a Dense layer with W = I and b = 0 is the identity, so its
// predicted class is the index of each example's largest input (the first
// on ties), whatever the batch size.
func TestPredictIdentity(t *testing.T) {
	const dim = 4
	X := []float64{
		3, 1, 2, 0,
		0, 0, 5, 1,
		-1, -2, -3, -0.5,
		2, 7, 7, 1, // tie: first wins
		0, 0, 0, 0, // all equal: 0
	}
	want := []int{0, 2, 3, 1, 0}
	d := Data{X: X, N: len(want), Dim: dim} // no labels
	net := NewNet(Vec(dim), rand.New(rand.NewPCG(1, 1)), NewDense(dim))
	dl := net.Layers[0].(*Dense)
	clear(dl.W.W)
	for i := 0; i < dim; i++ {
		dl.W.W[i*dim+i] = 1
	}
	for _, batch := range []int{1, 2, 5, 64} {
		got := Predict(net, d, batch)
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("batch %d, example %d: got class %d, want %d", batch, i, got[i], want[i])
			}
		}
	}
}

// Predict agrees with Evaluate's accuracy (rng nil) on a trained net with
// dropout, does not depend on the batch size and draws no noise (dropout
// is off: two calls agree).
func TestPredictMatchesEvaluate(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	d := gaussianBlobs(rng, 4, 60, 8)
	net := NewNet(Vec(8), rng, NewDense(16), ReLU{}, &Dropout{P: 0.2}, NewDense(4))
	tr := NewTrainer(net, NewSGD(net.Params(), 0.05, 0.9, 1e-4), 16)
	for e := 0; e < 5; e++ {
		if _, err := tr.Epoch(context.Background(), d, rng, nil); err != nil {
			t.Fatal(err)
		}
	}
	test := gaussianBlobs(rand.New(rand.NewPCG(13, 14)), 4, 60, 8)
	acc, _ := Evaluate(net, test, 32, nil)
	ref := Predict(net, test, test.N)
	correct := 0
	for i, c := range ref {
		if c == test.Y[i] {
			correct++
		}
	}
	if got := float64(correct) / float64(test.N); got != acc {
		t.Errorf("accuracy of Predict: got %v, want Evaluate's %v exactly", got, acc)
	}
	for _, batch := range []int{1, 7, 32} {
		t.Run(fmt.Sprintf("batch=%d", batch), func(t *testing.T) {
			got := Predict(net, test, batch)
			for i := range ref {
				if got[i] != ref[i] {
					t.Fatalf("batch %d, example %d: got class %d, want %d", batch, i, got[i], ref[i])
				}
			}
		})
	}
}

// TestBatchBelowOne: Evaluate panics and Trainer.Epoch returns an error on a
// batch size below 1, as Predict panics. Evaluate used to loop forever (its
// chunk start never advanced) and Epoch to report a NaN loss.
func TestBatchBelowOne(t *testing.T) {
	net := NewNet(Vec(2), rand.New(rand.NewPCG(1, 2)), NewDense(2))
	d := Data{X: []float64{1, 2, 3, 4}, Y: []int{0, 1}, N: 2, Dim: 2}
	for _, batch := range []int{0, -3} {
		tr := NewTrainer(net, NewSGD(net.Params(), 0.1, 0, 0), batch)
		if _, err := tr.Epoch(context.Background(), d, rand.New(rand.NewPCG(1, 2)), nil); err == nil ||
			err.Error() != fmt.Sprintf("nn: Trainer.Batch = %d: want ≥ 1", batch) {
			t.Errorf("Epoch with Batch %d: err = %v", batch, err)
		}
		done := make(chan any)
		go func() {
			defer func() { done <- recover() }()
			Evaluate(net, d, batch, nil)
		}()
		select {
		case r := <-done:
			if r == nil {
				t.Errorf("Evaluate with batch %d did not panic", batch)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Evaluate with batch %d does not return", batch)
		}
	}
}
