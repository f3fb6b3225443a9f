// Package spiking holds event-driven spiking-network machinery: a linear
// Hawkes (self-exciting Poisson) network with exponential kernels, simulated
// exactly event by event, and pair-based spike-timing-dependent plasticity
// with exponential traces.
//
// The Hawkes network follows the engine of Manz & Memmesheimer (PLoS Comput.
// Biol. 2023, "Purely STDP-based assembly dynamics"), which Kalle Kossio,
// Goedeke, Klos & Memmesheimer (PNAS 118:e2023832118, 2021) build on:
// neuron i fires with intensity
//
//	λ_i(t) = μ_i + Σ_j W_ij Σ_{t_j^k < t} exp(−(t − t_j^k)/τ),
//
// so a spike of j raises λ_i by W_ij, decaying with time constant τ; the
// branching ratio of a connection is W_ij·τ. Time is in the caller's unit
// (10 ms in the drifting-assemblies surrogate) and intensities are per unit.
//
// Symmetric STDP (same references): when neuron i spikes, every weight of
// its row and column changes by μ_STDP·(A_p x_p,j + A_d x_d,j), where
// x_p and x_d are the spike traces of the partner j with time constants τ_p
// and τ_d, so a pair at lag Δt changes by μ_STDP(A_p e^{−|Δt|/τ_p} +
// A_d e^{−|Δt|/τ_d}), clipped to [WMin, WMax].
//
// LIFNet is the conductance-based leaky integrate-and-fire benchmark network
// of Brette et al. (J. Comput. Neurosci. 23:349–398, 2007, benchmark 1,
// "COBA"), built on the balanced network of Vogels & Abbott (J. Neurosci.
// 25:10786–10795, 2005): 4000 neurons, 80 % excitatory, 2 % random
// connectivity, exponentially decaying synaptic conductances, clock-driven
// with Euler integration of the membrane potential. With
// LIFParams.Current the same engine runs the paper's benchmark 2, "CUBA":
// current-based exponential synapses (τ_e = 5 ms, τ_i = 10 ms), resting
// potential above threshold, and the linear subthreshold dynamics
// integrated exactly (CUBAParams, NewCUBA).
//
// Usage: Hawkes: h := NewHawkes(n, τ, rng), fill h.W and SetBase, then loop
// i, ok := h.Next(tEnd); if !ok { break }; h.Fire(i) (or h.FireSTDP(i, s)
// with s := NewSTDP(...) to learn W). LIF: net, err := NewCOBA(COBAParams(),
// rng) (or NewCUBA, or NewLIFNet on your own CSR), then net.Run(steps) for
// rates and ISI CV, or net.Step() and read net.Spikes.
package spiking
