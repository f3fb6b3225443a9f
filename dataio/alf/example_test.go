package alf_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/alf"
	"neurolab/dataio/npy"
)

// writeSession writes a tiny ONE/ALF session to dir: 9 spikes of clusters
// 3 and 7, and 4 trials with stimulus onsets at 1, 2, 3 and 4 s, the
// left/right contrasts (NaN: no stimulus on that side) and the feedback.
// Trial 1 shows equal non-zero contrasts on both sides.
func writeSession(dir string) {
	files := map[string][]float64{
		"spikes.times.npy":                    {0.6, 1.05, 1.1, 1.15, 2.7, 3.02, 3.05, 4.1, 4.4},
		"spikes.clusters.npy":                 {3, 3, 7, 3, 7, 7, 7, 3, 3},
		"trials.visualStim_times.npy":         {1, 2, 3, 4},
		"trials.visualStim_contrastLeft.npy":  {0.5, 0.25, 0, math.NaN()},
		"trials.visualStim_contrastRight.npy": {0, 0.25, 0, 0.5},
		"trials.feedbackType.npy":             {1, -1, 1, 1},
	}
	for name, v := range files {
		if err := npy.WriteFloat64(filepath.Join(dir, name), []int{len(v)}, v); err != nil {
			panic(err)
		}
	}
}

// Example loads an ALF session folder (Steinmetz et al. 2019 layout) and
// builds the trials × clusters spike-count matrix in the 0–0.2 s window
// after each stimulus onset, each trial labelled by the sign of
// contrastRight − contrastLeft (trials with equal non-zero contrasts are
// dropped): the input of the average test of analysis/averages (Tlaie et
// al. 2024).
func Example() {
	dir, err := os.MkdirTemp("", "alf-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	writeSession(dir)

	s, err := alf.Load(dir)
	if err != nil {
		panic(err)
	}
	fmt.Println("spikes:", len(s.SpikeTimes), "clusters:", s.Clusters, "trials:", s.NTrials)

	st, err := s.StimulusCounts(0, 0.2)
	if err != nil {
		panic(err)
	}
	fmt.Println("kept trials:", st.Kept, "labels (0 left, 1 none, 2 right):", st.Labels)
	fmt.Printf("counts (trials × clusters %v):\n%v\n", s.Clusters, mat.Formatted(st.Counts))
	// Output:
	// spikes: 9 clusters: [3 7] trials: 4
	// kept trials: [0 2 3] labels (0 left, 1 none, 2 right): [0 1 2]
	// counts (trials × clusters [3 7]):
	// ⎡2  1⎤
	// ⎢0  2⎥
	// ⎣1  0⎦
}

// ExampleSession_Counts bins spikes around any per-trial event, here the
// 0.5 s before each stimulus onset.
func ExampleSession_Counts() {
	dir, err := os.MkdirTemp("", "alf-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	writeSession(dir)
	s, err := alf.Load(dir)
	if err != nil {
		panic(err)
	}

	onset, name, err := s.Attr("visualStim_times", "stimOn_times") // Steinmetz name, then IBL's
	if err != nil {
		panic(err)
	}
	c := s.Counts(onset, -0.5, 0)
	fmt.Println("aligned to", name)
	fmt.Printf("%v\n", mat.Formatted(c))
	// Output:
	// aligned to visualStim_times
	// ⎡1  0⎤
	// ⎢0  0⎥
	// ⎢0  1⎥
	// ⎣0  0⎦
}
