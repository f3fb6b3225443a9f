package dimred

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Extreme inputs. PCA and factor analysis are equivariant under
// y → 2^e (y − s) (a per-neuron shift s and a common power-of-two scale),
// but in floating point the covariance of values above ~1e154 overflows (the
// eigen-decomposition failed), below ~1e-154 it underflows to 0 (PCA
// reported zero variance), a column whose spread is a few units in the last
// place of its magnitude (1e17 + 16k) loses its variance to the rounding of
// its mean, and FA's absolute floor 1e-12 on the private variances made it
// collapse for data of SD ≲ 1e-5 (every latent 0 from ×1e-8 on). Such data
// are fitted after an exact shift (narrow columns only, by their first value:
// Sterbenz) and scaling, and the fit is mapped back. Data whose largest
// |y − s| lies in [lo, hi] with no narrow column are not touched, so
// ordinary results are bit-identical.

// normalised holds the transformed trials of normaliseTrials.
type normalised struct {
	Y     []*mat.Dense
	shift []float64 // per neuron, subtracted before scaling
	exp   int       // scale 2^exp
}

// normaliseTrials returns Y shifted and scaled as described above, or nil
// when the largest |y − s| is in [lo, hi] (or 0) and no column is narrow.
// Y must be finite, of equal widths.
func normaliseTrials(Y []*mat.Dense, lo, hi float64) *normalised {
	_, n := Y[0].Dims()
	mn, mx := make([]float64, n), make([]float64, n)
	for i := range mn {
		mn[i], mx[i] = math.Inf(1), math.Inf(-1)
	}
	for _, y := range Y {
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			for i, v := range y.RawRowView(t) {
				mn[i], mx[i] = math.Min(mn[i], v), math.Max(mx[i], v)
			}
		}
	}
	shift := make([]float64, n)
	shifted := false
	var first []float64
	for _, y := range Y {
		if r, _ := y.Dims(); r > 0 {
			first = y.RawRowView(0)
			break
		}
	}
	for i := range shift {
		m := math.Max(math.Abs(mn[i]), math.Abs(mx[i]))
		if mx[i] > mn[i] && mx[i]-mn[i] < 0x1p-26*m {
			shift[i], shifted = first[i], true
		}
	}
	mag := func() float64 {
		var m float64
		for i := range shift {
			m = math.Max(m, math.Max(math.Abs(mn[i]-shift[i]), math.Abs(mx[i]-shift[i])))
		}
		return m
	}
	m := mag()
	if !shifted && !(m > 0 && (m < lo || m > hi)) {
		return nil
	}
	// Constant columns are shifted to exact zeros too (the rounding of
	// their mean would otherwise leave a variance of rounding noise,
	// +Inf once scaled back from 1e300); only on this path, so that
	// ordinary data keep their results.
	for i := range shift {
		if mx[i] == mn[i] {
			shift[i] = mx[i]
		}
	}
	m = mag()
	scale := m > 0 && (m < lo || m > hi)
	// The scale brings the largest column spread, not the largest |y − s|,
	// into [1, 2): FA's absolute floor on the private variances is then
	// small against every variance that matters. Scaled by magnitude, data
	// offset beyond hi but not narrow (2^24 + a spread of ~10) had
	// variances of ~2^-40, below that floor, and lost every latent (FA and
	// GPFA's FA start). Every column is either shifted (spread ≥ its
	// |y − s|) or spreads over at least 2^-26 of its magnitude, so no
	// scaled |y − s| exceeds 2^27.
	ref := m
	var sp float64
	for i := range shift {
		sp = math.Max(sp, mx[i]-mn[i])
	}
	if sp > 0 && !math.IsInf(sp, 0) {
		ref = sp
	}
	exp := 0
	for mm := ref; scale && (mm < 1 || mm >= 2); {
		_, e := math.Frexp(mm)
		f := min(1-e, 1000) // subnormal: two steps
		exp += f
		mm = math.Ldexp(mm, f)
	}
	if exp == 0 && allZero(shift) {
		// Already normalised (the spread is in [1, 2) though |y − s|
		// lies outside [lo, hi]): nothing to do, and the callers'
		// recursion on the normalised trials must end here.
		return nil
	}
	out := &normalised{Y: make([]*mat.Dense, len(Y)), shift: shift, exp: exp}
	for k, y := range Y {
		r, c := y.Dims()
		z := mat.NewDense(r, c, nil)
		for t := 0; t < r; t++ {
			dst := z.RawRowView(t)
			for i, v := range y.RawRowView(t) {
				dst[i] = ldexp(v-shift[i], exp)
			}
		}
		out.Y[k] = z
	}
	return out
}

// allZero reports that every value of v is 0.
func allZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// ldexp is math.Ldexp applied in two steps when 2^e alone would overflow.
func ldexp(v float64, e int) float64 {
	if e > 1000 {
		return math.Ldexp(math.Ldexp(v, 1000), e-1000)
	}
	return math.Ldexp(v, e)
}

// back maps a value in normalised units (a mean: pass the neuron's shift;
// a deviation: pass 0) back to data units, with power p of the scale (1 for
// values, 2 for variances, −1 for inverse units).
func (z *normalised) back(v float64, p int, shift float64) float64 {
	return ldexp(v, -p*z.exp) + shift
}

// backDense scales every entry of m by 2^(−p·exp) in place.
func (z *normalised) backDense(m *mat.Dense, p int) {
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		row := m.RawRowView(i)
		for j := range row[:c] {
			row[j] = ldexp(row[j], -p*z.exp)
		}
	}
}

