//go:build !purego

package ssn

// panel3 is the SSE2 kernel of mulABT (gemm_amd64.s): for r < 3 and
// i < 2·npairs it sets d[r·ldd+i] to the even-odd split dot product (dotEO)
// of row r of y (stride lds) and row i of a (stride lda) over the first n
// (even) entries. The caller checks the bounds.
//
//go:noescape
func panel3(d *float64, ldd int, y *float64, lds int, a *float64, lda int, npairs int, n int)

const havePanel3 = true
