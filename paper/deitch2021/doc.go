// Package deitch2021 reproduces the drift analysis of Deitch, Rubin & Ziv,
// "Representational drift in the mouse visual cortex", Current Biology 31,
// 4327–4339 (2021), experiment ID "visual-drift".
//
// Simulated responses to 30 repeats of a 30-s movie (package
// synth/moviedrift) under four conditions (no drift, rate drift only, tuning
// drift only, both) are analysed with package analysis/drift: the
// population-vector correlation falls with elapsed repeats under either drift,
// the ensemble-rate correlation falls only under rate drift and the
// tuning-curve correlation (median over cells, as the paper's Neuropixels
// Fig 2I) only under tuning drift, so the pair separates the two; the
// time-lapse 1-NN decoder is near-perfect at short lags and loses accuracy
// with elapsed repeats under drift, with a label-shuffle control at chance.
//
// Deviations: the Allen Brain Observatory recordings are replaced by the
// spec's generator; the Friedman/Holm statistics and the "internal structure"
// analysis are not reproduced.
package deitch2021
