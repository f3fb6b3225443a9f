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
package remap
