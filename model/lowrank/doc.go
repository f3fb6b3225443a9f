// Package lowrank implements sparsified low-rank recurrent networks and their
// mean-field theory, after Herbert & Ostojic, "The impact of sparsity in
// low-rank recurrent neural networks", PLoS Comput Biol 18(8):e1010426 (2022),
// in the rate-network formulation of Mastrogiuseppe & Ostojic, Neuron 99:609
// (2018).
//
// Notation (N units, rank R):
//
//	P = (1/N) Σ_r m^(r) n^(r)ᵀ = M Nᵀ / N          low-rank part; M, N are N×R
//	c_ij ~ Bernoulli(1-s)                           mask, s = fraction of entries removed
//	J_ij = P_ij c_ij / (1-s)                        rescaled form (E[J] = P)
//	J_ij = P_ij c_ij                                un-rescaled form (E[J] = (1-s) P)
//	dx_i/dt = -x_i + Σ_j J_ij tanh(x_j) + I_i       rate network, time in units of τ
//
// Theory (derived in the spec, sparse-lowrank.md): the spectrum of J is a
// bulk of radius r = sqrt(ρ(V)), V_ij = Var(J_ij) (variance-profile circular
// law), plus R outliers at the eigenvalues of the overlap matrix Nᵀ M / N
// (times (1-s) in the un-rescaled form); fixed points x* ≈ κ m with
// κ = (1/N) Σ_i n_i tanh(κ m_i) for rank one.
//
// Usage: draw J with Connectivity (LowRank for s = 0), predict its spectrum
// with Outliers and BulkRadius (compare with SplitOutliers of the measured
// eigenvalues), simulate with NewRate(J, I).Step, and compare the fixed
// point with Kappa.
//
// Dense linear algebra goes through gonum's mat/blas64, and thus through
// OpenBLAS in the openblas build (see neurolab/internal/linalg).
package lowrank
