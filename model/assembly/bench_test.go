package assembly

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkLouvain120 runs one Louvain pass on a dense 120-node graph with
// six planted blocks (the drifting-assemblies network size).
func BenchmarkLouvain120(b *testing.B) {
	const n = 120
	rng := rand.New(rand.NewPCG(1, 1))
	W := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				W[i*n+j] = 0.002 * rng.Float64()
				if i/20 == j/20 {
					W[i*n+j] += 0.02
				}
			}
		}
	}
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		Louvain(W, n, 1, 1, rng)
	}
}
