//go:build openblas

package linalg

/*
#cgo LDFLAGS: -lopenblas
#include <stddef.h>

// dgeev_ is the Fortran LAPACK routine exported by OpenBLAS (32-bit integers,
// gfortran calling convention with hidden lengths of the character
// arguments). Debian's OpenBLAS exports no LAPACKE_* symbols.
extern void dgeev_(const char *jobvl, const char *jobvr, const int *n,
	double *a, const int *lda, double *wr, double *wi,
	double *vl, const int *ldvl, double *vr, const int *ldvr,
	double *work, const int *lwork, int *info, size_t ljobvl, size_t ljobvr);

extern void openblas_set_num_threads(int);

static int geev_values(int n, double *a, double *wr, double *wi, double *work, int lwork) {
	char no = 'N';
	int one = 1, info = 0;
	double dummy = 0;
	dgeev_(&no, &no, &n, a, &n, wr, wi, &dummy, &one, &dummy, &one, work, &lwork, &info, 1, 1);
	return info;
}
*/
import "C"

import (
	"fmt"
	"math"
	"os"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/netlib/blas/netlib"
)

// OpenBLAS reports whether this binary was built with the openblas tag.
const OpenBLAS = true

// init routes gonum's BLAS through OpenBLAS and, unless the user chose a
// thread count with OPENBLAS_NUM_THREADS or OMP_NUM_THREADS, makes OpenBLAS
// single-threaded: neurolab parallelises over trials with its own workers
// (Config.Workers), and OpenBLAS's spinning threads oversubscribe the cores
// when several goroutines call it at once (measured on the 2-core machine:
// a 1000×1000 dgeev_ took 6.2 s with its default threads under load, 2.6 s
// single-threaded).
func init() {
	blas64.Use(netlib.Implementation{})
	if os.Getenv("OPENBLAS_NUM_THREADS") == "" && os.Getenv("OMP_NUM_THREADS") == "" {
		C.openblas_set_num_threads(1)
	}
}

// eigenvalues calls dgeev_ with JOBVL = JOBVR = 'N'. LAPACK is column-major:
// a row-major copy of a is the column-major storage of aᵀ, which has the same
// eigenvalues, so no transposition is needed. The optimal workspace is
// queried first with lwork = -1.
func eigenvalues(dst []complex128, a *mat.Dense) ([]complex128, error) {
	n, _ := a.Dims()
	if n > math.MaxInt32/n {
		panic("linalg: matrix too large for 32-bit LAPACK")
	}
	buf := make([]float64, n*n+2*n)
	ac, wr, wi := buf[:n*n], buf[n*n:n*n+n], buf[n*n+n:]
	raw := a.RawMatrix()
	for i := 0; i < n; i++ {
		copy(ac[i*n:(i+1)*n], raw.Data[i*raw.Stride:i*raw.Stride+n])
	}
	var q [1]float64
	if info := C.geev_values(C.int(n), (*C.double)(&ac[0]), (*C.double)(&wr[0]), (*C.double)(&wi[0]),
		(*C.double)(&q[0]), -1); info != 0 {
		return dst, fmt.Errorf("linalg: dgeev_ workspace query: info = %d", int(info))
	}
	lwork := int(q[0])
	if lwork < 3*n {
		lwork = 3 * n
	}
	work := make([]float64, lwork)
	info := C.geev_values(C.int(n), (*C.double)(&ac[0]), (*C.double)(&wr[0]), (*C.double)(&wi[0]),
		(*C.double)(&work[0]), C.int(lwork))
	switch {
	case info > 0:
		return dst, ErrNoConvergence
	case info < 0:
		panic(fmt.Sprintf("linalg: dgeev_ argument %d illegal", -int(info)))
	}
	for i := range dst {
		dst[i] = complex(wr[i], wi[i])
	}
	return dst, nil
}
