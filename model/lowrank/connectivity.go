package lowrank

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Form selects how a sparsified low-rank matrix is scaled.
type Form int

const (
	// Rescaled keeps entries as J_ij = P_ij c_ij / (1-s), so E[J] = P.
	Rescaled Form = iota
	// Unrescaled keeps entries as J_ij = P_ij c_ij, so E[J] = (1-s) P.
	Unrescaled
)

func (f Form) String() string {
	switch f {
	case Rescaled:
		return "rescaled"
	case Unrescaled:
		return "unrescaled"
	}
	return fmt.Sprintf("Form(%d)", int(f))
}

// Scale returns the factor that multiplies the kept entries of P: 1/(1-s)
// for Rescaled, 1 for Unrescaled.
func (f Form) Scale(s float64) float64 {
	if f == Rescaled {
		return 1 / (1 - s)
	}
	return 1
}

// LowRank stores P = M Nᵀ / N in dst (N×N), where m and n are N×R matrices
// whose columns are the connectivity vectors m^(r), n^(r). It panics on a
// shape mismatch.
func LowRank(dst *mat.Dense, m, n *mat.Dense) {
	rm, cm := m.Dims()
	rn, cn := n.Dims()
	if rm != rn || cm != cn {
		panic(fmt.Sprintf("lowrank: m is %d×%d, n is %d×%d", rm, cm, rn, cn))
	}
	dst.Mul(m, n.T())
	dst.Scale(1/float64(rm), dst)
}

// Connectivity stores in dst the sparsified low-rank matrix: P = M Nᵀ / N,
// each entry kept independently with probability 1-s (c_ij ~ Bernoulli(1-s),
// drawn from rng in row-major order, one uniform per entry) and scaled by
// form.Scale(s). For the same rng state, the Unrescaled matrix is exactly
// (1-s) times the Rescaled one up to rounding. s must lie in [0, 1); at s = 0
// no random numbers are drawn and dst = P. It panics on bad s or shapes.
func Connectivity(dst *mat.Dense, m, n *mat.Dense, s float64, form Form, rng *rand.Rand) {
	if !(s >= 0 && s < 1) {
		panic(fmt.Sprintf("lowrank: sparsity %g outside [0,1)", s))
	}
	LowRank(dst, m, n)
	if s == 0 {
		return
	}
	scale := form.Scale(s)
	raw := dst.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		for j := range row {
			if rng.Float64() < s {
				row[j] = 0
			} else {
				row[j] *= scale
			}
		}
	}
}
