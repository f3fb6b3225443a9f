// Package remap detects reversible remapping between spatial maps in a
// trials × position-bins × cells rate tensor, following Low, Williams,
// Campbell, Linderman & Giocomo, "Dynamic and reversible remapping of network
// representations in an unchanging environment", Neuron 2021 (spec
// mec-remapping.md): the trial-by-trial similarity |corr| of unwrapped rate
// maps, k-means map detection on trials, remap events, the distance-to-cluster
// score along the axis joining two map centroids (population and per cell),
// and the per-cell remap score.
//
// Usage: wrap a recording as a Tensor (trials × bins × cells, C order) and
// call Analyze with Options{Maps: 2}; Result gives each trial's map, the
// remap events and the scores. ChooseMaps picks the number of maps from the
// data.
//
// Layout: the tensor keeps the axes of Low et al.'s data release
// ({mouse}_{session}_MEC_FRtensor.npy, trials × bins × cells), so each
// trial is a bins × cells block whose rows are population vectors, one per
// position bin, and a trial unwraps to one bins·cells vector (a row of
// Tensor.Matrix, a k-means point; Result.Centroids has the same columns).
// Limits: Analyze and ChooseMaps take at most MaxTrials (5000) trials, since
// the trials × trials similarity matrix grows with their square; a tensor
// of extreme magnitude (largest |value| outside [2⁻⁶⁴, 2⁶⁴]) is analysed
// scaled by an exact power of two, the centroids reported in its own units.
//
// MeanMap returns a bins × cells map in that orientation. This is the
// transpose of package placefield's rate maps and of drift.Responses.Repeat
// (cells × bins, rows are cells, the layout analysis/stats's PVCorrelation
// and TuningCorrelations take): transpose a MeanMap before passing it there.
package remap
