// Package dimred reduces the dimensionality of calcium-imaged population
// activity and scores the recovered latents (Koh, Bishop, Kutsuna, Yu &
// Chase, "Dimensionality reduction of calcium-imaged neuronal population
// activity", Nat Comput Sci 3:71–85, 2023). Trials are passed as one
// T×q matrix each (frames × neurons). Typical use: m, err := InitCILDS(ctx,
// Y, p, iters), then m.Fit and m.EStep for the smoothed latents; PCA, FA,
// GPFALatents and LDS return latents directly; CVR2 scores them against
// known ones. See the package examples. Methods:
//
//   - PCA of the pooled frames (Pearson 1901): PCA returns the scores,
//     FitPCA the fitted model (mean, axes, variances, explained ratios).
//   - FA, factor analysis fitted by EM (Rubin & Thayer, Psychometrika 1982).
//   - GPFA, Gaussian-process factor analysis (Yu, Cunningham, Santhanam,
//     Ryu, Shenoy & Sahani, J Neurophysiol 102:614, 2009): each latent an
//     independent GP with the squared-exponential kernel, fitted by EM with
//     the exact E-step (one factorisation per distinct trial length), the
//     closed-form M-step for C, d and R, gradient steps on log τ, and the
//     orthonormalised latents for reporting.
//   - LDS, a linear dynamical system with diagonal observation noise fitted
//     by EM on the fluorescence (model/lds: lds.InitPCA, lds.Fit with
//     DiagR, whose E-step shares the covariance recursions among trials of
//     equal length).
//   - Deconvolve-then-LDS: OASIS (analysis/deconv) on every neuron, then the
//     LDS on the inferred spikes (DeconvolveTrials + LDS).
//   - CILDS, the calcium imaging linear dynamical system: latents z follow a
//     diagonal AR(1), each neuron's calcium c is AR(1) driven by A z + b, and
//     the fluorescence is B c plus noise. EM on the augmented state
//     [c_t; z_{t+1}] (authors' cilds_estep.m / cilds_mstep.m) with a Kalman
//     filter and RTS smoother whose covariance recursions are computed once
//     per iteration and shared by all trials (they do not depend on the
//     data), the means of a batch of trials smoothed together with matrix
//     products, and the exact M-step, so the log-likelihood never
//     decreases.
//   - AlignR2 and CVR2: latents mapped to the true ones by least squares on
//     one half of the trials and scored by R² on the other (the authors'
//     script_simstat.m).
//
// Input limits: a neuron that is constant over every frame (a dead ROI) has
// no maximum-likelihood private variance, so FA and GPFA answer it with an
// input error naming the neuron (drop it; PCA accepts it). GPFA fits
// neurons whose values lie more than 2^10 spreads from 0 exactly shifted by
// one of their own values (its EM loses their low bits otherwise); ordinary
// data are fitted as given. Cost: a CILDS E-step runs its covariance
// recursions on the (q+p)-dimensional augmented state, O((q+p)³) per frame
// until they reach steady state (a few hundred frames), and O(T(q+p)²) for
// the means: 300 neurons with 5–10 latents take about 5–12 s of CPU per EM
// iteration, so the default 200 iterations take 15–40 minutes on 2 cores.
package dimred
