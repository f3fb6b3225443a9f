package transients

import "math"

// Rect is the pixel rectangle [X0, X1) × [Y0, Y1).
type Rect struct{ X0, Y0, X1, Y1 int }

// W and H are the width and height of r.
func (r Rect) W() int { return r.X1 - r.X0 }

// H is the height of r.
func (r Rect) H() int { return r.Y1 - r.Y0 }

// BoundingBox returns the smallest rectangle holding the non-zero pixels of
// profile (a size×size image); the empty rectangle if there are none.
func BoundingBox(profile []float64, size int) Rect {
	r := Rect{X0: size, Y0: size}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			if profile[y*size+x] != 0 {
				r.X0, r.X1 = min(r.X0, x), max(r.X1, x+1)
				r.Y0, r.Y1 = min(r.Y0, y), max(r.Y1, y+1)
			}
		}
	}
	if r.X1 == 0 {
		return Rect{}
	}
	return r
}

// Pad grows r by p pixels on every side, clipped to a size×size image.
func (r Rect) Pad(p, size int) Rect {
	return Rect{max(0, r.X0-p), max(0, r.Y0-p), min(size, r.X1+p), min(size, r.Y1+p)}
}

// Window returns the analysis frames [start−tPre, end+tPost) of tr clipped to
// [0, frames), with tPre = 5 and tPost = 10 (computeTransientInfo.m).
func Window(tr Transient, frames int) (t0, t1 int) {
	return max(0, tr.Start-5), min(frames, tr.End+10)
}

// Shape writes into dst (length r.W()·r.H(), row-major) each pixel's
// least-squares weight on the time course tc over frames [t0, t1) of the
// movie (size×size frames), with an intercept: the slope of the regression
// of F_px(t) on [tc(t), 1]. r must lie inside the size×size frame and
// [t0, t1) inside both the movie and tc (it panics otherwise).
func Shape(dst, movie []float64, size int, r Rect, tc []float64, t0, t1 int) {
	if len(dst) != r.W()*r.H() {
		panic("transients: len(dst) != rect area")
	}
	n := float64(t1 - t0)
	var mt float64
	for t := t0; t < t1; t++ {
		mt += tc[t]
	}
	mt /= n
	var vt float64
	for t := t0; t < t1; t++ {
		vt += (tc[t] - mt) * (tc[t] - mt)
	}
	for i := range dst {
		dst[i] = 0
	}
	if vt == 0 {
		return
	}
	nn := size * size
	for t := t0; t < t1; t++ {
		w := (tc[t] - mt) / vt
		f := movie[t*nn:]
		i := 0
		for y := r.Y0; y < r.Y1; y++ {
			row := f[y*size+r.X0 : y*size+r.X1]
			for _, v := range row {
				dst[i] += w * v
				i++
			}
		}
	}
}

// ShapeCorr returns the Pearson correlation between profile (size×size)
// restricted to r and shape (over r, row-major); NaN if either is constant.
func ShapeCorr(profile []float64, size int, r Rect, shape []float64) float64 {
	var sp, ss, spp, sss, sps float64
	n := 0
	i := 0
	for y := r.Y0; y < r.Y1; y++ {
		for x := r.X0; x < r.X1; x++ {
			p, s := profile[y*size+x], shape[i]
			i++
			sp += p
			ss += s
			spp += p * p
			sss += s * s
			sps += p * s
			n++
		}
	}
	fn := float64(n)
	cov := sps - sp*ss/fn
	vp := spp - sp*sp/fn
	vs := sss - ss*ss/fn
	if vp <= 0 || vs <= 0 {
		return math.NaN()
	}
	return cov / math.Sqrt(vp*vs)
}

// CorrThreshold is the 'corr' classifier's threshold (autoClassifyTransients.m).
const CorrThreshold = 0.4

// Classify applies the 'corr' classifier to each transient of the time
// course tc of the cell with the given profile: true iff corr(profile,
// shape) ≥ CorrThreshold inside the profile's bounding box. It also returns
// the correlations (NaN counts as false). movie must hold frames frames of
// size×size pixels (frame-major, as LSQTraces takes it), tc one value per
// frame, and each transient must lie in [0, frames), as Detect returns
// them; Classify panics otherwise (it has no error result).
func Classify(movie []float64, size, frames int, profile, tc []float64, trs []Transient) (isTrue []bool, corrs []float64) {
	r := BoundingBox(profile, size)
	shape := make([]float64, r.W()*r.H())
	for _, tr := range trs {
		t0, t1 := Window(tr, frames)
		Shape(shape, movie, size, r, tc, t0, t1)
		c := ShapeCorr(profile, size, r, shape)
		corrs = append(corrs, c)
		isTrue = append(isTrue, c >= CorrThreshold)
	}
	return isTrue, corrs
}
