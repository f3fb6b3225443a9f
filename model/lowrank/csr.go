package lowrank

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// CSR is a matrix in compressed sparse row form: the non-zeros of row i are
// Val[RowPtr[i]:RowPtr[i+1]] in columns ColIdx[RowPtr[i]:RowPtr[i+1]]
// (ascending).
type CSR struct {
	Rows, Cols int
	RowPtr     []int
	ColIdx     []int32
	Val        []float64
}

// NewCSR returns the non-zero entries of a in CSR form.
func NewCSR(a *mat.Dense) *CSR {
	r, c := a.Dims()
	raw := a.RawMatrix()
	nnz := 0
	for i := 0; i < r; i++ {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+c] {
			if v != 0 {
				nnz++
			}
		}
	}
	s := &CSR{Rows: r, Cols: c, RowPtr: make([]int, r+1), ColIdx: make([]int32, 0, nnz), Val: make([]float64, 0, nnz)}
	for i := 0; i < r; i++ {
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+c] {
			if v != 0 {
				s.ColIdx = append(s.ColIdx, int32(j))
				s.Val = append(s.Val, v)
			}
		}
		s.RowPtr[i+1] = len(s.Val)
	}
	return s
}

// Density returns the fraction of entries that are non-zero.
func (s *CSR) Density() float64 { return float64(len(s.Val)) / float64(s.Rows*s.Cols) }

// MulVecTo stores s·x in dst, summing each row's terms in column order. It
// does not allocate; it panics on a length mismatch.
func (s *CSR) MulVecTo(dst, x []float64) {
	if len(dst) != s.Rows || len(x) != s.Cols {
		panic(fmt.Sprintf("lowrank: CSR %d×%d times vector %d into %d", s.Rows, s.Cols, len(x), len(dst)))
	}
	for i := range dst {
		lo, hi := s.RowPtr[i], s.RowPtr[i+1]
		cols, vals := s.ColIdx[lo:hi], s.Val[lo:hi]
		sum := 0.0
		for k, j := range cols {
			sum += vals[k] * x[j]
		}
		dst[i] = sum
	}
}
