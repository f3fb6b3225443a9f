package drift

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// Progress follows the pairs of repeats done, not the repeats: after the
// first repeat (R−1 of the R(R−1)/2 pairs) it reports 2/R, and it ends at 1,
// with one worker or several.
func TestProgressCountsPairs(t *testing.T) {
	const R, B, N = 12, 4, 5
	rng := rand.New(rand.NewPCG(1, 2))
	x := Responses{Repeats: R, Bins: B, Cells: N, Data: make([]float64, R*B*N)}
	for i := range x.Data {
		x.Data[i] = rng.NormFloat64()
	}
	for _, workers := range []int{1, 3} {
		var mu sync.Mutex
		var got []float64
		o := Options{Workers: workers, Progress: func(f float64) { mu.Lock(); got = append(got, f); mu.Unlock() }}
		if _, err := Analyze(context.Background(), x, o); err != nil {
			t.Fatal(err)
		}
		mx := 0.0
		for _, f := range got {
			mx = math.Max(mx, f)
		}
		if len(got) != R || mx != 1 {
			t.Fatalf("workers %d: progress %v, want %d values reaching 1", workers, got, R)
		}
		if workers == 1 && math.Abs(got[0]-2.0/R) > 1e-12 {
			t.Errorf("after the first repeat: %v, want %v", got[0], 2.0/R)
		}
	}
}
