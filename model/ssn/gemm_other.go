//go:build !amd64 || purego

package ssn

func panel3(d *float64, ldd int, y *float64, lds int, a *float64, lda int, npairs int, n int) {
	panic("ssn: panel3 without assembly")
}

const havePanel3 = false
