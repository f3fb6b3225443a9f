package deitch2021

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Data. Simulated spike counts of N cells (neurons) in 1-s bins b of a movie of B bins (bins),
shown R times (repeats), with known drift (package synth/moviedrift, the spec's generator):

    f_n(r, b) = (1 − w_r) · f⁰_n(b) + w_r · f¹_n(b),    w_r = d · r / R
    a_n(r) = exp(x_n(r)),    x_n(r+1) = ρ x_n(r) + σ √(1 − ρ²) ξ,    ρ = exp(−1/τ)
    X_r(n, b) ~ Poisson(c · a_n(r) · f_n(r, b) · 1 s)

f⁰_n and f¹_n are independent tunings of equal mean, each 1–3 Gaussian bumps (width 1.5 bins,
amplitudes U(0.5, 1.5)) plus a floor of 0.1 of the mean; with d (tuning_d) and repeats counted
r = 0..R − 1, w_r mixes towards f¹ from 0 to d·(R − 1)/R at the last repeat;
x_n is an Ornstein–Uhlenbeck log-gain over repeats, stationary SD σ (rate_sd), correlation time τ
repeats (rate_tau), x(0) stationary; ξ ~ N(0, 1); c scales the mean of f⁰ over cells and bins to
mean_rate. Without rate drift a_n = 1, without tuning drift w_r = 0.

Method. Package analysis/drift, after the authors' visual_drift_analysis.m (Fig 2E/H/I, S1K). For
each pair of repeats r1 < r2: PV correlation, the mean over bins of the Pearson correlation across
cells of X_r1(:, b) and X_r2(:, b); ensemble-rate correlation, the Pearson correlation across cells
of the bin-averaged activity; tuning-curve correlation, the median over cells of the correlation
across bins of each cell's responses; time-lapse decoder, a 1-NN (Euclidean) classifier trained on
the B population vectors of r1, labelled by bin, and tested on r2. Lag curves average the pairs at
each lag ℓ = r2 − r1; each drop is mean(lags 1–5) − mean(lags 25–29). The decoder control permutes
the training labels (shuffles permutations; chance 100/B %).

Protocol. Four conditions (no drift, rate drift only, tuning drift only, both), each a recording of
150 cells × 30 bins × 30 repeats at 5 Hz (σ = 0.5, τ = 10 repeats, d = 1) from its own seed stream;
100 label permutations. Figures: the three correlation curves against elapsed repeats per condition,
and decoder accuracy with its shuffle control. The quick and paper scales use the default values.

Deviations. The Allen Brain Observatory recordings are replaced by the spec's generator with
ground truth; the Friedman/Holm statistics and the paper's internal-structure analysis are not
reproduced.`
