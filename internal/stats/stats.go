package stats

import (
	"math"
	"sort"
)

// Mean returns the arithmetic mean Σx_i / n, summed in index order. It is NaN
// for an empty slice (0/0).
func Mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// MeanSD returns the mean of x (as Mean) and its sample standard deviation
// sqrt(Σ(x_i − x̄)² / (n − 1)); the SD is 0 when len(x) < 2.
func MeanSD(x []float64) (mean, sd float64) {
	mean = Mean(x)
	if len(x) < 2 {
		return mean, 0
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}

// Max returns the largest value of x by math.Max: −Inf for an empty slice,
// NaN if any value is NaN.
func Max(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	return m
}

// Min returns the smallest value of x by math.Min: +Inf for an empty slice,
// NaN if any value is NaN.
func Min(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = math.Min(m, v)
	}
	return m
}

// Median returns the median of x: the middle value of a sorted copy, or the
// mean (a+b)/2 of the two middle values when len(x) is even. It returns NaN
// for an empty slice. x is not modified. NaN values are not skipped (they
// sort first, as in sort.Float64s); see analysis/stats.MedianNaN for a median
// over the finite values only.
func Median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return MedianSorted(s)
}

// MedianSorted returns the median of s, which must already be sorted in
// increasing order; NaN for an empty slice.
func MedianSorted(s []float64) float64 {
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Pearson returns the Pearson correlation coefficient of x and y,
//
//	r = Σ(x_i−x̄)(y_i−ȳ) / sqrt(Σ(x_i−x̄)² Σ(y_i−ȳ)²),
//
// and 0 when either vector is constant (a centred sum of squares is 0),
// including the empty case. It panics if the lengths differ.
func Pearson(x, y []float64) float64 {
	r, _ := PearsonTol(x, y, 0)
	return r
}

// PearsonTol is Pearson with a degeneracy threshold: it returns (0, false)
// when Σ(x_i−x̄)² ≤ tol or Σ(y_i−ȳ)² ≤ tol, and (r, true) otherwise. With
// tol = 0 the flag tells a constant vector apart from a true zero
// correlation. It panics if the lengths differ.
func PearsonTol(x, y []float64, tol float64) (r float64, ok bool) {
	if len(x) != len(y) {
		panic("stats: Pearson length mismatch")
	}
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		a, b := x[i]-mx, y[i]-my
		sxy += a * b
		sxx += a * a
		syy += b * b
	}
	if sxx <= tol || syy <= tol {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}
