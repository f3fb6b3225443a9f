package gridcells

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestLibraryRange(t *testing.T) {
	lib := Library(rand.New(rand.NewPCG(1, 2)), 500, 100)
	hi := math.Exp(1.35) - 1
	var mean float64
	for i, r := range lib {
		if r < -1e-12 || r > hi+1e-12 {
			t.Fatalf("rate %d = %g outside [0, %g]", i, r, hi)
		}
		mean += r
	}
	mean /= float64(len(lib))
	// v is a sum of three cosines with E[v] = 0 over random phases, so the
	// mean rate E[exp(0.3(v+1.5))] − 1 exceeds e^{0.45} − 1 = 0.568 (Jensen).
	if mean < 0.568 || mean > 1 {
		t.Errorf("mean rate: got %g, want in (0.568, 1)", mean)
	}
}

func TestLibraryPeriodic(t *testing.T) {
	// Along the track a grid pattern is a sum of three cosines: the rate map
	// must vary (not flat) for a typical cell.
	lib := Library(rand.New(rand.NewPCG(3, 4)), 10, 100)
	for c := 0; c < 10; c++ {
		row := lib[c*100 : (c+1)*100]
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, r := range row {
			lo, hi = math.Min(lo, r), math.Max(hi, r)
		}
		if hi-lo < 0.1 {
			t.Errorf("cell %d: rate range %g, want > 0.1", c, hi-lo)
		}
	}
}
