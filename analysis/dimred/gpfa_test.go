package dimred

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomGPFA returns a GPFA with q neurons and p latents whose parameters
// are drawn from rng, time scales tau (bins).
func randomGPFA(rng *rand.Rand, q int, tau []float64) *GPFA {
	p := len(tau)
	m := &GPFA{C: mat.NewDense(q, p, nil), D: make([]float64, q), R: make([]float64, q),
		Tau: append([]float64(nil), tau...), Eps: 1e-3}
	for i := 0; i < q; i++ {
		for j := 0; j < p; j++ {
			m.C.Set(i, j, rng.NormFloat64())
		}
		m.D[i] = 2 * rng.NormFloat64()
		m.R[i] = 0.5 + rng.Float64()
	}
	return m
}

// sampleGPFA draws one trial of T bins from m (eq. 1–3): each latent by the
// Cholesky factor of K_i, then y_t = C x_t + d + ε. It returns y (T×q) and
// x (T×p).
func sampleGPFA(rng *rand.Rand, m *GPFA, T int) (*mat.Dense, *mat.Dense) {
	q, p := m.Neurons(), m.Latents()
	x := mat.NewDense(T, p, nil)
	k := make([]float64, T*T)
	for i := 0; i < p; i++ {
		kernel(k, nil, T, m.Tau[i], m.Eps)
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(T, k)) {
			panic("kernel not PD")
		}
		var L mat.TriDense
		ch.LTo(&L)
		w := make([]float64, T)
		for t := range w {
			w[t] = rng.NormFloat64()
		}
		for t := 0; t < T; t++ {
			s := 0.0
			for u := 0; u <= t; u++ {
				s += L.At(t, u) * w[u]
			}
			x.Set(t, i, s)
		}
	}
	y := mat.NewDense(T, q, nil)
	for t := 0; t < T; t++ {
		for a := 0; a < q; a++ {
			s := m.D[a] + math.Sqrt(m.R[a])*rng.NormFloat64()
			for i := 0; i < p; i++ {
				s += m.C.At(a, i) * x.At(t, i)
			}
			y.Set(t, a, s)
		}
	}
	return y, x
}

// dense builds, for one trial of T bins, the prior covariance K̄ of the pT
// latents (latent-major), the loading C̄ (qT×pT, y time-major) and the
// marginal covariance C̄K̄C̄ᵀ + R̄ of eq. 4, entry by entry.
func dense(m *GPFA, T int) (Kb, Cb, Sy *mat.Dense) {
	q, p := m.Neurons(), m.Latents()
	Kb = mat.NewDense(p*T, p*T, nil)
	k := make([]float64, T*T)
	for i := 0; i < p; i++ {
		kernel(k, nil, T, m.Tau[i], m.Eps)
		for a := 0; a < T; a++ {
			for b := 0; b < T; b++ {
				Kb.Set(i*T+a, i*T+b, k[a*T+b])
			}
		}
	}
	Cb = mat.NewDense(q*T, p*T, nil)
	for t := 0; t < T; t++ {
		for a := 0; a < q; a++ {
			for i := 0; i < p; i++ {
				Cb.Set(t*q+a, i*T+t, m.C.At(a, i))
			}
		}
	}
	Sy = mat.NewDense(q*T, q*T, nil)
	var CK mat.Dense
	CK.Mul(Cb, Kb)
	Sy.Mul(&CK, Cb.T())
	for t := 0; t < T; t++ {
		for a := 0; a < q; a++ {
			Sy.Set(t*q+a, t*q+a, Sy.At(t*q+a, t*q+a)+m.R[a])
		}
	}
	return Kb, Cb, Sy
}

