// Package deconv infers spikes from calcium fluorescence traces with OASIS,
// the online active-set method of Friedrich, Zhou & Paninski, "Fast online
// deconvolution of calcium imaging data", PLoS Comput Biol 13:e1005423
// (2017).
//
// Model (AR(1), paper eq. 1–3): the calcium concentration follows
// c_t = g c_{t−1} + s_t with spikes s_t ≥ 0 (c_{−1} = 0), and the fluorescence
// is y_t = b + c_t + σ ε_t. OASIS solves the L1-penalised problem (eq. 4)
//
//	min_c ½‖c − y‖² + λ Σ_t s_t   subject to s_t ≥ s_min or s_t = 0,
//
// in linear time by pool merging (Algorithm 1): the λ term shifts the data to
// y_t − λ(1−g) (t < T−1) and y_{T−1} − λ, each frame opens a pool (v, w, start,
// length) holding v = Σ y'_t g^{t−start} and w = Σ g^{2(t−start)}, and pools
// are merged while the end of the previous pool, decayed by one frame plus
// s_min, exceeds the start of the new one. Inside a pool c = max(v/w, 0)·g^k.
//
// Special cases, exact and tested: g = 0 gives the soft threshold
// c_t = s_t = max(y_t − λ, 0); g = 1 and λ = 0 give non-negative isotonic
// regression (the pool-adjacent-violators algorithm followed by clipping at
// 0).
//
// Deconvolve adds the parameter estimation of the reference toolbox: the
// noise level σ from the Welch power spectrum (mean over 0.25–0.5
// cycles/frame), the decay g from the autocovariance (Yule–Walker with the
// lag-0 term corrected by σ², times a fudge factor of 0.98), the
// noise-constrained λ chosen so that ‖y − c − b‖² = σ² T (eq. 5, found by
// safeguarded regula falsi on the monotone residual), and optionally a
// constant baseline b.
//
// Missing data: non-finite frames (NaN, ±Inf) produce NaN in c and s at the
// same frames; each maximal run of finite frames is deconvolved on its own
// (the calcium state is not carried across a gap).
//
// AR(2) is not implemented.
package deconv
