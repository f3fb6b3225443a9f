// Package lrlds converts between linear low-rank recurrent neural networks
// (RNNs) and latent linear dynamical systems (package lds), after Valente,
// Ostojic & Pillow, "Probing the relationship between latent linear
// dynamical systems and low-rank recurrent neural network models", Neural
// Computation 34(9):1871 (2022), arXiv 2110.09804.
//
// A linear rank-R RNN x_{t+1} = J x_t + ε_t, J = M Nᵀ (M, N are n×R),
// ε ~ N(0, σ² I), is exactly a latent LDS of dimension 2R (FromRNN), with
// latent s_t = [Nᵀ x_{t−1}; Nᵀ ε_{t−1}]; the dimension falls to R when
// col(M) ⊆ col(N). Conversely an LDS is approximated by the best Markov
// (one-step linear, "RNN") predictor J* = Cov(y_{t+1}, y_t) Cov(y_t)⁻¹
// (MarkovPredictor), which is exact only in limit cases; ExcessError gives
// its one-step error over the Kalman predictor in closed form.
//
// API: FromRNN, RNN.LaggedCov, RNN.StationaryCov, RNN.Sample,
// MarkovPredictor, ExcessError, SelectUnits, FitVAR1 (least-squares VAR(1)
// fit to data), VAR1.LogLikelihood.
//
// Usage: build an RNN{M, N, Sigma}, convert it with FromRNN to an
// *lds.Model and use package lds on it (LaggedCov, Filter, LogLikelihood);
// restrict it to recorded units with SelectUnits; compare against an RNN on
// the observed units with MarkovPredictor/ExcessError (closed form) or
// FitVAR1 (data).
package lrlds
