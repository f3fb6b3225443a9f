package dimred

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// within runs f under a deadline so that a hang fails the test fast.
func within(t *testing.T, name string, f func()) {
	t.Helper()
	deadline.Run(t, 5*time.Second, name, f)
}

// latentTrials returns K trials of T frames of N neurons driven by one AR(1)
// latent, every value mapped by f.
func latentTrials(K, T, N int, f func(v float64) float64) []*mat.Dense {
	rng := rand.New(rand.NewPCG(1, 2))
	Y := make([]*mat.Dense, K)
	for k := range Y {
		Y[k] = mat.NewDense(T, N, nil)
		z := 0.0
		for t := 0; t < T; t++ {
			z = 0.9*z + rng.NormFloat64()
			for i := 0; i < N; i++ {
				Y[k].Set(t, i, f(float64(i%3+1)*z+rng.NormFloat64()+5))
			}
		}
	}
	return Y
}

func latentDiff(a, b []*mat.Dense, scale float64) float64 {
	var d float64
	for k := range a {
		r, c := a[k].Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				d = math.Max(d, math.Abs(a[k].At(i, j)/scale-b[k].At(i, j)))
			}
		}
	}
	return d
}

// TestExtremeScaleEquivariance: under y → αy the FA and LDS latents are
// unchanged, the GPFA orthonormalised latents scale by α, the PCA variances
// by α² and every log-likelihood shifts by −N·frames·ln α, from α = 1e-300
// to 1e300. Before the fix FA's absolute floor on the private variances
// made every latent 0 from α = 1e-8 on (and GPFA's with it), and PCA,
// GPFA and LDS failed at 1e300 ("eigen-decomposition failed") and 1e-300.
func TestExtremeScaleEquivariance(t *testing.T) {
	ctx := context.Background()
	Y := latentTrials(4, 20, 5, func(v float64) float64 { return v })
	frames, n := 80.0, 5.0
	pca0, _ := FitPCA(Y, 1)
	fa0, fll0, _ := FA(Y, 1, 20)
	lds0, lll0, _ := LDS(ctx, Y, 1, 5)
	gp0, gll0, err := GPFALatents(ctx, Y, 1, GPFAOptions{Iters: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []float64{0x1p-1000, 0x1p-500, 0x1p-27, 0x1p27, 0x1p500, 0x1p1000} {
		Ya := make([]*mat.Dense, len(Y))
		for k, y := range Y {
			Ya[k] = mat.DenseCopyOf(y)
			Ya[k].Scale(a, Ya[k])
		}
		dll := -frames * n * math.Log(a)
		within(t, fmt.Sprintf("×%g", a), func() {
			pca, err := FitPCA(Ya, 1)
			if err != nil {
				t.Fatalf("×%g PCA: %v", a, err)
			}
			// (α² itself is beyond float64 at 2^±1000)
			if v := pca.Variances[0] / a / a; math.Abs(a) < 0x1p501 && math.Abs(a) > 0x1p-501 && math.Abs(v-pca0.Variances[0]) > 1e-9*pca0.Variances[0] {
				t.Errorf("×%g PCA variance/α² = %g, want %g", a, v, pca0.Variances[0])
			}
			check := func(what string, Z, Z0 []*mat.Dense, lls, lls0 []float64, scale float64, err error) {
				if err != nil {
					t.Fatalf("×%g %s: %v", a, what, err)
				}
				if d := latentDiff(Z, Z0, scale); d > 1e-6 {
					t.Errorf("×%g %s: latents differ by %g", a, what, d)
				}
				for i := range lls {
					if d := lls[i] - dll - lls0[i]; math.Abs(d) > 1e-6*math.Abs(lls0[i]) {
						t.Errorf("×%g %s: ℓ[%d] = %g, want %g", a, what, i, lls[i], lls0[i]+dll)
					}
				}
			}
			fa, fll, err := FA(Ya, 1, 20)
			check("FA", fa, fa0, fll, fll0, 1, err)
			ld, lll, err := LDS(ctx, Ya, 1, 5)
			check("LDS", ld, lds0, lll, lll0, 1, err)
			gp, gll, err := GPFALatents(ctx, Ya, 1, GPFAOptions{Iters: 5})
			check("GPFA", gp, gp0, gll, gll0, a, err)
		})
	}
}

// TestExtremeNarrowColumns: values 1e17 + 16k (one ulp apart) are fitted as
// the integers k are (shift invariance); before the fix the rounding of the
// column means biased the covariance and GPFA failed with
// ErrLikelihoodDecreased.
func TestExtremeNarrowColumns(t *testing.T) {
	ctx := context.Background()
	K := latentTrials(4, 20, 5, func(v float64) float64 { return math.Round(4 * v) })
	Y := make([]*mat.Dense, len(K))
	for k, y := range K {
		Y[k] = mat.DenseCopyOf(y)
		Y[k].Apply(func(_, _ int, v float64) float64 { return 1e17 + 16*v }, Y[k])
	}
	pk, _ := FitPCA(K, 1)
	py, err := FitPCA(Y, 1)
	if err != nil || math.Abs(py.Variances[0]/256-pk.Variances[0]) > 1e-9*pk.Variances[0] {
		t.Errorf("PCA variance/256 = %g (%v), want %g", py.Variances[0]/256, err, pk.Variances[0])
	}
	fk, _, _ := FA(K, 1, 20)
	fy, _, err := FA(Y, 1, 20)
	if err != nil || latentDiff(fy, fk, 1) > 1e-6 {
		t.Errorf("FA: %v, latents differ by %g", err, latentDiff(fy, fk, 1))
	}
	gk, _, _ := GPFALatents(ctx, K, 1, GPFAOptions{Iters: 5})
	gy, _, err := GPFALatents(ctx, Y, 1, GPFAOptions{Iters: 5})
	if err != nil || latentDiff(gy, gk, 16) > 1e-6 {
		t.Errorf("GPFA: %v, latents differ", err)
	}
}

// TestExtremeDegenerate: all-constant or all-zero data are an input error
// for FA and GPFA (they returned latents ≡ 0 with a log-likelihood of
// +5159) and for LDS; minimal shapes return or fail with an error, never
// panic or hang.
func TestExtremeDegenerate(t *testing.T) {
	ctx := context.Background()
	for _, c := range []float64{0, 3, 1e300} {
		Y := latentTrials(3, 10, 4, func(float64) float64 { return c })
		within(t, "constant", func() {
			if _, _, err := FA(Y, 1, 5); !errors.Is(err, experiment.ErrInput) {
				t.Errorf("constant %g: FA err = %v, want an input error", c, err)
			}
			if _, _, err := GPFALatents(ctx, Y, 1, GPFAOptions{Iters: 3}); !errors.Is(err, experiment.ErrInput) {
				t.Errorf("constant %g: GPFA err = %v, want an input error", c, err)
			}
			if _, _, err := LDS(ctx, Y, 1, 3); !errors.Is(err, experiment.ErrInput) {
				t.Errorf("constant %g: LDS err = %v, want an input error", c, err)
			}
			if m, err := FitPCA(Y, 1); err != nil || m.Variances[0] != 0 {
				t.Errorf("constant %g: PCA %v, %v; want variance 0", c, m, err)
			}
		})
	}
	shapes := map[string][]*mat.Dense{
		"1 trial × 2 frames": latentTrials(1, 2, 5, func(v float64) float64 { return v }),
		"1 trial × 1 frame":  latentTrials(1, 1, 5, func(v float64) float64 { return v }),
		"2 neurons":          latentTrials(3, 10, 2, func(v float64) float64 { return v }),
		"3 frames × 200":     latentTrials(1, 3, 200, func(v float64) float64 { return v }),
	}
	for name, Y := range shapes {
		within(t, name, func() {
			FitPCA(Y, 1)
			FA(Y, 1, 5)
			LDS(ctx, Y, 1, 3)
			GPFALatents(ctx, Y, 1, GPFAOptions{Iters: 3})
			if m, err := InitCILDS(ctx, Y, 1, 3); err == nil {
				m.Fit(ctx, Y, FitOptions{Iters: 2})
			}
		})
	}
}

// TestExtremeCILDSScale: InitCILDS, Fit and EStep are equivariant under
// y → αy for traces far outside the units of the authors' variance floors
// (before the fix every α ≤ 1e-8 gave the same floor-dominated,
// meaningless log-likelihood trace and α ≥ 1e8 a singular-matrix error);
// traces whose variances are beyond float64 are an input error.
func TestExtremeCILDSScale(t *testing.T) {
	ctx := context.Background()
	Y := latentTrials(4, 30, 5, func(v float64) float64 { return v })
	run := func(Ya []*mat.Dense) ([]float64, float64, float64, error) {
		m, err := InitCILDS(ctx, Ya, 1, 5)
		if err != nil {
			return nil, 0, 0, err
		}
		lls, err := m.Fit(ctx, Ya, FitOptions{Iters: 4})
		if err != nil {
			return nil, 0, 0, err
		}
		posts, ll, err := m.EStep(ctx, Ya, 1)
		if err != nil {
			return nil, 0, 0, err
		}
		return lls, ll, posts[1].Z(5).At(7, 0), nil
	}
	lls0, ll0, z0, err := run(Y)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []float64{0x1p-30, 0x1p-100, 0x1p30, 0x1p100} {
		Ya := scaleTrials(Y, 0)
		for _, y := range Ya {
			y.Scale(a, y)
		}
		within(t, fmt.Sprintf("CILDS ×%g", a), func() {
			lls, ll, z, err := run(Ya)
			if err != nil {
				t.Fatalf("×%g: %v", a, err)
			}
			shift := -4 * 30 * 5 * math.Log(a)
			for i := range lls {
				if math.Abs(lls[i]-shift-lls0[i]) > 1e-6*math.Abs(lls0[i]) {
					t.Errorf("×%g: ℓ[%d] = %g, want %g", a, i, lls[i], lls0[i]+shift)
				}
			}
			if math.Abs(ll-shift-ll0) > 1e-6*math.Abs(ll0) || math.Abs(z-z0) > 1e-6 {
				t.Errorf("×%g: EStep ℓ %g latent %g, want %g, %g", a, ll, z, ll0+shift, z0)
			}
		})
	}
	for _, a := range []float64{0x1p-1000, 0x1p1000} {
		Ya := scaleTrials(Y, 0)
		for _, y := range Ya {
			y.Scale(a, y)
		}
		if _, err := InitCILDS(ctx, Ya, 1, 5); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("×%g: err = %v, want an input error", a, err)
		}
	}
}

// TestExtremeAlignR2Scale: the latent R² is invariant under scaling the
// estimates or the true latents far beyond the range of their squares
// (before the fix NaN at ×1e-300 and a meaningless −0.0006 for R² = 1 at
// estimates ×1e160).
func TestExtremeAlignR2Scale(t *testing.T) {
	Z := latentTrials(6, 20, 2, func(v float64) float64 { return v })
	E := latentTrials(6, 20, 2, func(v float64) float64 { return 2*v + 1 + 0.5*math.Sin(3*v) })
	r0 := CVR2(E, Z)
	if !(r0 > 0 && r0 < 1) {
		t.Fatalf("reference R² = %g", r0)
	}
	for _, a := range []float64{1e-300, 1e-160, 1e160, 1e300} {
		Ea, Za := scaleTrials(E, 0), scaleTrials(Z, 0)
		for k := range Ea {
			Ea[k].Scale(a, Ea[k])
			Za[k].Scale(a, Za[k])
		}
		for name, r := range map[string]float64{"estimates": CVR2(Ea, Z), "latents": CVR2(E, Za), "both": CVR2(Ea, Za)} {
			if math.Abs(r-r0) > 1e-9 {
				t.Errorf("×%g %s: R² = %g, want %g", a, name, r, r0)
			}
		}
	}
}
