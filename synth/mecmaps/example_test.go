package mecmaps_test

import (
	"fmt"
	"math/rand/v2"

	"neurolab/synth/mecmaps"
)

// Example simulates a small medial-entorhinal session on a 400-cm virtual
// track whose cells switch between two spatial maps (Low et al., Neuron
// 2021): 40 cells, 80 position bins, 100 trials. The session returns its
// rates as a trials × bins × cells tensor and its ground truth: the map of
// each trial (the slow map 1 or the fast map 2), and which cells remap.
func Example() {
	c := mecmaps.Default()
	c.Cells, c.Trials = 40, 100
	s := mecmaps.Generate(rand.New(rand.NewPCG(1, 2)), c, false)

	remapping, shortest, run := 0, c.Trials, 1
	for _, r := range s.Remaps {
		if r {
			remapping++
		}
	}
	switches := 0
	for t := 1; t < s.Trials; t++ {
		if s.Map[t] != s.Map[t-1] {
			switches++
			shortest, run = min(shortest, run), 0
		}
		run++
	}
	fmt.Printf("tensor: %d trials × %d bins × %d cells = %d values\n", s.Trials, s.Bins, s.Cells, len(s.Y))
	fmt.Printf("remapping cells: %d (60 %% of %d)\n", remapping, c.Cells)
	fmt.Println("has map switches:", switches > 0)
	fmt.Println("every completed stay lasts at least 5 trials:", shortest >= c.MinStay)
	fmt.Println("map 2 trials run faster:", s.Speed[indexOf(s.Map, 1)] > s.Speed[indexOf(s.Map, 0)])
	// Output:
	// tensor: 100 trials × 80 bins × 40 cells = 320000 values
	// remapping cells: 24 (60 % of 40)
	// has map switches: true
	// every completed stay lasts at least 5 trials: true
	// map 2 trials run faster: true
}

func indexOf(x []int, v int) int {
	for i, a := range x {
		if a == v {
			return i
		}
	}
	return -1
}
