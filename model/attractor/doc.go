// Package attractor finds the fixed points and limit cycles of smooth
// autonomous ODE systems dx/dt = f(x), following the multistart procedure of
// Zhang, Sun & Saggar, "Cross-attractor repertoire provides new perspective
// on structure-function relationship in the brain", NeuroImage 259:119401
// (2022) (authors' code braindynamicslab/w3c, utils/fixedpts.m,
// recurfindFpts.m, classifyFpts.m; read for the method, not copied):
//
//  1. integrate each seed by forward Euler until max_i |f_i(x)| < Tol or
//     MaxTime;
//  2. polish the end point by Newton's method on f(x) = 0 (residual below
//     NewtonTol), with the Jacobian analytic (Jacobianer) or by central
//     differences;
//  3. de-duplicate points closer than DedupTol (max norm);
//  4. classify each point by the eigenvalues of its Jacobian: stable node
//     (all real parts < 0, all eigenvalues real), stable focus (some
//     complex), saddle, unstable node, unstable focus;
//  5. report trajectories that neither converge nor reach a fixed point by
//     Newton, yet stay bounded and oscillate, as limit cycles, separately.
//
// FixedPoints finds fixed points of any stability by Newton's method alone
// from a set of seeds (for exhaustive searches in low dimension).
//
// Systems must be safe for concurrent calls: Deriv and Jacobian may not
// share mutable state.
package attractor
