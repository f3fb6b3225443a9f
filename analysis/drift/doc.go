// Package drift measures representational drift across repeats of a
// stimulus, following Deitch, Rubin & Ziv, "Representational drift in the
// mouse visual cortex", Curr Biol 31, 4327–4339 (2021): population-vector,
// ensemble-rate and tuning-curve correlations between repeats as a function of
// the number of elapsed repeats, and the time-lapse decoder (1-nearest
// neighbour, Euclidean, as MATLAB fitcknn's defaults) that is trained on one
// repeat's population vectors and tested on another's, with its label-shuffle
// control.
//
// Usage: fill a Responses (repeats × bins × cells, C order) and call Analyze;
// Result holds each pairwise measure and its curve against elapsed repeats
// (LagCurve), and LagDifference compares early and late lags.
//
// Layout: Responses stores the recording as repeats × bins × cells (C
// order, the axes of the visual-drift command's .npy input and of
// analysis/remap's Tensor: within a repeat, one population vector per
// bin), which the time-lapse decoder reads directly; the correlations work
// on one repeat at a time as a cells × bins matrix (Responses.Repeat: rows
// are cells, a population vector is a column), the orientation of
// analysis/stats's correlations and of analysis/placefield's rate maps.
package drift
