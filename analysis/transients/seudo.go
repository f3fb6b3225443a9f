package transients

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// SeudoOptions holds SEUDO's constants; zero fields take the defaults of
// the authors' estimateTimeCoursesWithSEUDO.m.
//
// Sigma2 is in the movie's intensity units squared and LambdaBlob in
// inverse intensity units; with P they set the costs k1 and k2 that decide
// between LSQ and SEUDO, so the decision depends on the movie's units. The
// defaults are the authors' values; Sigma2 = 0.01 is the pixel noise
// variance of synth/calcium's default movies (noise SD 0.1, profiles of
// peak 1). For a movie in other units (raw counts, ΔF/F in %), scale the
// movie into these units (multiply it by 0.1 / its per-pixel noise SD);
// setting Sigma2 alone is not equivalent. For the movie a·f the fit is
// equivariant only with Sigma2·a² and LambdaBlob/a (k1 then scales as a
// and the blob weights as a), and even then k2 gains 2σ²N·log a (N the
// window's pixels: the −N log λ0 term of the blob prior), which moves the
// decision; with Sigma2 alone the blob penalty grows as a² against data
// that grow as a (in TestSeudoUnits, at a = 100 SEUDO replaces none of
// the contaminated frames it replaces in native units).
type SeudoOptions struct {
	Pad        int     // window padding around the cell's bounding box, px (padSpace = 10)
	BlobRadius float64 // blob SD, px (1.2)
	LambdaBlob float64 // λ0 of each blob (20)
	Sigma2     float64 // per-pixel noise variance σ², movie units² (0.01)
	P          float64 // prior probability of a false transient (1e-5)
	Iters      int     // maximum FISTA iterations, ≥ 0 (0 means 200)
	Tol        float64 // stop when ‖Δz‖ ≤ Tol·max(‖z‖, 1) (1e-3)
	// Workers is the number of goroutines LSQTraces fits cells on, ≥ 0
	// (0 and 1 both mean serial); results do not depend on it. A Fitter
	// (one cell) ignores it.
	Workers int
}

func (o SeudoOptions) withDefaults() SeudoOptions {
	if o.Pad == 0 {
		o.Pad = 10
	}
	if o.BlobRadius == 0 {
		o.BlobRadius = 1.2
	}
	if o.LambdaBlob == 0 {
		o.LambdaBlob = 20
	}
	if o.Sigma2 == 0 {
		o.Sigma2 = 0.01
	}
	if o.P == 0 {
		o.P = 1e-5
	}
	if o.Iters == 0 {
		o.Iters = 200
	}
	if o.Tol == 0 {
		o.Tol = 1e-3
	}
	return o
}

// Fitter estimates one cell's amplitude frame by frame inside its window.
// It is not safe for concurrent use.
type Fitter struct {
	Rect       Rect // the window
	size       int
	np         int        // pixels in the window
	K          int        // profiles touching the window
	target     int        // column of the cell of interest
	prof       []float64  // np×K unit-norm profile columns (row-major)
	norms      []float64  // column norms (of the stored, possibly rescaled, columns)
	lsq        *mat.Dense // K×np: (PᵀP)⁻¹Pᵀ in original units
	P          *mat.Dense // np×K profiles (original units unless rescaled, see colScale and mixedScales)
	kern       []float64  // blob kernel, (2r+1)², unit norm
	kr         int        // kernel radius
	step       float64    // 1/L, L ≥ ‖[P̃ K]‖²
	k1, k2     float64    // cost constants
	opt        SeudoOptions
	f, r, kb   []float64 // frame pixels, residual, Kβ
	z, zp, y   []float64 // FISTA iterate, previous, extrapolated point (x then β)
	g          []float64 // gradient
	coef       []float64 // LSQ coefficients
	tscale     float64   // the target profile is stored ×tscale (a power of two; 1 unless its magnitude is extreme)
	Iterations int       // FISTA iterations of the last Seudo call
	// Costs of the last Seudo call: C_LSQ = ‖Pa − f‖² and C_SEUDO without
	// its constant, ‖f − Px − Kβ‖² + k1Σβ (C_SEUDO = CostFit − k2).
	CostLSQ, CostFit float64
	// FitX is the cell's amplitude in the blob fit of the last Seudo call
	// (original profile units), whichever estimate the cost test kept.
	FitX float64
}

