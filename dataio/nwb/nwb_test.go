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

// Matrix copies Data into a ROIs × frames matrix.
func TestSeriesMatrix(t *testing.T) {
	s := &Series{Data: [][]float64{{1, 2, 3}, {4, 5, 6}}, ROIs: 2, Frame: 3, Rate: 30}
	m := s.Matrix()
	if r, c := m.Dims(); r != 2 || c != 3 || m.At(1, 0) != 4 || m.At(0, 2) != 3 {
		t.Fatalf("Matrix = %v, want the 2×3 rows of Data", m)
	}
	m.Set(0, 0, 9)
	if s.Data[0][0] != 1 {
		t.Error("Matrix shares Data; want a copy")
	}
	if !(&Series{}).Matrix().IsEmpty() {
		t.Error("Matrix of an empty series is not empty")
	}
}
