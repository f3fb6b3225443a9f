package deconv

import (
	"fmt"
	"math"
	"math/cmplx"
	"sort"

	"neurolab/experiment"
)

// Options configures Deconvolve. The zero value is not "estimate
// everything": each zero field means what its comment says. Zero G, G2 and
// Sn are estimated from the data, but a zero Lambda is the penalty λ = 0 (no
// sparsity: nearly every frame gets a spike) unless Constrained is set, and
// Baseline false fixes the baseline at b = 0. The recommended setting for a
// raw fluorescence trace, with every parameter estimated from the data, is
//
//	deconv.Options{Constrained: true, Baseline: true}
//
// (on a trace with baseline 2, Options{} yields a spike at most frames,
// while this setting recovers the planted spikes).
//
// The zero values in full: AR 0 is AR(1); G 0 (and, for AR(2), G2 0) means
// estimate the decay, so a model with no decay (g = 0, the soft threshold)
// cannot be requested through Deconvolve (call OASISAR1 with g = 0); Sn 0
// means estimate σ (when it is needed: Constrained, or the decay is
// estimated); Lambda 0 means λ = 0 when Constrained is false (ignored
// otherwise); Constrained false means use Lambda as given; SMin 0 means no
// minimum spike size; Baseline false means b = 0.
type Options struct {
	// AR is the order of the calcium model: 0 or 1 for AR(1), 2 for AR(2).
	AR int
	// G is the AR(1) decay per frame in [0,1), or g1 of the AR(2) model
	// c_t = g1 c_{t−1} + g2 c_{t−2} + s_t; 0 means estimate (with DecayAR1,
	// or for AR(2), when G2 is 0 too, with DecayAR2). Because 0 means
	// estimate, g = 0 (no decay) cannot be requested here. g depends on
	// the frame rate: DecayFromTau (AR2FromTaus for G, G2) converts an
	// indicator's time constants in seconds.
	G      float64
	G2     float64 // g2 of the AR(2) model (AR = 2 only); both roots of z² − G z − G2 must lie in the unit disc
	Sn     float64 // noise SD (fluorescence units); 0 means estimate with NoiseSD
	Lambda float64 // fixed sparsity penalty λ ≥ 0, used only when Constrained is false; 0 means λ = 0 (no sparsity), not "estimate"
	// Constrained chooses λ so that ‖y − c − b‖² = σ²T (noise-constrained
	// deconvolution, Friedrich et al. 2017 eq. 5) instead of using Lambda;
	// when no λ can (σ²T above ‖y − b‖², the residual of c ≡ 0), λ is the
	// least penalty that gives c ≡ 0. Recommended (see above).
	Constrained bool
	SMin        float64 // minimum spike size (0: none)
	Baseline    bool    // estimate a constant baseline b (false: b = 0, not estimated); recommended for raw fluorescence
	// Workers is the number of goroutines DeconvolveRows solves the rows
	// on, ≥ 0 (0 and 1 both mean serial); results do not depend on it.
	// Deconvolve (one trace) ignores it.
	Workers int
}

// Result is the output of Deconvolve.
type Result struct {
	C, S   []float64 // inferred calcium and spikes (NaN at non-finite frames)
	B      float64   // baseline
	G      float64   // decay used (g1 for AR(2))
	G2     float64   // g2 used (AR(2); 0 for AR(1))
	Sn     float64   // noise SD used
	Lambda float64   // penalty used
	// Constant reports a trace whose finite frames all have the same
	// value (a dead or saturated ROI): it carries no signal, so C and S
	// are 0, B is that value, and the estimated parameters are 0 (σ = 0,
	// and g = 0 when the decay was estimated). Not an error, so that one
	// dead ROI does not stop a recording; callers may want to say so.
	Constant bool
}

// Deconvolve runs OASIS AR(1), or AR(2) when opt.AR is 2, on y with the
// parameters estimated as the options say (see the package documentation).
// It returns ErrTooShort (wrapped) when a parameter must be estimated from
// fewer frames than needed. Every bad-input error (options out of range, no
// finite frame, too short a trace) wraps experiment.ErrInput.
func Deconvolve(y []float64, opt Options) (*Result, error) {
	var ws Workspace
	return ws.Deconvolve(y, opt)
}

