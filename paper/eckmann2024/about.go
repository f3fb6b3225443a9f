package eckmann2024

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. E/I rate network (PC and PV cells) driven by orientation-tuned L4 input, all six weight
matrices plastic (authors' config.py, sim.py, init.py, inputs.py as the spec summarises them), Euler
steps of Δt = 10 ms (dt):

    τ_E dx_E/dt = −x_E + W y_in + U y_E − M y_I,   τ_I dx_I/dt = −x_I + K y_in + Q y_E − P y_I
    y = a ⌊x⌋₊ⁿ,   y_in,k = peak · exp(−d(s, kπ/N_in)²/(2σ²))
    ΔW = η_1 y_E y_inᵀ,   ΔU = η_1 y_E y_Eᵀ,   ΔM = η_3 y_E y_Iᵀ
    ΔK = η_2 y_I y_inᵀ,   ΔQ = η_2 y_I y_Eᵀ,   ΔP = η_4 y_I y_Iᵀ
    ‖W_i‖₁ + ‖U_i‖₁ = B_WU,   ‖M_i‖₁ = B_M,   ‖K_i‖₁ + ‖Q_i‖₁ = B_KQ,   ‖P_i‖₁ = B_P

N_E = 80 E, N_I = 20 I and N_in = 80 L4 cells (n_E, n_I, n_in); time constants τ_E, τ_I (tau_E,
tau_I); rate gain a and exponent n (a, n); L4 peak rate and tuning width σ (peak, sigma), d the
circular distance with period π. Learning rates (η_1..η_4) = e·(0.10, 0.15, 0.20, 0.25)·10⁻⁷ (e).
After each Hebbian step weights are clipped at 0 and each row rescaled to its L1 budget (budget_WU,
budget_M, budget_KQ, budget_P: 0.6, 0.3, 0.85, 0.35), in the authors' order. Initial W, K ~ |N(0.2,
0.1)|, M, P ~ |N(2·10⁻⁴, 10⁻⁴)| scaled to their budgets; U = Q = 0.

Protocol. 10⁶ steps (steps) at e = 2; a new orientation s ~ U[0, π) every 20 steps (t_seq). Probes
on a frozen copy of the network: 25 orientations, 20 steps each, the second half averaged; one at
initialisation and 5 over the end of training, 2·10⁴ steps apart (probes, probe_gap). From them:
orientation selectivity index and preferred orientation of each cell, Rayleigh length and occupied
18° bins of the E preferences (median over the final probes), E-I co-tuning (correlation over
orientation of each E cell's excitatory and inhibitory input), and like-to-like structure
(correlation of U, M, Q with cos 2Δθ of the preferences). Control: the same network and stimuli
without normalisation, run until an E rate passes 10⁸ Hz or a rate is not finite, or for 2·10⁵
steps (control_steps). Figures: E and I tuning curves; histogram of E preferences; co-tuning
before and after learning; weight matrices sorted by preferred orientation. Quick scale: 40 E,
10 I, 40 L4 cells, e = 4, 3·10⁵ steps, probe gap 10⁴, control 5·10⁴ steps. Paper scale: e = 0.1,
2·10⁷ steps.

Deviations. The default scale learns 20× faster for 20× fewer steps than the paper (same e·T; e = 2
is one of the authors' listed alternatives). Response normalisation, cross-orientation suppression
(binocular input) and the paper's later figures are not reproduced.`
