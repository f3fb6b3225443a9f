package num

import (
	"context"
	"testing"
)

// TestTallyInOrder: with many workers finishing together, the callback
// sees every fraction k/n exactly once and in increasing order.
func TestTallyInOrder(t *testing.T) {
	const n = 2000
	var got []float64 // appended by the callback, which Tally serialises
	tl := NewTally(n, func(f float64) { got = append(got, f) })
	if err := ParallelFor(context.Background(), 8, n, func(int) error { tl.Step(); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d reports, want %d", len(got), n)
	}
	for k, f := range got {
		if want := float64(k+1) / n; f != want {
			t.Fatalf("report %d = %v, want %v", k, f, want)
		}
	}
}

// TestTallyEdges: a nil callback only counts; extra steps stay at 1; a
// total below 1 counts as 1.
func TestTallyEdges(t *testing.T) {
	NewTally(3, nil).Step()
	var last float64
	tl := NewTally(0, func(f float64) { last = f })
	tl.Step()
	tl.Step()
	if last != 1 {
		t.Errorf("last = %v, want 1", last)
	}
}
