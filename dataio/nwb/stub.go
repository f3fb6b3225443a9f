//go:build !hdf5

package nwb

import "neurolab/experiment"

// Available reports whether this binary can read NWB files.
const Available = false

// ReadSeries needs the hdf5 build tag; without it, it returns an input
// error that says how to build with it.
func ReadSeries(path, series string) (*Series, error) {
	return ReadSeriesWith(path, series, ReadOptions{})
}

// ReadSeriesWith needs the hdf5 build tag too.
func ReadSeriesWith(path, series string, _ ReadOptions) (*Series, error) {
	return nil, experiment.Inputf("%s: reading NWB needs the hdf5 build: install libhdf5-dev (Debian/Ubuntu) and rebuild with 'go build -tags hdf5 ./cmd/neurolab'", path)
}