// Deconvolve is Deconvolve with a reusable workspace.
func (ws *Workspace) Deconvolve(y []float64, opt Options) (*Result, error) {
	if opt.AR < 0 || opt.AR > 2 {
		return nil, experiment.Inputf("deconv: AR order %d: want 0 or 1 (AR(1)) or 2 (AR(2))", opt.AR)
	}
	ar2 := opt.AR == 2
	if !(opt.Lambda >= 0) || !(opt.SMin >= 0) || !(opt.Sn >= 0) || math.IsInf(opt.Lambda, 1) || math.IsInf(opt.SMin, 1) || math.IsInf(opt.Sn, 1) {
		return nil, experiment.Inputf("deconv: need finite λ ≥ 0, s_min ≥ 0 and σ ≥ 0 (got %g, %g, %g)", opt.Lambda, opt.SMin, opt.Sn)
	}
	if !ar2 && (!(opt.G >= 0 && opt.G < 1) || opt.G2 != 0) {
		return nil, experiment.Inputf("deconv: AR(1) needs 0 ≤ g < 1 and no g2 (got g = %g, g2 = %g)", opt.G, opt.G2)
	}
	if ar2 && (opt.G != 0 || opt.G2 != 0) && !(cmplx.Abs(maxRoot(opt.G, opt.G2)) < 1) {
		return nil, experiment.Inputf("deconv: AR(2) coefficients g1 = %g, g2 = %g: the roots of z² − g1 z − g2 must lie inside the unit circle", opt.G, opt.G2)
	}
	if k := pow2Scale(y); k != 1 {
		// Extreme magnitude: solve the exactly rescaled problem.
		o := opt
		o.Lambda, o.SMin, o.Sn = scaleParam(opt.Lambda, k), scaleParam(opt.SMin, k), scaleParam(opt.Sn, k)
		r, err := ws.Deconvolve(scaledBy(y, k), o)
		if err != nil {
			return nil, err
		}
		for t := range r.C {
			r.C[t] /= k
			r.S[t] /= k
		}
		r.B /= k
		r.Sn /= k
		r.Lambda /= k
		if opt.Sn > 0 {
			r.Sn = opt.Sn
		}
		if !opt.Constrained {
			r.Lambda = opt.Lambda
		}
		return r, nil
	}
	nf := 0
	for _, v := range y {
		if finite(v) {
			nf++
		}
	}
	if nf == 0 {
		return nil, experiment.Inputf("deconv: no finite frame among %d", len(y))
	}
	r := &Result{C: make([]float64, len(y)), S: make([]float64, len(y)), G: opt.G, G2: opt.G2, Sn: opt.Sn, Lambda: opt.Lambda,
		Constant: constantFinite(y)}
	estimate := opt.G == 0 && (!ar2 || opt.G2 == 0)
	var err error
	if r.Sn == 0 && (opt.Constrained || estimate) {
		if r.Sn, err = NoiseSD(y); err != nil {
			return nil, fmt.Errorf("deconv: %w", err)
		}
	}
	switch {
	case estimate && ar2:
		if r.G, r.G2, err = DecayAR2(y, r.Sn, 0, 0.98); err != nil {
			return nil, fmt.Errorf("deconv: %w", err)
		}
	case estimate:
		if r.G, err = DecayAR1(y, r.Sn, 5); err != nil {
			return nil, fmt.Errorf("deconv: %w", err)
		}
	}
	if !ar2 && !(r.G >= 0 && r.G < 1) {
		return nil, experiment.Inputf("deconv: estimated decay g = %g outside [0, 1) (give Options.G)", r.G)
	}
	sv := solver{ar2: ar2, g1: r.G, g2: r.G2, smin: opt.SMin}
	// AR(2): warm-start each solve of the λ and baseline searches from the
	// previous spike set.
	ws.ar2.warm, ws.ar2.prevN = ar2, -1
	defer func() { ws.ar2.warm = false }()
	if opt.Baseline {
		// Start from a low percentile, as the reference does, then
		// alternate b = mean(y − c) with the c-step (block-coordinate
		// descent on the jointly convex problem).
		r.B = ws.percentile(y, 0.15)
	}
	yb := ws.scratch(len(y))
	iters := 1
	if opt.Baseline {
		iters = 10
	}
	for it := 0; it < iters; it++ {
		for t, v := range y {
			yb[t] = v - r.B
		}
		if opt.Constrained {
			r.Lambda = ws.constrainedLambda(r.C, r.S, yb, sv, r.Sn*r.Sn*float64(nf))
		}
		sv.run(ws, r.C, r.S, yb, r.Lambda)
		if !opt.Baseline {
			break
		}
		var sum float64
		for t, v := range y {
			if finite(v) {
				sum += v - r.C[t]
			}
		}
		nb := sum / float64(nf)
		done := math.Abs(nb-r.B) <= 1e-6*(math.Abs(nb)+r.Sn)
		r.B = nb
		if done {
			break
		}
	}
	if opt.Baseline && opt.Constrained {
		for t, v := range y {
			yb[t] = v - r.B
		}
		r.Lambda = ws.constrainedLambda(r.C, r.S, yb, sv, r.Sn*r.Sn*float64(nf))
		sv.run(ws, r.C, r.S, yb, r.Lambda)
	}
	return r, nil
}

// constantFinite reports that every finite value of y is the same (y has
// at least one finite value).
func constantFinite(y []float64) bool {
	first, have := 0.0, false
	for _, v := range y {
		if !finite(v) {
			continue
		}
		if !have {
			first, have = v, true
		} else if v != first {
			return false
		}
	}
	return true
}

// rss returns ‖y − c‖² over the finite frames.
func rss(c, y []float64) float64 {
	var s float64
	for t, v := range y {
		if finite(v) {
			d := v - c[t]
			s += d * d
		}
	}
	return s
}

// solver is the OASIS variant and its fixed parameters.
type solver struct {
	ar2          bool
	g1, g2, smin float64
}

