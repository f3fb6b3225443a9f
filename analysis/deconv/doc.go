// Package deconv infers spikes from calcium fluorescence traces with OASIS,
// the online active-set method of Friedrich, Zhou & Paninski, "Fast online
// deconvolution of calcium imaging data", PLoS Comput Biol 13:e1005423
// (2017).
//
// Typical use (see the package examples): estimate every parameter from the
// trace y and deconvolve it with the noise-constrained penalty,
//
//	r, err := deconv.Deconvolve(y, deconv.Options{Constrained: true, Baseline: true})
//
// then read the calcium r.C, the spikes r.S and the parameters used (r.G,
// r.Sn, r.B, r.Lambda). The zero Options are not this setting: a zero
// Lambda is λ = 0 and Baseline false is b = 0 (see Options).
// DeconvolveRows does the same for every row of a cells × frames matrix, on
// Options.Workers goroutines. OASISAR1 and OASISAR2 solve the problem for a
// given decay and penalty. Decays are per frame: for a known indicator time
// constant τ (s), DecayFromTau gives g = exp(−1/(τ·fs)) at fs frames per
// second, and AR2FromTaus the AR(2) coefficients from decay and rise time
// constants.
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
// (the calcium state is not carried across a gap). A constant trace (a dead
// ROI) is not an error: it gives no calcium and no spikes, and
// Result.Constant says so.
//
// AR(2) (AR2, Options.AR = 2): c_t = g1 c_{t−1} + g2 c_{t−2} + s_t follows
// the indicator's rise as well as its decay. The λ term becomes the shift
// y_t − λκ_t with κ_t = 1 − g1 − g2 (1 − g1 and 1 at the last two frames),
// pools carry the state (c_t, c_{t−1}) and the powers of the companion
// matrix, whose entries are the AR(2) kernel h_k (KernelAR2 gives its
// closed form via the roots of z² − g1 z − g2, real, repeated or complex).
// The paper's AR(2) pass (pool value refitted with the preceding pool's
// last value held fixed, backtracking merges while the spike at a pool
// start is below s_min) is greedy, not exact; with s_min = 0 its spike set
// warm-starts an active-set NNLS whose least-squares steps are exact O(T)
// Riccati sweeps over pools and which stops at the KKT point, so AR2
// returns the exact optimum (tested against a dense solver and, with
// g2 = 0, against AR1). g1, g2 are estimated by the noise-corrected
// Yule–Walker equations for p = 2 (DecayAR2), and the noise-constrained λ
// is found as for AR(1), the fixed-support step using the least-squares
// response to κ. Boundary: as for AR(1), c_{−1} = c_{−2} = 0, so a trace
// that starts inside a transient is explained by a spike at frame 0 whose
// response rises before it decays, and the first few frames fit less well
// (the reference code instead lets its first pool decay with the slow root
// alone).
package deconv
