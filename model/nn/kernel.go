package nn

import (
	"fmt"
	"sync"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// avx reports whether the AVX kernels of kernel_amd64.s can run here: on
// amd64 with AVX, unless built with -tags purego (kernel_other.go, the code
// other CPUs run; the kernels reproduce it bit for bit, tested, and CI
// compares the experiments' results of both builds).
var avx = hasAVX()

// fastGemm reports whether gemm may use addGemm: AVX present and BLAS is
// gonum's pure-Go implementation (under the openblas build tag, BLAS is
// OpenBLAS and gemm goes there instead).
func fastGemm() bool {
	if !avx {
		return false
	}
	_, ok := blas64.Implementation().(gonum.Implementation)
	return ok
}

// kBlock is the number of terms of one pass over a block of C: with
// k ≤ 256 and at most 256 rows of A, a panel of op(A) and one of B stay in
// the 512 KiB L2 cache. Blocking over k does not change any element's
// arithmetic: each pass adds its terms to C in order, as one pass would.
const kBlock = 256

// addGemm adds op(A)·B to C: C (m×n, row stride n) += op(A) (m×k) · B (k×n,
// row stride n), where op(A)(i, l) = a[i·lda + l] or, with tA, a[l·lda + i].
// Every element is accumulated as c ← c + a·b (rounded product, then
// rounded sum) in the order l = 0, …, k−1 — the arithmetic of gonum's
// serial NoTrans/NoTrans and Trans/NoTrans kernels with alpha = 1 (which
// skip terms with a = 0; adding ±0 changes nothing but the sign of a zero
// sum) — so results are those of gonum's Dgemm whatever the blocking, and
// do not depend on how callers split the rows of C. It needs AVX.
func addGemm(tA bool, m, n, k int, a []float64, lda int, b, c []float64) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	ars, acs := lda, 1
	if tA {
		ars, acs = 1, lda
	}
	if last := (m-1)*ars + (k-1)*acs; len(a) <= last || len(b) < k*n || len(c) < m*n {
		panic(fmt.Sprintf("nn: addGemm slices %d, %d, %d too short for m=%d n=%d k=%d lda=%d",
			len(a), len(b), len(c), m, n, k, lda))
	}
	n8 := n &^ 7
	n4 := n &^ 3 // n8 or n8+4
	for l0 := 0; l0 < k; l0 += kBlock {
		kb := min(kBlock, k-l0)
		ap := unsafe.Pointer(&a[l0*acs])
		bp := b[l0*n:]
		i := 0
		for ; i+4 <= m; i += 4 {
			ai := (*float64)(unsafe.Add(ap, 8*i*ars))
			for j := 0; j < n8; j += 8 {
				kern4x8(kb, ai, ars, acs, &bp[j], n, &c[i*n+j], n)
			}
			if n4 > n8 {
				kern4x4(kb, ai, ars, acs, &bp[n8], n, &c[i*n+n8], n)
			}
		}
		for ; i < m; i++ {
			ai := (*float64)(unsafe.Add(ap, 8*i*ars))
			for j := 0; j < n8; j += 8 {
				kern1x8(kb, ai, acs, &bp[j], n, &c[i*n+j])
			}
			if n4 > n8 {
				kern1x4(kb, ai, acs, &bp[n8], n, &c[i*n+n8])
			}
		}
		if n4 == n {
			continue
		}
		// The last n mod 4 columns, in Go. The explicit conversion keeps
		// the product rounded (no fused multiply-add).
		for i := 0; i < m; i++ {
			ci := c[i*n+n4 : i*n+n]
			for l := l0; l < l0+kb; l++ {
				av := a[i*ars+l*acs]
				bl := b[l*n+n4 : l*n+n]
				for j, bv := range bl {
					ci[j] += float64(av * bv)
				}
			}
		}
	}
}

// dotGonum returns Σ_l x[l]·y[l·inc] with the grouping of gonum's
// DotUnitary (partial sums over l mod 4, the tail in the first, then
// (s0 + s2) + (s1 + s3)).
func dotGonum(x, y []float64, inc int) float64 {
	var s [4]float64
	k := len(x)
	k4 := k &^ 3
	for l := 0; l < k4; l += 4 {
		s[0] += float64(x[l] * y[l*inc])
		s[1] += float64(x[l+1] * y[(l+1)*inc])
		s[2] += float64(x[l+2] * y[(l+2)*inc])
		s[3] += float64(x[l+3] * y[(l+3)*inc])
	}
	for l := k4; l < k; l++ {
		s[0] += float64(x[l] * y[l*inc])
	}
	return (s[0] + s[2]) + (s[1] + s[3])
}

