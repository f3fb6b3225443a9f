// Package plasticity holds reusable building blocks of synaptic plasticity
// models and the rate-network stepper they run in:
//
//   - Hebbian outer-product updates, W += η·y_post·y_preᵀ (Hebb 1949; the form
//     used by Eckmann, Young & Gjorgjieva, PNAS 2024, and Acker, Paradis &
//     Miller, J Neurophysiol 2019);
//   - synapse-type-specific (joint) L1 or L2 row normalisation and weight
//     clipping (Eckmann et al. 2024, Methods: "synapse-type-specific
//     competitive normalisation");
//   - synaptic turnover on a sparse set of sites, with fresh weights drawn from
//     a strength pool by rejection sampling (Acker et al. 2019, model 2);
//   - homeostatic gain/bias control of rate units (Rule & O'Leary, PNAS 2022,
//     Eqs. for β and γ);
//   - an Ornstein–Uhlenbeck drift step in discrete time (Rule & O'Leary 2022);
//   - EINet, the E/I rate network of Eckmann et al. 2024 with its six plastic
//     matrices, stepped by forward Euler; PaperEINetConfig().New(rng) builds
//     it with the paper's settings and initial weights.
//
// Matrices are dense and row-major ([]float64 with a column count): row i
// holds the synapses onto postsynaptic cell i. Kernels take the destination
// first, do not allocate and panic on shape mismatches.
//
// Usage: hold weights in a Dense, apply Hebb, Clip and NormalizeRows after
// each activity update (or let EINet.Step do all three), and use Sites,
// GainBias and OUStep for turnover, homeostasis and drift.
package plasticity
