package deconv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Metamorphic tests: transform the trace in a way whose effect on the
// OASIS solution follows from the problem min ½‖c − y‖² + λΣs (s ≥ 0 or
// ≥ s_min), solve twice and compare.

func maxRel(a, b []float64) float64 {
	mx, d := 0.0, 0.0
	for i := range b {
		if math.IsNaN(a[i]) != math.IsNaN(b[i]) {
			return math.Inf(1)
		}
		if math.IsNaN(b[i]) {
			continue
		}
		mx = math.Max(mx, math.Abs(b[i]))
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d / math.Max(mx, 1e-300)
}

func scaled(a float64, y []float64) []float64 {
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = a * v
	}
	return out
}

// TestOASISScaleEquivariance: the objective of (a·y, a·λ, a·s_min) is a²
// times that of (y, λ, s_min) at (a·c, a·s), so the solution scales by a.
// For a = 2 every operation of both solvers (pool sums, merges, the
// Riccati sweeps, the KKT tolerances, which are relative to max |y'|)
// sees operands doubled exactly, so the scaled solution is bit-identical.
func TestOASISScaleEquivariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	y := ar2Trace(rng, plantG1, plantG2, 0.3, 0.05, 600)
	for _, tc := range []struct {
		name        string
		ar2         bool
		lambda, smn float64
	}{
		{"AR1", false, 0.4, 0},
		{"AR1 s_min", false, 0.2, 0.3},
		{"AR2", true, 0.4, 0},
		{"AR2 s_min", true, 0.2, 0.3},
	} {
		solve := func(y []float64, lam, smin float64) ([]float64, []float64) {
			c, s := make([]float64, len(y)), make([]float64, len(y))
			if tc.ar2 {
				OASISAR2(c, s, y, plantG1, plantG2, lam, smin)
			} else {
				OASISAR1(c, s, y, 0.93, lam, smin)
			}
			return c, s
		}
		c, s := solve(y, tc.lambda, tc.smn)
		c2, s2 := solve(scaled(2, y), 2*tc.lambda, 2*tc.smn)
		for i := range c {
			if c2[i] != 2*c[i] || s2[i] != 2*s[i] {
				t.Fatalf("%s frame %d: (c, s) = (%.17g, %.17g) for 2y, want 2 × (%.17g, %.17g)", tc.name, i, c2[i], s2[i], c[i], s[i])
			}
		}
		// A general a > 0 changes the rounding only.
		a := 0.37
		c3, s3 := solve(scaled(a, y), a*tc.lambda, a*tc.smn)
		if r := maxRel(c3, scaled(a, c)); r > 1e-9 {
			t.Errorf("%s: calcium of %g·y differs from %g·c by %.3g relative", tc.name, a, a, r)
		}
		if r := maxRel(s3, scaled(a, s)); r > 1e-9 {
			t.Errorf("%s: spikes of %g·y differ from %g·s by %.3g relative", tc.name, a, a, r)
		}
	}
}

// TestNaNSplitRuns: the package documents that each maximal run of finite
// frames is solved on its own. So solving a trace with NaN gaps equals
// solving each run alone, bit for bit, for AR(1) and AR(2) (whose spike-set
// bookkeeping spans the whole trace).
func TestNaNSplitRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	y := ar2Trace(rng, plantG1, plantG2, 0.3, 0.05, 500)
	for _, f := range []int{0, 1, 120, 121, 122, 300, 499} {
		y[f] = math.NaN()
	}
	y[200] = math.Inf(1)
	for _, ar2 := range []bool{false, true} {
		var ws Workspace
		solve := func(c, s, y []float64) {
			if ar2 {
				ws.AR2(c, s, y, plantG1, plantG2, 0.3, 0)
			} else {
				ws.AR1(c, s, y, 0.93, 0.3, 0)
			}
		}
		c, s := make([]float64, len(y)), make([]float64, len(y))
		solve(c, s, y)
		for i := 0; i < len(y); {
			if !finite(y[i]) {
				if !math.IsNaN(c[i]) || !math.IsNaN(s[i]) {
					t.Fatalf("AR2 %v: frame %d is not finite but (c, s) = (%g, %g)", ar2, i, c[i], s[i])
				}
				i++
				continue
			}
			j := i
			for j < len(y) && finite(y[j]) {
				j++
			}
			cr, sr := make([]float64, j-i), make([]float64, j-i)
			solve(cr, sr, y[i:j])
			for k := range cr {
				if cr[k] != c[i+k] || sr[k] != s[i+k] {
					t.Fatalf("AR2 %v: run [%d, %d) frame %d: (%.17g, %.17g) in the whole trace, (%.17g, %.17g) alone", ar2, i, j, i+k, c[i+k], s[i+k], cr[k], sr[k])
				}
			}
			i = j
		}
	}
}

