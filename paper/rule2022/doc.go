// Package rule2022 reproduces Rule, M. E. & O'Leary, T. (2022). Self-healing
// codes: How stable neural populations can track continually reconfiguring
// neural representations. PNAS 119(7):e2106692119.
//
// Experiment ID "self-healing". An encoding population of K features tuned to
// L locations on a ring drifts (Ornstein–Uhlenbeck drift of a smoothed latent
// with per-feature homeostasis and extra daily variability; the paper's
// "ougaussian" drift). A readout population of M cells, initially fitted by a
// Poisson GLM to ring-bump targets, must track it. Every Δ days it replays I
// iterations of one of four rules: none ("fixed"), gain/bias homeostasis only
// ("homeostat"), Hebbian learning gated by leakily integrated homeostatic
// errors ("hebbhomeo") and the same with divisive response normalisation
// ("hebbhomeo+norm"). The metric is the normalised RMS error (NRMSE) between
// z-scored readout tuning curves and the z-scored targets (Fig. 3 of the
// paper): fixed and homeostat decay towards chance, the Hebbian-homeostatic
// rules track the drift.
//
// Reproduced: Fig. 3's comparison of rules (NRMSE against day) on the ring
// geometry with ougaussian drift. Not reproduced: the recurrent and
// predictive variants (tried: the recurrent map R, a GLM from the targets to
// themselves, fits poorly within a few thousand gradient steps because its
// inputs are ≤ 0.05; the authors allow 10⁵), the oneatatime and oumomentum drift models, the line
// and T-maze geometries (Fig. S1) and the Driscoll et al. data of Fig. 1.
//
// Deviations: (1) the GLM is plain gradient descent that only accepts steps
// that lower the loss (the authors' loop also moves on a rejected step),
// capped at GLMIter steps; (2) the fresh feature mixed in each day runs its
// own homeostasis from γ = 0, β = −2 for 50 iterations, rather than carrying
// the random generator's γ, β across days; (3) fresh features are drawn only
// on days that are used (day 0 and replay days), since other days are never
// read; (4) the fixed readout has neither plasticity nor synaptic noise, so it
// measures the effect of encoding drift alone.
//
// Result (seed 1, default scale: K = 120, L = M = 60, 600 days, I = 50; 26 s
// on 2 shared cores): final NRMSE fixed 0.981, homeostat 0.984, hebbhomeo
// 0.729, hebbhomeo + normalisation 0.592 (quick scale: 0.908, 0.957, 0.578,
// 0.622). Reproduced: fixed and homeostat readouts decay to chance, the
// Hebbian-homeostatic readouts decay more slowly, and normalisation helps
// (ordering). NOT reproduced, checks kept failing: "hebbhomeo +
// normalisation ≤ 0.35 and ≤ 0.5 × homeostat" (0.592, ratio 0.60): its NRMSE
// rises steadily (0.06 on day 4, 0.33 by day 124, 0.59 by day 574) instead
// of levelling off. With the paper's I = 100 it reaches 0.548 (hebbhomeo
// 0.718, ratio 0.56); with the paper's I = 100 and T = 1005 days it keeps
// rising, to 0.695 (hebbhomeo 0.804, homeostat 1.007). Check 3 (per-cell
// mean and SD within 10 % of target after every session; median cell, worst
// session) also fails: homeostat 0.46, hebbhomeo 0.21, hebbhomeo +
// normalisation 0.25 (with I = 100: 0.37, 0.08, 0.13), mostly the SD.
//
// Verification (no bug found). Every equation was compared line by line with
// the spec and with the authors' master.py and standard_options.py: the
// drift (OU latent, ring heat kernel, hhelper homeostasis with 5 iterations a
// day), prepare_features (log-domain mixing, 50 iterations from γ = 0.5,
// β = −2, centring, bias row), the targets, the GLM loss and gradient, the
// daily synaptic noise (bias row excluded), the replay rules homeostat and
// hebbhomeo with their rates (η, ηβ, ηγ, ι, ρ mask), the response
// normalisation, the targets μt, σt from Y0, the session schedule and the
// NRMSE. Tests: one replay iteration of each rule matches the equations
// element by element (TestStepClosedForm); on stationary day-0 features
// without synaptic noise every rule holds the GLM readout (NRMSE change
// < 0.002, per-cell errors < 1 % after 300 iterations;
// TestStationaryCodeStaysStable); the homeostat started with its SD 35 % off
// target converges to the targets (TestHomeostatConverges). Why check 3 fails
// under drift: the homeostat's rate η = 0.01 moves γ by only η·I·ε_σ = 0.5 ε_σ
// per 50-iteration session, too slow for the drift; in hebbhomeo the gate
// converges to γ = ε_σ/(1 − ι) = 2ε_σ, so Hebbian compensation needs a
// standing SD deficit (measured mean γ 0.2–1.1). An earlier note that "even
// without drift or noise the Hebbian readout's error rises to 0.24" was an
// artefact: with r = 0 the encoding homeostasis is still converging after
// day 0 (as in the authors' code), the features' contrast changes, and the
// fixed readout rises to the same 0.23 (quick scale); the gain homeostat
// corrects that (0.07), and on truly stationary features all rules are
// stable. The spec's reductions (I = 50, T = 600) do not explain the gap
// (the paper's I and T give 0.695), nor do deviations (1)–(2): the authors'
// GLM loop (steps taken even when rejected, up to 10⁵) gives 0.571, and
// carrying the fresh features' γ, β across days with 5 iterations a day
// gives 0.593 (default scale, seed 1). The gap stays unexplained; the spec's
// thresholds were proposed without printed numbers.
package rule2022
