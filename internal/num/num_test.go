package num

import (
	"context"
	"errors"
	"testing"
)

func TestStreamsDistinctAndReproducible(t *testing.T) {
	a, b := Stream(1, 0, 1), Stream(1, 0, 1)
	for i := 0; i < 10; i++ {
		if x, y := a.Uint64(), b.Uint64(); x != y {
			t.Fatalf("same ids gave different draws %d != %d", x, y)
		}
	}
	seen := map[uint64]bool{}
	for _, ids := range [][]uint64{{}, {0}, {1}, {0, 1}, {1, 0}, {0, 0}} {
		for _, seed := range []uint64{1, 2} {
			v := Stream(seed, ids...).Uint64()
			if seen[v] {
				t.Errorf("stream (%d, %v) collides", seed, ids)
			}
			seen[v] = true
		}
	}
}

func TestParallelForDeterministic(t *testing.T) {
	for _, w := range []int{1, 2, 7} {
		out := make([]uint64, 100)
		err := ParallelFor(context.Background(), w, len(out), func(i int) error {
			out[i] = Stream(5, uint64(i)).Uint64()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range out {
			if out[i] != Stream(5, uint64(i)).Uint64() {
				t.Fatalf("workers %d: index %d differs", w, i)
			}
		}
	}
	boom := errors.New("boom")
	if err := ParallelFor(context.Background(), 2, 10, func(i int) error {
		if i == 3 {
			return boom
		}
		return nil
	}); !errors.Is(err, boom) {
		t.Errorf("got %v, want boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ParallelFor(ctx, 2, 10, func(int) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}
