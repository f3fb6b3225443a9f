package dimred

import (
	"context"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// CILDS's variance floors are in data units, and the rescaled path brings
// the largest |y| into [1, 2). With the lower bound at 2^-10, traces whose
// largest |y| lay in [2^-10, 1) were fitted unscaled against floors as large
// as their noise: at ×2^-11 (largest |y| 0.010) the smoothed latent was 0.88
// for 2.76, while ×2^-15, rescaled, gave 2.76 again. Every scale, on either
// side of each bound, must give the unscaled fit (ℓ shifted by −N·frames·ln a).
func TestCILDSScaleContinuity(t *testing.T) {
	ctx := context.Background()
	Y := latentTrials(4, 30, 5, func(v float64) float64 { return v })
	run := func(a float64) (llFit, ll, z float64, err error) {
		Ya := scaleTrials(Y, 0)
		for _, y := range Ya {
			y.Scale(a, y)
		}
		m, err := InitCILDS(ctx, Ya, 1, 5)
		if err != nil {
			return 0, 0, 0, err
		}
		lls, err := m.Fit(ctx, Ya, FitOptions{Iters: 4})
		if err != nil {
			return 0, 0, 0, err
		}
		posts, ll, err := m.EStep(ctx, Ya, 1)
		if err != nil {
			return 0, 0, 0, err
		}
		sh := -4 * 30 * 5 * math.Log(a)
		return lls[len(lls)-1] - sh, ll - sh, posts[1].Z(5).At(7, 0), nil
	}
	l0, ll0, z0, err := run(1)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []int{-2, -5, -8, -10, -11, -12, -15, -16, 15, 16} {
		a := math.Ldexp(1, e)
		within(t, fmt.Sprintf("CILDS ×2^%d", e), func() {
			l, ll, z, err := run(a)
			if err != nil {
				t.Fatalf("×2^%d: %v", e, err)
			}
			if math.Abs(l-l0) > 1e-6*math.Abs(l0) || math.Abs(ll-ll0) > 1e-6*math.Abs(ll0) || math.Abs(z-z0) > 1e-6 {
				t.Errorf("×2^%d: Fit ℓ %g, EStep ℓ %g, latent %g; want %g, %g, %g", e, l, ll, z, l0, ll0, z0)
			}
		})
	}
}

// maxAbs returns the largest |y| over the trials.
func maxAbs(Y []*mat.Dense) float64 {
	var m float64
	for _, y := range Y {
		r, c := y.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				m = math.Max(m, math.Abs(y.At(i, j)))
			}
		}
	}
	return m
}

// scalesAround returns power-of-two factors that put the largest |y| of Y
// just below and just above 2^bound (and one step further on either side).
func scalesAround(Y []*mat.Dense, bound int) []int {
	_, e0 := math.Frexp(maxAbs(Y)) // max in [2^(e0-1), 2^e0)
	return []int{bound - e0 - 1, bound - e0, bound - e0 + 1, bound - e0 + 2}
}

