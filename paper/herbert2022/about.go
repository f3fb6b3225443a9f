package herbert2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. Rank-one connectivity sparsified entry by entry, and the rate network it drives (equations
derived in the spec from the paper's abstract and the Ostojic-lab formulation; no authors' code):

    P = m nᵀ/N,   c_ij ~ Bernoulli(1 − s)
    J = P ⊙ C/(1 − s) (rescaled),   J = P ⊙ C (un-rescaled)
    dx_i/dt = −x_i + Σ_j J_ij tanh(x_j)
    λ_0 = nᵀm/N,   r² = f(s)·mean_i(m_i² n_i²)/N,   f = s/(1 − s) or s(1 − s)
    κ = (1/N) Σ_i n_i tanh(κ m_i)

N units, m ~ N(0, I), sparsity s = fraction of entries removed, time in units of τ. Theory: an
outlier at λ_0 ((1 − s)·λ_0 un-rescaled) and a bulk of radius r (variance-profile circular law, f
for the rescaled or un-rescaled form); a fixed point x = κ m when λ_0 > 1 and r < 1, decay to 0 when
λ_0 < 1 and r < 1, fluctuations when r > 1 (Mastrogiuseppe & Ostojic 2018 with g → r).

Protocol. Spectra: N = 1000 (n_spectra), n = λ_0·m with λ_0 = 2 (lambda0), 7 networks (seeds) at
each s in {0.5, 0.8, 0.9, 0.95} (s_spectra); one eigenvalue decomposition per (s, network) serves
both forms, since J_un = (1 − s)·J_res for the same mask; outlier and bulk edge are compared with
λ_0 and r from the realized m, n. Dynamics: N = 2000 (n), rescaled form at s = 0.9 (s), forward
Euler dt = 0.1 τ (dt) for 200 τ (t_max), statistics on the second half. Three runs: fixed point
(n = λ_0 m, λ_0 = 2 (lambda0), x(0) = m; κ from mᵀx/|m|² against the mean-field root); decay and
fluctuation (n = λ_0 m + b ξ, ξ ~ N(0, I) orthogonalised against m, λ_0 = 0.5 (lambda0_regimes),
b = √(r²N(1 − s)/s − 3λ_0²) for r = 0.7 (r_decay) and 1.5 (r_chaos), x(0) ~ N(0, I)), with the
temporal SD of each unit and, for these two, the largest Lyapunov exponent (Benettin). Figures:
eigenvalues in the complex plane with the predicted circle and outlier per s (first network);
outlier and bulk radius against s, both forms; activity traces of the three runs and x_i(t_max)
against m_i. Quick scale: spectra at N = 600 with 3 networks per s, dynamics at N = 1000 for
100 τ. Paper scale equals default.

Deviations. The nonlinearity tanh, the absence of input and the rescaled form of the dynamics are
the lab standard, not verified against the paper; both sparsification forms are run because the
paper's is unknown. The regime boundaries are derived by analogy, not taken from the paper's phase
diagram, and the orthogonal component b ξ of n is a device to reach r > 1 at s = 0.9.`
