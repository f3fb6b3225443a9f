package hennequin2018

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. Stochastic stabilized supralinear network (SSN; Eqs. 1-3 of the paper, constants from the
authors' code generic_prms.ml), V relative to rest, explicit Euler-Maruyama integration:

    τ_i dV_i/dt = −V_i + h_i + Σ_j W_ij r_j + η_i
    r_i = k ⌊V_i⌋₊ⁿ
    τ_η dη = −η dt + √(2τ_η) Σ_η^(1/2) dB

Membrane time constants τ_E, τ_I (tau_E, tau_I), noise correlation time τ_η (tau_eta), gain k (k),
exponent n (n), E/I weights W_2×2 = [[w_EE, w_EI], [w_IE, w_II]] in mV·s (w_EE, w_EI, w_IE, w_II).
Two-population model: one E and one I unit, both driven by h; Σ_η has stds σ_E·√(1 + τ_E/τ_η),
σ_I·√(1 + τ_I/τ_η) and correlation ρ (sigma_E, sigma_I, rho), so an unconnected unit has V std σ.
Ring model: m E and m I units at θ_i = 2πi/m (ring_m), W = W_2×2 ⊗ B(l_W)/(mean row sum of B) and
Σ_η = Σ_2×2 ⊗ B(l_noise) + 10⁻⁵ I, with B_ij = exp((cos(θ_i − θ_j) − 1)/l²) (ring_l_W, ring_l_noise,
ring_sigma_E, ring_sigma_I, ring_rho); input h_i = h_0 + c·A·exp((cos(θ_i − π) − 1)/l_stim²)
(ring_h0, ring_h_amp, ring_l_stim) at contrast c. Linear theory: Newton fixed point, then the
Lyapunov equation of the joint (δV, η) system, or its time-varying ODE after an input step.

Protocol. Two-population model, h = 0, 1, ..., 20 mV: 200 trials per h (trials) start at the fixed
point, run a 1 s burn-in (burn_in) and 2 s sampled every 1 ms (duration), dt = 0.1 ms (dt); the std
of V_E pooled over trials and time is set against the Lyapunov std (figure 1), with the Fano factor
of 100 ms spike counts. Step: 200 trials (step_trials) at h = 2 mV step to 15 mV; the across-trial
std of V_E in 1 ms bins gives t50, the first bin halfway between the pre- and post-step levels,
against the time-varying Lyapunov ODE (figure 2). Ring: contrasts 0, 0.5 and 1, 20 trials
(ring_trials) of 0.5 s burn-in plus 2.5 s (ring_burn_in, ring_duration) at dt = 0.2 ms (ring_dt);
per-unit V variance at c over c = 0 against preferred angle (figure 3). One seeded random stream per
trial. Quick scale: 160 trials, 0.5 s burn-in, 4 ring trials of 1 s. Paper scale: 5000 trials, 2000
step trials, 200 ring trials.

Deviations. The power law is rectified (the authors' code omits the rectification). The ring noise
factor is the symmetric square root of its kernel, not the Cholesky factor (same noise law). The V
std is pooled over 2 s per trial from 200 trials rather than the code's last 100 ms of 5000 trials,
and the step starts from the h = 2 mV fixed point rather than the code's 0 → 2 → 15 mV run.`
