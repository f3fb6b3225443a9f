//go:build openblas

package koh2023_test

// In the openblas build, this package's tests run on OpenBLAS, as the
// neurolab binary built with that tag does (internal/linalg's init routes
// gonum's BLAS through it).
import _ "neurolab/internal/linalg"
