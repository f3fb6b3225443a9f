// Package stats holds the elementary sample statistics that several neurolab
// packages share: the arithmetic mean and sample standard deviation, the
// median, the extremes and Pearson's correlation coefficient (Pearson, Phil
// Trans R Soc A 1896).
//
// Unlike analysis/stats, whose correlations skip non-finite pairs and return
// NaN when undefined, these functions use every value as given and keep the
// conventions of the reproductions that call them: Pearson of a constant
// vector is 0, Median of an empty slice is NaN, Mean of an empty slice is NaN
// (0/0). The arithmetic order is fixed (two passes for Pearson: means, then
// centred sums), so that results are bit-identical across callers and runs.
//
// Usage:
//
//	r := stats.Pearson(x, y)               // 0 if x or y is constant
//	r, ok := stats.PearsonTol(x, y, 1e-24) // ok is false if a centred sum of squares is ≤ 1e-24
//	m := stats.Median(x)                   // x is not modified
package stats
