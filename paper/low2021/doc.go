// Package low2021 reproduces the remapping analysis of Low, Williams,
// Campbell, Linderman & Giocomo, "Dynamic and reversible remapping of network
// representations in an unchanging environment", Neuron 109, 2967–2980
// (2021), experiment ID "mec-remapping".
//
// A simulated session (package synth/mecmaps: 80 cells, 80 position bins,
// 150 trials, 60% of cells remapping between two maps, a Markov map sequence,
// faster running in map 2) is analysed with package analysis/remap: k-means
// (100 restarts) on unwrapped trial rate maps recovers the map of each trial,
// the label changes give the remap events, trials are more similar within a
// map than across maps (and a 1-map control shows no such split), the
// distance-to-cluster score places each trial at ±1, the per-cell remap score
// separates remapping from stable cells, and "map 1" is the slow map.
//
// Deviations: the paper's Neuropixels data are replaced by the spec's
// generator; the Fig 7 manifold alignment and the circular-regression decoder
// are not reproduced.
package low2021
