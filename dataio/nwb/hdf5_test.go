//go:build hdf5

package nwb

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
)

func TestReadSeriesRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.nwb")
	const series = "processing/ophys/Fluorescence/RoiResponseSeries"
	data := [][]float64{{1, 10, 100}, {2, 20, 200}, {3, 30, 300}, {4, 40, 400}} // 4 frames × 3 ROIs
	if err := writeSeries(path, series, data, 30); err != nil {
		t.Fatal(err)
	}
	s, err := ReadSeries(path, series)
	if err != nil {
		t.Fatal(err)
	}
	if s.Rate != 30 || s.ROIs != 3 || s.Frame != 4 {
		t.Fatalf("got rate %g, %d ROIs, %d frames; want 30, 3, 4", s.Rate, s.ROIs, s.Frame)
	}
	for r := 0; r < 3; r++ {
		for f := 0; f < 4; f++ {
			if s.Data[r][f] != data[f][r] {
				t.Fatalf("ROI %d frame %d: got %g, want %g", r, f, s.Data[r][f], data[f][r])
			}
		}
	}
	// A wrong --series: the error lists the series the file does hold.
	_, err = ReadSeries(path, "processing/ophys/DfOverF/RoiResponseSeries")
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "processing/ophys/Fluorescence/RoiResponseSeries") {
		t.Errorf("wrong series: got %v, want an input error listing processing/ophys/Fluorescence/RoiResponseSeries", err)
	}
	for _, tc := range []struct{ path, series string }{
		{path, "processing/ophys/Nope"},
		{filepath.Join(t.TempDir(), "missing.nwb"), series},
	} {
		if _, err := ReadSeries(tc.path, tc.series); err == nil || !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%s %s: got %v, want an input error", tc.path, tc.series, err)
		}
	}
}

// TestReadSeriesNaN: NaN frames are input errors unless AllowNaN keeps them.
func TestReadSeriesNaN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nan.nwb")
	const series = "processing/ophys/Fluorescence/RoiResponseSeries"
	data := [][]float64{{1, 2}, {math.NaN(), 3}, {4, 5}}
	if err := writeSeries(path, series, data, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSeries(path, series); err == nil || !errors.Is(err, experiment.ErrInput) {
		t.Errorf("NaN without AllowNaN: got %v, want an input error", err)
	}
	s, err := ReadSeriesWith(path, series, ReadOptions{AllowNaN: true})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(s.Data[0][1]) || s.Data[0][2] != 4 || s.Data[1][1] != 3 {
		t.Errorf("got ROI 0 %v, ROI 1 %v; want [1 NaN 4], [2 3 5]", s.Data[0], s.Data[1])
	}
}
