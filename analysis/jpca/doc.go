// Package jpca implements jPCA (Churchland, Cunningham, Kaufman, Foster,
// Nuyujukian, Ryu & Shenoy, "Neural population dynamics during reaching",
// Nature 487:51–56, 2012, Methods): it finds the planes in which
// condition-averaged population activity rotates.
//
// On data X[c][t][n] (conditions × time bins × neurons) Fit:
//  1. soft-normalises each neuron by its range plus a constant (optional);
//  2. subtracts the cross-condition mean in each time bin;
//  3. projects onto the top k principal components (k even), from the
//     N×N second-moment matrix of the C·T samples or, with more than
//     1000 neurons and more neurons than samples (N > C·T), from the
//     (C·T)×(C·T) Gram matrix, which gives the same axes up to rounding
//     (relative differences ~1e-14) in far less time and memory (20,000
//     neurons × 488 samples: 6 s and 0.3 GB, against an estimated 6 GB
//     and hours);
//  4. regresses dX_t = (X_{t+1} − X_t)/Δt on the midpoint (X_t + X_{t+1})/2
//     by least squares, unconstrained (M_best) and over the k(k−1)/2
//     parameters of a skew-symmetric matrix (M_skew), and reports the R² of
//     both (R² = 1 − Σ‖dX − M X‖² / Σ‖dX‖²);
//  5. takes the jPC planes from the conjugate eigenvector pairs ±iω of
//     M_skew, ordered by |ω|, with rotation frequency ω/2π.
//
// The midpoint convention follows the arm-feedback spec; it matters for
// time-shuffled controls (regressing X_{t+1} − X_t on X_t alone gives a
// spurious R² of ≈ 0.4 on shuffled data).
package jpca
