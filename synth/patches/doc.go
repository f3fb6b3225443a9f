// Package patches generates procedural natural-image-like images and the
// binary circular patches of the pruning reproduction (Scholl, Rule &
// Hennig, "The information theory of developmental pruning", PLoS Comput.
// Biol. 17:e1009458, 2021; spec pruning.md): the authors cut radius-2.1
// circles (13 pixels) from CIFAR-10 images summed over RGB and binarised at
// the median; here the images are procedural.
//
// An image is a sum of random oriented Gabor blobs (elongated envelopes,
// random wavelength, phase and sign) plus a few smooth oriented step edges
// (occlusion-like boundaries) and weak pixel noise, so that its patches hold
// oriented edges and bars rather than only a 1/f² spectrum (the spec notes
// that 1/f² Gaussian fields alone do not reproduce the paper's ranking).
// Each image is binarised at its own median.
package patches
