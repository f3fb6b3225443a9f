// Package mecmaps generates a simulated medial-entorhinal recording on a
// virtual-reality track whose cells switch reversibly between K=2 spatial maps,
// as in Low, Williams, Campbell, Linderman & Giocomo, "Dynamic and reversible
// remapping of network representations in an unchanging environment", Neuron
// 2021 (spec mec-remapping.md, "Reproduction at default scale"). The generator
// returns its ground truth: the map of each trial and which cells remap.
//
// Usage: Generate(rng, Default(), false) returns a Session whose Y is the
// trials × bins × cells tensor that analysis/remap reads.
package mecmaps