// The exact E-step against the brute-force Gaussian conditional on the
// stacked trial: E[x̄|ȳ] = K̄C̄ᵀΣ_y⁻¹(ȳ − d̄), Cov = K̄ − K̄C̄ᵀΣ_y⁻¹C̄K̄, and the
// log-likelihood against the dense multivariate normal density of eq. 4,
// with trials of two lengths (two cached factorisations).
func TestGPFAEStepMatchesDenseGaussian(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := randomGPFA(rng, 4, []float64{1.5, 4})
	lengths := []int{5, 3, 5}
	var Y []*mat.Dense
	for _, T := range lengths {
		y, _ := sampleGPFA(rng, m, T)
		Y = append(Y, y)
	}
	w := newGPFAWork(Y, m.Latents())
	if err := m.estep(Y, w, true); err != nil {
		t.Fatal(err)
	}
	X, ll, err := m.Infer(Y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ll-w.ll) > 1e-12*math.Abs(ll) {
		t.Fatalf("Infer log-lik %v != estep %v", ll, w.ll)
	}
	q, p := m.Neurons(), m.Latents()
	wantLL := 0.0
	for k, y := range Y {
		T := lengths[k]
		Kb, Cb, Sy := dense(m, T)
		var ch mat.Cholesky
		if !ch.Factorize(symOf(Sy)) {
			t.Fatal("Σ_y not PD")
		}
		r := mat.NewVecDense(q*T, nil)
		for tt := 0; tt < T; tt++ {
			for a := 0; a < q; a++ {
				r.SetVec(tt*q+a, y.At(tt, a)-m.D[a])
			}
		}
		var Sr mat.VecDense
		if err := ch.SolveVecTo(&Sr, r); err != nil {
			t.Fatal(err)
		}
		wantLL += -0.5 * (float64(q*T)*math.Log(2*math.Pi) + ch.LogDet() + mat.Dot(r, &Sr))
		var KCt mat.Dense
		KCt.Mul(Kb, Cb.T())
		var mean mat.VecDense
		mean.MulVec(&KCt, &Sr)
		for i := 0; i < p; i++ {
			for tt := 0; tt < T; tt++ {
				if g, w := X[k].At(tt, i), mean.AtVec(i*T+tt); math.Abs(g-w) > 1e-10 {
					t.Fatalf("trial %d latent %d t=%d: got mean %.14g, want %.14g ± 1e-10", k, i, tt, g, w)
				}
			}
		}
		var SiCK, cov mat.Dense
		if err := ch.SolveTo(&SiCK, KCt.T()); err != nil {
			t.Fatal(err)
		}
		cov.Mul(&KCt, &SiCK)
		cov.Sub(Kb, &cov)
		var g *gpfaGroup
		for _, gg := range w.groups {
			if gg.T == T {
				g = gg
			}
		}
		V := mat.NewDense(p*T, p*T, g.v)
		var sigma mat.Dense
		sigma.Mul(V, V.T())
		for a := 0; a < p*T; a++ {
			for b := 0; b < p*T; b++ {
				if gv, wv := sigma.At(a, b), cov.At(a, b); math.Abs(gv-wv) > 1e-10 {
					t.Fatalf("T=%d: posterior cov[%d,%d] got %.14g, want %.14g ± 1e-10", T, a, b, gv, wv)
				}
			}
		}
	}
	// The M-step statistics of each group against the dense posterior:
	// S_i = Σ_k (Cov(x_i) + E x_i E x_iᵀ) and xx = Σ_t Cov(x_t).
	for _, g := range w.groups {
		T, pT := g.T, p*g.T
		V := mat.NewDense(pT, pT, g.v)
		var sigma mat.Dense
		sigma.Mul(V, V.T())
		for i := 0; i < p; i++ {
			for a := 0; a < T; a++ {
				for b := 0; b < T; b++ {
					want := float64(len(g.idx)) * sigma.At(i*T+a, i*T+b)
					for _, k := range g.idx {
						want += X[k].At(a, i) * X[k].At(b, i)
					}
					if got := g.S[i][a*T+b]; math.Abs(got-want) > 1e-10*(1+math.Abs(want)) {
						t.Fatalf("T=%d S_%d[%d,%d]: got %.14g, want %.14g ± 1e-10", T, i, a, b, got, want)
					}
				}
			}
			for j := 0; j < p; j++ {
				want := 0.0
				for tt := 0; tt < T; tt++ {
					want += sigma.At(i*T+tt, j*T+tt)
				}
				if got := g.xx[i*p+j]; math.Abs(got-want) > 1e-10 {
					t.Fatalf("T=%d Σ_t Cov(x_t)[%d,%d]: got %.14g, want %.14g ± 1e-10", T, i, j, got, want)
				}
			}
		}
	}
	if math.Abs(ll-wantLL) > 1e-10*math.Abs(wantLL) {
		t.Fatalf("log-likelihood: got %.14g, want %.14g ± 1e-10 rel", ll, wantLL)
	}
}

