package dimred

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// cholInv writes the inverse of the symmetric positive definite n×n matrix
// a (row-major; symmetrised as (a + aᵀ)/2) into dst and returns log det a;
// ok is false if a is not numerically positive definite. It uses LAPACK's
// dpotrf and dpotri (gonum). dst may not alias a.
func cholInv(dst, a []float64, n int) (logDet float64, ok bool) {
	for i := 0; i < n; i++ {
		dst[i*n+i] = a[i*n+i]
		for j := i + 1; j < n; j++ {
			dst[i*n+j] = 0.5 * (a[i*n+j] + a[j*n+i])
		}
	}
	return cholInvUpper(dst, n)
}

// cholInvUpper factorises the symmetric positive definite n×n a in place
// (LAPACK dpotrf then dpotri), leaves the full inverse in a and returns
// log det a.
func cholInvUpper(a []float64, n int) (float64, bool) {
	s := blas64.Symmetric{N: n, Stride: n, Data: a, Uplo: blas.Upper}
	t, ok := lapack64.Potrf(s)
	if !ok {
		return 0, false
	}
	ld := 0.0
	for i := 0; i < n; i++ {
		ld += 2 * math.Log(a[i*n+i])
	}
	if _, ok := lapack64.Potri(t); !ok {
		return 0, false
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a[j*n+i] = a[i*n+j]
		}
	}
	return ld, true
}

// cholUpper factorises the symmetric positive definite n×n a in place
// (LAPACK dpotrf, upper triangle: a = UᵀU) and returns log det a.
func cholUpper(a []float64, n int) (float64, bool) {
	if _, ok := lapack64.Potrf(blas64.Symmetric{N: n, Stride: n, Data: a, Uplo: blas.Upper}); !ok {
		return 0, false
	}
	ld := 0.0
	for i := 0; i < n; i++ {
		ld += 2 * math.Log(a[i*n+i])
	}
	return ld, true
}

// mul writes a·b (n×k times k×m, row-major) into dst (n×m) with gonum's
// BLAS (Dgemm).
func mul(dst, a, b []float64, n, k, m int) {
	blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, n, m, k, 1, a, k, b, m, 0, dst, m)
}

// mulT writes a·bᵀ (n×k times (m×k)ᵀ) into dst (n×m).
func mulT(dst, a, b []float64, n, k, m int) {
	blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, n, m, k, 1, a, k, b, k, 0, dst, m)
}

// maxAbsDiff returns max_i |a_i − b_i| and max_i |a_i| (NaN-blind: a NaN
// entry is ignored, and the recursions that call it fail on NaN anyway).
func maxAbsDiff(a, b []float64) (d, scale float64) {
	b = b[:len(a)]
	for i, v := range a {
		x := v - b[i]
		if x < 0 {
			x = -x
		}
		if x > d {
			d = x
		}
		if v < 0 {
			v = -v
		}
		if v > scale {
			scale = v
		}
	}
	return d, scale
}

func flat(m *mat.Dense) []float64 {
	r, c := m.Dims()
	out := make([]float64, r*c)
	for i := 0; i < r; i++ {
		copy(out[i*c:(i+1)*c], m.RawRowView(i))
	}
	return out
}

// csr is a compressed sparse-row copy of a small matrix, used where the
// CILDS matrices ([[G, A], [0, D]], [B 0]) are mostly zeros. A matrix with
// more than a third of its entries non-zero (the LDS's C) is also kept
// dense, and mulVec then uses plain dot products.
type csr struct {
	rows, cols int
	ptr        []int
	idx        []int
	val        []float64
	dense      []float64 // row-major copy when dense enough, else nil
}

func toCSR(m *mat.Dense) *csr {
	r, c := m.Dims()
	s := &csr{rows: r, cols: c, ptr: make([]int, r+1)}
	for i := 0; i < r; i++ {
		for j, v := range m.RawRowView(i) {
			if v != 0 {
				s.idx = append(s.idx, j)
				s.val = append(s.val, v)
			}
		}
		s.ptr[i+1] = len(s.idx)
	}
	if 3*len(s.val) > r*c {
		s.dense = flat(m)
	}
	return s
}

// mulVec writes s·x into dst.
func (s *csr) mulVec(dst, x []float64) {
	if s.dense != nil {
		x = x[:s.cols]
		for i := range dst[:s.rows] {
			row := s.dense[i*s.cols : (i+1)*s.cols]
			v := 0.0
			for j, a := range row {
				v += a * x[j]
			}
			dst[i] = v
		}
		return
	}
	for i := 0; i < s.rows; i++ {
		v := 0.0
		for p := s.ptr[i]; p < s.ptr[i+1]; p++ {
			v += s.val[p] * x[s.idx[p]]
		}
		dst[i] = v
	}
}

// mulDense writes s·b (b is cols×m, row-major) into dst (rows×m).
func (s *csr) mulDense(dst, b []float64, m int) {
	for i := 0; i < s.rows; i++ {
		d := dst[i*m : (i+1)*m]
		for j := range d {
			d[j] = 0
		}
		for p := s.ptr[i]; p < s.ptr[i+1]; p++ {
			v := s.val[p]
			br := b[s.idx[p]*m : (s.idx[p]+1)*m]
			for j, x := range br {
				d[j] += v * x
			}
		}
	}
}

// denseMulT writes a·sᵀ (a is n×cols, row-major) into dst (n×rows).
func (s *csr) denseMulT(dst, a []float64, n int) {
	for i := 0; i < n; i++ {
		ar := a[i*s.cols : (i+1)*s.cols]
		for j := 0; j < s.rows; j++ {
			v := 0.0
			for p := s.ptr[j]; p < s.ptr[j+1]; p++ {
				v += ar[s.idx[p]] * s.val[p]
			}
			dst[i*s.rows+j] = v
		}
	}
}