// run solves the problem of the solver for penalty lambda (AR1 or AR2).
func (sv solver) run(ws *Workspace, c, s, y []float64, lambda float64) {
	if sv.ar2 {
		ws.AR2(c, s, y, sv.g1, sv.g2, lambda, sv.smin)
		return
	}
	ws.AR1(c, s, y, sv.g1, lambda, sv.smin)
}

// maxRoot returns the root of z² − g1 z − g2 of largest modulus.
func maxRoot(g1, g2 float64) complex128 {
	d, r := RootsAR2(g1, g2)
	if cmplx.Abs(r) > cmplx.Abs(d) {
		return r
	}
	return d
}

// constrainedLambda finds λ ≥ 0 with RSS(λ) = target, where RSS(λ) = ‖y −
// c(λ)‖² is continuous and non-decreasing in λ (Friedrich et al. 2017,
// eq. 5); c and s are scratch. As in the paper's constrained OASIS, each
// step holds the pools (AR(2): the spike set) of the last solve fixed,
// where c is affine in λ and
// RSS quadratic, and solves RSS = target in closed form; the step is
// safeguarded by a bracket [lo, hi] and falls back to bisection. If RSS(0) ≥
// target, or c ≡ 0 already at λ = 0, it returns 0. If the target exceeds
// the largest RSS, ‖y‖² at c ≡ 0, no λ meets it: it returns λ_max, the
// least λ giving c ≡ 0 (to 1e-9 relative).
func (ws *Workspace) constrainedLambda(c, s, y []float64, sv solver, target float64) float64 {
	// The slope buffer outlives the call (ws.slopeBuf) so that the λ
	// searches of a trace and of the traces after it do not allocate;
	// ws.slope is nil again on return (no slope outside the search).
	if cap(ws.slopeBuf) < len(y) {
		ws.slopeBuf = make([]float64, len(y))
	}
	ws.slope = ws.slopeBuf[:len(y)]
	defer func() { ws.slope = nil }()
	// f solves at l and returns RSS(l) − target and the fixed-pool step
	// to the root.
	f := func(l float64) (float64, float64) {
		sv.run(ws, c, s, y, l)
		var r2, rb, b2 float64
		for t, v := range y {
			if finite(v) {
				d := v - c[t]
				b := ws.slope[t]
				r2 += d * d
				rb += d * b
				b2 += b * b
			}
		}
		fv := r2 - target
		// RSS(l+δ) = r2 + 2δ·rb + δ²·b2 = target.
		step := math.NaN()
		if b2 > 0 {
			disc := rb*rb - b2*fv
			if disc >= 0 {
				step = (-rb + math.Sqrt(disc)) / b2
			}
		}
		return fv, step
	}
	// silent reports c ≡ 0 on the finite frames: RSS is then at its
	// maximum ‖y‖², which every larger λ keeps.
	silent := func() bool {
		for t, v := range y {
			if finite(v) && c[t] != 0 {
				return false
			}
		}
		return true
	}
	if math.IsInf(target, 1) {
		// σ²T overflowed (σ huge against the trace): no λ meets it, as
		// for any target above ‖y‖², the RSS at c ≡ 0; search λ_max
		// with a finite target above ‖y‖².
		target = 2*rss(make([]float64, len(y)), y) + math.SmallestNonzeroFloat64
	}
	lo := 0.0
	flo, step := f(0)
	if flo >= 0 || silent() {
		return 0
	}
	hi := math.Inf(1)
	l := lo
	tol := 1e-9 * target
	for k := 0; k < 100; k++ {
		next := l + step
		if !(next > lo && next < hi) {
			if math.IsInf(hi, 1) {
				next = 2*lo + math.Sqrt(target/float64(max(len(y), 1)))
			} else {
				next = 0.5 * (lo + hi)
			}
		}
		l = next
		var fl float64
		fl, step = f(l)
		if math.Abs(fl) <= tol || (!math.IsInf(hi, 1) && hi-lo <= 1e-12*hi) {
			return l
		}
		if fl < 0 {
			if silent() {
				// RSS(λ) < target even at c ≡ 0: no λ meets the
				// constraint (σ²T > ‖y‖²). Every λ from λ_max on gives
				// c ≡ 0; return λ_max, bisecting on c ≡ 0 (c ≠ 0 at lo).
				for hi = l; hi-lo > 1e-9*hi; {
					mid := 0.5 * (lo + hi)
					f(mid)
					if silent() {
						hi = mid
					} else {
						lo = mid
					}
				}
				return hi
			}
			lo = l
		} else {
			hi = l
		}
	}
	return l
}

// percentile returns the q-quantile (0 ≤ q ≤ 1) of the finite values of y.
func percentile(y []float64, q float64) float64 {
	var ws Workspace
	return ws.percentile(y, q)
}

// percentile is percentile sorting in ws's scratch buffer.
func (ws *Workspace) percentile(y []float64, q float64) float64 {
	v := append(ws.scratch(0), finiteOnly(y)...)
	ws.buf = v
	sort.Float64s(v)
	if len(v) == 0 {
		return 0
	}
	return v[int(q*float64(len(v)-1))]
}