// The analytic derivative of the time-scale objective (eq. A10) against a
// central finite difference in log τ.
func TestGPFATauGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := randomGPFA(rng, 6, []float64{2, 6})
	var Y []*mat.Dense
	for _, T := range []int{12, 12, 7} {
		y, _ := sampleGPFA(rng, m, T)
		Y = append(Y, y)
	}
	w := newGPFAWork(Y, 2)
	if err := m.estep(Y, w, true); err != nil {
		t.Fatal(err)
	}
	buf := make([]float64, 4*12*12)
	for i := 0; i < 2; i++ {
		// The E-step's time scale (K⁻¹ reused from the E-step) and others.
		for _, tau := range []float64{m.Tau[i], 1, math.E, math.Exp(2.5)} {
			lt := math.Log(tau)
			f0, df, ok := m.gpObjective(w, i, tau, true, buf)
			const h = 1e-5
			fp, _, ok1 := m.gpObjective(w, i, math.Exp(lt+h), false, buf)
			fm, _, ok2 := m.gpObjective(w, i, math.Exp(lt-h), false, buf)
			fc, _, ok3 := m.gpObjective(w, i, tau*(1+1e-15)+1e-300, false, buf) // not the cached τ
			if !ok || !ok1 || !ok2 || !ok3 {
				t.Fatal("kernel not PD")
			}
			if math.Abs(f0-fc) > 1e-9*math.Abs(f0) {
				t.Errorf("latent %d log τ=%g: f got %.12g, want %.12g (recomputed K⁻¹) ± 1e-9 rel", i, lt, f0, fc)
			}
			fd := (fp - fm) / (2 * h)
			if math.Abs(df-fd) > 1e-6*(1+math.Abs(fd)) {
				t.Errorf("latent %d log τ=%g: got ∂f %.10g, want %.10g ± 1e-6 rel", i, lt, df, fd)
			}
		}
	}
}

// Orthonormalisation keeps C x (= U x̃) and gives UᵀU = I.
func TestGPFAOrthonormalize(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	m := randomGPFA(rng, 7, []float64{2, 3, 5})
	X := []*mat.Dense{mat.NewDense(4, 3, nil)}
	for i := 0; i < 4; i++ {
		for j := 0; j < 3; j++ {
			X[0].Set(i, j, rng.NormFloat64())
		}
	}
	Xo, U, err := m.Orthonormalize(X)
	if err != nil {
		t.Fatal(err)
	}
	var UtU, a, b mat.Dense
	UtU.Mul(U.T(), U)
	if !mat.EqualApprox(&UtU, eye(3), 1e-12) {
		t.Fatalf("UᵀU: got %v, want I ± 1e-12", mat.Formatted(&UtU))
	}
	a.Mul(X[0], m.C.T())
	b.Mul(Xo[0], U.T())
	if !mat.EqualApprox(&a, &b, 1e-12) {
		t.Fatal("C x != U x̃ (± 1e-12)")
	}
}

func eye(n int) *mat.Dense {
	d := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		d.Set(i, i, 1)
	}
	return d
}

// maxPrincipalAngle returns the largest principal angle (radians) between
// the column spaces of a and b (Björck & Golub 1973: the singular values
// of Q_aᵀQ_b are the cosines).
func maxPrincipalAngle(a, b *mat.Dense) float64 {
	orth := func(x *mat.Dense) *mat.Dense {
		var qr mat.QR
		qr.Factorize(x)
		var Q mat.Dense
		qr.QTo(&Q)
		r, c := x.Dims()
		return mat.DenseCopyOf(Q.Slice(0, r, 0, c))
	}
	var M mat.Dense
	M.Mul(orth(a).T(), orth(b))
	var svd mat.SVD
	svd.Factorize(&M, mat.SVDNone)
	s := svd.Values(nil)
	return math.Acos(math.Min(1, s[len(s)-1]))
}

