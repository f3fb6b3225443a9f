package rule2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A drifting encoding population of K features on a ring of L locations and a readout of M = L
cells that must keep decoding it (authors' master.py and standard_options.py as the spec transcribes
them; the paper's "ougaussian" drift, Fig. 3):

    a_t = α a_{t−1} + √(1 − α²) ξ_t,   α = e^(−1/τ),   d = G a,   λ = φ(γ (d − d̄) + β + d̄)
    ln x = √(1 − r) ln λ + √r ln ξ',   y = φ(Wᵀx)
    ε_β ← ι ε_β + (μ_t − mean y),   ε_γ ← ι ε_γ + (1 − std y/σ_t)
    W ← W + η (η_γ ε_γ (x yᵀ/L − W) − (2ρ/K) W),   b ← b + η η_β ε_β

Each feature's latent a is an Ornstein-Uhlenbeck process stepped once a day, time constant τ (tau),
smoothed by the ring heat kernel G of width σL (sigma); φ is the clipped exponential and a
per-feature homeostasis of γ, β holds the mean and SD of its rates λ. Each day a fraction r (r) of a
fresh smoothed feature ξ' is mixed in (in the log domain; the mixture passes the homeostasis again,
from γ = 0.5, β = −2, and is centred over locations; a constant row feeds the bias b), and the
readout weights get synaptic noise W ← √(1 − n) W + √n std(W) ξ (n). W (bias row b) is first
fitted by a Poisson GLM with L2 decay ρ (rho, glm_iter) to ring-bump targets of width νL (nu,
height); μ_t, σ_t are the day-0 response's mean and SD. Every Δ days (delta) each rule replays I
iterations (I): fixed (nothing), homeostat (gain and bias only: hom_eta, hom_eta_beta), hebbhomeo
(above: eta, eta_beta, eta_gamma, leak ι: iota), hebbhomeo+norm (learning on y divisively
normalised across cells), recurrent (on the output of a fixed recurrent map R fitted from the
targets to themselves: rec_glm_iter) and predictive (on I_z steps of error-feedback dynamics:
eta_z, I_z, zk, pred_eta, pred_eta_beta, pred_eta_gamma).

Protocol. K = 120 features (K), L = M = 60 (L), 600 days (days), replay every 5 days with 50
iterations; rules fixed, homeostat, hebbhomeo, hebbhomeo+norm and recurrent (variants: none,
recurrent, predictive or both). After each session: NRMSE between z-scored readout tuning curves
and z-scored targets, and each cell's mean and SD against target; final NRMSE = mean of the last
20 sessions (final_sessions). Figures: NRMSE against day for every rule; tuning curves on day 0
and after the last session (hebbhomeo+norm, homeostat and the variants). Quick scale: 300 days, 20
iterations, 10 final sessions, GLM caps 500 and 1000. Paper scale: 1005 days, 100 iterations, GLM
caps 10⁵, both variants.

Deviations. The GLM's gradient descent only accepts steps that lower the loss; each day's fresh
feature runs its own homeostasis; the fixed readout has no synaptic noise; the homeostat normalises
its responses. The other drift models, the line and T-maze geometries and the data of Fig. 1 are not
reproduced.`
