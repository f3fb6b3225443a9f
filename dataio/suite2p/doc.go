// Package suite2p reads the outputs of Suite2p (Pachitariu et al., bioRxiv
// 061507, 2017) that spike inference and dimensionality reduction need: a
// plane folder's F.npy and Fneu.npy (cells × frames, float32), iscell.npy
// (cells × 2: label and probability) and ops.npy (the run's settings, of
// which fs and tau are used).
//
// Typical use: p, err := ReadPlane(dir), then Y, rois := p.Corrected(0.7)
// for the neuropil-corrected fluorescence of the ROIs labelled cells
// (cells × frames), and p.Ops for the frame rate and decay when ops.npy was
// readable. See the package examples.
//
// F.npy, Fneu.npy and iscell.npy are read by neurolab/dataio/npy. ops.npy
// is a pickled 0-d object array holding a Python dict (any pickle protocol,
// 2 to 5): its opcodes are checked first (every length within the file,
// integers short, a bounded number of opcodes), then gopickle unpickles it
// and ReadOps reads only the numeric entries it is asked for. Files over
// MaxOpsBytes are refused, so a corrupt or hostile file can make the
// decoder neither allocate without bound nor run for long; when ops.npy
// cannot be read the error (Plane.OpsErr, or ReadOps's error) says that fs
// and tau must then be given by the caller.
//
// Errors for bad input (missing file, wrong dtype or shape, non-finite
// values, empty iscell) are experiment.Inputf errors naming the file and the
// problem.
package suite2p