// gemmNT sets C = A·Bᵀ for row-major A (m×k), B (n×k) and C (m×n), with
// the rows of C split over workers goroutines. With AVX and gonum's BLAS it
// transposes B into *bt (grown as needed) and runs dotNx8, whose
// arithmetic per element is gonum's serial NoTrans/Trans kernel (one
// DotUnitary per element, added to the zeroed C), whatever the split;
// otherwise it calls gemm serially.
func gemmNT(workers, m, n, k int, a, b, c []float64, bt *[]float64) {
	if !fastGemm() {
		gemm(false, true, m, n, k, 1, a, b, 0, c)
		return
	}
	if len(a) < m*k || len(b) < n*k || len(c) < m*n {
		panic(fmt.Sprintf("nn: gemmNT slices %d, %d, %d too short for m=%d n=%d k=%d", len(a), len(b), len(c), m, n, k))
	}
	*bt = grow(*bt, k*n)
	t := *bt
	transpose(t, b[:n*k], n, k)
	if workers <= 1 {
		ntRows(0, m, n, k, a, t, c)
		return
	}
	parallelRows(workers, m, func(lo, hi int) { ntRows(lo, hi, n, k, a, t, c) })
}

// ntRows computes rows [lo, hi) of C = A·T with T = Bᵀ (k×n) for gemmNT.
func ntRows(lo, hi, n, k int, a, t, c []float64) {
	clear(c[lo*n : hi*n])
	for i := lo; i < hi; i++ {
		ntRow(c[i*n:(i+1)*n], a[i*k:(i+1)*k], t)
	}
}

// ntRow adds to ci (length n) the row a·T of gemmNT, with T = Bᵀ (k×n,
// k = len(a)): one gonum DotUnitary per element. It needs AVX.
func ntRow(ci, a, t []float64) {
	n, k := len(ci), len(a)
	if len(t) < k*n {
		panic(fmt.Sprintf("nn: ntRow: T has %d values, want %d×%d", len(t), k, n))
	}
	n8 := n &^ 7
	if k > 0 && n8 > 0 {
		dotNx8(k, &a[0], &t[0], n, &ci[0], n8/8)
	}
	for j := n8; j < n; j++ {
		ci[j] += dotGonum(a, t[j:], n)
	}
}

// pgemm is gemm with the rows of C split over workers goroutines when
// addGemm applies (the same arithmetic for any split); otherwise it calls
// gemm serially (under the openblas build, OpenBLAS threads by itself).
func pgemm(workers int, tA bool, m, n, k int, a, b []float64, beta float64, c []float64) {
	if workers <= 1 || !(beta == 0 || beta == 1) || !fastGemm() {
		gemm(tA, false, m, n, k, 1, a, b, beta, c)
		return
	}
	lda := k
	if tA {
		lda = m
	}
	parallelRows(workers, m, func(lo, hi int) {
		if beta == 0 {
			clear(c[lo*n : hi*n])
		}
		off := lo * lda
		if tA {
			off = lo
		}
		addGemm(tA, hi-lo, n, k, a[off:], lda, b, c[lo*n:hi*n])
	})
}

// parallelParts is parallelRows that also passes fn the index p of its
// part (p < workers), for per-part scratch.
func parallelParts(workers, m int, fn func(p, lo, hi int)) {
	w := min(max(workers, 1), m)
	if w <= 1 {
		fn(0, 0, m)
		return
	}
	var wg sync.WaitGroup
	wg.Add(w)
	for p := 0; p < w; p++ {
		go func(p, lo, hi int) {
			defer wg.Done()
			fn(p, lo, hi)
		}(p, p*m/w, (p+1)*m/w)
	}
	wg.Wait()
}

// parallelRows calls fn on up to workers contiguous parts of [0, m), in
// goroutines when workers > 1.
func parallelRows(workers, m int, fn func(lo, hi int)) {
	w := min(max(workers, 1), m)
	if w <= 1 {
		fn(0, m)
		return
	}
	var wg sync.WaitGroup
	wg.Add(w)
	for p := 0; p < w; p++ {
		go func(lo, hi int) {
			defer wg.Done()
			fn(lo, hi)
		}(p*m/w, (p+1)*m/w)
	}
	wg.Wait()
}
