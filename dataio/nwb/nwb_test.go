package nwb

import (
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
)

func TestWithoutTagSaysHowToBuild(t *testing.T) {
	if Available {
		t.Skip("built with the hdf5 tag")
	}
	_, err := ReadSeries("x.nwb", "processing/ophys/Fluorescence/RoiResponseSeries")
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "-tags hdf5") {
		t.Fatalf("got %v, want an input error naming the hdf5 build tag", err)
	}
}
