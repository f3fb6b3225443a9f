// Package nwb reads fluorescence traces (an ophys RoiResponseSeries, e.g.
// processing/ophys/Fluorescence/RoiResponseSeries) from Neurodata Without
// Borders files (Rübel et al., eLife 11:e78362, 2022), which are HDF5 files.
//
// No HDF5 reader for Go is available from the module proxy, so the reader is
// a small cgo wrapper over the HDF5 C library (Debian: libhdf5-dev, 1.10 or
// later), compiled only with the hdf5 build tag:
//
//	apt-get install libhdf5-dev
//	go build -tags hdf5 ./cmd/neurolab
//	go test -tags hdf5 ./dataio/nwb/
//
// Without the tag, ReadSeries returns an input error saying how to build
// with it.
//
// A series is read from SERIES/data (frames × ROIs, any float or integer
// type, converted to float64) and its sampling rate from the "rate"
// attribute of SERIES/starting_time, or else from SERIES/timestamps.
package nwb

import "gonum.org/v1/gonum/mat"

// ReadOptions change what ReadSeriesWith accepts.
type ReadOptions struct {
	// AllowNaN keeps NaN values (missing frames) instead of rejecting
	// them; ±Inf is always an error.
	AllowNaN bool
}

// Series is one RoiResponseSeries: Data is ROIs × frames (transposed from
// the file's frames × ROIs), Rate the sampling rate in Hz. Matrix gives Data
// as the cells × frames *mat.Dense that suite2p and deconv use.
type Series struct {
	Data  [][]float64 // Data[roi][frame], in the file's units
	Rate  float64     // sampling rate, Hz
	ROIs  int         // number of ROIs, len(Data)
	Frame int         // number of frames, the length of each Data[roi]
}

// Matrix returns Data as a ROIs × frames matrix (a copy): the layout of
// suite2p.Plane's traces and of deconv.DeconvolveRows.
func (s *Series) Matrix() *mat.Dense {
	if s.ROIs == 0 || s.Frame == 0 {
		return &mat.Dense{}
	}
	m := mat.NewDense(s.ROIs, s.Frame, nil)
	for i, row := range s.Data {
		copy(m.RawRowView(i), row)
	}
	return m
}
