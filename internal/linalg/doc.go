// Package linalg holds the dense linear-algebra entry points that neurolab
// uses where speed matters, in two builds selected by the openblas build tag.
//
// The default build is pure Go: Eigenvalues calls gonum's mat.Eigen (LAPACK
// dgeev, eigenvalues only), and BLAS is gonum's native implementation. It
// works wherever the go command does.
//
// The openblas build (go build -tags openblas, needs cgo and Debian's
// libopenblas-dev) routes every gonum BLAS call through
// gonum.org/v1/netlib/blas/netlib (installed with blas64.Use in this
// package's init, so any binary that imports linalg is accelerated), and
// Eigenvalues through a small cgo wrapper of the Fortran LAPACK symbol
// dgeev_ that OpenBLAS exports. This package's own "#cgo LDFLAGS:
// -lopenblas" also provides the cblas_* symbols that netlib's package
// declares but does not link, so no CGO_LDFLAGS is needed. OpenBLAS is made
// single-threaded at start unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS is
// set, because neurolab parallelises over trials with its own workers.
//
// For principal component analyses of large matrices, TopEigenSym computes
// all eigenvalues and only the k leading eigenvectors of a symmetric matrix
// (LAPACK's dsytrd, dsterf, dstein and dormtr, in pure Go in both builds),
// and EigenSymTop chooses between it and the full decomposition.
//
// Measured on the 2-core development machine (CPU time per call; the
// machine was shared): eigenvalues of a 1000×1000 nonsymmetric matrix take
// 3.2 s in pure Go and 0.72 s through OpenBLAS (design.md: 3 s and NumPy's
// 0.6 s). Both builds give the same spectra within
// floating-point tolerance; the tests check it.
package linalg
