package remap_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/remap"
	"neurolab/synth/mecmaps"
)

// smallSession simulates a small medial-entorhinal session whose cells switch
// between two spatial maps (synth/mecmaps, Low et al. 2021): 60 trials × 40
// position bins × 30 cells, with a map switch likely every ~7 trials.
func smallSession(seed uint64, oneMap bool) (remap.Tensor, mecmaps.Session) {
	g := mecmaps.Default()
	g.Cells, g.Bins, g.Trials, g.PSwitch = 30, 40, 60, 0.15
	s := mecmaps.Generate(rand.New(rand.NewPCG(seed, 2)), g, oneMap)
	return remap.Tensor{Trials: s.Trials, Bins: s.Bins, Cells: s.Cells, Data: s.Y}, s
}

// Example runs the remapping analysis of Low et al. (Neuron 2021) on a
// trials × bins × cells rate tensor with two planted maps: k-means on the
// unwrapped trials finds the map of every trial, the remap events, and the
// per-cell remap score, which is low for the cells that truly remap.
func Example() {
	x, truth := smallSession(1, false)
	res, err := remap.Analyze(context.Background(), x, remap.Options{
		Maps:     2,
		Restarts: 10,
		Seed:     1,
		Speed:    truth.Speed, // number the maps by speed: map 1 (label 0) is the slow one
	})
	if err != nil {
		panic(err)
	}

	correct := 0
	for t, l := range res.Labels {
		if l == truth.Map[t] {
			correct++
		}
	}
	trueEvents := remap.Events(truth.Map, 1)
	precision, recall := remap.MatchEvents(res.Events, trueEvents, 0)

	// Remapping cells have a low remap score (consistent ±1 per-cell score);
	// cells with the same field in both maps sit near log 2 ≈ 0.69.
	var sumRemap, sumStable float64
	var nRemap, nStable int
	for c, ll := range res.RemapScore {
		if truth.Remaps[c] {
			sumRemap += ll
			nRemap++
		} else {
			sumStable += ll
			nStable++
		}
	}
	fmt.Printf("trials assigned to their true map: %d of %d\n", correct, x.Trials)
	fmt.Println("remap events found exactly:", precision == 1 && recall == 1)
	fmt.Println("within-map similarity above across-map:", res.Within > res.Across)
	fmt.Println("remapping cells score lower than stable cells:", sumRemap/float64(nRemap) < sumStable/float64(nStable))
	// Output:
	// trials assigned to their true map: 60 of 60
	// remap events found exactly: true
	// within-map similarity above across-map: true
	// remapping cells score lower than stable cells: true
}

// ExampleChooseMaps picks the number of maps from the data by the silhouette
// of the k-means labels (our rule; minimum silhouette 0.25): 2 for a session
// with two planted maps, 1 for a control session that stays in one map.
func ExampleChooseMaps() {
	for _, oneMap := range []bool{false, true} {
		x, _ := smallSession(7, oneMap)
		k, _, err := remap.ChooseMaps(context.Background(), x, 4, 0.25, remap.Options{Restarts: 5, Seed: 1})
		if err != nil {
			panic(err)
		}
		fmt.Printf("one-map control %v: K = %d\n", oneMap, k)
	}
	// Output:
	// one-map control false: K = 2
	// one-map control true: K = 1
}

// ExampleEvents lists the trials that start a new map, dropping a switch that
// comes fewer than minTrials trials after the previous one (Low et al.,
// MIN_TRIALS = 5).
func ExampleEvents() {
	labels := []int{0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1}
	fmt.Println(remap.Events(labels, 1))
	fmt.Println(remap.Events(labels, 5))
	// Output:
	// [3 5 11]
	// [3 11]
}

// ExampleScore computes the distance-to-cluster score (Low et al., Fig 3):
// the position of each trial along the axis from centroid c2 (−1) to c1
// (+1); offsets orthogonal to that axis do not change it.
func ExampleScore() {
	c1, c2 := []float64{1, 0, 0}, []float64{0, 1, 0}
	Y := mat.NewDense(4, 3, []float64{
		1, 0, 0, // at c1
		0, 1, 0, // at c2
		0.5, 0.5, 0, // half-way
		0.5, 0.5, 3, // half-way, plus an orthogonal offset
	})
	score := make([]float64, 4)
	remap.Score(score, Y, c1, c2, nil)
	fmt.Println(score)
	// Output:
	// [1 -1 0 0]
}
