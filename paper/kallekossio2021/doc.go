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
// after stimulus offset. With plasticity, the channel's input weights and
// the winning readout's weights move towards the squared echo (supralinear
// Hebbian learning with normalisation, unsupervised, winner-take-all); the
// fixed control keeps the t0 weights.
//
// Assemblies are found by Louvain community detection (gonum
// graph/community) on (W + Wᵀ)/2 at every checkpoint, best modularity of
// louvain_runs runs, and tracked across checkpoints by maximum-overlap
// (Hungarian) matching (model/assembly).
//
// Status (seed 1, default scale): the assemblies persist (six Louvain
// communities at every checkpoint, within/between weight ratio ≥ 10) and
// some neurons move between them, but the remodelling is not complete
// within 7e5 s (ARI 0.74), transitions are bursty (interval CV 1.9, a few
// neurons flickering), and the Hebbian inputs and readouts do not track the
// network (accuracy 0.17, below the fixed control's 0.80): as STDP and
// turnover reshape the weights the echo weakens, the learned input weights
// spread over background neurons and the readouts lose their assemblies,
// even where no neuron has moved. A sweep of the
// turnover rate (1e-7 to 4e-6 per unit, reset weights up to 0.1–1·w_max,
// capped or fixed row sums, w_max up to 0.045) found either frozen
// assemblies or assemblies that dissolve, with no regime of complete drift
// of intact assemblies. The checks report this honestly.
package kallekossio2021
