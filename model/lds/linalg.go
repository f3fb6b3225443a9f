package lds

import (
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"
)

func cmplxAbs(c complex128) float64 { return cmplx.Abs(c) }

// symToFlat copies s into dst (row-major n×n).
func symToFlat(dst []float64, s mat.Symmetric) {
	n := s.SymmetricDim()
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			dst[i*n+j] = s.At(i, j)
		}
	}
}

// flatToSym returns the symmetric part of the row-major n×n matrix f.
func flatToSym(n int, f []float64) *mat.SymDense {
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, 0.5*(f[i*n+j]+f[j*n+i]))
		}
	}
	return s
}

// sqrtPSD returns L with L Lᵀ = S for a positive semi-definite S (negative
// eigenvalues down to -1e-10·max are clipped to zero).
func sqrtPSD(S mat.Symmetric) (*mat.Dense, error) {
	n := S.SymmetricDim()
	var es mat.EigenSym
	if !es.Factorize(S, true) {
		return nil, ErrNotPSD
	}
	vals := es.Values(nil)
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	mx := 0.0
	for _, v := range vals {
		mx = math.Max(mx, math.Abs(v))
	}
	L := mat.NewDense(n, n, nil)
	for j, v := range vals {
		if v < -1e-10*mx-1e-300 {
			return nil, ErrNotPSD
		}
		s := math.Sqrt(math.Max(v, 0))
		for i := 0; i < n; i++ {
			L.Set(i, j, vecs.At(i, j)*s)
		}
	}
	return L, nil
}

// mulVec sets dst = M x.
func mulVec(dst []float64, M *mat.Dense, x []float64) {
	r, c := M.Dims()
	for i := 0; i < r; i++ {
		row := M.RawRowView(i)
		s := 0.0
		for k := 0; k < c; k++ {
			s += row[k] * x[k]
		}
		dst[i] = s
	}
}

// Small dense kernels on row-major flat slices (d×d with d small). They
// allocate nothing.

// matMul sets dst (n×m) = a (n×k) · b (k×m). dst must not alias a or b.
func matMul(dst, a, b []float64, n, k, m int) {
	for i := 0; i < n; i++ {
		di := dst[i*m : (i+1)*m]
		for j := range di {
			di[j] = 0
		}
		for l := 0; l < k; l++ {
			ail := a[i*k+l]
			if ail == 0 {
				continue
			}
			bl := b[l*m : (l+1)*m]
			for j := range di {
				di[j] += ail * bl[j]
			}
		}
	}
}

// matMulT sets dst (n×m) = a (n×k) · bᵀ, b being m×k.
func matMulT(dst, a, b []float64, n, k, m int) {
	for i := 0; i < n; i++ {
		ai := a[i*k : (i+1)*k]
		for j := 0; j < m; j++ {
			bj := b[j*k : (j+1)*k]
			s := 0.0
			for l := range ai {
				s += ai[l] * bj[l]
			}
			dst[i*m+j] = s
		}
	}
}

// symmetrize replaces the n×n matrix a by (a + aᵀ)/2.
func symmetrize(a []float64, n int) {
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := 0.5 * (a[i*n+j] + a[j*n+i])
			a[i*n+j], a[j*n+i] = v, v
		}
	}
}

