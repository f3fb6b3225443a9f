// Package rule2022 reproduces Rule, M. E. & O'Leary, T. (2022). Self-healing
// codes: How stable neural populations can track continually reconfiguring
// neural representations. PNAS 119(7):e2106692119.
//
// Experiment ID "self-healing". An encoding population of K features tuned to
// L locations on a ring drifts (Ornstein–Uhlenbeck drift of a smoothed latent
// with per-feature homeostasis and extra daily variability; the paper's
// "ougaussian" drift). A readout population of M cells, initially fitted by a
// Poisson GLM to ring-bump targets, must track it. Every Δ days it replays I
// iterations of one of the rules: none ("fixed"), gain/bias homeostasis only
// ("homeostat"), Hebbian learning gated by leakily integrated homeostatic
// errors ("hebbhomeo"), the same with divisive response normalisation
// ("hebbhomeo+norm"), and two variants with recurrent feedback among the
// readout cells: "recurrent" (homeostasis and Hebbian learning driven by the
// output of a fixed recurrent linear–nonlinear map, y_r = N(φ(Rᵀy_n + b_R)),
// R a GLM fitted from the targets to themselves) and "predictive" (driven by
// I_z steps of error-feedback dynamics zh += ηz(−zh + Σz(y_n − φ(zh +
// μz))/zk), Σz the location covariance of the target activations ln Y). The
// metric is the normalised RMS error (NRMSE) between z-scored readout tuning
// curves and the z-scored targets (Fig. 3 of the paper).
//
// Reproduced: Fig. 3's comparison of rules (NRMSE against day) on the ring
// geometry with ougaussian drift, with the recurrent variant in the default
// comparison (parameter variants = none|recurrent|predictive|both; the
// predictive variant costs I_z = 100 feedback steps, 2.2·10⁷ MAC, per
// replay iteration, 1.3·10¹¹ MAC at default scale, far over the 25 s
// budget, so it runs only when asked for, and at paper scale). Not
// reproduced: the oneatatime and oumomentum drift models, the line and T-maze
// geometries (Fig. S1) and the Driscoll et al. data of Fig. 1.
//
// Constants of the variants (spec "Other rules"; where the spec is silent,
// the authors' standard_options.py, which "should match the paper", and
// master.py run_experiment): the recurrent map R is fitted like W
// (train_readout(add_const(Y), Y, ρ)); it converges (relative loss change
// < 10⁻⁷) within 3000 steps and reproduces the targets to NRMSE 0.039.
// Targets μt, σt come from the variant's own day-0 output y_r (hom = 4),
// Hebbian learning uses y_r (heb = 2), and ε_σ = (σt − std + ε)/(σt + ε) as
// in replay_trial_recurrent/predictive. Rates: recurrent η = 1, ηβ = 0.1,
// ηγ = 10⁻³ (map_rates); predictive η = 1, ηβ = 5, ηγ = 5·10⁻³
// (feedback_rates), ηz = 0.01, I_z = 100, zk = 1 (standard options; the
// run_experiment default zk = 0.1 is overridden there), feedback weights Σz
// (rec = 0), μz the per-cell mean of ln Y; φ is the clipped exponential and
// ι = 0.5 for both.
//
// Deviations: (1) the GLM is plain gradient descent that only accepts steps
// that lower the loss (the authors' loop also moves on a rejected step),
// capped at GLMIter steps; (2) the fresh feature mixed in each day runs its
// own homeostasis from γ = 0, β = −2 for 50 iterations, rather than carrying
// the random generator's γ, β across days; (3) fresh features are drawn only
// on days that are used (day 0 and replay days), since other days are never
// read; (4) the fixed readout has neither plasticity nor synaptic noise, so it
// measures the effect of encoding drift alone; (5) the homeostat normalises
// its responses (spec's choice); the authors' Fig. 4 notebook cell runs it
// with normalize = False.
//
// Result (seed 1, default scale: K = 120, L = M = 60, 600 days, I = 50; 20 s
// on 2 shared cores with the recurrent variant, 19.7 s without, 45 s at a
// load average of 20): final NRMSE
// fixed 0.981, homeostat 0.984, hebbhomeo 0.729, hebbhomeo + normalisation
// 0.592, recurrent 0.191 (quick scale: 0.908, 0.957, 0.578, 0.622, 0.481).
// Reproduced: fixed and homeostat readouts decay to chance, the
// Hebbian-homeostatic readouts decay more slowly, normalisation helps, and
// recurrent feedback holds the readout (the abstract's "recurrent feedback of
// partially stabilized readouts could ... further correct inconsistencies").
// The predictive variant (variants = predictive) tracks too: final NRMSE
// 0.178 at default scale (225 s on 2 cores under load), 0.186 at quick
// scale, with per-cell homeostatic errors of 0.031. Seed 2 (default scale):
// hebbhomeo + normalisation 0.547, recurrent 0.214. With the paper's I = 100
// and T = 1005 days: hebbhomeo + normalisation 0.695, recurrent 0.316. NOT reproduced, checks kept failing: "hebbhomeo +
// normalisation ≤ 0.35 and ≤ 0.5 × homeostat" (0.592, ratio 0.60): its NRMSE
// rises steadily (0.06 on day 4, 0.33 by day 124, 0.59 by day 574) instead
// of levelling off; the spec's level is met by the recurrent variant instead.
// Check 3 (per-cell mean and SD within 10 % of target after every session;
// median cell, worst session) also fails: homeostat 0.46, hebbhomeo 0.21,
// hebbhomeo + normalisation 0.25 (recurrent 0.29, a metric only).
//
// Verification. Every equation was compared line by line with the spec and
// with the authors' master.py and standard_options.py: the drift (OU latent,
// ring heat kernel, hhelper homeostasis with 5 iterations a day),
// prepare_features (log-domain mixing, 50 iterations from γ = 0.5, β = −2,
// centring, bias row), the targets, the GLM loss and gradient, the daily
// synaptic noise (bias row excluded), the replay rules with their rates (η,
// ηβ, ηγ, ι, ρ mask), the response normalisation, the targets μt, σt from Y0,
// the session schedule and the NRMSE. Tests: one replay iteration of each
// rule matches the equations element by element (TestStepClosedForm,
// TestFeedbackStepClosedForm); on stationary day-0 features without synaptic
// noise every rule holds its day-0 readout (TestStationaryCodeStaysStable);
// the homeostat started with its SD 35 % off target converges to the targets
// (TestHomeostatConverges).
//
// A second look at the Hebbian failure (default scale, seed 1) ruled out:
//   - the drift's scaling: one OU step a day with τ = 100 days; features of
//     sessions Δ = 5 days apart correlate 0.87–0.90 (mean over features;
//     expected ≤ e^{−5/τ}(1 − r) = 0.90), day 0 against day 99 0.335
//     (expected e^{−99/τ}(1 − r) = 0.35), against day 299 0.02;
//   - the code's statistics: the per-feature SD is 4.34 on day 0, 4.58 on
//     day 4, 4.70 on day 9, then 4.90–4.92 (spread 0.13–0.19 over features)
//     on days 99–599: homeostatic drift keeps the statistics after a
//     transient of ~50 days that the authors' initialisation also has (50
//     encoding-homeostasis iterations from γ = 0 do not converge);
//   - the learning-rate units: rates are per replay iteration, as in
//     master.py; 5× more iterations (I = 250) bring the homeostatic errors
//     down to 0.04 but the final NRMSE only to 0.537 (I = 50: 0.592, I = 100:
//     0.548), so the rule is not rate-limited;
//   - the weight decay: 2ρ/K = 1.7·10⁻⁶ per iteration, negligible;
//   - the NRMSE: z-scored per cell over locations, as summarize_stability;
//   - the learning sources: hebbhomeo learns from, and regulates, y_f
//     (normalisation off) or y_n (on); the variants use y_r (hom = 4,
//     heb = 2), as in standard_options.py.
//
// What drives the error: without synaptic noise (n = 0) hebbhomeo +
// normalisation ends at 0.383, with a 4× slower drift (τ = 400 days) at
// 0.433. Hebbian learning pulls W to its self-consistent point W = X yᵀ/L, but
// a ring shift of a cell's bump is as self-consistent, so noise and drift make
// each cell's tuning diffuse; the recurrent map ties each cell to its
// neighbours and stops that diffusion. Measured on the final day (metrics
// final_peak_shift_bins_*, final_shift_corrected_nrmse_*; default scale,
// seed 1): hebbhomeo + normalisation peaks have moved 3.8 bins on average
// (target width ν = 3.6 bins) and its NRMSE with each cell's tuning shifted
// back is 0.189 (0.571 unshifted); hebbhomeo 6.0 bins, 0.173; recurrent 0.4
// bins, 0.145 (0.158 unshifted). The spec's thresholds were
// proposed without printed numbers; we keep them (they fail) rather than
// restate our own result.
package rule2022
