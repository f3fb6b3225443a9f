package gridcells

import (
	"math"
	"math/rand/v2"
)

// Library returns nCells grid-cell rate maps over nPos pixels, cell-major:
// element [c*nPos+i] is cell c's rate at pixel i (position i/100 m).
func Library(rng *rand.Rand, nCells, nPos int) []float64 {
	out := make([]float64, nCells*nPos)
	thetas := [3]float64{0, 20 * math.Pi / 180, 40 * math.Pi / 180}
	base := [3]float64{math.Pi / 2, math.Pi / 6, -math.Pi / 6}
	for c := 0; c < nCells; c++ {
		cx, cy := 99*rng.Float64(), 99*rng.Float64()
		lambda := 0.2 + 0.8*rng.Float64()
		theta := thetas[rng.IntN(3)]
		k := 4 * math.Pi / (math.Sqrt(3) * lambda)
		var wx, wy [3]float64
		for j, a := range base {
			// unit vector at angle a, rotated by θ (row vector times the
			// rotation matrix, as in the authors' code: angle a − θ)
			wx[j], wy[j] = math.Cos(a-theta), math.Sin(a-theta)
		}
		row := out[c*nPos : (c+1)*nPos]
		for i := range row {
			rx, ry := float64(i)/100-cx, 1-cy
			var v float64
			for j := 0; j < 3; j++ {
				v += math.Cos(k * (wx[j]*rx + wy[j]*ry))
			}
			row[i] = math.Exp(0.3*(v+1.5)) - 1
		}
	}
	return out
}
