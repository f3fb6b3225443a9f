package deconv

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// within runs f under a deadline so that a hang fails the test fast.
func within(t *testing.T, d time.Duration, name string, f func()) {
	t.Helper()
	deadline.Run(t, d, name, f)
}

func plantedTrace(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	y := make([]float64, n)
	var c float64
	for t := range y {
		c *= 0.95
		if rng.Float64() < 0.03 {
			c += 1
		}
		y[t] = 2 + c + 0.2*rng.NormFloat64()
	}
	return y
}

// TestExtremeScaleEquivariance: Deconvolve with every parameter estimated
// is equivariant under y → αy far beyond the range where its sums of
// squares and fourth powers are representable (before the fix, ×1e150 gave
// g = NaN and an error, ×1e-150 g = 0, ×1e300 σ = +Inf).
func TestExtremeScaleEquivariance(t *testing.T) {
	base := plantedTrace(600, 3)
	for _, ar := range []int{1, 2} {
		for _, opt := range []Options{{Constrained: true, Baseline: true}, {Constrained: true}, {}, {Lambda: 0.5, G: 0.9}} {
			opt.AR = ar
			if ar == 2 && opt.G != 0 {
				opt.G, opt.G2 = 1.6, -0.64
			}
			ref, err := Deconvolve(base, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []float64{1e-300, 1e-150, 1e150, 1e300} {
				y := make([]float64, len(base))
				for i := range y {
					y[i] = base[i] * a
				}
				o := opt
				o.Lambda *= a
				name := fmt.Sprintf("AR%d %+v ×%g", ar, opt, a)
				within(t, 3*time.Second, name, func() {
					r, err := Deconvolve(y, o)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					tol := 1e-9
					if ar == 2 {
						tol = 1e-8 // the AR(2) active-set stops at a KKT tolerance
					}
					near := func(what string, got, want float64) {
						if math.Abs(got-want) > tol*(1+math.Abs(want)) {
							t.Errorf("%s: %s = %g, want %g", name, what, got, want)
						}
					}
					near("g", r.G, ref.G)
					near("g2", r.G2, ref.G2)
					near("σ/α", r.Sn/a, ref.Sn)
					near("b/α", r.B/a, ref.B)
					near("λ/α", r.Lambda/a, ref.Lambda)
					for i := range r.C {
						near("c/α", r.C[i]/a, ref.C[i])
						near("s/α", r.S[i]/a, ref.S[i])
					}
				})
			}
		}
	}
}

// TestExtremeMagnitudes: traces near the largest float and of subnormal
// values are deconvolved (no panic, finite results), and a σ so large that
// σ²T overflows gives the documented λ_max (finite) with c ≡ 0.
func TestExtremeMagnitudes(t *testing.T) {
	cases := map[string]func(float64) float64{
		"near MaxFloat64": func(v float64) float64 { return math.MaxFloat64 * (v / 10) },
		"subnormal":       func(v float64) float64 { return 5e-324 * math.Round(v*4) },
	}
	for name, f := range cases {
		y := plantedTrace(600, 1)
		for i := range y {
			y[i] = f(y[i])
		}
		for _, ar := range []int{1, 2} {
			for _, opt := range []Options{{Constrained: true, Baseline: true}, {Constrained: true}, {G: 0.9, Lambda: 1}, {G: 0.9, Constrained: true, Sn: 0.1}} {
				opt.AR = ar
				if ar == 2 && opt.G != 0 {
					opt.G, opt.G2 = 1.6, -0.64
				}
				n := fmt.Sprintf("%s AR%d %+v", name, ar, opt)
				within(t, 3*time.Second, n, func() {
					r, err := Deconvolve(y, opt)
					if err != nil {
						t.Fatalf("%s: %v", n, err)
					}
					for i := range r.C {
						if !finite(r.C[i]) || !finite(r.S[i]) || r.S[i] < 0 {
							t.Fatalf("%s: frame %d: c = %g, s = %g", n, i, r.C[i], r.S[i])
						}
					}
					if !finite(r.Lambda) || !finite(r.Sn) || !finite(r.B) || !finite(r.G) {
						t.Fatalf("%s: λ %g σ %g b %g g %g", n, r.Lambda, r.Sn, r.B, r.G)
					}
				})
			}
		}
	}
	base := plantedTrace(600, 3)
	for _, ar := range []int{1, 2} {
		opt := Options{AR: ar, Constrained: true, Sn: 1e200, G: 0.9}
		if ar == 2 {
			opt.G, opt.G2 = 1.6, -0.64
		}
		within(t, 3*time.Second, "huge σ", func() {
			r, err := Deconvolve(base, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !finite(r.Lambda) || r.Lambda <= 0 {
				t.Fatalf("AR%d σ = 1e200: λ = %g, want the finite λ_max", ar, r.Lambda)
			}
			for i, c := range r.C {
				if c != 0 {
					t.Fatalf("AR%d σ = 1e200: c[%d] = %g, want c ≡ 0", ar, i, c)
				}
			}
		})
	}
	for _, opt := range []Options{{Sn: math.Inf(1)}, {Lambda: math.Inf(1)}, {SMin: math.Inf(1)}} {
		if _, err := Deconvolve(base, opt); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%+v: err = %v, want an input error", opt, err)
		}
	}
}

// TestExtremeEstimatorsScale: NoiseSD, DecayAR1 and DecayAR2 on their own
// are scale-equivariant (σ) and invariant (g) at extreme magnitudes.
func TestExtremeEstimatorsScale(t *testing.T) {
	base := plantedTrace(600, 3)
	sn0, _ := NoiseSD(base)
	g0, _ := DecayAR1(base, sn0, 5)
	a0, b0, _ := DecayAR2(base, sn0, 0, 0.98)
	for _, a := range []float64{1e-300, 1e-160, 1e160, 1e300} {
		y := make([]float64, len(base))
		for i := range y {
			y[i] = base[i] * a
		}
		sn, err := NoiseSD(y)
		if err != nil || math.Abs(sn/a-sn0) > 1e-12*sn0 {
			t.Errorf("×%g: NoiseSD = %g (%v), want %g", a, sn/a, err, sn0)
		}
		g, err := DecayAR1(y, sn, 5)
		if err != nil || math.Abs(g-g0) > 1e-12 {
			t.Errorf("×%g: DecayAR1 = %g (%v), want %g", a, g, err, g0)
		}
		g1, g2, err := DecayAR2(y, sn, 0, 0.98)
		if err != nil || math.Abs(g1-a0) > 1e-9 || math.Abs(g2-b0) > 1e-9 {
			t.Errorf("×%g: DecayAR2 = %g, %g (%v), want %g, %g", a, g1, g2, err, a0, b0)
		}
	}
}

// TestExtremeShapes: minimal and long traces, constant, zero and one-spike
// traces, rounding-only variation around 1e17, NaN and Inf frames: an input
// error, or finite c and s exactly at the finite frames, within seconds.
func TestExtremeShapes(t *testing.T) {
	fill := func(n int, f func(i int, v float64) float64) []float64 {
		y := plantedTrace(n, 1)
		for i := range y {
			y[i] = f(i, y[i])
		}
		return y
	}
	cases := map[string][]float64{
		"zero":      make([]float64, 600),
		"constant":  fill(600, func(int, float64) float64 { return 3 }),
		"one spike": fill(600, func(i int, _ float64) float64 { return pick(i == 300, 1, 0) }),
		"1e17+δ":    fill(600, func(_ int, v float64) float64 { return 1e17 + 16*math.Round(v*4) }),
		"len 1":     {1},
		"len 2":     {1, 2},
		"len 16":    plantedTrace(16, 2),
		"len 2e4":   plantedTrace(20000, 2),
		"NaN":       fill(600, func(i int, v float64) float64 { return pick(i%3 == 0, math.NaN(), v) }),
		"Inf":       fill(600, func(i int, v float64) float64 { return pick(i == 5, math.Inf(1), v) }),
	}
	for name, y := range cases {
		for _, ar := range []int{1, 2} {
			for _, opt := range []Options{{Constrained: true, Baseline: true}, {Constrained: true}, {}, {G: 0.9, Lambda: 1}, {G: 0.9, Constrained: true, Sn: 0.1}} {
				opt.AR = ar
				if ar == 2 && opt.G != 0 {
					opt.G, opt.G2 = 1.6, -0.64
				}
				n := fmt.Sprintf("%s AR%d %+v", name, ar, opt)
				within(t, 3*time.Second, n, func() {
					r, err := Deconvolve(y, opt)
					if err != nil {
						if !errors.Is(err, experiment.ErrInput) {
							t.Errorf("%s: %v is not an input error", n, err)
						}
						return
					}
					for i := range r.C {
						if finite(y[i]) != (finite(r.C[i]) && finite(r.S[i])) {
							t.Fatalf("%s: frame %d (y = %g): c = %g, s = %g", n, i, y[i], r.C[i], r.S[i])
						}
					}
					if !finite(r.Lambda) || !finite(r.Sn) || !finite(r.B) || !finite(r.G) {
						t.Fatalf("%s: λ %g σ %g b %g g %g", n, r.Lambda, r.Sn, r.B, r.G)
					}
				})
			}
		}
	}
}

func pick(b bool, x, y float64) float64 {
	if b {
		return x
	}
	return y
}
