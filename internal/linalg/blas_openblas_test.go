//go:build openblas

package linalg

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// TestBLASRouted checks that importing linalg routes gonum's BLAS through
// OpenBLAS in this build.
func TestBLASRouted(t *testing.T) {
	if _, ok := blas64.Implementation().(netlib.Implementation); !ok {
		t.Errorf("blas64.Implementation() = %T, want netlib.Implementation", blas64.Implementation())
	}
	x := blas64.Vector{N: 3, Inc: 1, Data: []float64{1, 2, 3}}
	if got := blas64.Dot(x, x); got != 14 {
		t.Errorf("Dot = %g, want 14", got)
	}
}
