package dimred

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"gonum.org/v1/gonum/mat"
)

// cholInv writes the inverse of the symmetric positive definite n×n matrix
// a (row-major; only the lower triangle is read) into dst and returns log
// det a; ok is false if a is not numerically positive definite. work holds
// n·n floats. dst may not alias a.
func cholInv(dst, a, work []float64, n int) (logDet float64, ok bool) {
	L := work[:n*n]
	for j := 0; j < n; j++ {
		s := a[j*n+j]
		lj := L[j*n : j*n+j]
		for _, v := range lj {
			s -= v * v
		}
		if !(s > 0) {
			return 0, false
		}
		d := math.Sqrt(s)
		L[j*n+j] = d
		logDet += 2 * math.Log(d)
		for i := j + 1; i < n; i++ {
			s := 0.5 * (a[i*n+j] + a[j*n+i])
			li := L[i*n : i*n+j]
			for k, v := range li {
				s -= v * lj[k]
			}
			L[i*n+j] = s / d
		}
	}
	// Inverse of L (lower triangular) in place into dst's lower part, then
	// dst = L⁻ᵀ L⁻¹.
	inv := dst
	for i := range inv[:n*n] {
		inv[i] = 0
	}
	for j := 0; j < n; j++ {
		inv[j*n+j] = 1 / L[j*n+j]
		for i := j + 1; i < n; i++ {
			s := 0.0
			for k := j; k < i; k++ {
				s -= L[i*n+k] * inv[k*n+j]
			}
			inv[i*n+j] = s / L[i*n+i]
		}
	}
	// Now inv holds M = L⁻¹ (lower). Compute Mᵀ M into L (reuse), then copy.
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			s := 0.0
			for k := i; k < n; k++ {
				s += inv[k*n+i] * inv[k*n+j]
			}
			L[i*n+j] = s
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			dst[i*n+j] = L[i*n+j]
			dst[j*n+i] = L[i*n+j]
		}
	}
	return logDet, true
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

func maxAbsDiff(a, b []float64) (d, scale float64) {
	for i, v := range a {
		d = math.Max(d, math.Abs(v-b[i]))
		scale = math.Max(scale, math.Abs(v))
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
// CILDS matrices ([[G, A], [0, D]], [B 0]) are mostly zeros.
type csr struct {
	rows, cols int
	ptr        []int
	idx        []int
	val        []float64
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
	return s
}

// mulVec writes s·x into dst.
func (s *csr) mulVec(dst, x []float64) {
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
