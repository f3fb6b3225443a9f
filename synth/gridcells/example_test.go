package gridcells_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/synth/gridcells"
)

// Example draws a library of 20 grid-cell rate maps along a 1-m track (100
// pixels of 1 cm), the input population of Acker, Paradis & Miller (J
// Neurophysiol 2019): each map is a 2-D grid pattern of three plane waves
// (Solstad et al. 2006) sampled along a line, so rates stay within
// [0, e^1.35 − 1]. Most maps vary along the track; a cell whose grid fields
// the line only grazes is nearly flat.
func Example() {
	const cells, pos = 20, 100
	lib := gridcells.Library(rand.New(rand.NewPCG(1, 2)), cells, pos) // cell-major: [c*pos+i]
	hi := math.Exp(1.35) - 1
	inRange, varying := true, 0
	for c := 0; c < cells; c++ {
		lo, top := math.Inf(1), math.Inf(-1)
		for _, r := range lib[c*pos : (c+1)*pos] {
			inRange = inRange && r >= -1e-12 && r <= hi+1e-12
			lo, top = math.Min(lo, r), math.Max(top, r)
		}
		if top-lo > 0.1 {
			varying++
		}
	}
	fmt.Println("values:", len(lib))
	fmt.Println("rates within [0, e^1.35 − 1]:", inRange)
	fmt.Printf("cells whose rate varies by more than 0.1 along the track: %d of %d\n", varying, cells)
	// Output:
	// values: 2000
	// rates within [0, e^1.35 − 1]: true
	// cells whose rate varies by more than 0.1 along the track: 19 of 20
}
