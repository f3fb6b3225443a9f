package cluster

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// KMeans compares squared distances in the expanded form ‖x‖² − 2x·c + ‖c‖²,
// which overflows for values above ~1e154 (NaN distances: every row got
// label 0), underflows to 0 below ~1e-154 (every distance 0), and cancels
// catastrophically when a column's spread is tiny against its offset (values
// 1e17 + 16k). The problem is equivariant under x → α(x − β) (labels
// unchanged, centroids mapped back, inertia ×1/α²), so such data are first
// shifted (a column whose spread is below narrowFrac of its magnitude, by its
// first value: exact, Sterbenz) and scaled by a power of two (exact). Data
// whose magnitudes lie in [2^-200, 2^200] with no such column are not
// touched, so ordinary results are unchanged.

// narrowFrac is the spread, relative to the magnitude, below which a
// column is shifted. The expanded form errs by ~ε‖x‖² against squared
// distances of order spread², a relative error ε(magnitude/spread)²: at
// 2^-26 (dimred's and stats' threshold, where the centred sums err by only
// ε·magnitude/spread) that is 1, and columns just above it (values 2^27 +
// [0, 8)) were clustered at random with up to 4.7× the inertia. At 2^-13 the
// error is at most 2^-26 of spread².
const narrowFrac = 0x1p-13

// normalise returns the shifted and scaled copy of X, the per-column shift
// and the binary exponent e of the scale 2^e, or a nil matrix when X needs
// neither. X must be finite.
func normalise(X *mat.Dense) (*mat.Dense, []float64, int) {
	n, d := X.Dims()
	shift := make([]float64, d)
	shifted := false
	// Column ranges in one row-major pass (X is finite: plain comparisons).
	lo, hi := make([]float64, d), make([]float64, d)
	copy(lo, X.RawRowView(0)[:d])
	copy(hi, lo)
	for i := 1; i < n; i++ {
		for j, v := range X.RawRowView(i)[:d] {
			if v < lo[j] {
				lo[j] = v
			}
			if v > hi[j] {
				hi[j] = v
			}
		}
	}
	for j := 0; j < d; j++ {
		if m := math.Max(math.Abs(lo[j]), math.Abs(hi[j])); hi[j] > lo[j] && hi[j]-lo[j] < narrowFrac*m {
			shift[j], shifted = X.At(0, j), true
		}
	}
	var m float64
	for j := 0; j < d; j++ {
		// The largest |v − shift| of a column is at one of its ends.
		m = math.Max(m, math.Max(math.Abs(lo[j]-shift[j]), math.Abs(hi[j]-shift[j])))
	}
	scaleIt := m > 0 && (m < 0x1p-200 || m > 0x1p200)
	if !shifted && !scaleIt {
		return nil, nil, 0
	}
	Xs := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		dst := Xs.RawRowView(i)
		for j, v := range X.RawRowView(i) {
			dst[j] = v - shift[j]
		}
	}
	exp := 0
	// Subnormal magnitudes need two steps (2^1074 overflows).
	for m > 0 && (m < 1 || m >= 2) && scaleIt {
		_, e := math.Frexp(m)
		f := min(1-e, 1000)
		Xs.Scale(math.Ldexp(1, f), Xs)
		exp += f
		m = math.Ldexp(m, f)
	}
	return Xs, shift, exp
}
