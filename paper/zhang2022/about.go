package zhang2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. Connectome-coupled Wilson-Cowan-type E/I synaptic-gating model as written in the authors'
code (braindynamicslab/w3c, models/WWWC.m; Table 1 of the paper), E and I per region:

    dS_E,i/dt = −S_E,i/τ_E + (1 − S_E,i) γ_E H_E(w_EE S_E,i − w_IE S_I,i + I_E + G Σ_j C_ij S_E,j)
    dS_I,i/dt = −S_I,i/τ_I + (1 − S_I,i) γ_I H_I(w_EI S_E,i − w_II S_I,i + I_I)
    H_p(x) = (r_max + (y − r_max)/(1 − e^(d_p(y − r_max))))/(1 − e^(−d_p y)),   y = a_p x − b_p

S_E, S_I are gating variables in [0, 1]; time constants τ_E, τ_I (tau_E, tau_I), kinetic parameters
γ_E, γ_I (gamma_E, gamma_I), transfer gains, thresholds and curvatures a_p, b_p, d_p (a_E, b_E, d_E,
a_I, b_I, d_I), rate cap r_max (r_max), local weights w_EE = w_IE, w_EI, w_II (w_EE, w_EI, w_II),
inputs I_E, I_I (I_E, I_I), global coupling G; H is evaluated by its limits at the removable
singularities. C is the structural connectome with zero diagonal (sc): by default a synthetic one of
16 regions (regions) in two modules, symmetric log-normal weights, between-module weights scaled by
0.1 (between), divided by the largest row sum; a user's file is used as given with its diagonal
zeroed, or divided by its largest row sum too (sc_norm).

Protocol. Attractor search (model/attractor, after the authors' fixedpts.m) at G = 0, 0.5, ..., 5
(g_max, g_step): 512 uniform random initial states (seeds) plus all-low, all-high and single-high
patterns (all 2^N patterns when N ≤ 12), forward Euler at dt = 0.5 ms (dt) for at most 4 s (t_max)
until max |dS/dt| < 10⁻⁶ s⁻¹ (tol), or sooner once Newton from below 10⁻³ s⁻¹ lands on a nearby
stable fixed point; Newton polish, de-duplication, classification by Jacobian eigenvalues; runs
still oscillating over a further 1 s are counted as limit cycles. Figures: number of stable fixed
points and cycles against G; mean S_E of each attractor against G; cross-attractor coordination
(correlation of regional S_E across the stable fixed points at the G with the most) beside the
noise-driven FC within the slowest stable fixed point at G = 1 (g_fc), simulated with noise σ√dt ξ
per step (sigma = 0.01) for 1000 s after a 10 s burn-in (t_noise, t_burn) and checked against the
discrete Lyapunov equation. Internal checks: a single node in 3 (w_EE, w_EI) regimes at
I_E = 0..1 against a nullcline scan; 6 uncoupled nodes (product rule); two disconnected 8-region
modules at G = 1 (g_block). Quick scale: G up to 2 and 64 random initial states. Paper scale equals
default.

Deviations. The connectome is synthetic and drawn from the seed (no HCP data; a user's matrix can be
given with sc); the paper's comparisons with empirical FC and its energy cost are not reproduced,
and the G of the within-attractor FC is fixed at the spec's reference rather than chosen per run.`
