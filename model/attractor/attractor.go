package attractor

import (
	"context"
	"errors"
	"math"
	"math/cmplx"
	"sort"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// System is an autonomous ODE dx/dt = f(x).
type System interface {
	// Dim returns the state dimension.
	Dim() int
	// Deriv sets dst = f(x). It must be safe for concurrent use.
	Deriv(dst, x []float64)
}

// Jacobianer is a System with an analytic Jacobian.
type Jacobianer interface {
	// Jacobian sets dst (Dim×Dim) to ∂f/∂x at x.
	Jacobian(dst *mat.Dense, x []float64)
}

// Kind classifies a fixed point by its Jacobian's eigenvalues.
type Kind int

// Fixed-point kinds.
const (
	StableNode Kind = iota
	StableFocus
	Saddle
	UnstableNode
	UnstableFocus
	Degenerate // an eigenvalue with |Re| below EigTol
)

// String returns the kind in words, e.g. "stable focus".
func (k Kind) String() string {
	return [...]string{"stable node", "stable focus", "saddle", "unstable node", "unstable focus", "degenerate"}[k]
}

// Stable reports whether k is a stable node or focus.
func (k Kind) Stable() bool { return k == StableNode || k == StableFocus }

// FixedPoint is one fixed point.
type FixedPoint struct {
	X       []float64
	Eig     []complex128 // Jacobian eigenvalues, by decreasing real part
	Kind    Kind
	Leading float64 // largest real part of the eigenvalues
	Seeds   int     // number of seeds that reached it
	First   int     // lowest seed index that reached it
}

// Cycle is a limit cycle found from a seed that did not converge.
type Cycle struct {
	Min, Max []float64 // per-coordinate range over the last window
	Period   float64   // estimated from mean crossings of the first coordinate with the largest range
	Seeds    int
	First    int
}

// Options configures Find. Zero fields take the defaults noted; negative,
// NaN or infinite tolerances and times, and a negative Workers, are rejected
// with an error wrapping experiment.ErrInput.
type Options struct {
	Dt        float64 // Euler step (default 1e-3)
	MaxTime   float64 // integration cap per seed (default 10)
	Tol       float64 // convergence: max |f| below Tol (default 1e-6)
	NewtonTol float64 // Newton residual max |f| (default 1e-10)
	DedupTol  float64 // de-duplication distance, max norm (default 1e-6)
	EigTol    float64 // |Re λ| below this is degenerate (default 1e-9)
	// CycleWindow is the time integrated after MaxTime to characterise a
	// non-converged trajectory (default MaxTime/4).
	CycleWindow float64
	// CycleAmp is the smallest range (max − min of some coordinate) that
	// makes a non-converged trajectory a limit cycle (default 1e-4).
	CycleAmp float64
	// SwitchTol, when > Tol, ends the integration early: once max |f| <
	// SwitchTol, Newton's method is tried and its point accepted if it
	// converges within 1e-2 (max norm) of the trajectory to a stable fixed
	// point; otherwise integration continues (and the next attempt waits
	// for max |f| to fall 100-fold). Integrating on from there would reach
	// the same attractor, so this only saves time. 0 disables it.
	SwitchTol float64
	// Workers is the number of goroutines seeds are integrated on, ≥ 0
	// (0 and 1 both mean serial); the result does not depend on it.
	Workers int
	// Progress, if set, is called with the fraction of seeds done, in
	// increasing order, from the worker goroutines (one call at a time).
	Progress func(float64)
}

func (o *Options) defaults() {
	if o.Dt == 0 {
		o.Dt = 1e-3
	}
	if o.MaxTime == 0 {
		o.MaxTime = 10
	}
	if o.Tol == 0 {
		o.Tol = 1e-6
	}
	if o.NewtonTol == 0 {
		o.NewtonTol = 1e-10
	}
	if o.DedupTol == 0 {
		o.DedupTol = 1e-6
	}
	if o.EigTol == 0 {
		o.EigTol = 1e-9
	}
	if o.CycleWindow == 0 {
		o.CycleWindow = o.MaxTime / 4
	}
	if o.CycleAmp == 0 {
		o.CycleAmp = 1e-4
	}
}

// Result is what Find returns. Fixed points are ordered by first seed.
type Result struct {
	Fixed      []FixedPoint
	Cycles     []Cycle
	Unresolved int // seeds that neither converged nor oscillated (or diverged)
	// Diverged counts the Unresolved seeds whose trajectory reached a
	// non-finite state (a blow-up); they are included in Unresolved.
	Diverged int
}

// Stable returns the stable fixed points (the attractors among them).
func (r *Result) Stable() []FixedPoint {
	var out []FixedPoint
	for _, f := range r.Fixed {
		if f.Kind.Stable() {
			out = append(out, f)
		}
	}
	return out
}

// outcome of one seed.
type outcome struct {
	fp       []float64 // polished fixed point, or nil
	cycle    *Cycle
	diverged bool // the trajectory reached a non-finite state
}

// ErrDiverged describes a non-finite state. Find does not return it: a
// diverging seed is counted in Result.Diverged (and Result.Unresolved).
var ErrDiverged = errors.New("attractor: trajectory diverged")

// validate checks sys, the seeds and the options before any work starts, so
// that bad input yields an error wrapping experiment.ErrInput instead of a
// panic inside a worker goroutine.
func validate(sys System, seeds [][]float64, opt *Options) error {
	if sys == nil {
		return experiment.Inputf("attractor: sys is nil")
	}
	n := sys.Dim()
	if n < 1 {
		return experiment.Inputf("attractor: sys.Dim() = %d, must be >= 1", n)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"Dt", opt.Dt}, {"MaxTime", opt.MaxTime}, {"Tol", opt.Tol}, {"NewtonTol", opt.NewtonTol},
		{"DedupTol", opt.DedupTol}, {"EigTol", opt.EigTol}, {"CycleWindow", opt.CycleWindow},
		{"CycleAmp", opt.CycleAmp}, {"SwitchTol", opt.SwitchTol},
	} {
		if !(f.v >= 0) || math.IsInf(f.v, 1) {
			return experiment.Inputf("attractor: Options.%s = %g, must be finite and >= 0 (0 selects the default)", f.name, f.v)
		}
	}
	if opt.Workers < 0 {
		return experiment.Inputf("attractor: Options.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", opt.Workers)
	}
	for i, x := range seeds {
		if len(x) != n {
			return experiment.Inputf("attractor: seed %d has length %d, want sys.Dim() = %d", i, len(x), n)
		}
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return experiment.Inputf("attractor: seed %d coordinate %d is %g, must be finite", i, j, v)
			}
		}
	}
	return nil
}

