package placefield

import "neurolab/synth/placemaps"

// FromRecording returns the event frames of a synth/placemaps recording
// (the generator of Sheintuch et al. 2020-like data with planted maps), for
// checking this package's methods against its ground truth. The Frames
// shares Bin, Dir, Trial and Events with r (nothing is copied); Bins is
// r.Bins, the analysed bins per direction.
func FromRecording(r *placemaps.Recording) *Frames {
	return &Frames{Cells: r.Cells, Bins: r.Bins, Bin: r.Bin, Dir: r.Dir, Trial: r.Trial, Events: r.Events}
}
