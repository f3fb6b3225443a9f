package kalidindi2021

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A two-layer network holds a two-joint, six-muscle monkey arm at a posture against torque
loads (authors' code muscularArmClass.py, NetworkClass.py, as the spec transcribes them); explicit
Euler steps of dt = 10 ms, sensory delay 5 steps:

    M(θ) θ̈ = A·diag(FL)·m − h(θ, θ̇) + τ_ext,   m_t = 0.8 m_{t−1} + 0.2 ⌊u_t⌋₊
    s_t = [0, 2(θ − θ_home), 0.5 θ̇, m] delayed by 5 steps,   u_t = W_out [h2_t; 1]
    h1_t = ½ tanh(W_in s_t + W_11 h1_{t−1} + b_1) + ½ h1_{t−1} + ξ ⊙ h1_{t−1}²
    h2_t = ½ tanh(W_12 h1_t + W_22 h2_{t−1} + b_2) + ½ h2_{t−1} + ξ ⊙ h2_{t−1}²

θ: joint angles; M(θ): inertia; h: Coriolis and viscous torques; A: moment arms; FL: constant
force-length factors; m: muscle activity; ξ ~ N(0, σ²): multiplicative noise on neurons and muscles
(noise). W_11, W_22 are absent in NOREC. Fast mode (mode=fast): n units per layer (units), fixed
W_in ~ N(0, g_in²/12), W_12 ~ N(0, g_ff²/n) (g_in, g_ff), b ~ N(0, 0.1²), W_11, W_22 ~
N(0, g_rec²/n) (g_rec) in REC; a linear teacher u = u_0 − K y2 (y2: the delayed state through the
same two leaks; K minimises a quadratic cost of the linearised loop by L-BFGS: q_pos, q_vel, q_mus,
r_cmd; u_0: a co-contraction with no net torque, cocontraction); W_out is fitted by ridge
regression (ridge) to the teacher's commands on teacher-driven, then 3 DAgger (dagger)
student-driven rollouts. In mode=bptt every weight is trained (PyTorch's default initialisation,
zero biases, no readout bias).

Protocol. 9 conditions of 3 s: a step load of 0.2 N·m (load) from 1 s on along 8 directions in
joint-torque space, and no load. NOREC and REC are trained, then run 12 noisy trials per condition
(trials), averaged: NOREC joint angles (figure 1); jPCA (analysis/jpca) of layer-2 activity
0-300 ms after the load (window), soft-normalised (soft_norm), 6 PCs (jpc_dims): R² of the
unconstrained and the skew-symmetric linear fit, the NOREC top jPC plane (figure 2), and R² for
NOREC, REC and time-shuffled NOREC (figure 3). The jPC1 frequency is set against the largest-modulus
complex eigenvalue pair of the trained NOREC loop linearised at rest; planted rotations and decays
test jPCA itself. Quick scale: 100 units, 8 trials. Paper scale: mode=bptt, the authors' network of
500 units per layer (bptt_units) trained end to end by BPTT through the arm on their loss with Adam,
2000 epochs at lr 3·10⁻⁴ (epochs, lr).

Deviations. Quick and default scales replace the paper's BPTT training by imitation of a linear
teacher (the spec's full-state LQR needs a memory a NOREC student lacks); mode=bptt at default scale
trains 64 units for 300 epochs at lr 3·10⁻³. The load stays on until the end of the trial.`
