package placefield_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/placefield"
	"neurolab/analysis/stats"
	"neurolab/synth/placemaps"
)

// smallConfig is a small synth/placemaps recording (Sheintuch et al. 2020
// design): 4 sessions × 5 one-minute trials on a linear track, 120 place
// cells and 40 untuned cells, K maps.
func smallConfig(maps int) placemaps.Config {
	c := placemaps.Default(maps)
	c.PlaceCells, c.UntunedCells, c.Sessions, c.TrialSeconds = 120, 40, 4, 60
	return c
}

// Example is the multiple-maps workflow of Sheintuch et al. (Curr Biol 2020)
// on an event recording with two planted maps: smoothed rate maps per trial,
// the trial × trial population-vector correlation matrix, and average-linkage
// clustering of trials into maps on the distance 1 − PV correlation. K > 1
// is accepted only if its silhouette is at least 0.25 and at least 2 sessions
// hold trials of two clusters (spec multiple-maps.md; within a single map the
// best split separates sessions drifted apart by cell turnover, which that
// rule rejects). The clusters match the planted map of every trial; a
// control recording with a single map gives K = 1.
func Example() {
	ctx := context.Background()
	for _, maps := range []int{2, 1} {
		c := smallConfig(maps)
		rec := placemaps.Generate(rand.New(rand.NewPCG(1, 2)), c)
		nTrials := len(rec.TrialMap)

		rateMaps, _ := placefield.TrialMaps(placefield.FromRecording(rec), nTrials) // cells × 2·bins per trial
		pv, err := placefield.PVMatrix(ctx, rateMaps, 1)
		if err != nil {
			panic(err)
		}
		ch := placefield.ClusterTrials(pv, nTrials, rec.TrialSession,
			placefield.ClusterOptions{MaxK: 4, MinSil: 0.25, MinSessions: 2})

		fmt.Printf("%d planted map(s), %d trials: K = %d, labels match truth (ARI = 1): %v\n",
			maps, nTrials, ch.K, stats.AdjustedRand(ch.Labels, rec.TrialMap) == 1)
	}
	// Output:
	// 2 planted map(s), 20 trials: K = 2, labels match truth (ARI = 1): true
	// 1 planted map(s), 20 trials: K = 1, labels match truth (ARI = 1): true
}

// ExampleDetectSwitches finds a map switch inside a trial: map templates are
// the mean rate maps of the trials in each cluster (here the planted labels),
// and 20-s windows sliding by 1 s are assigned to the template they correlate
// with best (Sheintuch et al., PV correlation above 0.2, at least 3 active
// cells).
func ExampleDetectSwitches() {
	c := smallConfig(2)
	rec := placemaps.Generate(rand.New(rand.NewPCG(1, 2)), c)
	maps, _ := placefield.TrialMaps(placefield.FromRecording(rec), len(rec.TrialMap))
	templates := placefield.MapTemplates(maps, rec.TrialMap, 2, nil)

	// One extra 3-minute trial of session 0 that switches from map 1 to map 2
	// half-way through.
	c.TrialSeconds = 180
	sw := placemaps.SwitchTrial(rand.New(rand.NewPCG(3, 4)), c, rec, 0, 0, 1, 0.5)
	o := placefield.SwitchOptions{Window: 400, Step: 20, Threshold: 0.2, MinActive: 3} // frames at 20 Hz
	_, found := placefield.DetectSwitches(placefield.FromRecording(sw), 0, len(sw.Bin), templates, o)

	fmt.Println("switches found:", len(found))
	fmt.Println("within one window of the true switch:", len(found) == 1 && math.Abs(float64(found[0]-sw.SwitchFrame[0])) <= float64(o.Window))
	// Output:
	// switches found: 1
	// within one window of the true switch: true
}

// ExampleSITest runs the Skaggs spatial-information shuffle test (Skaggs et
// al. 1993; 500 shuffles, α = 0.05) on every cell of one session: the cells
// active in a map are place cells and pass; untuned cells mostly do not.
func ExampleSITest() {
	c := smallConfig(1)
	rec := placemaps.Generate(rand.New(rand.NewPCG(1, 2)), c)
	f := placefield.FromRecording(rec)
	session0 := func(t int) bool { return rec.TrialSession[t] == 0 }
	res, err := placefield.SITest(context.Background(), f, session0, 3, 500, 0.05, 1, 1)
	if err != nil {
		panic(err)
	}
	var place, placeSig, untuned, untunedSig int
	for cell, r := range res {
		switch {
		case rec.Untuned[cell]:
			untuned++
			if r.P < 0.05 {
				untunedSig++
			}
		case rec.Active[0][0][cell]:
			place++
			if r.P < 0.05 {
				placeSig++
			}
		}
	}
	fmt.Printf("active place cells significant: %d of %d\n", placeSig, place)
	fmt.Println("untuned cells significant below 20 %:", float64(untunedSig) < 0.2*float64(untuned))
	// Output:
	// active place cells significant: 42 of 42
	// untuned cells significant below 20 %: true
}

