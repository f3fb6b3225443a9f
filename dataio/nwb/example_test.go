package nwb_test

import (
	"context"
	"errors"
	"fmt"

	"neurolab/analysis/deconv"
	"neurolab/dataio/nwb"
	"neurolab/experiment"
)

// Read a fluorescence series and deconvolve every ROI. Without the hdf5
// build tag ReadSeries returns an input error saying how to build with it.
func Example() {
	s, err := nwb.ReadSeries("session.nwb", "processing/ophys/Fluorescence/RoiResponseSeries")
	if errors.Is(err, experiment.ErrInput) {
		fmt.Println(err) // a missing file or series, or a build without -tags hdf5
		return
	}
	if err != nil {
		panic(err)
	}
	F := s.Matrix() // ROIs × frames
	res, err := deconv.DeconvolveRows(context.Background(), F, deconv.Options{Constrained: true, Baseline: true, Workers: 2})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d ROIs at %g Hz; ROI 0 decays by %.3f per frame\n", s.ROIs, s.Rate, res[0].G)
}
