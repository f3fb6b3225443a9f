package svm

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
)

// cancelAfter is a context whose Err is nil for its first n calls and
// context.Canceled from then on, so a test can cancel between two given
// folds.
type cancelAfter struct {
	context.Context
	n, calls int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls > c.n {
		return context.Canceled
	}
	return nil
}

// CrossValidate checks ctx before every fold: cancelled before the start it
// trains nothing, cancelled after fold f it returns context.Canceled before
// fold f+1, and an uncancelled ctx gives the same accuracy as always.
func TestCrossValidateContext(t *testing.T) {
	x, y := svcData(200, 5)
	const k = 5
	want, err := CrossValidate(context.Background(), x, y, 5, k, Options{}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CrossValidate(cancelled, x, y, 5, k, Options{}, rand.New(rand.NewPCG(1, 1))); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: error %v, want context.Canceled", err)
	}
	for _, c := range []struct {
		folds     int // folds trained before the cancellation
		wantCalls int // ctx.Err calls: one per fold started, plus the refused one
	}{
		{0, 1}, {1, 2}, {3, 4}, {k - 1, k},
	} {
		ctx := &cancelAfter{Context: context.Background(), n: c.folds}
		acc, err := CrossValidate(ctx, x, y, 5, k, Options{}, rand.New(rand.NewPCG(1, 1)))
		if !errors.Is(err, context.Canceled) || acc != 0 {
			t.Errorf("cancelled after %d folds: got %v, %v, want 0, context.Canceled", c.folds, acc, err)
		}
		if ctx.calls != c.wantCalls {
			t.Errorf("cancelled after %d folds: ctx checked %d times, want %d (once before each fold)", c.folds, ctx.calls, c.wantCalls)
		}
	}
	ctx := &cancelAfter{Context: context.Background(), n: k}
	got, err := CrossValidate(ctx, x, y, 5, k, Options{}, rand.New(rand.NewPCG(1, 1)))
	if err != nil || got != want {
		t.Errorf("uncancelled: got %v, %v, want %v, nil (same accuracy as context.Background)", got, err, want)
	}
}
