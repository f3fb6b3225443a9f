package dimred

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
	"neurolab/synth/calcium"
)

func fromParams(p calcium.CILDSParams) *CILDS {
	m := &CILDS{B: p.B, R: p.R, G: p.G, B0: p.B0, Q: p.Q, A: p.A, D: p.D, P: p.P, Mu1: p.Mu1, Cov1: p.Cov1, H2: p.H2, G2: p.G2}
	return m.Clone()
}

func demo(seed uint64, q, p, T, K int) (*CILDS, []*mat.Dense, []*mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, 99))
	par := calcium.DemoCILDS(rng, q, p)
	var Y, Z []*mat.Dense
	for k := 0; k < K; k++ {
		y, _, z := calcium.SampleCILDS(rng, par, T)
		Y = append(Y, y)
		Z = append(Z, z)
	}
	return fromParams(par), Y, Z
}

// The shared-covariance smoother's likelihood and means equal those of the
// general Kalman/RTS implementation in model/lds on the augmented model.
func TestSmootherMatchesLDS(t *testing.T) {
	for _, T := range []int{40, 600} { // 600: the recursions reach steady state
		t.Run("", func(t *testing.T) { smootherMatches(t, T) })
	}
}

func smootherMatches(t *testing.T, T int) {
	m, Y, _ := demo(1, 6, 2, T, 2)
	sl := m.shared()
	ref := &lds.Model{A: sl.A, Q: symOf(sl.Q), C: sl.C, R: symOf(diagMat(sl.R)), Mu0: sl.Mu0, V0: symOf(sl.V0), Bias: sl.Bias}
	posts, _, err := m.EStep(context.Background(), Y, 1)
	if err != nil {
		t.Fatal(err)
	}
	for k, y := range Y {
		rp, err := ref.Smooth(lds.Sequence{Y: y})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(rp.LogLik-posts[k].LogLik) > 1e-8*math.Abs(rp.LogLik) {
			t.Fatalf("trial %d: got log-lik %.10g, want %.10g ± 1e-8 rel", k, posts[k].LogLik, rp.LogLik)
		}
		T, d := posts[k].Mean.Dims()
		for tt := 0; tt < T; tt++ {
			for i := 0; i < d; i++ {
				if g, w := posts[k].Mean.At(tt, i), rp.MeanAt(tt)[i]; math.Abs(g-w) > 1e-8*(1+math.Abs(w)) {
					t.Fatalf("trial %d t=%d state %d: got mean %g, want %g ± 1e-8", k, tt, i, g, w)
				}
			}
		}
	}
}

func diagMat(v []float64) *mat.Dense {
	d := mat.NewDense(len(v), len(v), nil)
	for i, x := range v {
		d.Set(i, i, x)
	}
	return d
}

func symOf(a *mat.Dense) *mat.SymDense {
	n, _ := a.Dims()
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, 0.5*(a.At(i, j)+a.At(j, i)))
		}
	}
	return s
}

func TestCILDSEMMonotone(t *testing.T) {
	_, Y, _ := demo(2, 8, 2, 60, 10)
	m, err := InitCILDS(context.Background(), Y, 2, 20)
	if err != nil {
		t.Fatal(err)
	}
	lls, err := m.Fit(context.Background(), Y, FitOptions{Iters: 30, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(lls); i++ {
		if lls[i] < lls[i-1]-1e-9*math.Abs(lls[i-1]) {
			t.Fatalf("iteration %d: log-lik %g < previous %g", i, lls[i], lls[i-1])
		}
	}
	if !(lls[len(lls)-1] > lls[0]) {
		t.Fatalf("EM did not improve: %g -> %g", lls[0], lls[len(lls)-1])
	}
}

// FA: EM log-likelihood never decreases and R² of planted factors is high.
func TestFAAndR2(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	n, k, T := 12, 2, 2000
	L := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			L.Set(i, j, rng.NormFloat64())
		}
	}
	var Y, Z []*mat.Dense
	for tr := 0; tr < 4; tr++ {
		y, z := mat.NewDense(T/4, n, nil), mat.NewDense(T/4, k, nil)
		for t := 0; t < T/4; t++ {
			for j := 0; j < k; j++ {
				z.Set(t, j, rng.NormFloat64())
			}
			for i := 0; i < n; i++ {
				s := 0.3 * rng.NormFloat64() * float64(1+i%3)
				for j := 0; j < k; j++ {
					s += L.At(i, j) * z.At(t, j)
				}
				y.Set(t, i, s)
			}
		}
		Y, Z = append(Y, y), append(Z, z)
	}
	est, lls, err := FA(Y, k, 50)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(lls); i++ {
		if lls[i] < lls[i-1]-1e-9*math.Abs(lls[i-1]) {
			t.Fatalf("FA iteration %d: log-lik %g < %g", i, lls[i], lls[i-1])
		}
	}
	if r2 := CVR2(est, Z); r2 < 0.9 {
		t.Fatalf("FA R²: got %g, want ≥ 0.9", r2)
	}
	if r2 := CVR2(Z, Z); math.Abs(r2-1) > 1e-12 {
		t.Fatalf("R² of the truth: got %g, want 1", r2)
	}
}

// One EM iteration (E-step with shared covariances + M-step) at the size of
// the cilds experiment's part (C): q = 30, p = 3, 40 trials of 80 frames.
func BenchmarkCILDSIterQ30P3K40T80(b *testing.B) {
	_, Y, _ := demo(7, 30, 3, 80, 40)
	m, err := InitCILDS(context.Background(), Y, 3, 10)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Fit(context.Background(), Y, FitOptions{Iters: 1, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// The batched E-step gives bit-identical means and log-likelihoods for any
// worker count (the trials are cut into fixed batches).
func TestCILDSEStepWorkers(t *testing.T) {
	m, Y, _ := demo(4, 6, 2, 25, 37) // 37 trials: three batches, the last partial
	a, lla, err := m.EStep(context.Background(), Y, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, llb, err := m.EStep(context.Background(), Y, 3)
	if err != nil {
		t.Fatal(err)
	}
	if lla != llb {
		t.Fatalf("log-lik: workers 1 gives %v, workers 3 gives %v", lla, llb)
	}
	for k := range a {
		if !mat.Equal(a[k].Mean, b[k].Mean) {
			t.Fatalf("trial %d: means differ between 1 and 3 workers", k)
		}
	}
}

// TestCovariancesMemoryBounded: once the covariance recursions reach steady
// state the later time steps share buffers, so a long recording needs
// memory for the steps before steady state only (a 36 000-frame, 400-cell
// recording would otherwise need 6·T·D² floats); and the smoothed result
// matches the general implementation there too.
func TestCovariancesMemoryBounded(t *testing.T) {
	const T = 4000
	m, _, _ := demo(3, 5, 2, 10, 1)
	sl := m.shared()
	sl.CrossQ = m.Neurons()
	cp, err := sl.covariances(T, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cp.pool) > 6*T/10 {
		t.Errorf("covariance buffers: got %d D×D buffers for T = %d, want ≤ %d (steady state shares them)", len(cp.pool), T, 6*T/10)
	}
	n := len(cp.pool)
	t.Logf("%d D×D buffers for T = %d (6·T = %d without sharing)", n, T, 6*T)
	if _, err := sl.covariances(T, cp); err != nil || len(cp.pool) != n {
		t.Errorf("second pass: %d buffers (err %v), want the %d of the first reused", len(cp.pool), err, n)
	}
	smootherMatches(t, 3000)
}
