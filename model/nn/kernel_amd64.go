//go:build !purego

package nn

// kern4x8 adds op(A)·B to the 4×8 block of C at c (row stride ldc), over k
// terms: A(i, l) = a[i·ars + l·acs], B(l, j) = b[l·ldb + j]. Strides are in
// elements. It needs AVX.
//
//go:noescape
func kern4x8(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int)

// kern1x8 is kern4x8 for one row of C.
//
//go:noescape
func kern1x8(k int, a *float64, acs int, b *float64, ldb int, c *float64)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

// hasAVX reports whether the CPU and the OS support AVX (CPUID.1:ECX bits
// 27 OSXSAVE and 28 AVX, and XCR0 saving the XMM and YMM state).
func hasAVX() bool {
	_, _, c, _ := cpuid(1, 0)
	if c&(1<<27) == 0 || c&(1<<28) == 0 {
		return false
	}
	xcr0, _ := xgetbv()
	return xcr0&6 == 6
}

// dotNx8 adds to c[8b+j], for nb blocks b of 8 columns j, the dot products
// of a[0:k] with the columns bt[8b + l·ldb + j], each grouped as gonum's
// DotUnitary. It needs AVX.
//
//go:noescape
func dotNx8(k int, a *float64, bt *float64, ldb int, c *float64, nb int)

// pool2x2 computes, for nw consecutive 2×2 max-pooling windows over rows
// r0 and r1 (c channels innermost, c a multiple of 4), the first maximum
// of each channel by strict ordered > from −∞ into y and its window
// position (0: r0, 1: r0+c, 2: r1, 3: r1+c; −1 if none is > −∞) into pos.
// It needs AVX.
//
//go:noescape
func pool2x2(nw, c int, r0, r1, y *float64, pos *int32)

// copyRuns copies, for w < nw and h < k in that order, the kc values at
// src[w·cs + h·rs:] to consecutive runs of dst (nw·k·kc values): the im2col
// rows of nw output pixels from a padded image. It needs AVX.
//
//go:noescape
func copyRuns(dst, src *float64, nw, k, kc, rs, cs int)

// addRuns is the adjoint of copyRuns: it adds consecutive runs of kc values
// of src to dst[w·cs + h·rs:] for w < nw and h < k in that order, one
// rounded add per element. It needs AVX.
//
//go:noescape
func addRuns(dst, src *float64, nw, k, kc, rs, cs int)

// kern4x4 is kern4x8 for a 4×4 block of C.
//
//go:noescape
func kern4x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int)

// kern1x4 is kern4x4 for one row of C.
//
//go:noescape
func kern1x4(k int, a *float64, acs int, b *float64, ldb int, c *float64)

// tanhAVX2 writes tanhScalar(src[i]) to dst[i] for the first len(dst) &^ 3
// elements. It needs AVX2.
//
//go:noescape
func tanhAVX2(dst, src []float64)

// hasAVX2 reports whether AVX (with OS support) and AVX2 (CPUID.7.0:EBX
// bit 5) are available.
func hasAVX2() bool {
	if !hasAVX() {
		return false
	}
	max, _, _, _ := cpuid(0, 0)
	if max < 7 {
		return false
	}
	_, b, _, _ := cpuid(7, 0)
	return b&(1<<5) != 0
}