// ErrDegenerate reports a window whose profiles are linearly dependent.
var ErrDegenerate = errors.New("transients: profiles linearly dependent in the window")

// check returns an input error for options (after withDefaults) outside
// their ranges.
func (o SeudoOptions) check() error {
	switch {
	case o.Pad < 0:
		return experiment.Inputf("transients: SeudoOptions.Pad = %d px: want ≥ 0 (0 means 10)", o.Pad)
	case !(o.BlobRadius > 0) || math.IsInf(o.BlobRadius, 0):
		return experiment.Inputf("transients: SeudoOptions.BlobRadius = %g px, want a finite SD > 0 (0 means 1.2)", o.BlobRadius)
	case !(o.LambdaBlob > 0) || math.IsInf(o.LambdaBlob, 0):
		return experiment.Inputf("transients: SeudoOptions.LambdaBlob = %g, want a finite λ0 > 0 (0 means 20)", o.LambdaBlob)
	case !(o.Sigma2 > 0) || math.IsInf(o.Sigma2, 0):
		return experiment.Inputf("transients: SeudoOptions.Sigma2 = %g, want a finite variance > 0 in squared movie units (0 means 0.01)", o.Sigma2)
	case !(o.P > 0 && o.P < 1):
		return experiment.Inputf("transients: SeudoOptions.P = %g, want a probability in (0, 1) (0 means 1e-5)", o.P)
	case o.Iters < 0:
		return experiment.Inputf("transients: SeudoOptions.Iters = %d: want ≥ 0 (0 means 200)", o.Iters)
	case o.Workers < 0:
		return experiment.Inputf("transients: SeudoOptions.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", o.Workers)
	case !(o.Tol >= 0):
		return experiment.Inputf("transients: SeudoOptions.Tol = %g: want ≥ 0 (0 means 1e-3)", o.Tol)
	}
	return nil
}

// checkProfiles returns an input error unless there is at least one
// profile, each of size×size finite pixels.
func checkProfiles(profiles [][]float64, size int) error {
	if size < 1 {
		return experiment.Inputf("transients: image size %d px, want ≥ 1", size)
	}
	if len(profiles) == 0 {
		return experiment.Inputf("transients: no profiles (want one size×size image per cell)")
	}
	for c, p := range profiles {
		if len(p) != size*size {
			return experiment.Inputf("transients: profile %d has %d pixels, want %d×%d", c, len(p), size, size)
		}
		for i, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return experiment.Inputf("transients: profile %d is %g at pixel (x %d, y %d); profiles must be finite", c, v, i%size, i/size)
			}
		}
	}
	return nil
}

