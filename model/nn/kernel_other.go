//go:build !amd64

package nn

func hasAVX() bool { return false }

func kern4x8(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int) {
	panic("nn: kern4x8 without AVX")
}

func kern1x8(k int, a *float64, acs int, b *float64, ldb int, c *float64) {
	panic("nn: kern1x8 without AVX")
}

func dot1x8(k int, a *float64, bt *float64, ldb int, c *float64) {
	panic("nn: dot1x8 without AVX")
}

func kern4x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int) {
	panic("nn: kern4x4 without AVX")
}

func kern1x4(k int, a *float64, acs int, b *float64, ldb int, c *float64) {
	panic("nn: kern1x4 without AVX")
}

func hasAVX2() bool { return false }

func tanhAVX2(dst, src []float64) { panic("nn: tanhAVX2 without AVX2") }
