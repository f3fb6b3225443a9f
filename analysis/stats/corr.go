package stats

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	istats "neurolab/internal/stats"
)

// Pearson returns the Pearson correlation of x and y over the pairs where
// both are finite:
//
//	r = Σ(x−x̄)(y−ȳ) / sqrt(Σ(x−x̄)² Σ(y−ȳ)²).
//
// It returns NaN when fewer than two such pairs exist or either vector is
// constant over them. It panics if the lengths differ.
func Pearson(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("stats: Pearson length mismatch")
	}
	var n int
	var sx, sy, x0, y0 float64
	xConst, yConst := true, true
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			if n == 0 {
				x0, y0 = x[i], y[i]
			}
			// Constancy is tested on the values: the centred sums of a
			// constant vector whose mean is not representable are not 0.
			xConst = xConst && x[i] == x0
			yConst = yConst && y[i] == y0
			n++
			sx += x[i]
			sy += y[i]
		}
	}
	if n < 2 || xConst || yConst {
		return math.NaN()
	}
	if r, ok := pearsonSafe(x, y, sx, sy, n); ok {
		return r
	}
	// Delicate data (see extreme.go), told apart by the sums themselves so
	// that ordinary data pay nothing: take the exactly normalised path.
	xr, yr := newSpan(), newSpan()
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			xr.add(x[i])
			yr.add(y[i])
		}
	}
	return pearsonRescaled(x, y, n, xr, yr)
}

// pearsonSafe is pearsonFinite, with ok false when its sums show that the
// formula cannot be trusted: a sum or product overflowed, a sum of squares
// or their product fell below 2^-900 (precision lost to underflow), or a
// standard deviation is below 2^-26 of its mean (centring on a rounded mean
// dominates the spread).
func pearsonSafe(x, y []float64, sx, sy float64, n int) (r float64, ok bool) {
	mx, my := sx/float64(n), sy/float64(n)
	if !finite(mx) || !finite(my) {
		return 0, false
	}
	sxx, syy, sxy := centredSums(x, y, mx, my)
	if !sumsSafe(sxx, syy, sxy, n, mx, my) {
		return 0, false
	}
	return clampCorr(sxy / math.Sqrt(sxx*syy)), true
}

// sumsSafe reports centred sums (of n pairs with means mx, my) that the
// Pearson formula can be trusted with: no sum or product overflowed, no sum
// of squares or their product fell below 2^-900, and neither standard
// deviation is below 2^-26 of its mean (see pearsonSafe).
func sumsSafe(sxx, syy, sxy float64, n int, mx, my float64) bool {
	p := sxx * syy
	nf := float64(n)
	switch {
	case !finite(sxy) || !finite(p),
		sxx < 0x1p-900 || syy < 0x1p-900 || p < 0x1p-900,
		sxx < 0x1p-52*nf*mx*mx || syy < 0x1p-52*nf*my*my:
		return false
	}
	return true
}

// centredSums returns Σ(x−mx)², Σ(y−my)² and Σ(x−mx)(y−my) over the finite
// pairs of x and y.
func centredSums(x, y []float64, mx, my float64) (sxx, syy, sxy float64) {
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			dx, dy := x[i]-mx, y[i]-my
			sxy += dx * dy
			sxx += dx * dx
			syy += dy * dy
		}
	}
	return sxx, syy, sxy
}

// clampCorr clamps r to [−1, 1]: rounding can push |r| a hair above 1.
func clampCorr(r float64) float64 { return math.Max(-1, math.Min(1, r)) }

