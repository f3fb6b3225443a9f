package boltzmann

import (
	"math"
	"sort"
)

// Criterion is a pruning criterion of the paper (authors' code
// pruning/CIFAR_PruneRBM.py): weights with the lowest score are pruned.
type Criterion int

const (
	// VarianceFI scores a weight by its Fisher information F_ij = Var(v_i h_j).
	VarianceFI Criterion = iota
	// HeuristicFI scores by the local heuristic q_ij(1 − q_ij).
	HeuristicFI
	// EigenvectorFI scores by |u₁| at the weight's coordinate of the leading
	// eigenvector of the full FIM.
	EigenvectorFI
	// WeightMagnitude scores by |w_ij|.
	WeightMagnitude
	// Random scores uniformly at random.
	Random
	// AntiFI scores by −F_ij, removing the most informative weights first.
	AntiFI
)

// Criteria lists every criterion in order.
var Criteria = []Criterion{VarianceFI, HeuristicFI, EigenvectorFI, WeightMagnitude, Random, AntiFI}

func (c Criterion) String() string {
	return [...]string{"variance FI", "heuristic FI", "eigenvector FI", "|w|", "random", "anti-FI"}[c]
}

// Percentile returns the q-th percentile (0 ≤ q ≤ 100) of x with linear
// interpolation between order statistics (NumPy's default).
func Percentile(x []float64, q float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	pos := q / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	f := pos - float64(lo)
	return s[lo] + f*(s[lo+1]-s[lo])
}

// PruneWeights drops every live weight whose score (NV × NH, row-major) is
// at or below the percentile-th percentile of the live weights' scores: it
// sets the weight and its mask entry to exactly 0. It returns the number of
// weights pruned.
func (m *RBM) PruneWeights(score []float64, percentile float64) int {
	if len(score) != m.NV*m.NH {
		panic("boltzmann: score has the wrong length")
	}
	if m.Mask == nil {
		m.Mask = make([]float64, m.NV*m.NH)
		for k := range m.Mask {
			m.Mask[k] = 1
		}
	}
	var live []float64
	for k, s := range score {
		if m.Mask[k] != 0 {
			live = append(live, s)
		}
	}
	if len(live) == 0 {
		return 0
	}
	th := Percentile(live, percentile)
	n := 0
	for k, s := range score {
		if m.Mask[k] != 0 && s <= th {
			m.Mask[k] = 0
			m.W[k] = 0
			n++
		}
	}
	return n
}

// RemoveDeadHidden returns a copy of m without the hidden units that have
// no live weight left, and the indices (into m's hidden layer) of the units
// kept.
func (m *RBM) RemoveDeadHidden() (*RBM, []int) {
	var keep []int
	for j := 0; j < m.NH; j++ {
		for i := 0; i < m.NV; i++ {
			if m.Live(i, j) {
				keep = append(keep, j)
				break
			}
		}
	}
	return m.KeepHidden(keep), keep
}

// KeepHidden returns a copy of m restricted to the hidden units in keep.
func (m *RBM) KeepHidden(keep []int) *RBM {
	nh := len(keep)
	c := &RBM{NV: m.NV, NH: nh, W: make([]float64, m.NV*nh), B: append([]float64(nil), m.B...), C: make([]float64, nh)}
	if m.Mask != nil {
		c.Mask = make([]float64, m.NV*nh)
	}
	for jj, j := range keep {
		c.C[jj] = m.C[j]
		for i := 0; i < m.NV; i++ {
			c.W[i*nh+jj] = m.W[i*m.NH+j]
			if m.Mask != nil {
				c.Mask[i*nh+jj] = m.Mask[i*m.NH+j]
			}
		}
	}
	return c
}
