// Package num holds numerical kernels that gonum lacks and that several
// neurolab packages share: seeded random streams, exact binomial draws
// (BTPE), deterministic parallel loops, SDE/ODE steppers and NaN-aware
// statistics.
//
// Kernels follow gonum's conventions: the destination comes first, they do
// not allocate, and they panic on shape mismatches (programmer errors).
package num
