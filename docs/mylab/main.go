// Command mylab is a program in a module of its own that uses neurolab as a
// library, the way a lab's analysis code would (see docs/library.md, "From
// your own module"): it simulates calcium fluorescence with known spikes
// (Friedrich et al. 2017's generator), deconvolves it with OASIS and
// prints how well the inferred calcium matches the truth. CI builds and
// runs it, so the recipe stays true.
package main

import (
	"fmt"
	"log"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat"

	"neurolab/analysis/deconv"
	"neurolab/synth/calcium"
)

func main() {
	rng := rand.New(rand.NewPCG(1, 2))
	tr := calcium.GenData(rng, calcium.GenDataConfig{T: 3000})
	r, err := deconv.Deconvolve(tr.Y, deconv.Options{Constrained: true, Baseline: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("decay g = %.3f, noise SD = %.3f, corr(inferred, true calcium) = %.3f\n",
		r.G, r.Sn, stat.Correlation(r.C, tr.C, nil))
}
