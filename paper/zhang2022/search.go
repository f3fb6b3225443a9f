package zhang2022

import (
	"context"
	"math/rand/v2"

	"neurolab/model/attractor"
)

// seedsFor returns the initial conditions of a search on n regions: k
// uniform seeds in [0,1]^{2n} from rng, then, when n ≤ 12, the 2^n patterns
// S_E ∈ {0,1}^n with S_I = 0, else all-low, all-high and the n single-high
// patterns (spec: uniform seeds alone rarely reach the all-low product
// states).
func seedsFor(rng *rand.Rand, n, k int) [][]float64 {
	var out [][]float64
	for s := 0; s < k; s++ {
		x := make([]float64, 2*n)
		for i := range x {
			x[i] = rng.Float64()
		}
		out = append(out, x)
	}
	pattern := func(bits func(i int) bool) []float64 {
		x := make([]float64, 2*n)
		for i := 0; i < n; i++ {
			if bits(i) {
				x[i] = 1
			}
		}
		return x
	}
	if n <= 12 {
		for m := 0; m < 1<<n; m++ {
			out = append(out, pattern(func(i int) bool { return m>>i&1 == 1 }))
		}
		return out
	}
	out = append(out, pattern(func(int) bool { return false }), pattern(func(int) bool { return true }))
	for k := 0; k < n; k++ {
		out = append(out, pattern(func(i int) bool { return i == k }))
	}
	return out
}

func searchOpts(p Params, workers int) attractor.Options {
	return attractor.Options{Dt: p.Dt, MaxTime: p.MaxTime, Tol: p.Tol, NewtonTol: 1e-10, DedupTol: 1e-6,
		CycleWindow: 1, CycleAmp: 1e-4, SwitchTol: 1e-3, Workers: workers}
}

// search runs the attractor search of the network (c, G, I_E).
func search(ctx context.Context, p Params, c *connectome, g, iE float64, seeds [][]float64, workers int) (*attractor.Result, error) {
	return attractor.Find(ctx, newModel(p, c.w, c.n, g, iE), seeds, searchOpts(p, workers))
}