// Every field of the fitted models, for data just inside and just outside
// each rescaling bound (PCA and GPFA 2^±200, FA 2^-10 and 2^20, CILDS 1 and
// 2^20), must equal the unscaled fit's mapped back with its power of the
// scale (means and loadings 1, variances 2, β −1; gains, decays, latent
// parameters and ratios 0). Power-of-two factors: both paths see the same
// problem exactly.
func TestModelFieldsAtScaleBounds(t *testing.T) {
	ctx := context.Background()
	Y := latentTrials(4, 30, 5, func(v float64) float64 { return v })
	scaled := func(e int) []*mat.Dense {
		Ya := scaleTrials(Y, 0)
		for _, y := range Ya {
			y.Scale(math.Ldexp(1, e), y)
		}
		return Ya
	}
	type field struct {
		name string
		v    []float64
		p    int // power of the scale
	}
	cmp := func(what string, e int, got, want []field) {
		t.Helper()
		for k := range want {
			for i := range want[k].v {
				g := ldexp(got[k].v[i], -want[k].p*e)
				if w := want[k].v[i]; math.Abs(g-w) > 1e-9*(1+math.Abs(w)) {
					t.Errorf("%s ×2^%d: %s[%d] = %g (mapped back), want %g", what, e, want[k].name, i, g, w)
					break
				}
			}
		}
	}
	raw := func(m *mat.Dense) []float64 { return mat.DenseCopyOf(m).RawMatrix().Data }

	pca := func(Ya []*mat.Dense) []field {
		m, err := FitPCA(Ya, 2)
		if err != nil {
			t.Fatal(err)
		}
		return []field{{"mean", m.Mean, 1}, {"components", raw(m.Components), 0}, {"variances", m.Variances, 2},
			{"total", []float64{m.TotalVariance}, 2}, {"ratio", m.ExplainedRatio, 0}}
	}
	fa := func(Ya []*mat.Dense) []field {
		m, _, err := FitFA(Ya, 2, 30)
		if err != nil {
			t.Fatal(err)
		}
		return []field{{"loadings", raw(m.Loadings), 1}, {"psi", m.Psi, 2}, {"mean", m.Mean, 1}, {"beta", raw(m.Beta), -1}}
	}
	gpfa := func(Ya []*mat.Dense) []field {
		m, _, err := FitGPFA(ctx, Ya, 1, GPFAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return []field{{"C", raw(m.C), 1}, {"d", m.D, 1}, {"R", m.R, 2}, {"tau", m.Tau, 0}}
	}
	cilds := func(Ya []*mat.Dense) []field {
		m, err := InitCILDS(ctx, Ya, 1, 5)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Fit(ctx, Ya, FitOptions{Iters: 3}); err != nil {
			t.Fatal(err)
		}
		return []field{{"B", m.B, 0}, {"G", m.G, 0}, {"R", m.R, 2}, {"Q", m.Q, 2}, {"Cov1", m.Cov1, 2},
			{"B0", m.B0, 1}, {"Mu1", m.Mu1, 1}, {"A", raw(m.A), 1}, {"D", m.D, 0}, {"P", m.P, 0}, {"H2", m.H2, 0}, {"G2", m.G2, 0}}
	}
	for _, c := range []struct {
		name   string
		fit    func([]*mat.Dense) []field
		bounds []int
	}{
		{"PCA", pca, []int{-200, 200}},
		{"FA", fa, []int{-10, 20}},
		{"GPFA", gpfa, []int{-200, 200}},
		{"CILDS", cilds, []int{0, 20}},
	} {
		ref := c.fit(Y)
		for _, b := range c.bounds {
			for _, e := range scalesAround(Y, b) {
				cmp(c.name, e, c.fit(scaled(e)), ref)
			}
		}
	}
}

// Trials offset beyond FA's upper bound 2^20 but not narrow (2^20..2^30
// plus a spread of ~10) were scaled by their magnitude, which put their
// variances (~2^-40) below FA's absolute floor on the private variances:
// every FA latent was lost (errors of 0.8 to 2.7 against latents of SD ~1).
// The scale now follows the spread. FA, PCA and LDS latents must not move
// with the offset (the values lie on a 2^-6 grid: adding the offset is
// exact up to 2^46).
func TestOffsetTrialsBeyondFABound(t *testing.T) {
	ctx := context.Background()
	grid := func(off float64) []*mat.Dense {
		return latentTrials(4, 30, 5, func(v float64) float64 { return math.Round(v*64)/64 + off })
	}
	Y := grid(0)
	fa0, _, err := FA(Y, 2, 50)
	if err != nil {
		t.Fatal(err)
	}
	pca0, err := PCA(Y, 2)
	if err != nil {
		t.Fatal(err)
	}
	lds0, _, err := LDS(ctx, Y, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []int{16, 19, 20, 21, 24, 28, 30, 32, 40} {
		Ya := grid(math.Ldexp(1, e))
		within(t, fmt.Sprintf("offset 2^%d", e), func() {
			fa, _, err := FA(Ya, 2, 50)
			if err != nil {
				t.Fatalf("offset 2^%d: FA: %v", e, err)
			}
			pca, err := PCA(Ya, 2)
			if err != nil {
				t.Fatalf("offset 2^%d: PCA: %v", e, err)
			}
			lds, _, err := LDS(ctx, Ya, 1, 10)
			if err != nil {
				t.Fatalf("offset 2^%d: LDS: %v", e, err)
			}
			for _, c := range []struct {
				name      string
				got, want []*mat.Dense
			}{{"FA", fa, fa0}, {"PCA", pca, pca0}, {"LDS", lds, lds0}} {
				if d := latentDiff(c.got, c.want, 1); d > 1e-6 {
					t.Errorf("offset 2^%d: %s latents differ by %g", e, c.name, d)
				}
			}
		})
	}
}