// Find integrates every seed and returns the de-duplicated fixed points and
// limit cycles it reaches. The result does not depend on Workers. A seed
// whose length differs from sys.Dim() or that holds NaN or Inf, or a
// negative or NaN option (Workers included), yields an error wrapping
// experiment.ErrInput.
// Diverging trajectories are not an error: they are counted in
// Result.Diverged.
func Find(ctx context.Context, sys System, seeds [][]float64, opt Options) (*Result, error) {
	if err := validate(sys, seeds, &opt); err != nil {
		return nil, err
	}
	opt.defaults()
	outs := make([]outcome, len(seeds))
	tally := num.NewTally(len(seeds), opt.Progress)
	err := num.ParallelFor(ctx, opt.Workers, len(seeds), func(i int) error {
		outs[i] = runSeed(sys, seeds[i], &opt)
		tally.Step()
		return nil
	})
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for i, o := range outs {
		switch {
		case o.fp != nil:
			res.addFixed(o.fp, i, opt.DedupTol)
		case o.cycle != nil:
			res.addCycle(*o.cycle, i, 10*opt.CycleAmp)
		default:
			res.Unresolved++
			if o.diverged {
				res.Diverged++
			}
		}
	}
	for i := range res.Fixed {
		classify(sys, &res.Fixed[i], opt.EigTol)
	}
	return res, nil
}

