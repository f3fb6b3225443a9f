package deconv

import (
	"math"
	"testing"
)

// The finiteness check of λ, s_min and σ summed them, so two finite
// options near MaxFloat64 (σ = λ = 1e308) overflowed the sum and were
// refused as "need finite". Each is finite here: Deconvolve must accept
// them (and, λ and s_min being far above the trace, find no spike).
func TestDeconvolveHugeFiniteOptions(t *testing.T) {
	y := make([]float64, 200)
	for i := range y {
		y[i] = math.Sin(float64(i)) + float64(i%17)
	}
	for _, o := range []Options{
		{G: 0.9, Lambda: 1e308, Sn: 1e308},
		{G: 0.9, Lambda: 1e308, SMin: 1e308},
		{G: 0.9, Sn: 1e308, SMin: 1e308, Constrained: true},
		{G: 0.9, Lambda: math.MaxFloat64, SMin: math.MaxFloat64, Sn: math.MaxFloat64},
	} {
		r, err := Deconvolve(y, o)
		if err != nil {
			t.Errorf("%+v: %v", o, err)
			continue
		}
		for t0, v := range r.S {
			if v != 0 {
				t.Errorf("%+v: s[%d] = %g, want no spike", o, t0, v)
				break
			}
		}
	}
	// An infinite option is still refused.
	for _, o := range []Options{{G: 0.9, Lambda: math.Inf(1)}, {G: 0.9, SMin: math.Inf(1)}, {G: 0.9, Sn: math.Inf(1)}} {
		if _, err := Deconvolve(y, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

// Every returned field, for traces just inside and just outside the
// rescaling bounds 2^±30 (power-of-two factors, so the two paths see the
// same problem exactly), with user-given σ, s_min and λ scaled with the
// trace, must equal the unscaled run's mapped by the right power.
func TestDeconvolveScaleBoundaries(t *testing.T) {
	base := plantedTrace(600, 3)
	var m float64
	for _, v := range base {
		m = math.Max(m, math.Abs(v))
	}
	for _, ar := range []int{1, 2} {
		for _, opt := range []Options{
			{Constrained: true, Baseline: true},
			{Constrained: true, Sn: 0.3, SMin: 0.2},
			{Lambda: 0.5, SMin: 0.1, Baseline: true},
		} {
			opt.AR = ar
			ref, err := Deconvolve(base, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, bound := range []int{-30, 30} {
				_, e0 := math.Frexp(m) // m in [2^(e0-1), 2^e0)
				for _, e := range []int{bound - e0 - 1, bound - e0, bound - e0 + 1, bound - e0 + 2} {
					a := math.Ldexp(1, e)
					y := make([]float64, len(base))
					for i := range y {
						y[i] = base[i] * a
					}
					o := opt
					o.Lambda, o.Sn, o.SMin = opt.Lambda*a, opt.Sn*a, opt.SMin*a
					r, err := Deconvolve(y, o)
					if err != nil {
						t.Fatalf("AR%d %+v ×2^%d: %v", ar, opt, e, err)
					}
					near := func(what string, got, want float64) {
						if math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
							t.Errorf("AR%d %+v ×2^%d (max |y| 2^%.1f): %s = %g, want %g", ar, opt, e, math.Log2(m*a), what, got, want)
						}
					}
					near("g", r.G, ref.G)
					near("g2", r.G2, ref.G2)
					near("σ/a", r.Sn/a, ref.Sn)
					near("b/a", r.B/a, ref.B)
					near("λ/a", r.Lambda/a, ref.Lambda)
					for i := range r.C {
						near("c/a", r.C[i]/a, ref.C[i])
						near("s/a", r.S[i]/a, ref.S[i])
					}
				}
			}
		}
	}
}
