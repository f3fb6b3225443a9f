package placemaps_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/synth/placemaps"
)

// Example simulates a small CA1 event recording with two coexisting spatial
// maps (Sheintuch et al., Curr Biol 2020): 3 sessions of 5 one-minute trials
// at 20 frames/s, 100 place cells and 50 untuned cells. Each trial is in one
// map, and each map has its own set of active place cells (35 %).
func Example() {
	c := placemaps.Default(2)
	c.PlaceCells, c.UntunedCells, c.Sessions, c.TrialSeconds = 100, 50, 3, 60
	r := placemaps.Generate(rand.New(rand.NewPCG(1, 2)), c)

	starts := r.TrialStarts()
	inMap := [2]int{}
	for _, m := range r.TrialMap {
		inMap[m]++
	}
	active := 0
	for _, a := range r.Active[0][0] {
		if a {
			active++
		}
	}
	// Untuned cells fire with probability 0.02 per frame.
	var untunedEvents float64
	for _, ev := range r.Events {
		for _, cell := range ev {
			if r.Untuned[cell] {
				untunedEvents++
			}
		}
	}
	pUntuned := untunedEvents / float64(len(r.Bin)*c.UntunedCells)

	fmt.Printf("%d cells, %d trials, %d frames per trial\n", r.Cells, len(r.TrialMap), starts[1]-starts[0])
	fmt.Println("both maps visited:", inMap[0] > 0 && inMap[1] > 0)
	fmt.Printf("active place cells in map 1, session 1: %d of %d\n", active, c.PlaceCells)
	fmt.Println("untuned event probability within 0.02 ± 0.002:", math.Abs(pUntuned-0.02) < 0.002)
	// Output:
	// 150 cells, 15 trials, 1200 frames per trial
	// both maps visited: true
	// active place cells in map 1, session 1: 35 of 100
	// untuned event probability within 0.02 ± 0.002: true
}