// luSolve solves a X = b in place for X (b is n×m, overwritten by X), with
// partial pivoting. a (n×n) is overwritten by its LU factors. It returns
// log|det a| and false if a is singular.
func luSolve(a, b []float64, n, m int) (logAbsDet float64, ok bool) {
	for c := 0; c < n; c++ {
		p := c
		mx := math.Abs(a[c*n+c])
		for r := c + 1; r < n; r++ {
			if v := math.Abs(a[r*n+c]); v > mx {
				p, mx = r, v
			}
		}
		if mx == 0 {
			return 0, false
		}
		if p != c {
			for j := 0; j < n; j++ {
				a[c*n+j], a[p*n+j] = a[p*n+j], a[c*n+j]
			}
			for j := 0; j < m; j++ {
				b[c*m+j], b[p*m+j] = b[p*m+j], b[c*m+j]
			}
		}
		piv := a[c*n+c]
		logAbsDet += math.Log(math.Abs(piv))
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] / piv
			if f == 0 {
				continue
			}
			a[r*n+c] = f
			for j := c + 1; j < n; j++ {
				a[r*n+j] -= f * a[c*n+j]
			}
			for j := 0; j < m; j++ {
				b[r*m+j] -= f * b[c*m+j]
			}
		}
	}
	for c := n - 1; c >= 0; c-- {
		piv := a[c*n+c]
		for j := 0; j < m; j++ {
			s := b[c*m+j]
			for k := c + 1; k < n; k++ {
				s -= a[c*n+k] * b[k*m+j]
			}
			b[c*m+j] = s / piv
		}
	}
	return logAbsDet, true
}

// cholSolve solves s X = b for a symmetric positive definite s (n×n, copied
// into work, n*n) and b (n×m, overwritten). It returns log det s, and false if
// s is not numerically positive definite.
func cholSolve(s, b, work []float64, n, m int) (logDet float64, ok bool) {
	logDet, ok = cholFactor(work, s, n)
	if ok {
		cholSolveL(work, b, n, m)
	}
	return logDet, ok
}

// cholFactor writes the lower Cholesky factor L of the symmetric positive
// definite s (n×n, only its lower triangle read) into L (n×n; the strict
// upper triangle is left as it was) and returns log det s, or false if s is
// not numerically positive definite. L may alias s.
func cholFactor(L, s []float64, n int) (logDet float64, ok bool) {
	if &L[0] != &s[0] {
		copy(L, s[:n*n])
	}
	for j := 0; j < n; j++ {
		d := L[j*n+j]
		for k := 0; k < j; k++ {
			d -= L[j*n+k] * L[j*n+k]
		}
		if !(d > 1e-300) {
			return 0, false
		}
		logDet += math.Log(d)
		d = math.Sqrt(d)
		L[j*n+j] = d
		for i := j + 1; i < n; i++ {
			v := L[i*n+j]
			for k := 0; k < j; k++ {
				v -= L[i*n+k] * L[j*n+k]
			}
			L[i*n+j] = v / d
		}
	}
	return logDet, true
}

// cholSolveL solves L Lᵀ X = b in place (b is n×m) given the factor L of
// cholFactor: forward substitution (forwardSub), then backward substitution
// with Lᵀ, column by column.
func cholSolveL(L, b []float64, n, m int) {
	forwardSub(L, b, n, m)
	for c := 0; c < m; c++ {
		for i := n - 1; i >= 0; i-- {
			v := b[i*m+c]
			for k := i + 1; k < n; k++ {
				v -= L[k*n+i] * b[k*m+c]
			}
			b[i*m+c] = v / L[i*n+i]
		}
	}
}

// pinvSolve solves s X = b in the least-squares (pseudo-inverse) sense for a
// symmetric PSD s, used when s is singular (e.g. a predicted covariance with
// a singular Q). It allocates; it is a fallback path.
func pinvSolve(s, b []float64, n, m int) {
	var es mat.EigenSym
	S := flatToSym(n, s)
	if !es.Factorize(S, true) {
		for i := range b[:n*m] {
			b[i] = 0
		}
		return
	}
	vals := es.Values(nil)
	var V mat.Dense
	es.VectorsTo(&V)
	mx := 0.0
	for _, v := range vals {
		mx = math.Max(mx, math.Abs(v))
	}
	B := mat.NewDense(n, m, append([]float64(nil), b[:n*m]...))
	var VtB mat.Dense
	VtB.Mul(V.T(), B)
	for i, v := range vals {
		inv := 0.0
		if v > 1e-12*mx {
			inv = 1 / v
		}
		for j := 0; j < m; j++ {
			VtB.Set(i, j, VtB.At(i, j)*inv)
		}
	}
	var X mat.Dense
	X.Mul(&V, &VtB)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			b[i*m+j] = X.At(i, j)
		}
	}
}
