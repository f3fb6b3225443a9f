// Package averages implements the trial-average test of Tlaie, Shapcott,
// Tiesinga, Schölvinck & Havenith ("What does the mean mean? A simple test for
// neuroscience", PLoS Comput Biol 2024; bioRxiv 2021 "Does the brain care
// about averages?").
//
// For trial i with count vector r_i (neurons) and class c_i, the class
// templates T_c are the mean count vectors of each class, including the test
// trial. The reliability is ρ_i = corr(r_i, T_{c_i}); ρ'_i is the correlation
// with the other class's template (the mean over other classes when there are
// more than two); the specificity index is SI_i = ρ_i − ρ'_i. The surrogate
// distribution of ρ_i draws k_i = Σ_n r_in spikes i.i.d. over neurons with
// p_n = T_{c_i,n}/Σ T_{c_i} (a multinomial, the Poisson down-sampled
// template) and correlates each surrogate with T_{c_i}; perc_i is the
// mid-rank percentile of ρ_i within that distribution.
//
// Usage: call Test on a trials × neurons matrix of spike counts (whole
// numbers in a fixed window per trial, not rates: the surrogates redistribute
// each trial's spikes) with a class label in 0..classes−1 per trial; Result
// holds ρ, ρ', SI and the percentile of every trial. Bad input is an error
// wrapping experiment.ErrInput that names the trial and neuron. A mean
// percentile near ½ means trials differ from their class average only by
// Poisson noise. A trial of more than MaxTrialSpikes (10⁷) spikes is an
// input error.
//
// The multinomial surrogates are exact on two routes, chosen per trial from
// its spike count k and the neurons N only (so results never depend on the
// workers): up to 8 spikes per neuron, k draws from Vose's alias table
// (O(k) per surrogate, ~11 ns per spike); above, conditional binomials
// x_n ~ Bin(k − Σ_{j<n} x_j, p_n/Σ_{j≥n} p_j) by inversion or BTPE
// (num.Binomial; O(N) per surrogate, 45–90 ns per neuron). Trials with many
// spikes per neuron (large κ in the experiment) thus cost about as much as
// sparse ones; Multinomial gives the measured crossover (near 5 spikes per
// neuron) and why the switch sits at 8.
package averages
