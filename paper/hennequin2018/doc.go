// Package hennequin2018 reproduces the stochastic stabilized supralinear
// network (SSN) results of
//
//	G. Hennequin, Y. Ahmadian, D. B. Rubin, M. Lengyel & K. D. Miller,
//	"The dynamical regime of sensory cortex: stable dynamics around a single
//	stimulus-tuned attractor account for patterns of noise variability",
//	Neuron 98(4):846–860 (2018), doi:10.1016/j.neuron.2018.04.017.
//
// Experiment "ssn-variability" (spec shared/specs/ssn-variability.md):
//
//   - Fig. 2D: in the two-population (E, I) SSN with a threshold power-law
//     transfer function and OU input noise, the std of V_E is non-monotonic
//     in the input h: it grows with weak input and is quenched by strong
//     input. Linear theory (Lyapunov equation of the joint (dV, eta) system
//     around the fixed point) on h = 0..20 mV against Euler–Maruyama
//     simulations pooled over trials and time.
//   - Fig. 2C: quenching after a 2 -> 15 mV input step is fast: the
//     across-trial std of V_E is halfway to its final value within tens of
//     ms (t50), in simulation and in the time-varying Lyapunov ODE.
//   - Fig. 4 (ring model, 50 E + 50 I units): a tuned stimulus quenches V
//     variance most in the neurons tuned to it (variance ratio c = 1 over
//     c = 0 for the preferred versus the orthogonal neuron).
//
// Deviations from the paper and the authors' code (spec): the power law is
// rectified, r = k floor(V)_+^n (the code omits the rectification); the ring
// noise kernel's factor is its symmetric square root rather than its
// Cholesky factor (its eigenvalues reach 1e-34, below rounding, so Cholesky
// fails; both give the same noise law); sample sizes are the spec's default
// scale (200 trials per h rather than 5000; "paper" scale uses 5000).
package hennequin2018
