package plasticity

import (
	"fmt"
	"math"
)

// Dense is a row-major matrix: element (i, j) is Data[i*Cols+j]. Row i holds
// the synapses onto postsynaptic cell i from presynaptic cells j.
type Dense struct {
	Rows, Cols int
	Data       []float64
}

// NewDense returns a zero rows×cols matrix.
func NewDense(rows, cols int) *Dense {
	return &Dense{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
}

// Row returns row i as a slice sharing Data.
func (m *Dense) Row(i int) []float64 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// MulVecAdd sets dst += alpha·m·x. It panics on a shape mismatch.
func (m *Dense) MulVecAdd(dst []float64, alpha float64, x []float64) {
	if len(dst) != m.Rows || len(x) != m.Cols {
		panic(fmt.Sprintf("plasticity: MulVecAdd shape %dx%d, dst %d, x %d", m.Rows, m.Cols, len(dst), len(x)))
	}
	for i := 0; i < m.Rows; i++ {
		dst[i] += alpha * dot(m.Data[i*m.Cols:(i+1)*m.Cols], x)
	}
}

// dot returns Σ a_j b_j with four independent accumulators.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(a); j += 4 {
		aa, bb := a[j:j+4:j+4], b[j:j+4:j+4]
		s0 += aa[0] * bb[0]
		s1 += aa[1] * bb[1]
		s2 += aa[2] * bb[2]
		s3 += aa[3] * bb[3]
	}
	for ; j < len(a); j++ {
		s0 += a[j] * b[j]
	}
	return (s0 + s1) + (s2 + s3)
}

// Hebb applies the plain Hebbian outer-product update m += eta·post·preᵀ
// (no mean subtraction; Eckmann et al. 2024, Eq. for ΔW, ΔU, ΔK, ΔQ, ΔM, ΔP).
// It panics on a shape mismatch.
func Hebb(m *Dense, eta float64, post, pre []float64) {
	if len(post) != m.Rows || len(pre) != m.Cols {
		panic(fmt.Sprintf("plasticity: Hebb shape %dx%d, post %d, pre %d", m.Rows, m.Cols, len(post), len(pre)))
	}
	for i, yi := range post {
		a := eta * yi
		if a == 0 {
			continue
		}
		row := m.Data[i*m.Cols : (i+1)*m.Cols]
		for j, yj := range pre {
			row[j] += a * yj
		}
	}
}

// Clip limits every element of x to [lo, hi].
func Clip(x []float64, lo, hi float64) {
	for i, v := range x {
		if v < lo {
			x[i] = lo
		} else if v > hi {
			x[i] = hi
		}
	}
}

// Norm selects the norm used by row normalisation.
type Norm int

const (
	// L1 is the sum of absolute values.
	L1 Norm = 1
	// L2 is the Euclidean norm.
	L2 Norm = 2
)

// NormalizeRows rescales, for every row i, the rows i of all the matrices in
// ms jointly so that their combined norm equals target: for L1,
// Σ_m ||m_i||₁ = target; for L2, (Σ_m ||m_i||₂²)^{1/2} = target. This is the
// synapse-type-specific normalisation of Eckmann et al. 2024: the matrices
// sharing one budget (e.g. W and U for E cells) compete for it, matrices
// normalised separately do not. Rows whose joint norm is zero are left
// unchanged (and skipped, as in the authors' code). The matrices must have the
// same number of rows; it panics otherwise.
func NormalizeRows(p Norm, target float64, ms ...*Dense) {
	if len(ms) == 0 {
		return
	}
	rows := ms[0].Rows
	for _, m := range ms {
		if m.Rows != rows {
			panic(fmt.Sprintf("plasticity: NormalizeRows row mismatch %d != %d", m.Rows, rows))
		}
	}
	for i := 0; i < rows; i++ {
		var s float64
		for _, m := range ms {
			row := m.Data[i*m.Cols : (i+1)*m.Cols]
			switch p {
			case L1:
				for _, w := range row {
					s += math.Abs(w)
				}
			case L2:
				for _, w := range row {
					s += w * w
				}
			default:
				panic("plasticity: unknown norm")
			}
		}
		if p == L2 {
			s = math.Sqrt(s)
		}
		if s == 0 {
			continue
		}
		f := target / s
		for _, m := range ms {
			row := m.Data[i*m.Cols : (i+1)*m.Cols]
			for j := range row {
				row[j] *= f
			}
		}
	}
}

// RowNorm returns the joint norm of rows i of ms (see NormalizeRows).
func RowNorm(p Norm, i int, ms ...*Dense) float64 {
	var s float64
	for _, m := range ms {
		for _, w := range m.Row(i) {
			if p == L1 {
				s += math.Abs(w)
			} else {
				s += w * w
			}
		}
	}
	if p == L2 {
		return math.Sqrt(s)
	}
	return s
}
