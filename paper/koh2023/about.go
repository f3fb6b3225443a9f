package koh2023

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. CILDS (Koh et al., eq. 1–3; authors' cilds.m), package analysis/dimred, per frame t:

    z_{t+1} = D z_t + u_t,    u ~ N(0, diag(P))
    c_t = G c_{t−1} + A z_t + b + v_t,    v ~ N(0, diag(Q))
    y_t = B c_t + w_t,    w ~ N(0, diag(R))

z holds p latents, c and y the calcium and fluorescence of q neurons; D, G, B, P, Q, R are diagonal.
EM runs on the augmented state [c_t; z_{t+1}] with a Kalman filter and RTS smoother and the exact
M-step. OASIS (Friedrich et al. 2017, package analysis/deconv) solves, for c_t = g c_{t−1} + s_t,

    min_c ½ ‖c − y‖² + λ Σ_t s_t,    s_t ≥ 0

with a fixed λ (oasis_lambda) or λ chosen so that ‖y − c‖² = σ² T (noise-constrained).

Protocol. (A) OASIS on oasis_traces gen_data traces of oasis_frames frames (30 fps, 0.5-Hz Bernoulli
spikes, g = 0.95, σ = 0.3, the true g and σ given), fixed and noise-constrained λ.
(B) The authors' demo generator (q = 30, p = 2): exact_trials trials of exact_frames frames, half
for training; CILDS starts from OASIS then a 100-iteration LDS on its spikes (ldsInit) and runs
exact_iters EM iterations; test latent R² is compared with that of the true parameters.
(C) Per latent time scale (tau_fast, tau_slow), datasets recordings (datasets): p GP latents at 1 ms
drive rates λ_i = softplus(A_i·z + b_i) Hz, A_ij ~ N(0, 3²), b_i ~ U(5, 15); 1-ms Bernoulli spikes;
calcium c ← γ c + s per ms (gamma); y = c + noise · ε sampled every 25 ms; one continuous recording
cut into 2-s trials (trials). PCA and, with iters EM iterations each, FA, GPFA (time scales from
100 ms), LDS on y, OASIS then LDS, and CILDS (started from that OASIS+LDS fit) are scored by 2-fold
cross-validated latent R² after a least-squares alignment. Default: 20 × 3000 frames; 100 trials ×
300 frames, 100 iterations; 5 datasets of 30 neurons, 3 latents, 40 trials, τ = 100 and 1000 ms,
γ = 0.9985, noise 1.5, 200 iterations. Figures: an example trace, latent R² per method, the EM
log-likelihood. --scale quick: (B) 20 trials, 20 iterations; (C) 2 datasets, 40 iterations; --scale
paper uses the default values.

Deviations. The M1 factor-analysis fit that sets the rates in the paper is not available, so A and
b are drawn as above (spec); in (C) the LDS that starts CILDS runs iters iterations, not 100.`
