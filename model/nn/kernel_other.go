//go:build !amd64 || purego

package nn

func hasAVX() bool { return false }

func kern4x8(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int) {
	panic("nn: kern4x8 without AVX")
}

func kern1x8(k int, a *float64, acs int, b *float64, ldb int, c *float64) {
	panic("nn: kern1x8 without AVX")
}

func dotNx8(k int, a *float64, bt *float64, ldb int, c *float64, nb int) {
	panic("nn: dotNx8 without AVX")
}

func pool2x2(nw, c int, r0, r1, y *float64, pos *int32) { panic("nn: pool2x2 without AVX") }

func copyRuns(dst, src *float64, nw, k, kc, rs, cs int) { panic("nn: copyRuns without AVX") }

func addRuns(dst, src *float64, nw, k, kc, rs, cs int) { panic("nn: addRuns without AVX") }

func kern4x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int) {
	panic("nn: kern4x4 without AVX")
}

func kern1x4(k int, a *float64, acs int, b *float64, ldb int, c *float64) {
	panic("nn: kern1x4 without AVX")
}

func hasAVX2() bool { return false }

func tanhAVX2(dst, src []float64) { panic("nn: tanhAVX2 without AVX2") }
