// Package stats holds the statistics shared by neurolab's population-analysis
// reproductions: NaN-aware Pearson correlation and the population-vector,
// ensemble-rate and tuning-curve correlations built on it (Deitch, Rubin &
// Ziv, Curr Biol 2021; Sheintuch et al., Curr Biol 2020), the adjusted Rand
// index (Hubert & Arabie, J Classif 1985), the silhouette (Rousseeuw, J Comput
// Appl Math 1987), the Mann–Whitney U test with its AUC, the one-sample
// Kolmogorov–Smirnov test against U(0,1), and the surrogate percentile of
// Tlaie et al. (PLoS Comput Biol 2024).
//
// Missing values: a correlation that is undefined (fewer than two finite
// pairs, or a constant vector) is NaN. Aggregates (MeanNaN, MedianNaN) skip
// NaN; they never count it as 0.
//
// Usage: the functions take plain slices, or gonum matrices of cells × bins
// for the map correlations (PVCorrelation, TuningCorrelations), and have no
// state; see the examples.
package stats
