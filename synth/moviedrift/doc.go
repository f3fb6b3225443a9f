// Package moviedrift generates simulated responses of a visual-cortex
// population to repeats of a natural movie, with controllable rate drift and
// tuning drift, as specified for the visual-drift reproduction of Deitch,
// Rubin & Ziv, "Representational drift in the mouse visual cortex", Curr Biol
// 2021 (spec visual-drift.md, "Reproduction at default scale").
//
// Neuron n's base tuning f⁰_n(b) over the movie's 1-s bins is 1–3 Gaussian
// bumps (width 1.5 bins, amplitudes U(0.5, 1.5)) plus a floor of 0.1 of the
// mean bump. Rate drift multiplies it by a_n(r) = exp(x_n(r)), x an
// Ornstein–Uhlenbeck process over repeats (stationary SD 0.5, correlation time
// 10 repeats, x(0) stationary). Tuning drift mixes in an independent tuning
// f¹_n of the same mean: f_n(r) = (1−w_r) f⁰_n + w_r f¹_n, w_r = d·r/R.
// Counts are Poisson(a·f·1 s) with rates scaled to 5 Hz on average.
//
// Usage: Generate(rng, cfg) with cfg from Default and RateDrift/TuningDrift
// set returns the repeats × bins × neurons counts and the true gains and
// mixing weights.
package moviedrift
