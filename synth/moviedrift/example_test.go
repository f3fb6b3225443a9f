package moviedrift_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/synth/moviedrift"
)

// Example simulates 20 repeats of a 30-s natural movie for 100 visual-cortex
// neurons with tuning drift (Deitch, Rubin & Ziv, Curr Biol 2021): each
// neuron's tuning is mixed linearly towards an independent one, with weight
// w_r = d·r/R over repeats r. The counts come as a repeats × bins × neurons
// tensor with mean rate 5 Hz; the gains stay 1 without rate drift.
func Example() {
	c := moviedrift.Default()
	c.Neurons, c.Repeats, c.TuningDrift = 100, 20, true
	rec := moviedrift.Generate(rand.New(rand.NewPCG(1, 2)), c)

	var sum float64
	for _, v := range rec.Counts {
		sum += v
	}
	mean := sum / float64(len(rec.Counts)) // spikes per 1-s bin
	gainsOne := true
	for _, g := range rec.Gain {
		gainsOne = gainsOne && g == 1
	}
	fmt.Printf("counts: %d repeats × %d bins × %d neurons\n", rec.Repeats, rec.Bins, rec.Neurons)
	fmt.Println("mean rate within 5 ± 0.25 Hz:", math.Abs(mean-5) < 0.25)
	fmt.Println("gains all 1 (no rate drift):", gainsOne)
	fmt.Printf("mixing weight: first repeat %.2f, last repeat %.2f\n", rec.Weight[0], rec.Weight[rec.Repeats-1])
	// Output:
	// counts: 20 repeats × 30 bins × 100 neurons
	// mean rate within 5 ± 0.25 Hz: true
	// gains all 1 (no rate drift): true
	// mixing weight: first repeat 0.00, last repeat 0.95
}
