//go:build openblas

package kalidindi2021

// With -tags openblas, importing internal/linalg routes the batched BPTT's
// matrix products through OpenBLAS (blas64.Use in linalg's init), so
// BenchmarkBPTTEpoch measures that build.
import _ "neurolab/internal/linalg"
