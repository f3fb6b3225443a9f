package num

import (
	"context"
	"math"
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

// TestWeightedTally: unequal costs reported in order, ending at 1; bad
// units and totals are harmless.
func TestWeightedTally(t *testing.T) {
	costs := make([]float64, 500)
	var total float64
	for i := range costs {
		costs[i] = float64(i%7) + 0.5
		total += costs[i]
	}
	var got []float64
	tl := NewWeightedTally(total, func(f float64) { got = append(got, f) })
	if err := ParallelFor(context.Background(), 8, len(costs), func(i int) error { tl.Add(costs[i]); return nil }); err != nil {
		t.Fatal(err)
	}
	for k := 1; k < len(got); k++ {
		if got[k] < got[k-1] {
			t.Fatalf("report %d = %v after %v", k, got[k], got[k-1])
		}
	}
	if last := got[len(got)-1]; math.Abs(last-1) > 1e-12 {
		t.Errorf("last report %v, want 1", last)
	}
	n := len(got)
	tl.Add(math.NaN())
	tl.Add(-1)
	if len(got) != n {
		t.Errorf("NaN or negative units reported")
	}
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		var f float64
		NewWeightedTally(bad, func(x float64) { f = x }).Add(0.5)
		if f != 0.5 {
			t.Errorf("total %v: reported %v, want 0.5 (total treated as 1)", bad, f)
		}
	}
}
