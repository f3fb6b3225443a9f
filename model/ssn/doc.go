// Package ssn implements the stochastic stabilized supralinear network (SSN)
// of Hennequin, Ahmadian, Rubin, Lengyel & Miller, "The dynamical regime of
// sensory cortex: stable dynamics around a single stimulus-tuned attractor
// account for patterns of noise variability", Neuron 98:846–860 (2018).
//
// Notation (paper, Eqs. 1–3 and STAR Methods; V is measured relative to rest):
//
//	tau_i dV_i/dt = -V_i + h_i(t) + sum_j W_ij r_j + eta_i(t)
//	r_i = k * floor(V_i)_+^n                      (threshold power law)
//	tau_eta deta = -eta dt + sqrt(2 tau_eta) Sigma_eta^(1/2) dB  (Ornstein–Uhlenbeck)
//
// Time is in seconds, voltages in mV and rates in Hz. The noise covariance is
// Sigma_eta = F F^T + d^2 I, with F a factor given as an Operator (dense or
// Kronecker-structured) and d the std of an independent part. For a single
// unconnected unit, the noise std sigma' = sigma*sqrt(1 + tau/tau_eta) gives V
// a stationary std of exactly sigma (NoiseStd).
//
// The package provides: a batched explicit Euler–Maruyama integrator (trials
// are matrix columns; Sim), the deterministic fixed point by Newton's method
// (FixedPoint), the linearisation of the joint (dV, eta) system and its
// stationary covariance from the continuous Lyapunov equation (Linearize,
// StationaryCov, Lyapunov), the time-varying Lyapunov ODE along the
// deterministic trajectory (CovariancePath), and constructors for the
// two-population and ring models of the paper (TwoPop, Ring).
//
// Usage: net := TwoPop(TwoPopParams()) (the paper's constants; or Ring);
// v, err := net.FixedPoint(h, nil); P, err := net.StationaryCov(v) for the
// linear-theory covariance; for trials, s := NewSim(net, rngs) (one stream
// per trial), set s.H, s.SetV(v), then call s.Step(dt) and read s.V.
package ssn