// Planted ground truth: data drawn from a GPFA with time scales 3 and 10
// bins. EM from FA recovers both time scales within 20 % and the loading
// subspace within a few degrees, and its log-likelihood never decreases
// (the C, d, R M-step is exact and a time-scale step is kept only if it
// raises the expected complete-data log-likelihood, so the tolerance is
// rounding: 1e-9 relative, the same as CILDS).
func TestGPFARecoversPlanted(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	truth := randomGPFA(rng, 20, []float64{3, 10})
	var Y, X []*mat.Dense
	for k := 0; k < 40; k++ {
		y, x := sampleGPFA(rng, truth, 50)
		Y, X = append(Y, y), append(X, x)
	}
	m, lls, err := FitGPFA(context.Background(), Y, 2, GPFAOptions{Iters: 150, Tol: -1, TauInit: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(lls); i++ {
		if lls[i] < lls[i-1]-1e-9*math.Abs(lls[i-1]) {
			t.Fatalf("iteration %d: log-lik got %.12g, want ≥ %.12g (previous)", i, lls[i], lls[i-1])
		}
	}
	if !(lls[len(lls)-1] > lls[0]) {
		t.Fatalf("EM did not improve: %g -> %g", lls[0], lls[len(lls)-1])
	}
	tau := append([]float64(nil), m.Tau...)
	sort.Float64s(tau)
	for i, want := range []float64{3, 10} {
		if math.Abs(tau[i]-want) > 0.2*want {
			t.Errorf("τ[%d]: got %.3g bins, want %g ± 20%%", i, tau[i], want)
		}
	}
	if ang := maxPrincipalAngle(m.C, truth.C) * 180 / math.Pi; ang > 5 {
		t.Errorf("largest principal angle between loading subspaces: got %.2f°, want ≤ 5°", ang)
	}
	est, _, err := m.Infer(Y)
	if err != nil {
		t.Fatal(err)
	}
	if est, _, err = m.Orthonormalize(est); err != nil {
		t.Fatal(err)
	}
	r2 := CVR2(est, X)
	if r2 < 0.9 {
		t.Errorf("cross-validated R² of the orthonormalised latents: got %.3f, want ≥ 0.9", r2)
	}
	t.Logf("latent R² %.4f", r2)
	t.Logf("τ = %.3f, %.3f bins; largest principal angle %.3f°; ll %g -> %g in %d iterations", tau[0], tau[1], maxPrincipalAngle(m.C, truth.C)*180/math.Pi, lls[0], lls[len(lls)-1], len(lls)-1)
}

// GPFALatents is FitGPFA, then Infer, then Orthonormalize.
func TestGPFALatentsComposition(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	truth := randomGPFA(rng, 6, []float64{2})
	var Y []*mat.Dense
	for _, T := range []int{10, 12, 10} {
		y, _ := sampleGPFA(rng, truth, T)
		Y = append(Y, y)
	}
	opt := GPFAOptions{Iters: 5, Tol: -1}
	got, _, err := GPFALatents(context.Background(), Y, 1, opt)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := FitGPFA(context.Background(), Y, 1, opt)
	if err != nil {
		t.Fatal(err)
	}
	X, _, err := m.Infer(Y)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := m.Orthonormalize(X)
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if !mat.Equal(got[k], want[k]) {
			t.Fatalf("trial %d: GPFALatents differs from FitGPFA+Infer+Orthonormalize", k)
		}
	}
}

// Bad input: a latent dimension not below the neuron count.
func TestGPFABadDimension(t *testing.T) {
	Y := []*mat.Dense{mat.NewDense(10, 3, nil)}
	if _, _, err := FitGPFA(context.Background(), Y, 3, GPFAOptions{}); err == nil {
		t.Fatal("p = q: got nil error, want one")
	}
}

// One GPFA EM iteration (E-step with the factorisation shared by the 40
// equal-length trials, exact M-step for C, d, R, gradient steps on log τ)
// at the size of the cilds experiment's part (C): q = 30, p = 3, 40 trials
// of 80 bins.
func BenchmarkGPFAIterQ30P3K40T80(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	truth := randomGPFA(rng, 30, []float64{4, 8, 20})
	var Y []*mat.Dense
	for k := 0; k < 40; k++ {
		y, _ := sampleGPFA(rng, truth, 80)
		Y = append(Y, y)
	}
	m, _, err := FitGPFA(context.Background(), Y, 3, GPFAOptions{Iters: 2, TauInit: 4})
	if err != nil {
		b.Fatal(err)
	}
	floor := make([]float64, 30)
	w := newGPFAWork(Y, 3)
	ts := newTauState(3)
	b.ResetTimer()
	for b.Loop() {
		if err := m.estep(Y, w, true); err != nil {
			b.Fatal(err)
		}
		if err := m.mstepObs(Y, w, floor); err != nil {
			b.Fatal(err)
		}
		m.mstepTau(w, 6, ts)
	}
}
