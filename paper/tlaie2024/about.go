package tlaie2024

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Data. Simulated spike counts of N neurons (neurons) in two stimulus classes c, trials_per_class
trials each (package synth/templates, the spec's generator):

    μ_{c,n} = μ0 · exp(κ · pref_{c,n}),    pref_{c,n} ~ N(0, 1)
    r_{i,n} ~ Poisson(g_i · μ_{c_i,n} · ξ_{i,n})
    g_i ~ Gamma(gain_shape, mean 1),    ξ_{i,n} ~ LogNormal(0, σ)

μ0 is the expected count per trial of a neuron with pref = 0 (mu0), κ the diversity of preferences
(kappa), g_i a trial gain, ξ a pattern noise present only in the unreliable condition
(σ = pattern_sigma).

Method. The average test of the paper (package analysis/averages, after the authors'
CorrelationAnalyses.py): class templates T_c are the mean count vectors (they include the test
trial); ρ_i = corr(r_i, T_own), ρ′_i = corr(r_i, T_other), SI_i = ρ_i − ρ′_i. Each trial's k_i
spikes are redrawn multinomially over neurons with p_n = T_own,n / Σ T_own (surrogates times);
perc_i is the mid-rank percentile of ρ_i among the surrogates' correlations with T_own, uniform on
[0, 1] when trials are Poisson down-samplings of the template. Behaviour: P(hit) = σ(slope · (SI −
median SI)) when relevant, P(hit) = p_hit when not; AUC and Mann–Whitney compare the SI of hits
and misses.

Protocol. Default scale: 60 neurons, 300 trials per class, μ0 = 2, κ = 1, gain shape 2. The test
(200 surrogates per trial) on one template-Poisson and one unreliable (σ = 0.8) session; behaviour
on 10 sessions that share one set of preferences and draw their own trials, pooled; a κ = 0 session
whose mean SI is compared with the mean over 20 label permutations; neuron subsampling, ⌊N/(k+1)⌋
neurons for k < 10, 2 random subsets per size, 50 surrogates. Figures: trial against surrogate
correlations, percentile histograms of both sessions, SI of hits and misses, and the subsampling
(none for the κ = 0 control). --scale quick halves the trials (150 per class) and surrogates (100)
and keeps 1 subset per size; --scale paper uses the default values.

Deviations. The paper's recordings (S1/S2 optogenetics, Steinmetz et al. 2019) are replaced by the
spec's generator with known templates; the subsampling uses 2 subsets per size instead of 50; the
logistic-regression decoder and the Fano-factor analysis are not reproduced.`
