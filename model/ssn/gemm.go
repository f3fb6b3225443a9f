package ssn

// mulABT sets dst[t*ldd+i] = Σ_k src[t*lds+k] · a[i*lda+k] for t < rows,
// i < ar, k < ac: the batch product dstᵀ = A srcᵀ with one trial per row.
//
// Every output is computed by the same arithmetic (dotEO: the even-k and
// odd-k terms summed separately in k order, then added, then the last term
// when ac is odd), whichever kernel computes it, so a trial's result does
// not depend on how many trials share the call or where it sits in the
// batch: the batch can be split between workers without changing a bit. On
// amd64 blocks of three trials × two rows of A go through an SSE2 kernel
// (panel3, two lanes = the even and odd sums); the remaining outputs and
// other architectures use dotEO. It is serial and does not allocate.
func mulABT(dst []float64, ldd int, src []float64, lds int, a []float64, lda, ar, ac, rows int) {
	if rows == 0 || ar == 0 {
		return
	}
	if ac == 0 {
		for t := 0; t < rows; t++ {
			clear(dst[t*ldd : t*ldd+ar])
		}
		return
	}
	// Bounds of everything the kernel touches, checked once.
	_ = dst[(rows-1)*ldd+ar-1]
	_ = src[(rows-1)*lds+ac-1]
	_ = a[(ar-1)*lda+ac-1]
	n, pairs := ac&^1, ar/2
	t := 0
	if havePanel3 && n > 0 && pairs > 0 {
		for ; t+3 <= rows; t += 3 {
			panel3(&dst[t*ldd], ldd, &src[t*lds], lds, &a[0], lda, pairs, n)
		}
		if ac > n { // the last term of every output the kernel computed
			for r := 0; r < t; r++ {
				y := src[r*lds+n]
				d := dst[r*ldd : r*ldd+2*pairs]
				for i := range d {
					d[i] += float64(y * a[i*lda+n])
				}
			}
		}
		if ar > 2*pairs { // the last row of A
			i := ar - 1
			for r := 0; r < t; r++ {
				dst[r*ldd+i] = dotEO(src[r*lds:r*lds+ac], a[i*lda:i*lda+ac])
			}
		}
	}
	for ; t < rows; t++ {
		y := src[t*lds : t*lds+ac]
		d := dst[t*ldd : t*ldd+ar]
		for i := range d {
			d[i] = dotEO(y, a[i*lda:i*lda+ac])
		}
	}
}

// dotEO returns y·a summed as mulABT's kernel does: (Σ_even + Σ_odd) over
// the first len(y) &^ 1 terms, each sum in index order, plus the last term
// when len(y) is odd. The explicit conversions keep each product rounded
// (no fused multiply–add), as in the SSE2 kernel.
func dotEO(y, a []float64) float64 {
	a = a[:len(y)]
	n := len(y) &^ 1
	var s0, s1 float64
	for k := 0; k < n; k += 2 {
		s0 += float64(y[k] * a[k])
		s1 += float64(y[k+1] * a[k+1])
	}
	s := s0 + s1
	if n < len(y) {
		s += float64(y[n] * a[n])
	}
	return s
}
