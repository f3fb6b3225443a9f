package jpca

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

// gramMinNeurons is the number of neurons above which Fit computes the
// PCA from the (C·T)×(C·T) Gram matrix S Sᵀ instead of the N×N
// second-moment matrix Sᵀ S, when the data also have more neurons than
// samples (N > C·T). Both give the same principal axes and variance
// fractions up to rounding; the Gram route costs O((C·T)²·N + (C·T)³) time
// and (C·T)² memory instead of O(C·T·N² + N³) and N² (20,000 neurons: a
// 3.2 GB matrix and hours of eigen-decomposition for C·T ≤ a few
// thousand). Up to this size the N×N route, which every experiment uses,
// is kept unchanged, so that its results stay bit for bit the same.
const gramMinNeurons = 1000

// useGram reports whether Fit's PCA goes through the Gram matrix for
// samples × n data (a variable so that tests can compare both routes on the
// same data).
var useGram = func(samples, n int) bool { return n > gramMinNeurons && n > samples }

// topkMinDim is the side M of the matrix being decomposed (N for the
// second-moment matrix, C·T for the Gram matrix) above which pca computes
// only the top k eigenvectors, with linalg.TopEigenSym (tridiagonal
// reduction, inverse iteration, back-transformation: about 4/3·M³ flops
// plus O(M²·k)), instead of all of them with gonum's mat.EigenSym (which
// accumulates every QL/QR rotation: at M = 2000, 48–75 s against 6–7 s on
// the development machine). Both give the same axes and variance fractions
// up to rounding; up to this size the EigenSym route, which every
// experiment uses, is kept unchanged so that its results stay bit for bit
// the same.
const topkMinDim = 500

// useTopK reports whether pca decomposes an M×M matrix with
// linalg.TopEigenSym (a variable so that tests can compare both routes on
// the same data).
var useTopK = func(M int) bool { return M > topkMinDim }

// report calls progress, if not nil, with frac.
func report(progress func(float64), frac float64) {
	if progress != nil {
		progress(frac)
	}
}

// pca returns the top k principal axes (N×k, columns; the largest-magnitude
// loading of each positive) of the rows of S (samples × N, already centred)
// and the fraction of Σ‖row‖² each captures. It reports progress between
// 0.05 and 0.9 of Fit's work, by a rough operation count.
func pca(S *mat.Dense, k int, progress func(float64)) (*mat.Dense, []float64, error) {
	R, N := S.Dims()
	gram := useGram(R, N)
	// Fractions of the work done once the second-moment matrix is formed
	// (M²·L multiply-adds, M the side of the matrix, L the other side) and
	// once it is decomposed: about 30·M³ in the same units for gonum's
	// EigenSym, as measured, and about 2.3·M³ for TopEigenSym, nearly all
	// in the tridiagonal reduction dsytrd (4/3·M³ flops; measured on
	// 108 × 61 × 2000 data: 9.6 s to form, 6.8 s to decompose).
	M, L := float64(N), float64(R)
	if gram {
		M, L = L, M
	}
	topk := useTopK(int(M))
	form, eig := M*M*L, 30*M*M*M
	if topk {
		eig = 2.3 * M * M * M
	}
	atForm := 0.05 + 0.85*form/(form+eig)
	// The Gram matrix S Sᵀ or the second-moment matrix Sᵀ S.
	var sym mat.SymDense
	if gram {
		sym.SymOuterK(1, S)
	} else {
		sym.SymOuterK(1, S.T())
	}
	report(progress, atForm)
	// vals: all eigenvalues, descending; vecs: the top k eigenvectors.
	vals, vecs, err := linalg.EigenSymTop(&sym, k, topk)
	if err != nil {
		return nil, nil, fmt.Errorf("jpca: PCA: %w", err)
	}
	report(progress, 0.9)
	// Summed in ascending order, the order of EigenSym's values.
	total := 0.0
	for i := len(vals) - 1; i >= 0; i-- {
		total += math.Max(vals[i], 0)
	}
	if !(total > 0) {
		return nil, nil, inputErr("data have no variance after mean subtraction")
	}
	pcs := mat.NewDense(N, k, nil)
	varExpl := make([]float64, k)
	axes := vecs
	if gram {
		if axes, err = gramAxes(S, vecs); err != nil {
			return nil, nil, err
		}
	}
	for j := 0; j < k; j++ {
		// Sign convention: the largest-magnitude loading is positive.
		sgn, mx := 1.0, 0.0
		for n := 0; n < N; n++ {
			if v := axes.At(n, j); math.Abs(v) > mx {
				mx, sgn = math.Abs(v), math.Copysign(1, v)
			}
		}
		for n := 0; n < N; n++ {
			pcs.Set(n, j, sgn*axes.At(n, j))
		}
		varExpl[j] = math.Max(vals[j], 0) / total
	}
	return pcs, varExpl, nil
}

// gramAxes returns the principal axes (N×k, columns) of the rows of S from
// the top k eigenvectors Uk of S Sᵀ (R×k, by decreasing eigenvalue): axis
// j is Sᵀ u_j normalised, orthogonalised against the earlier axes
// (modified Gram–Schmidt; the projections are at rounding level unless
// eigenvalues are nearly equal, where any orthonormal basis of their span
// is as good).
func gramAxes(S, Uk *mat.Dense) (*mat.Dense, error) {
	_, k := Uk.Dims()
	var V mat.Dense
	V.Mul(S.T(), Uk) // N×k
	// Work on the columns as rows of Vᵀ, contiguous.
	W := mat.DenseCopyOf(V.T()) // k×N
	for j := 0; j < k; j++ {
		w := W.RawRowView(j)
		for i := 0; i < j; i++ {
			u := W.RawRowView(i)
			d := dot(u, w)
			for n := range w {
				w[n] -= d * u[n]
			}
		}
		nw := norm(w)
		if !(nw > 0) {
			return nil, inputErr("reduced data are rank-deficient (fewer than %d independent dimensions)", k)
		}
		for n := range w {
			w[n] /= nw
		}
	}
	return mat.DenseCopyOf(W.T()), nil
}