// ExampleSpatialInfo computes the Skaggs information in bits per event,
// SI = Σ_b p_b (r_b/r̄) log2(r_b/r̄), for event counts over four bins with
// unequal occupancy.
func ExampleSpatialInfo() {
	occ := []float64{10, 30, 40, 20} // frames spent in each bin
	fmt.Printf("all events in bin 2: %.4f bits (log2(1/0.4) = %.4f)\n",
		placefield.SpatialInfo([]float64{0, 0, 7, 0}, occ), math.Log2(1/0.4))
	fmt.Printf("events proportional to occupancy: %.4f bits\n",
		placefield.SpatialInfo([]float64{1, 3, 4, 2}, occ))
	// Output:
	// all events in bin 2: 1.3219 bits (log2(1/0.4) = 1.3219)
	// events proportional to occupancy: 0.0000 bits
}

// ExampleFromArrays builds Frames from a recording given as arrays, the way
// it comes out of a tracking and event-detection pipeline: 20 Hz, two
// one-minute visits to a 100-cm track (trials 3 and 7) running laps at
// 20 cm/s, −1 between the visits, and tracking lost for one second. Cell 0
// is a place cell firing on every second frame at 30–40 cm when running
// up the track; cell 1 fires every 7th frame anywhere. With 16 bins of
// 6.25 cm, the smoothed rate maps put cell 0's peak in bin 5 (31.25–37.5
// cm) of direction 0 (running up) in both trials, with no events in
// direction 1, and the spatial-information shuffle test finds cell 0, not
// cell 1. Frames.Trial numbers the trials 0 and 1; info maps them back.
func ExampleFromArrays() {
	const fs, lap = 20, 200 // frames per second, frames per lap (up and back)
	var position []float64
	var trial []int
	visit := func(id, frames int) {
		for i := 0; i < frames; i++ {
			x := float64(i%lap) / lap * 200 // cm along the lap: 0..200
			if x > 100 {
				x = 200 - x // running back down
			}
			position = append(position, x)
			trial = append(trial, id)
		}
	}
	gap := func(frames int) {
		for i := 0; i < frames; i++ {
			position = append(position, 0)
			trial = append(trial, -1)
		}
	}
	gap(40)
	visit(3, 60*fs)
	gap(40)
	visit(7, 60*fs)
	for i := 500; i < 520; i++ {
		position[i] = math.NaN()
	}
	events := mat.NewDense(len(position), 2, nil)
	for i, x := range position {
		up := i > 0 && position[i] > position[i-1]
		if up && x >= 30 && x < 40 && i%2 == 0 {
			events.Set(i, 0, 1)
		}
		if i%7 == 0 {
			events.Set(i, 1, 1)
		}
	}

	f, info, err := placefield.FromArrays(events, position, trial,
		placefield.ArrayOptions{Bins: 16, FrameRate: fs, MinSpeed: 1, SpeedSmoothing: 0.4, MinTrials: 2})
	if err != nil {
		panic(err)
	}
	fmt.Println("trials:", info.TrialValues, "from frames", info.Start, "to", info.End)
	fmt.Println("frames without a position:", info.LostFrames)

	maps, _ := placefield.TrialMaps(f, len(info.TrialValues)) // cells × 2·Bins per trial
	for t, m := range maps {
		row := mat.Row(nil, 0, m)
		peak := 0
		for b := range row[:f.Bins] {
			if row[b] > row[peak] {
				peak = b
			}
		}
		centre := info.Lo + (float64(peak)+0.5)*(info.Hi-info.Lo)/float64(f.Bins)
		fmt.Printf("trial %d: cell 0 peaks at %.1f cm (bin %d) running up, %.2f events/frame; running down: %.2f\n",
			info.TrialValues[t], centre, peak, row[peak], floats.Max(row[f.Bins:]))
	}
	res, err := placefield.SITest(context.Background(), f, nil, 3, 200, 0.05, 1, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println("place cells (p < 0.05):", res[0].P < 0.05, res[1].P < 0.05)
	// Output:
	// trials: [3 7] from frames [40 1280] to [1240 2480]
	// frames without a position: 20
	// trial 3: cell 0 peaks at 34.4 cm (bin 5) running up, 0.32 events/frame; running down: 0.00
	// trial 7: cell 0 peaks at 34.4 cm (bin 5) running up, 0.32 events/frame; running down: 0.00
	// place cells (p < 0.05): true false
}
