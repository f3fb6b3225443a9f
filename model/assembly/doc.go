// Package assembly detects and tracks cell assemblies in weight matrices:
// Louvain community detection on the symmetrised weights (Blondel et al.,
// J. Stat. Mech. 2008, via gonum's graph/community), label matching between
// checkpoints by maximum overlap (Hungarian algorithm, Kuhn 1955; Munkres
// 1957) and within/between weight ratios, as used by Kalle Kossio et al.
// (PNAS 2021) and Manz & Memmesheimer (PLoS Comput. Biol. 2023) to follow
// drifting assemblies.
//
// Usage: labels, q := Louvain(W, n, 1, runs, rng) on each checkpoint's
// weights; tracked, next := Match(prevLabels, labels, next) to keep each
// assembly's label over time; WithinBetween to score a partition (and
// analysis/stats.AdjustedRand, the adjusted Rand index of Hubert & Arabie,
// to compare two).
package assembly