// NewFitter prepares the fits for cell `cell` of profiles (each size×size,
// row-major: pixel (x, y) at y·size + x). No profiles, a profile of another
// length or with a NaN or ±Inf pixel, a cell outside 0..len(profiles)−1,
// an all-zero profile for the cell and options out of range are errors
// wrapping experiment.ErrInput; profiles that are linearly dependent inside
// the window return ErrDegenerate.
func NewFitter(profiles [][]float64, size, cell int, opt SeudoOptions) (*Fitter, error) {
	opt = opt.withDefaults()
	if err := opt.check(); err != nil {
		return nil, err
	}
	if err := checkProfiles(profiles, size); err != nil {
		return nil, err
	}
	if cell < 0 || cell >= len(profiles) {
		return nil, experiment.Inputf("transients: cell %d of %d profiles (want 0..%d)", cell, len(profiles), len(profiles)-1)
	}
	if BoundingBox(profiles[cell], size) == (Rect{}) {
		return nil, experiment.Inputf("transients: profile %d is zero everywhere; a cell needs at least one non-zero pixel", cell)
	}
	w := BoundingBox(profiles[cell], size).Pad(opt.Pad, size)
	ft := &Fitter{Rect: w, size: size, np: w.W() * w.H(), opt: opt}
	var cols [][]float64
	for k, p := range profiles {
		col := make([]float64, ft.np)
		nz := false
		i := 0
		for y := w.Y0; y < w.Y1; y++ {
			for x := w.X0; x < w.X1; x++ {
				col[i] = p[y*size+x]
				nz = nz || col[i] != 0
				i++
			}
		}
		if !nz {
			continue
		}
		if k == cell {
			ft.target = len(cols)
		}
		cols = append(cols, col)
	}
	// A profile of extreme magnitude would overflow or underflow PᵀP and
	// its norm (before the fix ×1e-300 gave NaN amplitudes and ×1e160
	// ErrDegenerate): fit it scaled by a power of two (exact) and scale
	// the amplitude back. Profiles whose magnitudes differ by more than
	// 2^mixedProfiles make PᵀP too ill-conditioned to invert (one profile
	// ×2^26 to ×2^199 against the others gave ErrDegenerate, while ×2^201,
	// rescaled, gave the right amplitudes): then every profile is scaled
	// into [1, 2). Ordinary profiles are not touched.
	mixed := mixedScales(cols)
	for c, col := range cols {
		f := colScale(col, mixed)
		if f != 1 {
			for i := range col {
				col[i] *= f
			}
		}
		if c == ft.target {
			ft.tscale = f
		}
	}
	ft.K = len(cols)
	ft.P = mat.NewDense(ft.np, ft.K, nil)
	ft.prof = make([]float64, ft.np*ft.K)
	ft.norms = make([]float64, ft.K)
	for k, col := range cols {
		ft.P.SetCol(k, col)
		var s float64
		for _, v := range col {
			s += v * v
		}
		ft.norms[k] = math.Sqrt(s)
		for i, v := range col {
			ft.prof[i*ft.K+k] = v / ft.norms[k]
		}
	}
	var ptp mat.Dense
	ptp.Mul(ft.P.T(), ft.P)
	var inv mat.Dense
	if err := inv.Inverse(&ptp); err != nil {
		return nil, ErrDegenerate
	}
	ft.lsq = mat.NewDense(ft.K, ft.np, nil)
	ft.lsq.Mul(&inv, ft.P.T())
	// Blob kernel: Gaussian of SD BlobRadius cropped at radius ceil(2.5σ),
	// values below 1% of the peak zeroed, unit L2 norm.
	ft.kr = int(math.Ceil(2.5 * opt.BlobRadius))
	d := 2*ft.kr + 1
	ft.kern = make([]float64, d*d)
	var s2 float64
	for dy := -ft.kr; dy <= ft.kr; dy++ {
		for dx := -ft.kr; dx <= ft.kr; dx++ {
			v := math.Exp(-float64(dx*dx+dy*dy) / (2 * opt.BlobRadius * opt.BlobRadius))
			if v < 0.01 {
				v = 0
			}
			ft.kern[(dy+ft.kr)*d+dx+ft.kr] = v
			s2 += v * v
		}
	}
	for i := range ft.kern {
		ft.kern[i] /= math.Sqrt(s2)
	}
	nb := ft.np
	ft.k1 = 2 * opt.Sigma2 * opt.LambdaBlob
	ft.k2 = 2 * opt.Sigma2 * (math.Log(1/opt.P-1) - float64(nb)*math.Log(opt.LambdaBlob))
	nz := ft.K + nb
	ft.f = make([]float64, ft.np)
	ft.r = make([]float64, ft.np)
	ft.kb = make([]float64, ft.np)
	ft.z = make([]float64, nz)
	ft.zp = make([]float64, nz)
	ft.y = make([]float64, nz)
	ft.g = make([]float64, nz)
	ft.step = 1 / ft.lipschitz()
	return ft, nil
}

// K2 returns the cost constant k2 of the window.
func (ft *Fitter) K2() float64 { return ft.k2 }

