// Package gridcells generates synthetic grid-cell rate maps along a linear
// track, as in the grid-cell library of Acker, Paradis & Miller (2019),
// "Stable memory and computation in randomly rewiring neural networks",
// J Neurophysiol 122:66 (authors' grid_cells-2d.py, described in the spec).
//
// Each cell is a 2-D grid pattern, the sum of three plane waves at 60° to
// each other (Solstad et al. 2006), sampled along the line y = 1 of the
// plane:
//
//	v(r) = Σ_k cos(4π/(√3 λ) · w_kᵀ(r − c)),  rate = exp(0.3(v + 3/2)) − 1
//
// with position r = (i/100, 1) for pixel i, phase c ~ U[0, 99]², spacing
// λ ~ U[0.2, 1] and orientation θ ∈ {0°, 20°, 40°} rotating the unit wave
// vectors at 90°, 30° and −30°. Rates lie in [0, e^{1.35} − 1].
//
// Usage: Library(rng, cells, pixels) returns the cell-major rate maps.
package gridcells