// FixedPoints runs Newton's method from every seed and returns the
// de-duplicated, classified fixed points of any stability (ordered by first
// seed). Seeds whose Newton iteration fails are ignored. Seeds and options
// are validated as by Find.
func FixedPoints(ctx context.Context, sys System, seeds [][]float64, opt Options) ([]FixedPoint, error) {
	if err := validate(sys, seeds, &opt); err != nil {
		return nil, err
	}
	opt.defaults()
	pts := make([][]float64, len(seeds))
	err := num.ParallelFor(ctx, opt.Workers, len(seeds), func(i int) error {
		x := append([]float64(nil), seeds[i]...)
		if newton(sys, x, opt.NewtonTol, 100) {
			pts[i] = x
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for i, p := range pts {
		if p != nil {
			res.addFixed(p, i, opt.DedupTol)
		}
	}
	for i := range res.Fixed {
		classify(sys, &res.Fixed[i], opt.EigTol)
	}
	return res.Fixed, nil
}

func (r *Result) addFixed(x []float64, seed int, tol float64) {
	for i := range r.Fixed {
		if maxDist(r.Fixed[i].X, x) < tol {
			r.Fixed[i].Seeds++
			return
		}
	}
	r.Fixed = append(r.Fixed, FixedPoint{X: x, Seeds: 1, First: seed})
}

func (r *Result) addCycle(c Cycle, seed int, tol float64) {
	for i := range r.Cycles {
		if maxDist(r.Cycles[i].Min, c.Min) < tol && maxDist(r.Cycles[i].Max, c.Max) < tol {
			r.Cycles[i].Seeds++
			return
		}
	}
	c.Seeds, c.First = 1, seed
	r.Cycles = append(r.Cycles, c)
}

func maxDist(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// runSeed integrates one seed (Euler), then polishes or characterises it.
func runSeed(sys System, seed []float64, o *Options) outcome {
	n := sys.Dim()
	x := append([]float64(nil), seed...)
	f := make([]float64, n)
	steps := int(math.Ceil(o.MaxTime / o.Dt))
	converged := false
	sw := o.SwitchTol
	for s := 0; s < steps; s++ {
		sys.Deriv(f, x)
		r := maxAbs(f)
		if r < o.Tol {
			converged = true
			break
		}
		if r < sw {
			sw = r / 100
			y := append([]float64(nil), x...)
			if newton(sys, y, o.NewtonTol, 50) && maxDist(x, y) < 1e-2 {
				fp := FixedPoint{X: y}
				classify(sys, &fp, o.EigTol)
				if fp.Kind.Stable() {
					return outcome{fp: y}
				}
			}
		}
		for i := range x {
			x[i] += o.Dt * f[i]
		}
		if s%1024 == 0 && !finite(x) {
			return outcome{diverged: true}
		}
	}
	if !finite(x) {
		return outcome{diverged: true}
	}
	y := append([]float64(nil), x...)
	if newton(sys, y, o.NewtonTol, 50) && (converged || maxDist(x, y) < 1e-3) {
		return outcome{fp: y}
	}
	if converged {
		// Converged by the integration criterion but Newton failed: keep the
		// integrated point (residual below Tol).
		return outcome{fp: x}
	}
	// Characterise the non-converged trajectory over a window.
	w := int(math.Ceil(o.CycleWindow / o.Dt))
	lo := append([]float64(nil), x...)
	hi := append([]float64(nil), x...)
	for s := 0; s < w; s++ {
		sys.Deriv(f, x)
		for i := range x {
			x[i] += o.Dt * f[i]
			lo[i] = math.Min(lo[i], x[i])
			hi[i] = math.Max(hi[i], x[i])
		}
		if !finite(x) {
			return outcome{diverged: true}
		}
	}
	k, rng := 0, 0.0
	for i := range lo {
		if r := hi[i] - lo[i]; r > rng {
			k, rng = i, r
		}
	}
	if rng < o.CycleAmp {
		// Slow convergence: try Newton from the end point again.
		y := append([]float64(nil), x...)
		if newton(sys, y, o.NewtonTol, 50) && maxDist(x, y) < 1e-3 {
			return outcome{fp: y}
		}
		return outcome{}
	}
	// Period: mean crossings of coordinate k over the window.
	period := cyclePeriod(sys, x, k, (lo[k]+hi[k])/2, o)
	return outcome{cycle: &Cycle{Min: lo, Max: hi, Period: period}}
}

// cyclePeriod integrates from x over one more window and returns the mean
// interval between upward crossings of level by coordinate k (0 if fewer
// than two crossings).
func cyclePeriod(sys System, x0 []float64, k int, level float64, o *Options) float64 {
	x := append([]float64(nil), x0...)
	f := make([]float64, len(x))
	w := int(math.Ceil(o.CycleWindow / o.Dt))
	var first, last float64
	cross := 0
	prev := x[k]
	for s := 0; s < w; s++ {
		sys.Deriv(f, x)
		for i := range x {
			x[i] += o.Dt * f[i]
		}
		if prev < level && x[k] >= level {
			t := float64(s+1) * o.Dt
			if cross == 0 {
				first = t
			}
			last = t
			cross++
		}
		prev = x[k]
	}
	if cross < 2 {
		return 0
	}
	return (last - first) / float64(cross-1)
}

func finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// jacobian sets J = ∂f/∂x at x (analytic or central differences).
func jacobian(sys System, J *mat.Dense, x []float64) {
	if ja, ok := sys.(Jacobianer); ok {
		ja.Jacobian(J, x)
		return
	}
	NumericalJacobian(J, sys, x)
}

// NumericalJacobian sets J (Dim×Dim) to the central-difference Jacobian of
// sys at x, J_ij = (f_i(x + h_j e_j) − f_i(x − h_j e_j)) / (2 h_j) with
// h_j = 1e-7·max(1e-3, |x_j|), ignoring any analytic Jacobian sys has.
func NumericalJacobian(J *mat.Dense, sys System, x []float64) {
	n := sys.Dim()
	xp := append([]float64(nil), x...)
	fp := make([]float64, n)
	fm := make([]float64, n)
	for j := 0; j < n; j++ {
		h := 1e-7 * math.Max(1e-3, math.Abs(x[j]))
		xp[j] = x[j] + h
		sys.Deriv(fp, xp)
		xp[j] = x[j] - h
		sys.Deriv(fm, xp)
		xp[j] = x[j]
		for i := 0; i < n; i++ {
			J.Set(i, j, (fp[i]-fm[i])/(2*h))
		}
	}
}

// newton polishes x in place toward f(x) = 0; it reports success when the
// residual falls below tol within maxIter damped Newton steps.
func newton(sys System, x []float64, tol float64, maxIter int) bool {
	n := sys.Dim()
	f := make([]float64, n)
	xt := make([]float64, n)
	ft := make([]float64, n)
	J := mat.NewDense(n, n, nil)
	var lu mat.LU
	var dx mat.VecDense
	for it := 0; it < maxIter; it++ {
		sys.Deriv(f, x)
		r := maxAbs(f)
		if !(r < math.Inf(1)) {
			return false
		}
		if r < tol {
			return true
		}
		jacobian(sys, J, x)
		lu.Factorize(J)
		// A singular or ill-conditioned J is a Condition error here (not a
		// test on lu.Det(), which underflows to 0 for a well-conditioned J
		// with small eigenvalues in high dimension).
		if err := lu.SolveVecTo(&dx, false, mat.NewVecDense(n, append([]float64(nil), f...))); err != nil {
			return false
		}
		// Damped step: halve until the residual decreases.
		step := 1.0
		ok := false
		for ls := 0; ls < 30; ls++ {
			for i := range x {
				xt[i] = x[i] - step*dx.AtVec(i)
			}
			sys.Deriv(ft, xt)
			if maxAbs(ft) < r {
				ok = true
				break
			}
			step /= 2
		}
		if !ok {
			return false
		}
		copy(x, xt)
	}
	sys.Deriv(f, x)
	return maxAbs(f) < tol
}

// classify fills the eigenvalues, leading real part and kind.
func classify(sys System, fp *FixedPoint, eigTol float64) {
	n := sys.Dim()
	J := mat.NewDense(n, n, nil)
	jacobian(sys, J, fp.X)
	var eig mat.Eigen
	if !eig.Factorize(J, mat.EigenNone) {
		fp.Kind = Degenerate
		return
	}
	ev := eig.Values(nil)
	sort.SliceStable(ev, func(i, j int) bool { return real(ev[i]) > real(ev[j]) })
	fp.Eig = ev
	fp.Leading = real(ev[0])
	pos, neg, cplx := 0, 0, false
	for _, l := range ev {
		switch {
		case math.Abs(real(l)) < eigTol:
			fp.Kind = Degenerate
			return
		case real(l) > 0:
			pos++
		default:
			neg++
		}
		if math.Abs(imag(l)) > 1e-12*math.Max(1, cmplx.Abs(l)) {
			cplx = true
		}
	}
	switch {
	case pos == 0 && !cplx:
		fp.Kind = StableNode
	case pos == 0:
		fp.Kind = StableFocus
	case neg > 0:
		fp.Kind = Saddle
	case !cplx:
		fp.Kind = UnstableNode
	default:
		fp.Kind = UnstableFocus
	}
}
