package valente2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A linear rank-R recurrent network (RNN) in discrete time, its exact latent linear dynamical
system (LDS) and, conversely, the best Markov ("RNN") predictor of an LDS (constructions derived in
the spec lds-lowrank.md, implemented in model/lrlds):

    x_t = M Nᵀ x_{t−1} + ε_t,   ε_t ~ N(0, σ² I)
    z_t = A z_{t−1} + w_t,   y_t = C z_t + v_t,   w ~ N(0, Q),   v ~ N(0, R)
    A = [[NᵀM, I_R], [0, 0]],   Q = blockdiag(0, σ² NᵀN),   C = [M, N(NᵀN)⁻¹],   R = σ² P⊥
    J_M = Cov(y_{t+1}, y_t) Cov(y_t)⁻¹

M, N are n × R loadings with R = 2, n units (n_units), noise std σ (sigma); the latent
z_t = [Nᵀx_{t−1}; Nᵀε_t] has dimension 2R (minimal dimension R when col(M) = col(N));
P⊥ = I − N(NᵀN)⁻¹Nᵀ. Setup 1: M ~ N(0, 1), N = M(MᵀM)⁻¹Bᵀ so that NᵀM = B = ρ·Rot(θ) (radius,
angle); setup 2: N ~ N(0, 1) independent of M, scaled to spectral radius ρ of NᵀM (latent
dimension 4). J_M is the best one-step linear predictor on the observed units; its excess one-step
error over the Kalman predictor, (MSE_M − MSE_Kalman)/MSE_Kalman, is computed in closed form from
the steady-state Riccati equation.

Protocol. (a) Setup 1: lagged covariances of the RNN and of its LDS for lags 0-10 (max_lag); (b)
Kalman log-likelihood of the LDS against the exact AR(1) log-likelihood of the RNN on one simulated
sequence of 10⁴ steps (t_ll), stationary start in both (figure 1: lagged covariances of 4 unit
pairs). (c) LDS with d = 2, A = 0.95·Rot(0.2), Q = (1 − 0.95²) I, R = I, C_ij ~ N(0, 1): mean excess
error over 100 random C (draws) for 1, 2, 5, 10, 20, 50, 100 and 200 observed units, against the
spec's reference curve (figure 2). (d) Both setups: K = 10 random units observed (k_obs); 2 × 10⁴
steps simulated, the first half for training (t_train) and the second held out; an LDS of the exact
latent dimension fitted by EM (PCA start, full R, offset, 100 iterations: em_iters) and a
least-squares VAR(1) on the observed units; held-out log-likelihood per step of the true LDS, the EM
fit and the VAR(1) (figure 3). One seed draws M, N and every sample. Quick scale: t_ll = 2000, 50 EM
iterations. Paper scale: t_train = 10⁵.

Deviations. Only the abstract was available: the RNN → LDS construction is the spec's derived one
and may differ in form from the paper's, and the LDS of (c) and the sizes of (d) are the spec's.`
