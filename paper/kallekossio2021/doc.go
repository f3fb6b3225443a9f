// Package kallekossio2021 is a SURROGATE reproduction of
//
//	F. Y. Kalle Kossio, S. Goedeke, C. Klos & R.-M. Memmesheimer, "Drifting
//	assemblies for persistent memory: Neuron transitions and unsupervised
//	compensation", PNAS 118:e2023832118 (2021).
//
// The paper's equations, parameter values and network sizes are not public
// and no code was released, so this package does not implement the paper's
// model. It implements our surrogate of it (spec drifting-assemblies.md),
// built on the linear Hawkes network with symmetric STDP of Manz &
// Memmesheimer (PLoS Comput. Biol. 2023; parameter set "Drift2": N = 120,
// six assemblies of 20, ρ = 0.0015 per 10-ms unit, w_max = 0.024, μ = 0.05)
// and model/spiking, with mechanisms of our choosing: a homeostatic cap on
// each neuron's summed input weight, spontaneous synaptic turnover (each
// synapse reset to a small random weight at rate λ_turn), and M input
// channels and M readouts with Hebbian learning plus normalisation.
//
// Inputs and readouts are tested by probe presentations at each checkpoint
// on a frozen copy of the network (no STDP, no turnover), so the probes do
// not shape the drift: a stimulus drives its channel's weighted neurons for
// stim_dur units and the readouts integrate the recurrent echo in a window
// after stimulus offset (the winner is the readout with the largest
// weighted echo). With plasticity (unsupervised): the presented channel's
// input weights move towards the 4th power of the recurrent drive
// d_i = Σ_j W_ij n_j that the evoked spikes n deliver to each neuron (so a
// neuron is recruited by its input from the active assembly, never by its
// own directly driven spikes); the winning readout's weights move towards
// the trial's squared spike counts (competitive learning); both are
// multiplicatively normalised per channel/readout, and a homeostatic
// Sinkhorn step fixes each neuron's summed weight over channels and over
// readouts, so that channels and readouts compete for neurons. The fixed
// control keeps the t0 weights.
//
// Assemblies are found by Louvain community detection (gonum
// graph/community) on (W + Wᵀ)/2 at every checkpoint, best modularity of
// louvain_runs runs, and tracked across checkpoints by maximum-overlap
// (Hungarian) matching (model/assembly).
//
// Status (seed 1, default scale; w_max = 0.05, ρ = 0.0004, μ = 0.107,
// λ_turn = 1e-7, row cap): the six assemblies stay intact (six ± 1
// Louvain communities at every checkpoint, within/between ratio ≥ 11)
// while members are exchanged one at a time, and the plastic
// inputs/readouts keep 0.955 accuracy against 0.924 for the fixed t0
// codes. But the drift is too slow for the spec's run length: ARI(t0,
// t_end) = 0.67 after 7e5 s, only 97 inter-transition intervals, and their
// CV is 3.4 (neurons flicker back and forth at assembly borders, so
// intervals are not exponential; Louvain with the spec's 10 runs gives
// bit-identical partitions, so the flicker is in W, not in Louvain). The
// transition rate gives a mean dwell time N·t_end/transitions = 6.4e5 s,
// so the spec's 7e5 s is 1.1 dwell times, short of its own constraint
// t_end ≥ 3 mean dwell times. Longer runs at default parameters (within
// the spec's run-length constraint, beyond its 30-s budget): t_end =
// 2.1e6 s (4.0 dwell times by that estimate, 5.8e7 spikes, 54 s CPU):
// ARI 0.17, 395 intervals, CV 2.9, fixed readout 0.55; t_end = 2.8e6 s
// (7.8e7 spikes, 74 s CPU): ARI 0.090 (≤ 0.1 from 2.58e6 s on), 728
// intervals, CV 2.8, plastic readout 0.94, fixed 0.46, within/between
// ≥ 8.6. Complete remodelling is thus reachable at default parameters, in
// about 4× the spec's run length and 2.5× its budget (the simulation
// alone, serial, is ≈ 0.4 µs per spike); exponential intervals are not:
// the border flicker keeps the CV at 2.8–3.4 at every length tried, and
// the fixed readout stays above chance + 0.15. The intact-drift regime
// is also a long transient, not a steady state: at paper scale (7e6 s,
// 1.9e8 spikes, 10 Louvain runs; 353 s CPU) the assemblies melt (minimum
// within/between 2.5, six ± 1 communities at 99 % of checkpoints, plastic
// readout 0.28, fixed 0.20, 22640 intervals with CV 7.0).
//
// Speed: the engine keeps the Hawkes excitation and the STDP traces
// lazily decayed (one exp per event, no O(N) decay), draws the spiking
// neuron through block sums, clips weights without branches, and fuses
// the kernel of a spike with its STDP update in one pass over the column
// (spiking.Hawkes.FireSTDP); the probes use a transposed copy of the
// frozen weights, and checkpoint work (Louvain, probes) runs alongside
// the simulation. Default scale: 45.9 s → 18.5 s CPU, seed 1 (network
// ≈ 8.8 s, probes ≈ 5.4 s, Louvain ≈ 4.0 s). These changes alter
// floating-point rounding, so the chaotic trajectory, not its statistics,
// differs from the earlier implementation (ARI 0.63, 100 intervals,
// CV 3.1, fixed 0.915 then).
//
// How the regime was found: with the Drift2 w_max = 0.024 every variant
// tried — turnover rate 1e-7 to 4e-6, μ 0.05–0.2, reset weights, row cap,
// fixed rows, fixed rows and columns — showed two phases only: frozen
// assemblies, or assemblies that slowly weaken and then melt into weak,
// reshuffling communities (within/between ≈ 2–3). Near-critical assemblies
// (19·w_max = 0.95, as in the Manz & Memmesheimer Drift set) with μ ≈ 0.1
// drift with intact structure; μ ≥ 0.115 melts them, so the drift rate
// cannot be raised much further at this size. The plastic input/readout
// rule follows complete drift of planted assemblies
// (TestCodesFollowPlantedDrift, w_max = 0.024: accuracy 1.00 plastic, 0.30
// fixed); at w_max = 0.05 the fixed codes keep 0.63 even after planted
// complete drift, so check 3's fixed control cannot reach chance at the
// default parameters. The checks report the failures honestly.
package kallekossio2021