// TestDeconvolveScaleEquivariance: every estimate of Deconvolve is
// equivariant under y → a·y: σ (Welch PSD, linear in y) scales by a, g
// (autocovariance ratio with σ² removed) is unchanged, the baseline (a
// percentile then means of y − c) scales by a, and the noise-constrained λ
// (RSS = σ²T) scales by a. With a = 2 all of this is exact (FFT, sums and
// square roots of 4× values), so the result is bit-identical.
func TestDeconvolveScaleEquivariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	y := ar2Trace(rng, plantG1, plantG2, 0.25, 0.04, 700)
	for i := range y {
		y[i] += 1.5
	}
	for _, opt := range []Options{
		{Constrained: true, Baseline: true},
		{AR: 2, Constrained: true, Baseline: true},
		{Constrained: true, SMin: 0.1},
	} {
		r, err := Deconvolve(y, opt)
		if err != nil {
			t.Fatal(err)
		}
		o2 := opt
		o2.SMin *= 2
		r2, err := Deconvolve(scaled(2, y), o2)
		if err != nil {
			t.Fatal(err)
		}
		if r2.G != r.G || r2.G2 != r.G2 || r2.Sn != 2*r.Sn || r2.B != 2*r.B || r2.Lambda != 2*r.Lambda {
			t.Errorf("%+v: (g, g2, σ, b, λ) = (%g, %g, %g, %g, %g) for 2y, want (%g, %g, 2×%g, 2×%g, 2×%g)",
				opt, r2.G, r2.G2, r2.Sn, r2.B, r2.Lambda, r.G, r.G2, r.Sn, r.B, r.Lambda)
		}
		for i := range r.C {
			if r2.C[i] != 2*r.C[i] || r2.S[i] != 2*r.S[i] {
				t.Fatalf("%+v: frame %d: (c, s) = (%.17g, %.17g) for 2y, want 2 × (%.17g, %.17g)", opt, i, r2.C[i], r2.S[i], r.C[i], r.S[i])
			}
		}
	}
}

// TestDeconvolveOffset: with Baseline set, adding a constant to the trace
// only moves the baseline: σ (the Welch PSD removes each segment's mean and
// looks at f > 0.25), g (autocovariance about the mean), the starting
// percentile and each b = mean(y − c) update all shift or stay put, so c, s,
// λ are unchanged and b moves by the constant, up to rounding and to the
// baseline loop's stopping rule (|Δb| ≤ 1e-6(|b| + σ)), which the offset
// changes; the tolerance is that stopping rule's.
func TestDeconvolveOffset(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	y := ar2Trace(rng, plantG1, plantG2, 0.25, 0.04, 700)
	const off = 5
	for _, ar := range []int{1, 2} {
		opt := Options{AR: ar, Constrained: true, Baseline: true}
		r, err := Deconvolve(y, opt)
		if err != nil {
			t.Fatal(err)
		}
		yo := make([]float64, len(y))
		for i, v := range y {
			yo[i] = v + off
		}
		r2, err := Deconvolve(yo, opt)
		if err != nil {
			t.Fatal(err)
		}
		tol := 1e-4 * r.Sn
		if math.Abs(r2.Sn-r.Sn) > 1e-9*r.Sn || math.Abs(r2.G-r.G) > 1e-9 || math.Abs(r2.G2-r.G2) > 1e-9 {
			t.Errorf("AR(%d): (σ, g, g2) = (%g, %g, %g) after an offset, want (%g, %g, %g)", ar, r2.Sn, r2.G, r2.G2, r.Sn, r.G, r.G2)
		}
		if math.Abs(r2.B-off-r.B) > tol {
			t.Errorf("AR(%d): baseline %.12g after adding %d, want %.12g + %d", ar, r2.B, off, r.B, off)
		}
		if math.Abs(r2.Lambda-r.Lambda) > 1e-4*r.Lambda {
			t.Errorf("AR(%d): λ %.12g after an offset, want %.12g", ar, r2.Lambda, r.Lambda)
		}
		var d float64
		for i := range r.C {
			d = math.Max(d, math.Abs(r2.C[i]-r.C[i]))
		}
		if d > 10*tol {
			t.Errorf("AR(%d): calcium moved by up to %.3g (σ = %.3g) after an offset", ar, d, r.Sn)
		}
	}
}