// apply writes A z = P̃x + Kβ into dst.
func (ft *Fitter) apply(dst, z []float64) {
	x, b := z[:ft.K], z[ft.K:]
	ft.conv(dst, b)
	for i := 0; i < ft.np; i++ {
		row := ft.prof[i*ft.K : (i+1)*ft.K]
		var s float64
		for k, v := range row {
			s += v * x[k]
		}
		dst[i] += s
	}
}

// applyT writes Aᵀ r into dst.
func (ft *Fitter) applyT(dst, r []float64) {
	x, b := dst[:ft.K], dst[ft.K:]
	for k := range x {
		x[k] = 0
	}
	for i := 0; i < ft.np; i++ {
		ri := r[i]
		if ri == 0 {
			continue
		}
		row := ft.prof[i*ft.K : (i+1)*ft.K]
		for k, v := range row {
			x[k] += v * ri
		}
	}
	ft.conv(b, r) // the kernel is symmetric: Kᵀ = K
}

// conv writes the 2-D convolution of the window image src with the blob
// kernel into dst (zero outside the window).
func (ft *Fitter) conv(dst, src []float64) {
	W, H := ft.Rect.W(), ft.Rect.H()
	d := 2*ft.kr + 1
	for i := range dst {
		dst[i] = 0
	}
	for qy := 0; qy < H; qy++ {
		for qx := 0; qx < W; qx++ {
			v := src[qy*W+qx]
			if v == 0 {
				continue
			}
			for dy := -ft.kr; dy <= ft.kr; dy++ {
				py := qy + dy
				if py < 0 || py >= H {
					continue
				}
				krow := ft.kern[(dy+ft.kr)*d:]
				drow := dst[py*W:]
				for dx := max(-ft.kr, -qx); dx <= ft.kr && qx+dx < W; dx++ {
					drow[qx+dx] += v * krow[dx+ft.kr]
				}
			}
		}
	}
}

// lipschitz bounds ‖A‖² by 40 power iterations on AᵀA, times 1.05.
func (ft *Fitter) lipschitz() float64 {
	v := make([]float64, ft.K+ft.np)
	for i := range v {
		v[i] = 1 + 0.01*float64(i%7)
	}
	av := make([]float64, ft.np)
	var lam float64
	for it := 0; it < 40; it++ {
		var n float64
		for _, u := range v {
			n += u * u
		}
		n = math.Sqrt(n)
		for i := range v {
			v[i] /= n
		}
		ft.apply(av, v)
		ft.applyT(v, av)
		lam = 0
		for _, u := range av {
			lam += u * u
		}
	}
	return 1.05 * lam
}

// load copies the window of frame (size×size) into ft.f.
func (ft *Fitter) load(frame []float64) {
	i := 0
	for y := ft.Rect.Y0; y < ft.Rect.Y1; y++ {
		copy(ft.f[i:i+ft.Rect.W()], frame[y*ft.size+ft.Rect.X0:y*ft.size+ft.Rect.X1])
		i += ft.Rect.W()
	}
}

// LSQ returns the least-squares amplitude of the cell in frame (original
// profile units) and the cost C_LSQ = ‖Pa − f‖² over the window.
func (ft *Fitter) LSQ(frame []float64) (a, cost float64) {
	ft.load(frame)
	return ft.lsqLoaded()
}

func (ft *Fitter) lsqLoaded() (a, cost float64) {
	if len(ft.coef) != ft.K {
		ft.coef = make([]float64, ft.K)
	}
	coef := ft.coef
	for k := 0; k < ft.K; k++ {
		row := ft.lsq.RawRowView(k)
		var s float64
		for i, v := range row {
			s += v * ft.f[i]
		}
		coef[k] = s
	}
	for i := 0; i < ft.np; i++ {
		row := ft.P.RawRowView(i)
		var s float64
		for k, v := range row {
			s += v * coef[k]
		}
		d := s - ft.f[i]
		cost += d * d
	}
	return coef[ft.target] * ft.tscale, cost
}

