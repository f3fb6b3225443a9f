package assembly_test

import (
	"fmt"
	"math/rand/v2"

	"neurolab/analysis/stats"
	"neurolab/model/assembly"
)

// planted returns an n×n weight matrix (row-major) with strong weights
// (≈ 1) between neurons of the same assembly and weak ones (≈ 0.05) between
// assemblies, plus small uniform noise, and no self-weights.
func planted(labels []int, rng *rand.Rand) []float64 {
	n := len(labels)
	W := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			w := 0.05
			if labels[i] == labels[j] {
				w = 1
			}
			W[i*n+j] = w * (0.8 + 0.4*rng.Float64())
		}
	}
	return W
}

// Example follows assemblies across two checkpoints of a weight matrix, as
// in Kalle Kossio et al. (2021): detect them with Louvain (modularity
// maximisation on the symmetrised weights), score the detection with the
// adjusted Rand index against the planted truth, then, after two neurons
// have switched assembly, detect again and carry the labels over with
// Match so that each assembly keeps its identity.
func Example() {
	const n, k = 30, 3
	rng := rand.New(rand.NewPCG(1, 2))
	truth := make([]int, n)
	for i := range truth {
		truth[i] = rng.IntN(k) // interleaved, random sizes
	}
	W := planted(truth, rng)
	labels, q := assembly.Louvain(W, n, 1, 5, rng)
	within, between := assembly.WithinBetween(W, n, labels)
	fmt.Println("assemblies found:", assembly.NumLabels(labels))
	fmt.Printf("ARI with the planted assemblies: %.2f\n", stats.AdjustedRand(labels, truth))
	fmt.Println("modularity Q > 0.5:", q > 0.5)
	fmt.Println("within/between weight ratio > 10:", within > 10*between)

	// Drift: neurons 0 and 1 move to the next assembly.
	moved := append([]int(nil), truth...)
	moved[0], moved[1] = (moved[0]+1)%k, (moved[1]+1)%k
	labels2, _ := assembly.Louvain(planted(moved, rng), n, 1, 5, rng)
	tracked, next := assembly.Match(labels, labels2, assembly.NumLabels(labels))
	changed := 0
	for i := range tracked {
		if tracked[i] != labels[i] {
			changed++
		}
	}
	fmt.Println("neurons that changed assembly:", changed)
	fmt.Println("new assemblies:", next-assembly.NumLabels(labels))
	// Output:
	// assemblies found: 3
	// ARI with the planted assemblies: 1.00
	// modularity Q > 0.5: true
	// within/between weight ratio > 10: true
	// neurons that changed assembly: 2
	// new assemblies: 0
}

// ExampleMatch relabels a partition so that its communities carry the
// labels of the previous checkpoint's communities they overlap most; a
// community with no partner gets a fresh label (next).
func ExampleMatch() {
	prev := []int{0, 0, 0, 1, 1, 1, 2, 2, 2}
	cur := []int{2, 2, 2, 0, 0, 1, 1, 1, 3} // same groups, other names; one new
	out, next := assembly.Match(prev, cur, 3)
	fmt.Println(out, next)
	// Output:
	// [0 0 0 1 1 2 2 2 3] 4
}
