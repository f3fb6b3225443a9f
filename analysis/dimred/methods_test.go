package dimred

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
)

// LDS is model/lds's EM with diagonal R from its PCA initialisation: the
// log-likelihood trace equals lds.Fit's and the returned latents are the
// smoothed means under the fitted model (lds.Smooth of every trial), to
// 1e-12 relative, for trials of equal and of unequal lengths.
func TestLDSIsModelLDS(t *testing.T) {
	cases := []struct {
		name    string
		lengths []int
	}{
		{"equal", []int{30, 30, 30, 30, 30, 30}},
		{"unequal", []int{30, 18, 30, 45, 18}},
	}
	const iters, tol = 12, 1e-12
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, uint64(i)))
			truth := randomGPFA(rng, 8, []float64{2, 6})
			var Y []*mat.Dense
			for _, T := range c.lengths {
				y, _ := sampleGPFA(rng, truth, T)
				Y = append(Y, y)
			}
			est, got, err := LDS(context.Background(), Y, 2, iters)
			if err != nil {
				t.Fatal(err)
			}
			data := make([]lds.Sequence, len(Y))
			for k, y := range Y {
				data[k] = lds.Sequence{Y: y}
			}
			m, err := lds.InitPCA(data, 2)
			if err != nil {
				t.Fatal(err)
			}
			want, err := lds.Fit(context.Background(), m, data, lds.Options{Iters: iters, DiagR: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("trace length: got %d, want %d", len(got), len(want))
			}
			for k := range want {
				if math.Abs(got[k]-want[k]) > tol*math.Abs(want[k]) {
					t.Errorf("iteration %d: log-lik got %.15g, want %.15g ± %g rel", k, got[k], want[k], tol)
				}
			}
			for k, s := range data {
				p, err := m.Smooth(s)
				if err != nil {
					t.Fatal(err)
				}
				T, _ := Y[k].Dims()
				if r, c := est[k].Dims(); r != T || c != 2 {
					t.Fatalf("trial %d: latents %d×%d, want %d×2", k, r, c, T)
				}
				for tt := 0; tt < T; tt++ {
					for j := 0; j < 2; j++ {
						g, w := est[k].At(tt, j), p.MeanAt(tt)[j]
						if math.Abs(g-w) > tol*(1+math.Abs(w)) {
							t.Fatalf("trial %d mean (%d,%d): got %.15g, want %.15g ± %g", k, tt, j, g, w, tol)
						}
					}
				}
			}
		})
	}
}

// TestFitFAModel checks the exported FA model against closed forms: β equals
// Λᵀ(ΛΛᵀ + Ψ)⁻¹ computed directly, FA's projections equal Posterior, and on a
// large planted sample the fitted covariance is close to the planted one.
func TestFitFAModel(t *testing.T) {
	const n, k, T = 8, 2, 20000
	rng := rand.New(rand.NewPCG(3, 4))
	L := mat.NewDense(n, k, nil)
	psi := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			L.Set(i, j, rng.NormFloat64())
		}
		psi[i] = 0.5 + rng.Float64()
	}
	Y := mat.NewDense(T, n, nil)
	for r := 0; r < T; r++ {
		z := []float64{rng.NormFloat64(), rng.NormFloat64()}
		for i := 0; i < n; i++ {
			Y.Set(r, i, 1+L.At(i, 0)*z[0]+L.At(i, 1)*z[1]+math.Sqrt(psi[i])*rng.NormFloat64())
		}
	}
	m, lls, err := FitFA([]*mat.Dense{Y}, k, 200)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(lls); i++ {
		if lls[i] < lls[i-1]-1e-9*math.Abs(lls[i-1]) {
			t.Fatalf("log-likelihood decreased at iteration %d: %g -> %g", i, lls[i-1], lls[i])
		}
	}
	C := m.Covariance()
	var Cinv mat.Dense
	if err := Cinv.Inverse(C); err != nil {
		t.Fatal(err)
	}
	var beta mat.Dense
	beta.Mul(m.Loadings.T(), &Cinv)
	if d, _ := maxAbsDiff(beta.RawMatrix().Data, mat.DenseCopyOf(m.Beta).RawMatrix().Data); d > 1e-10 {
		t.Errorf("β vs Λᵀ(ΛΛᵀ+Ψ)⁻¹: max diff %g, want ≤ 1e-10", d)
	}
	var planted mat.SymDense
	planted.SymOuterK(1, L)
	worst := 0.0
	for i := 0; i < n; i++ {
		planted.SetSym(i, i, planted.At(i, i)+psi[i])
		for j := 0; j < n; j++ {
			worst = math.Max(worst, math.Abs(C.At(i, j)-planted.At(i, j))/math.Sqrt(planted.At(i, i)*planted.At(j, j)))
		}
	}
	if worst > 0.05 {
		t.Errorf("fitted vs planted covariance: worst normalised diff %g, want ≤ 0.05", worst)
	}
	Z, _, err := FA([]*mat.Dense{Y}, k, 200)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]float64, k)
	m.Posterior(dst, Y.RawRowView(7))
	for j := 0; j < k; j++ {
		if Z[0].At(7, j) != dst[j] {
			t.Errorf("FA projection %d of row 7: got %g, want Posterior's %g", j, Z[0].At(7, j), dst[j])
		}
	}
}
