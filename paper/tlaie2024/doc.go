// Package tlaie2024 reproduces the trial-average test of Tlaie, Shapcott,
// Tiesinga, Schölvinck & Havenith, "What does the mean mean? A simple test for
// neuroscience", PLoS Comput Biol 2024 (bioRxiv 2021: "Does the brain care
// about averages? A simple test"), experiment ID "average-test".
//
// On simulated Poisson populations with known templates (package
// synth/templates) it shows that single trials correlate with their class
// average exactly as well as spike-count-matched multinomial down-samplings of
// the average when responses are template-Poisson with any trial gain (mean
// percentile ½, uniform), but far worse when an extra per-trial pattern noise
// is present; that the specificity index SI = ρ − ρ′ predicts behaviour only
// when behaviour depends on it; and that, with no preference diversity
// (κ = 0), SI vanishes once the bias of templates that include the test trial
// is removed by label permutation. The method is package analysis/averages.
//
// The behaviour checks pool sessions of one population: the preferences
// pref_{c,n} of the spec's generator are drawn once, and each of the 10
// sessions draws its own trials, templates and SI median from them. Default
// scale, seeds 1–40: AUC(SI → hit) 0.755 ± 0.032 (spec replica 0.748 ±
// 0.039); a new population per session gave 0.686 ± 0.027.
//
// Deviations: the paper's data (S1/S2 optogenetics, Steinmetz et al. 2019) are
// replaced by the spec's generator; the logistic-regression decoder and the
// Fano-factor analysis are not reproduced.
package tlaie2024