// TestDeconvolveAR2WarmStart: Deconvolve's λ and baseline searches
// warm-start each AR(2) solve from the previous spike set (across NaN
// gaps too, where the spike frames are those of the whole trace). The
// optimum is unique, so the final calcium must equal a cold solve of
// y − b at the returned λ, to the active-set method's KKT tolerance.
func TestDeconvolveAR2WarmStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	y := ar2Trace(rng, plantG1, plantG2, 0.25, 0.04, 900)
	for _, f := range []int{100, 101, 400, 650, 651, 652} {
		y[f] = math.NaN()
	}
	for i := range y {
		y[i] += 0.8
	}
	r, err := Deconvolve(y, Options{AR: 2, Constrained: true, Baseline: true})
	if err != nil {
		t.Fatal(err)
	}
	yb := make([]float64, len(y))
	for i, v := range y {
		yb[i] = v - r.B
	}
	c, s := make([]float64, len(y)), make([]float64, len(y))
	OASISAR2(c, s, yb, r.G, r.G2, r.Lambda, 0)
	if d := maxRel(r.C, c); d > 1e-8 {
		t.Errorf("warm-started calcium differs from a cold solve at the same λ by %.3g relative", d)
	}
	if d := maxRel(r.S, s); d > 1e-8 {
		t.Errorf("warm-started spikes differ from a cold solve at the same λ by %.3g relative", d)
	}
}

// TestDeconvolveNaNPadding: non-finite frames are dropped from every
// estimate (σ, g, the baseline's percentile and means, the constraint
// σ²·(finite frames)) and give NaN in c and s. So padding a trace with
// NaN frames before and after it changes nothing on the original frames:
// the result equals the unpadded one bit for bit, including AR(2), whose
// warm-started λ search stores spike frames in whole-trace indices.
func TestDeconvolveNaNPadding(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	y := ar2Trace(rng, plantG1, plantG2, 0.25, 0.04, 600)
	for i := range y {
		y[i] += 0.5
	}
	const pre, post = 7, 3
	yp := make([]float64, 0, pre+len(y)+post)
	for i := 0; i < pre; i++ {
		yp = append(yp, math.NaN())
	}
	yp = append(yp, y...)
	for i := 0; i < post; i++ {
		yp = append(yp, math.Inf(-1))
	}
	for _, opt := range []Options{
		{Constrained: true, Baseline: true},
		{AR: 2, Constrained: true, Baseline: true},
		{AR: 2, G: plantG1, G2: plantG2, Lambda: 0.3},
	} {
		r, err := Deconvolve(y, opt)
		if err != nil {
			t.Fatal(err)
		}
		rp, err := Deconvolve(yp, opt)
		if err != nil {
			t.Fatal(err)
		}
		if rp.G != r.G || rp.G2 != r.G2 || rp.Sn != r.Sn || rp.B != r.B || rp.Lambda != r.Lambda {
			t.Errorf("%+v: (g, g2, σ, b, λ) = (%g, %g, %g, %g, %g) with NaN padding, want (%g, %g, %g, %g, %g)",
				opt, rp.G, rp.G2, rp.Sn, rp.B, rp.Lambda, r.G, r.G2, r.Sn, r.B, r.Lambda)
		}
		for i := range yp {
			if i < pre || i >= pre+len(y) {
				if !math.IsNaN(rp.C[i]) || !math.IsNaN(rp.S[i]) {
					t.Fatalf("%+v: padding frame %d has (c, s) = (%g, %g), want NaN", opt, i, rp.C[i], rp.S[i])
				}
				continue
			}
			if rp.C[i] != r.C[i-pre] || rp.S[i] != r.S[i-pre] {
				t.Fatalf("%+v: frame %d: (c, s) = (%.17g, %.17g) with NaN padding, want (%.17g, %.17g)", opt, i-pre, rp.C[i], rp.S[i], r.C[i-pre], r.S[i-pre])
			}
		}
	}
}
