// Package structural implements rate networks whose connections are made of
// discrete synapses on potential-synapse sites that are created and removed
// stochastically (structural plasticity), after
//
//	M. Fauth & M. C. W. van Rossum, "Self-organized reactivation maintains and
//	reinforces memories despite synaptic turnover", eLife 8:e43717 (2019).
//
// Notation (Methods of the paper): N rate neurons, S_max potential synapses
// per ordered pair (post i, pre j); w_ij,k the weight of the k-th existing
// synapse of the pair and W_ij = Σ_k w_ij,k the pair sum; u the membrane
// potential, v = 1/(1+e^{−u}) the rate, f the presynaptic short-term
// depression variable, I_inh the global inhibition and I_ad the
// spike-frequency-adaptation current. Times are in seconds and rates in s⁻¹.
//
// The neural, depression and weight dynamics are integrated with forward
// Euler (paper's dt = 100 ms); synapse creation and removal are event based:
// within a step, candidate events of the superposed Poisson processes are
// drawn one by one (Gillespie), creation uniformly over all sites at rate b
// and accepted on vacant sites, removal uniformly over existing synapses at
// the maximal rate d0 and accepted with probability d(w)/d0 (thinning), so
// pair counts stay exact integers in [0, S_max].
//
// Weights are stored relative to a factor G·R_i·C_j (post i, pre j): G
// carries the decay that applies to every pair with both rates below 0.5,
// and an active neuron multiplies its R and C by the LTD factor, so a step
// touches only the pairs with both neurons active (LTP). Pair counts and the
// stored pair sums W_ij are kept up to date incrementally.
//
// Usage: build a Network with New(Default(), rng) (Params.Compressed speeds up
// the slow turnover), seed it with AddSynapse if wanted, call Step once per
// Dt with the stimulus currents, and read PairWeight, Count and NumSynapses.
package structural
