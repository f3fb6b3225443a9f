// Package valente2022 reproduces Valente, Ostojic & Pillow, "Probing the
// relationship between latent linear dynamical systems and low-rank
// recurrent neural network models", Neural Computation 34(9):1871–1892
// (2022), arXiv 2110.09804 (experiment ID lds-lowrank).
//
// What is reproduced (all from simulated data; see the spec lds-lowrank.md):
//   - (a) a linear rank-2 RNN is exactly a latent LDS of dimension ≤ 2R: the
//     constructed LDS (model/lrlds.FromRNN) has the RNN's lagged covariances
//     for lags 0–10 to rounding;
//   - (b) its Kalman log-likelihood equals the RNN's exact AR(1)
//     log-likelihood on a simulated sequence (stationary start in both);
//   - (c) the converse holds only in a limit: the excess one-step error of the
//     best Markov ("RNN") predictor of an LDS over the Kalman predictor
//     decreases with the number of observed units N (closed form, mean over
//     random loadings);
//   - (d) a partially observed RNN (10 of 50 units) is better described by a
//     latent LDS fitted by EM than by a VAR(1) "RNN" on the observed units,
//     on held-out data, for both the R-dimensional (col(M) = col(N)) and the
//     2R-dimensional (N independent of M) setups.
//
// Figures: lagged covariances of the RNN and its LDS overlaid; the excess
// error against N with the spec's reference curve; held-out log-likelihoods
// of the true LDS, the EM fit and the VAR(1).
//
// Deviation: the RNN → LDS construction is the spec's derived one (latent
// [Nᵀx_{t−1}; Nᵀε_{t−1}]), which may differ in form from the paper's but
// proves the same claim.
package valente2022
