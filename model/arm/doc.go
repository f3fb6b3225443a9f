// Package arm is the planar two-joint (shoulder, elbow) arm with six
// muscles used by Kalidindi, Cross, Lillicrap, Omrani, Falotico, Sabes &
// Scott, "Rotational dynamics in motor cortex are consistent with a feedback
// controller", eLife 10:e67256 (2021), with the monkey parameters of the
// authors' code (neurohari/CorticalDynamics, muscularArmClass.py) as listed
// in the arm-feedback spec.
//
// Dynamics (angles θ = (shoulder, elbow) in rad, torques in N·m):
//
//	M(θ) θ̈ = τ − h(θ, θ̇) + τ_ext,
//	M(θ) = [[a1 + 2 a2 cos θ2, a3 + a2 cos θ2], [a3 + a2 cos θ2, a3]],
//	h = [−θ̇2 (2θ̇1 + θ̇2) a2 sin θ2, θ̇1² a2 sin θ2] + B θ̇,
//	a1 = I1 + I2 + m2 l1², a2 = m2 l1 s2, a3 = I2,
//
// integrated by explicit Euler at dt = 10 ms as in the authors' code. Muscle
// torque τ = A · diag(FL) · m with the moment-arm matrix A (2×6) and the
// force–length factors FL, which are constant in the authors' code (its
// FL/FV read a joint state that is never updated; spec note): FL = (0.9847,
// 0.9926, 0.4134, 0.2302, 0.2057, 0.4069), FV = 1. Muscle activity follows
// the first-order filter m_t = 0.8 m_{t−1} + 0.2 ReLU(u_t) (50 ms time
// constant at dt = 10 ms).
//
// Usage: a := Monkey(); s := State{Theta: Home()} (the spec's posture, or
// any θ0); then once per 10 ms step a.Step(&s, u, ext, 0.01) with a muscle
// command u (length Muscles) from your controller and an external load ext
// (N·m). Linearized gives the plant at rest for controller design (e.g.
// LQR); the package has no controller.
package arm