// pearsonFinite is the two-pass Pearson formula over the finite pairs of x
// and y, given their count n and sums sx, sy.
func pearsonFinite(x, y []float64, sx, sy float64, n int) float64 {
	mx, my := sx/float64(n), sy/float64(n)
	sxx, syy, sxy := centredSums(x, y, mx, my)
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return clampCorr(sxy / math.Sqrt(sxx*syy))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// MeanNaN returns the mean of the finite values of x, and NaN if there are
// none.
func MeanNaN(x []float64) float64 {
	var s float64
	var n int
	for _, v := range x {
		if finite(v) {
			s += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	if math.IsInf(s, 0) {
		// The sum of finite values overflowed; their mean is finite.
		return scaledMean(x)
	}
	return s / float64(n)
}

// MedianNaN returns the median of the finite values of x, and NaN if there
// are none. x is not modified.
func MedianNaN(x []float64) float64 {
	v := make([]float64, 0, len(x))
	for _, a := range x {
		if finite(a) {
			v = append(v, a)
		}
	}
	sort.Float64s(v)
	m := istats.MedianSorted(v) // NaN if v is empty
	if k := len(v); math.IsInf(m, 0) && k%2 == 0 {
		// The two middle values are finite; their sum overflowed.
		m = v[k/2-1]/2 + v[k/2]/2
	}
	return m
}

// PVCorrelation returns the population-vector correlation of two
// cells × bins matrices (Deitch et al. 2021; Sheintuch et al. 2020): the mean
// over bins b of Pearson(a[:,b], b[:,b]), the correlation across cells of
// column b. Bins whose correlation is undefined are skipped; the result is
// NaN if every bin is. It panics if the shapes differ.
func PVCorrelation(a, b mat.Matrix) float64 {
	r, c := a.Dims()
	if r2, c2 := b.Dims(); r2 != r || c2 != c {
		panic("stats: PVCorrelation shape mismatch")
	}
	// NewPVMap's per-map facts, used once (PVCorrelationMaps reuses them
	// across pairs).
	return PVCorrelationMaps(NewPVMap(a), NewPVMap(b), nil)
}

// RateCorrelation returns the ensemble-rate correlation of two cells × bins
// matrices (Deitch et al. 2021): the Pearson correlation across cells of the
// mean over bins of each cell's activity.
func RateCorrelation(a, b mat.Matrix) float64 {
	r, c := a.Dims()
	if r2, c2 := b.Dims(); r2 != r || c2 != c {
		panic("stats: RateCorrelation shape mismatch")
	}
	x, y := make([]float64, r), make([]float64, r)
	da, okA := a.(*mat.Dense)
	db, okB := b.(*mat.Dense)
	for i := 0; i < r; i++ {
		if okA && okB {
			// Dense rows read directly (the same sums, without an
			// interface call per value).
			for _, v := range da.RawRowView(i)[:c] {
				x[i] += v
			}
			for _, v := range db.RawRowView(i)[:c] {
				y[i] += v
			}
		} else {
			for j := 0; j < c; j++ {
				x[i] += a.At(i, j)
				y[i] += b.At(i, j)
			}
		}
		x[i] /= float64(c)
		y[i] /= float64(c)
		if math.IsInf(x[i], 0) {
			x[i] = rowMean(a, i) // the sum overflowed: a finite row can still have a finite mean
		}
		if math.IsInf(y[i], 0) {
			y[i] = rowMean(b, i)
		}
	}
	return Pearson(x, y)
}

// TuningCorrelations writes into dst (length = rows) the tuning-curve
// correlation of each cell (Deitch et al. 2021): dst[n] = Pearson(a[n,:],
// b[n,:]), NaN for a cell whose tuning curve is constant in either matrix.
func TuningCorrelations(dst []float64, a, b mat.Matrix) {
	r, c := a.Dims()
	if r2, c2 := b.Dims(); r2 != r || c2 != c || len(dst) != r {
		panic("stats: TuningCorrelations shape mismatch")
	}
	x, y := make([]float64, c), make([]float64, c)
	da, okA := a.(*mat.Dense)
	db, okB := b.(*mat.Dense)
	for i := 0; i < r; i++ {
		if okA && okB {
			// Dense rows are the tuning curves themselves.
			dst[i] = Pearson(da.RawRowView(i)[:c], db.RawRowView(i)[:c])
			continue
		}
		for j := 0; j < c; j++ {
			x[j], y[j] = a.At(i, j), b.At(i, j)
		}
		dst[i] = Pearson(x, y)
	}
}

func allFinite(m *mat.Dense) bool {
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		for _, v := range m.RawRowView(i)[:c] {
			if !finite(v) {
				return false
			}
		}
	}
	return true
}