// Seudo returns the SEUDO amplitude of the cell in frame (original profile
// units), whether SEUDO's estimate replaced LSQ (C_SEUDO ≤ C_LSQ), and the
// LSQ amplitude. warm starts FISTA from the previous call's solution.
func (ft *Fitter) Seudo(frame []float64, warm bool) (a float64, replaced bool, lsq float64) {
	ft.load(frame)
	lsq, cLSQ := ft.lsqLoaded()
	if !warm {
		for i := range ft.z {
			ft.z[i] = 0
		}
	}
	ft.fista()
	// Cost of the SEUDO fit.
	ft.apply(ft.r, ft.z)
	var res, l1 float64
	for i, v := range ft.r {
		d := ft.f[i] - v
		res += d * d
	}
	for _, v := range ft.z[ft.K:] {
		l1 += v
	}
	ft.CostLSQ, ft.CostFit = cLSQ, res+ft.k1*l1
	ft.FitX = ft.z[ft.target] / ft.norms[ft.target] * ft.tscale
	cSEUDO := res + ft.k1*l1 - ft.k2
	if cLSQ < cSEUDO {
		return lsq, false, lsq
	}
	return ft.FitX, true, lsq
}

// fista minimises ½‖f − Az‖² + k1 Σβ over z = [x; β] ≥ 0 (no penalty on x)
// with FISTA (Beck & Teboulle 2009, eq. 4.1–4.3): y = z + ((t_{k−1}−1)/t_k)
// (z − z_prev), z = max(0, y − (Aᵀ(Ay − f) + w)/L).
func (ft *Fitter) fista() {
	copy(ft.zp, ft.z)
	copy(ft.y, ft.z)
	t := 1.0
	ft.Iterations = 0
	for it := 0; it < ft.opt.Iters; it++ {
		ft.Iterations++
		ft.apply(ft.r, ft.y)
		for i := range ft.r {
			ft.r[i] -= ft.f[i]
		}
		ft.applyT(ft.g, ft.r)
		copy(ft.zp, ft.z)
		var dz, nz float64
		for i := range ft.z {
			w := 0.0
			if i >= ft.K {
				w = ft.k1
			}
			v := ft.y[i] - ft.step*(ft.g[i]+w)
			if v < 0 {
				v = 0
			}
			ft.z[i] = v
			d := v - ft.zp[i]
			dz += d * d
			nz += v * v
		}
		tn := 0.5 * (1 + math.Sqrt(1+4*t*t))
		mom := (t - 1) / tn
		t = tn
		for i := range ft.y {
			ft.y[i] = ft.z[i] + mom*(ft.z[i]-ft.zp[i])
		}
		if dz <= ft.opt.Tol*ft.opt.Tol*math.Max(nz, 1) {
			break
		}
	}
}

// mixedProfiles is the binary logarithm of the ratio of the largest to the
// smallest profile magnitude above which every profile is rescaled (PᵀP's
// condition number grows as the square of that ratio).
const mixedProfiles = 20

// mixedScales reports columns whose largest |v| differ by more than a
// factor 2^mixedProfiles.
func mixedScales(cols [][]float64) bool {
	lo, hi := math.Inf(1), 0.0
	for _, col := range cols {
		var m float64
		for _, v := range col {
			m = math.Max(m, math.Abs(v))
		}
		lo, hi = math.Min(lo, m), math.Max(hi, m)
	}
	return hi > math.Ldexp(lo, mixedProfiles)
}

// colScale returns the power of two that brings the largest |v| of col into
// [1, 2) when that magnitude lies outside [2^-200, 2^200] or all is true,
// else 1.
func colScale(col []float64, all bool) float64 {
	var m float64
	for _, v := range col {
		m = math.Max(m, math.Abs(v))
	}
	if m == 0 || (!all && m >= 0x1p-200 && m <= 0x1p200) {
		return 1
	}
	_, e := math.Frexp(m)
	if e < -1000 {
		// Subnormal: 2^(1-e) would overflow; 2^1000 leaves the values
		// normal and far from overflow.
		return 0x1p1000
	}
	return math.Ldexp(1, 1-e)
}