// llShift is the change of a Gaussian log-likelihood of frames frames of n
// neurons from normalised to data units: log p(y) = log p(y') + n·exp·ln 2
// per frame.
func (z *normalised) llShift(frames, n int) float64 {
	return float64(frames) * float64(n) * float64(z.exp) * math.Ln2
}

// backLLs adds llShift for the frames of Y to every log-likelihood of lls.
func (z *normalised) backLLs(lls []float64, Y []*mat.Dense) {
	frames := 0
	for _, y := range Y {
		r, _ := y.Dims()
		frames += r
	}
	_, n := Y[0].Dims()
	for i := range lls {
		lls[i] += z.llShift(frames, n)
	}
}

// constantColumns reports that every neuron takes a single value over all
// frames of Y.
func constantColumns(Y []*mat.Dense) bool {
	var first []float64
	for _, y := range Y {
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			row := y.RawRowView(t)
			if first == nil {
				first = row
				continue
			}
			for i, v := range row {
				if v != first[i] {
					return false
				}
			}
		}
	}
	return true
}

// normaliseValid is normaliseTrials for trials not yet validated: nil when
// Y is not a finite list of trials of equal widths (the caller's own checks
// then report it).
func normaliseValid(Y []*mat.Dense, lo, hi float64) *normalised {
	if _, _, err := checkTrials("", Y, false); err != nil || checkFinite("", Y) != nil {
		return nil
	}
	return normaliseTrials(Y, lo, hi)
}

// CILDS's variance floors (R, Q ≥ 1e-6 at initialisation, the authors'
// values) are in the fluorescence's units: for traces of SD ≲ 1e-3 they
// dominate and the fit was meaningless though finite (every scale below 1e-8
// gave the same log-likelihood trace), and for traces above ~1e6 the
// mixed-scale covariances were singular. The model is equivariant under
// y → 2^e y (B, G, latent parameters unchanged; R, Q, Cov1 ×2^2e; A, B0,
// Mu1 ×2^e), so traces whose largest |y| lies outside [1, 2^20] are
// fitted scaled by a power of two and the model mapped back; other traces
// are not touched. (No shift: the calcium is non-negative.) The lower bound
// is 1, where the floors are no larger, against the data's squared
// magnitude, than on the scaled path ([1, 2)): with 2^-10 traces whose
// largest |y| lay in [2^-10, 1) kept their floor-dominated fits, a
// discontinuity at the bound (traces of largest |y| 0.010 gave a smoothed
// latent of 0.88 where the same traces ×2^11 give 2.76).
const cildsLo, cildsHi = 1, 0x1p20

// cildsScale returns the exponent e that brings Y into [1, 2) when its
// largest |y| lies outside [cildsLo, cildsHi], or 0. Y must be finite.
func cildsScale(Y []*mat.Dense) int {
	var m float64
	for _, y := range Y {
		if y == nil {
			return 0
		}
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			for _, v := range y.RawRowView(t) {
				m = math.Max(m, math.Abs(v))
			}
		}
	}
	if m == 0 || math.IsInf(m, 0) || math.IsNaN(m) || (m >= cildsLo && m <= cildsHi) {
		return 0
	}
	exp := 0
	for m < 1 || m >= 2 {
		_, e := math.Frexp(m)
		f := min(1-e, 1000)
		exp += f
		m = math.Ldexp(m, f)
	}
	return exp
}

// scaleTrials returns the trials ×2^e.
func scaleTrials(Y []*mat.Dense, e int) []*mat.Dense {
	out := make([]*mat.Dense, len(Y))
	for k, y := range Y {
		out[k] = mat.DenseCopyOf(y)
		r, c := y.Dims()
		for i := 0; i < r; i++ {
			row := out[k].RawRowView(i)
			for j := range row[:c] {
				row[j] = ldexp(row[j], e)
			}
		}
	}
	return out
}

// rescale maps m in place to the units of the data ×2^e.
func (m *CILDS) rescale(e int) {
	for i := range m.B {
		m.R[i] = ldexp(m.R[i], 2*e)
		m.Q[i] = ldexp(m.Q[i], 2*e)
		m.Cov1[i] = ldexp(m.Cov1[i], 2*e)
		m.B0[i] = ldexp(m.B0[i], e)
		m.Mu1[i] = ldexp(m.Mu1[i], e)
	}
	r, c := m.A.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.A.Set(i, j, ldexp(m.A.At(i, j), e))
		}
	}
}

// pow2Exp returns the exponent e that brings the largest finite |v| of the
// trial lists into [1, 2) when it lies outside [2^-200, 2^200], else 0.
func pow2Exp(lists ...[]*mat.Dense) int {
	var m float64
	for _, Y := range lists {
		for _, y := range Y {
			r, _ := y.Dims()
			for t := 0; t < r; t++ {
				for _, v := range y.RawRowView(t) {
					if !math.IsInf(v, 0) && !math.IsNaN(v) {
						m = math.Max(m, math.Abs(v))
					}
				}
			}
		}
	}
	if m == 0 || (m >= 0x1p-200 && m <= 0x1p200) {
		return 0
	}
	exp := 0
	for m < 1 || m >= 2 {
		_, e := math.Frexp(m)
		f := min(1-e, 1000)
		exp += f
		m = math.Ldexp(m, f)
	}
	return exp
}
