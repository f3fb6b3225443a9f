package lds

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Metamorphic tests: transform the model and/or the data in a way whose
// effect on the likelihood, the posteriors or the EM iterates is known
// exactly, run twice and compare. Tolerances are floating-point reordering
// only (the transformed problem is solved with other, equally exact,
// arithmetic).

// randInvertible returns a well-conditioned n×n matrix I + 0.3·G/√n.
func randInvertible(rng *rand.Rand, n int) *mat.Dense {
	S := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			S.Set(i, j, 0.3*rng.NormFloat64()/math.Sqrt(float64(n)))
		}
		S.Set(i, i, S.At(i, i)+1)
	}
	return S
}

// congruent returns S X Sᵀ as a symmetric matrix (symmetrised exactly).
func congruent(S *mat.Dense, X mat.Symmetric) *mat.SymDense {
	var t, u mat.Dense
	t.Mul(S, X)
	u.Mul(&t, S.T())
	n, _ := u.Dims()
	out := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			out.SetSym(i, j, 0.5*(u.At(i, j)+u.At(j, i)))
		}
	}
	return out
}

func mulVecDense(M *mat.Dense, x []float64) []float64 {
	if x == nil {
		return nil
	}
	r, _ := M.Dims()
	out := make([]float64, r)
	mulVec(out, M, x)
	return out
}

// latentTransform returns the model of the latent z' = S z: A' = S A S⁻¹,
// Q' = S Q Sᵀ, C' = C S⁻¹, B' = S B, b' = S b, μ0' = S μ0, V0' = S V0 Sᵀ.
// It defines the same distribution of y (the latents are only a change of
// coordinates), so log p(y) is unchanged and E[z'|y] = S E[z|y],
// Cov(z'|y) = S Cov(z|y) Sᵀ.
func latentTransform(m *Model, S *mat.Dense) *Model {
	var Si mat.Dense
	if err := Si.Inverse(S); err != nil {
		panic(err)
	}
	out := m.Clone()
	var t mat.Dense
	t.Mul(S, m.A)
	out.A = mat.NewDense(m.Dim(), m.Dim(), nil)
	out.A.Mul(&t, &Si)
	out.Q = congruent(S, m.Q)
	out.C = mat.NewDense(m.Obs(), m.Dim(), nil)
	out.C.Mul(m.C, &Si)
	if m.B != nil {
		out.B = mat.NewDense(m.Dim(), m.Inputs(), nil)
		out.B.Mul(S, m.B)
	}
	out.Bias = mulVecDense(S, m.Bias)
	out.Mu0 = mulVecDense(S, m.Mu0)
	if m.V0 != nil {
		out.V0 = congruent(S, m.V0)
	}
	return out
}

// singularR replaces m.R by a rank-(N−1) covariance, so that the filter
// takes its covariance (Joseph) form instead of the information form.
func singularR(rng *rand.Rand, m *Model) {
	n := m.Obs()
	L := mat.NewDense(n, n-1, nil)
	for i := range L.RawMatrix().Data {
		L.RawMatrix().Data[i] = rng.NormFloat64() / math.Sqrt(float64(n))
	}
	var R mat.Dense
	R.Mul(L, L.T())
	m.R = mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			m.R.SetSym(i, j, 0.5*(R.At(i, j)+R.At(j, i)))
		}
	}
}

// deadLatent makes latent j identically zero: no dynamics, noise, input,
// bias or initial spread, so the predicted covariances are singular and
// the smoother gain takes its pseudo-inverse path.
func deadLatent(m *Model, j int) {
	d := m.Dim()
	for i := 0; i < d; i++ {
		m.A.Set(i, j, 0)
		m.A.Set(j, i, 0)
		m.Q.SetSym(i, j, 0)
		if m.V0 != nil {
			m.V0.SetSym(i, j, 0)
		}
	}
	if m.B != nil {
		for k := 0; k < m.Inputs(); k++ {
			m.B.Set(j, k, 0)
		}
	}
	if m.Bias != nil {
		m.Bias[j] = 0
	}
	if m.Mu0 != nil {
		m.Mu0[j] = 0
	}
}

// TestLatentSimilarityTransform: log p(y) is invariant under an invertible
// change of latent coordinates and the posteriors are equivariant, in both
// filter forms (information form for R > 0, covariance form for a singular
// R), with an explicit V0 and with V0 = the stationary covariance (whose
// Lyapunov solution transforms as S Π Sᵀ), and with singular Q and V0
// (the smoother gain then uses a pseudo-inverse; the congruence S P Sᵀ
// keeps the rank of P, so its eigenvalue cut-off drops the same direction).
func TestLatentSimilarityTransform(t *testing.T) {
	for _, tc := range []struct {
		name      string
		offsets   bool
		singular  bool
		singularQ bool
	}{
		{"info form, explicit V0", true, false, false},
		{"info form, stationary V0", false, false, false},
		{"covariance form, explicit V0", true, true, false},
		{"covariance form, stationary V0", false, true, false},
		{"singular Q and V0 (pseudo-inverse smoother gain)", true, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 12))
			d, n, p := 3, 6, 2
			m := randModel(rng, d, n, p, tc.offsets)
			if tc.singular {
				singularR(rng, m)
			}
			if tc.singularQ {
				deadLatent(m, d-1)
			}
			data := mixedData(t, rng, m, []int{1, 7, 40, 40}, p)
			S := randInvertible(rng, d)
			m2 := latentTransform(m, S)
			posts, ll, err := EStep(m, data)
			if err != nil {
				t.Fatal(err)
			}
			posts2, ll2, err := EStep(m2, data)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(ll-ll2) > 1e-9*math.Abs(ll) {
				t.Fatalf("log-likelihood %.15g under the model, %.15g under its latent transform", ll, ll2)
			}
			for s, po := range posts {
				want := make([]float64, len(po.Mean))
				for tt := 0; tt < po.T; tt++ {
					mulVec(want[tt*d:(tt+1)*d], S, po.MeanAt(tt))
				}
				if r := relDiff(posts2[s].Mean, want); r > 1e-8 {
					t.Errorf("sequence %d: E[Sz|y] differs from S E[z|y] by %.3g relative", s, r)
				}
				for tt := 0; tt < po.T; tt++ {
					wantC := congruent(S, flatToSym(d, po.CovAt(tt)))
					if r := relDiff(posts2[s].CovAt(tt), denseFlat(nil, wantC)); r > 1e-8 {
						t.Errorf("sequence %d, t %d: Cov(Sz|y) differs from S Cov Sᵀ by %.3g relative", s, tt, r)
					}
					if tt+1 < po.T {
						var a, b mat.Dense
						a.Mul(S, mat.NewDense(d, d, po.CrossAt(tt)))
						b.Mul(&a, S.T())
						if r := relDiff(posts2[s].CrossAt(tt), b.RawMatrix().Data); r > 1e-8 {
							t.Errorf("sequence %d, t %d: cross-covariance not S X Sᵀ (%.3g relative)", s, tt, r)
						}
					}
				}
			}
		})
	}
}

// TestEMLatentEquivariance: every M-step block is a regression on the
// latents (A, B, b, Q: z_{t+1} on [z_t; u_t; 1]; C, D, d, R: y_t on
// [z_t; u_t; 1]) or a posterior moment (μ0, V0), so EM with full Q and R
// commutes with a change of latent coordinates: started from S·m, every
// iterate is S·(the iterate from m) and the log-likelihood traces agree.
// With DiagQ the constraint set is preserved only by S = a scaled
// permutation (S Q Sᵀ stays diagonal, and the diagonal of the full update
// maps the same way), which the second case uses.
func TestEMLatentEquivariance(t *testing.T) {
	for _, diagQ := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(21, 22))
		d, n, p := 3, 5, 1
		truth := randModel(rng, d, n, p, true)
		data := mixedData(t, rng, truth, []int{30, 1, 30, 17}, p)
		start := randModel(rng, d, n, p, true)
		S := randInvertible(rng, d)
		if diagQ {
			S = mat.NewDense(d, d, []float64{0, 2, 0, 0, 0, -0.5, 1.5, 0, 0})
			start.Q = diagOf(start.Q)
		}
		start2 := latentTransform(start, S)
		opt := Options{Iters: 8, FitBias: true, FitOffset: true, DiagQ: diagQ}
		lls, err := Fit(context.Background(), start, data, opt)
		if err != nil {
			t.Fatal(err)
		}
		lls2, err := Fit(context.Background(), start2, data, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(lls) != len(lls2) {
			t.Fatalf("DiagQ %v: %d and %d iterations", diagQ, len(lls), len(lls2))
		}
		for k := range lls {
			if math.Abs(lls[k]-lls2[k]) > 1e-9*math.Abs(lls[k]) {
				t.Errorf("DiagQ %v, iteration %d: LL %.15g, transformed start %.15g", diagQ, k, lls[k], lls2[k])
			}
		}
		sameFit(t, fmt.Sprintf("DiagQ %v: ", diagQ), start2, latentTransform(start, S))
	}
}

// TestObservationTransform: for y' = T y + e (T invertible) the model with
// C' = T C, D' = T D, d' = T d + e, R' = T R Tᵀ gives log p(y') = log p(y) −
// (frames)·log|det T| (change of variables) and the same latent posterior.
func TestObservationTransform(t *testing.T) {
	for _, singular := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(31, 32))
		d, n, p := 2, 5, 2
		m := randModel(rng, d, n, p, true)
		if singular {
			singularR(rng, m)
		}
		lengths := []int{1, 12, 25}
		data := mixedData(t, rng, m, lengths, p)
		Tm := randInvertible(rng, n)
		e := make([]float64, n)
		for i := range e {
			e[i] = rng.NormFloat64()
		}
		m2 := m.Clone()
		m2.C = mat.NewDense(n, d, nil)
		m2.C.Mul(Tm, m.C)
		m2.D = mat.NewDense(n, p, nil)
		m2.D.Mul(Tm, m.D)
		m2.Offset = mulVecDense(Tm, m.Offset)
		for i := range e {
			m2.Offset[i] += e[i]
		}
		m2.R = congruent(Tm, m.R)
		data2 := make([]Sequence, len(data))
		frames := 0
		for s, seq := range data {
			T, _ := seq.Y.Dims()
			frames += T
			Y := mat.NewDense(T, n, nil)
			Y.Mul(seq.Y, Tm.T())
			for tt := 0; tt < T; tt++ {
				row := Y.RawRowView(tt)
				for i := range row {
					row[i] += e[i]
				}
			}
			data2[s] = Sequence{Y: Y, U: seq.U}
		}
		var lu mat.LU
		lu.Factorize(Tm)
		logDet, _ := lu.LogDet()
		posts, ll, err := EStep(m, data)
		if err != nil {
			t.Fatal(err)
		}
		posts2, ll2, err := EStep(m2, data2)
		if err != nil {
			t.Fatal(err)
		}
		want := ll - float64(frames)*logDet
		if math.Abs(ll2-want) > 1e-9*math.Abs(want) {
			t.Errorf("singular R %v: log p(Ty+e) = %.15g, want log p(y) − frames·log|det T| = %.15g", singular, ll2, want)
		}
		for s := range posts {
			if r := relDiff(posts2[s].Mean, posts[s].Mean); r > 1e-8 {
				t.Errorf("singular R %v, sequence %d: latent posterior mean changed by %.3g relative", singular, s, r)
			}
			if r := relDiff(posts2[s].Cov, posts[s].Cov); r > 1e-8 {
				t.Errorf("singular R %v, sequence %d: latent posterior covariance changed by %.3g relative", singular, s, r)
			}
		}
	}
}

// TestEMObservationPermutationAndScaling: with diagonal R, permuting the
// observed units and rescaling each by a positive factor (y'_i = a_i
// y_{π(i)}) maps every EM iterate onto the transformed iterate (C' rows
// permuted and scaled, R' = a² R permuted); the LL traces differ by the
// constant −(frames)·Σ log a_i. The sequences are also given in another
// order, which EM treats as exchangeable.
func TestEMObservationPermutationAndScaling(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	d, n := 2, 6
	truth := randModel(rng, d, n, 0, true)
	data := mixedData(t, rng, truth, []int{25, 25, 40}, 0)
	perm := []int{3, 0, 5, 1, 4, 2}
	a := []float64{0.5, 2, 1.5, 3, 0.25, 1}
	order := []int{2, 0, 1}
	frames := 0
	data2 := make([]Sequence, len(data))
	for s2, s := range order {
		T, _ := data[s].Y.Dims()
		frames += T
		Y := mat.NewDense(T, n, nil)
		for tt := 0; tt < T; tt++ {
			for i := 0; i < n; i++ {
				Y.Set(tt, i, a[i]*data[s].Y.At(tt, perm[i]))
			}
		}
		data2[s2] = Sequence{Y: Y}
	}
	start, err := InitPCA(data, d)
	if err != nil {
		t.Fatal(err)
	}
	start.Bias = make([]float64, d)
	transform := func(m *Model) *Model {
		out := m.Clone()
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				out.C.Set(i, j, a[i]*m.C.At(perm[i], j))
			}
			out.Offset[i] = a[i] * m.Offset[perm[i]]
			for k := 0; k < n; k++ {
				out.R.SetSym(i, k, a[i]*a[k]*m.R.At(perm[i], perm[k]))
			}
		}
		return out
	}
	opt := Options{Iters: 6, DiagR: true, FitBias: true, FitOffset: true}
	start.R = diagOf(start.R)
	start2 := transform(start)
	lls, err := Fit(context.Background(), start, data, opt)
	if err != nil {
		t.Fatal(err)
	}
	lls2, err := Fit(context.Background(), start2, data2, opt)
	if err != nil {
		t.Fatal(err)
	}
	sumLog := 0.0
	for _, v := range a {
		sumLog += math.Log(v)
	}
	for k := range lls {
		want := lls[k] - float64(frames)*sumLog
		if math.Abs(lls2[k]-want) > 1e-9*math.Abs(want) {
			t.Errorf("iteration %d: LL %.15g, want %.15g", k, lls2[k], want)
		}
	}
	sameFit(t, "", start2, transform(start))
}

// TestInitPCAFitPermutationAndScale: the PCA initialisation and EM with
// diagonal R treat the observed units as exchangeable (PCA's eigenvectors
// permute with the covariance, up to signs, a latent similarity transform)
// and are equivariant under a global rescaling y → a·y (eigenvalues ×a²,
// C ×a, R ×a²). So the log-likelihood trace of InitPCA + Fit on the
// permuted, rescaled data is the original one minus (frames)·N·log a.
func TestInitPCAFitPermutationAndScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	d, n := 2, 7
	truth := randModel(rng, d, n, 0, true)
	data := mixedData(t, rng, truth, []int{30, 30, 22}, 0)
	perm := rng.Perm(n)
	const a = 3.0
	frames := 0
	data2 := make([]Sequence, len(data))
	for s, seq := range data {
		T, _ := seq.Y.Dims()
		frames += T
		Y := mat.NewDense(T, n, nil)
		for tt := 0; tt < T; tt++ {
			for i, p := range perm {
				Y.Set(tt, i, a*seq.Y.At(tt, p))
			}
		}
		data2[s] = Sequence{Y: Y}
	}
	opt := Options{Iters: 6, DiagR: true}
	run := func(data []Sequence) ([]float64, *Model) {
		m, err := InitPCA(data, d)
		if err != nil {
			t.Fatal(err)
		}
		lls, err := Fit(context.Background(), m, data, opt)
		if err != nil {
			t.Fatal(err)
		}
		return lls, m
	}
	lls, m := run(data)
	lls2, m2 := run(data2)
	shift := float64(frames*n) * math.Log(a)
	for k := range lls {
		if want := lls[k] - shift; math.Abs(lls2[k]-want) > 1e-9*math.Abs(want) {
			t.Errorf("iteration %d: LL %.15g, want %.15g", k, lls2[k], want)
		}
	}
	for i, p := range perm {
		if got, want := m2.R.At(i, i), a*a*m.R.At(p, p); math.Abs(got-want) > 1e-7*want {
			t.Errorf("R[%d] = %.12g, want a²·R[%d] = %.12g", i, got, p, want)
		}
	}
}

// TestFilterCausality: the Kalman filter at time t uses y_0..y_t only, and
// its steady-state shortcut compares each predicted covariance with the
// previous one (it looks only backwards), so filtering a prefix of a
// sequence reproduces the first frames of the whole sequence's filter
// (means and covariances) bit for bit, in both filter forms.
func TestFilterCausality(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	for _, singular := range []bool{false, true} {
		m := randModel(rng, 3, 5, 1, true)
		if singular {
			singularR(rng, m)
		}
		seq := mixedData(t, rng, m, []int{300}, 1)[0]
		f, err := m.Filter(seq)
		if err != nil {
			t.Fatal(err)
		}
		const T1 = 137
		pre := Sequence{Y: mat.DenseCopyOf(seq.Y.Slice(0, T1, 0, 5)), U: mat.DenseCopyOf(seq.U.Slice(0, T1, 0, 1))}
		fp, err := m.Filter(pre)
		if err != nil {
			t.Fatal(err)
		}
		d := 3
		for i := 0; i < T1*d; i++ {
			if fp.Mean[i] != f.Mean[i] || fp.PredMean[i] != f.PredMean[i] {
				t.Fatalf("singular R %v: filtered mean %d of the prefix differs from the whole sequence's", singular, i)
			}
		}
		for i := 0; i < T1*d*d; i++ {
			if fp.Cov[i] != f.Cov[i] || fp.PredCov[i] != f.PredCov[i] {
				t.Fatalf("singular R %v: filtered covariance entry %d of the prefix differs from the whole sequence's", singular, i)
			}
		}
	}
}

// TestIndependentBlocks: (a) an extra observed unit with a zero row of C
// and D, its own offset and a noise variance uncorrelated with the others
// is independent of everything else, so log p(y, y_new) = log p(y) +
// Σ_t log N(y_new,t; d_new, r_new) and the latent posterior is unchanged;
// (b) an extra latent dimension with a zero column of C, no coupling in A,
// B, Q, V0 or Mu0 never reaches the observations, so log p(y) and the
// posterior of the original latents are unchanged.
func TestIndependentBlocks(t *testing.T) {
	for _, singular := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(71, 72))
		d, n, p := 2, 4, 1
		m := randModel(rng, d, n, p, true)
		if singular {
			singularR(rng, m)
		}
		data := mixedData(t, rng, m, []int{1, 15, 33}, p)
		posts, ll, err := EStep(m, data)
		if err != nil {
			t.Fatal(err)
		}

		// (a) Extra observed unit.
		const dn, rn = 0.7, 0.3
		mo := m.Clone()
		mo.C = mat.NewDense(n+1, d, nil)
		mo.C.Slice(0, n, 0, d).(*mat.Dense).Copy(m.C)
		mo.D = mat.NewDense(n+1, p, nil)
		mo.D.Slice(0, n, 0, p).(*mat.Dense).Copy(m.D)
		mo.Offset = append(append([]float64(nil), m.Offset...), dn)
		mo.R = mat.NewSymDense(n+1, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				mo.R.SetSym(i, j, m.R.At(i, j))
			}
		}
		mo.R.SetSym(n, n, rn)
		extra := 0.0
		dataO := make([]Sequence, len(data))
		for s, seq := range data {
			T, _ := seq.Y.Dims()
			Y := mat.NewDense(T, n+1, nil)
			Y.Slice(0, T, 0, n).(*mat.Dense).Copy(seq.Y)
			for tt := 0; tt < T; tt++ {
				v := dn + math.Sqrt(rn)*rng.NormFloat64()
				Y.Set(tt, n, v)
				extra += -0.5*math.Log(2*math.Pi*rn) - 0.5*(v-dn)*(v-dn)/rn
			}
			dataO[s] = Sequence{Y: Y, U: seq.U}
		}
		postsO, llO, err := EStep(mo, dataO)
		if err != nil {
			t.Fatal(err)
		}
		if want := ll + extra; math.Abs(llO-want) > 1e-10*math.Abs(want) {
			t.Errorf("singular R %v: LL with an independent unit %.15g, want %.15g", singular, llO, want)
		}
		for s := range posts {
			if r := relDiff(postsO[s].Mean, posts[s].Mean); r > 1e-9 {
				t.Errorf("singular R %v, sequence %d: an independent unit moved the latent means by %.3g", singular, s, r)
			}
		}

		// (b) Extra latent dimension.
		ml := m.Clone()
		ml.A = mat.NewDense(d+1, d+1, nil)
		ml.A.Slice(0, d, 0, d).(*mat.Dense).Copy(m.A)
		ml.A.Set(d, d, 0.8)
		ml.Q = mat.NewSymDense(d+1, nil)
		ml.V0 = mat.NewSymDense(d+1, nil)
		for i := 0; i < d; i++ {
			for j := i; j < d; j++ {
				ml.Q.SetSym(i, j, m.Q.At(i, j))
				ml.V0.SetSym(i, j, m.V0.At(i, j))
			}
		}
		ml.Q.SetSym(d, d, 0.5)
		ml.V0.SetSym(d, d, 2)
		ml.C = mat.NewDense(n, d+1, nil)
		ml.C.Slice(0, n, 0, d).(*mat.Dense).Copy(m.C)
		ml.B = mat.NewDense(d+1, p, nil)
		ml.B.Slice(0, d, 0, p).(*mat.Dense).Copy(m.B)
		ml.Mu0 = append(append([]float64(nil), m.Mu0...), 1)
		ml.Bias = append(append([]float64(nil), m.Bias...), 0.2)
		postsL, llL, err := EStep(ml, data)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(llL-ll) > 1e-10*math.Abs(ll) {
			t.Errorf("singular R %v: LL with a disconnected latent %.15g, want %.15g", singular, llL, ll)
		}
		for s, po := range posts {
			got := make([]float64, 0, len(po.Mean))
			for tt := 0; tt < po.T; tt++ {
				got = append(got, postsL[s].MeanAt(tt)[:d]...)
			}
			if r := relDiff(got, po.Mean); r > 1e-9 {
				t.Errorf("singular R %v, sequence %d: a disconnected latent moved the others' means by %.3g", singular, s, r)
			}
		}
	}
}

// TestEMInputAffineEquivariance: the inputs enter only through B u_t + b
// and D u_t + d, and the M-step regresses on [z_t; u_t; 1] (with FitBias and
// FitOffset), whose span an invertible affine map u' = M u + c preserves.
// So with B' = B M⁻¹, D' = D M⁻¹, b' = b − B' c, d' = d − D' c the model is
// the same, the likelihood equal, and every EM iterate maps the same way.
func TestEMInputAffineEquivariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(81, 82))
	d, n, p := 2, 4, 2
	truth := randModel(rng, d, n, p, true)
	data := mixedData(t, rng, truth, []int{20, 35}, p)
	M := randInvertible(rng, p)
	c := []float64{1.5, -0.7}
	var Mi mat.Dense
	if err := Mi.Inverse(M); err != nil {
		t.Fatal(err)
	}
	transform := func(m *Model) *Model {
		out := m.Clone()
		out.B = mat.NewDense(d, p, nil)
		out.B.Mul(m.B, &Mi)
		out.D = mat.NewDense(n, p, nil)
		out.D.Mul(m.D, &Mi)
		bc, dc := mulVecDense(out.B, c), mulVecDense(out.D, c)
		for i := range out.Bias {
			out.Bias[i] -= bc[i]
		}
		for i := range out.Offset {
			out.Offset[i] -= dc[i]
		}
		return out
	}
	data2 := make([]Sequence, len(data))
	for s, seq := range data {
		T, _ := seq.U.Dims()
		U := mat.NewDense(T, p, nil)
		U.Mul(seq.U, M.T())
		for tt := 0; tt < T; tt++ {
			for j := range c {
				U.Set(tt, j, U.At(tt, j)+c[j])
			}
		}
		data2[s] = Sequence{Y: seq.Y, U: U}
	}
	start := randModel(rng, d, n, p, true)
	start2 := transform(start)
	opt := Options{Iters: 6, FitBias: true, FitOffset: true}
	lls, err := Fit(context.Background(), start, data, opt)
	if err != nil {
		t.Fatal(err)
	}
	lls2, err := Fit(context.Background(), start2, data2, opt)
	if err != nil {
		t.Fatal(err)
	}
	for k := range lls {
		if math.Abs(lls[k]-lls2[k]) > 1e-9*math.Abs(lls[k]) {
			t.Errorf("iteration %d: LL %.15g, transformed inputs %.15g", k, lls[k], lls2[k])
		}
	}
	sameFit(t, "", start2, transform(start))
}

// TestLaggedCovTransforms: the stationary output covariances C A^k Π Cᵀ
// (+ R at lag 0) are a property of the distribution of y, so a change of
// latent coordinates (Π → S Π Sᵀ) leaves them unchanged, and an observation
// map y → T y maps them to T Λ_k Tᵀ.
func TestLaggedCovTransforms(t *testing.T) {
	rng := rand.New(rand.NewPCG(101, 102))
	d, n := 3, 4
	m := randModel(rng, d, n, 0, false)
	S := randInvertible(rng, d)
	m2 := latentTransform(m, S)
	Tm := randInvertible(rng, n)
	mo := m.Clone()
	mo.C = mat.NewDense(n, d, nil)
	mo.C.Mul(Tm, m.C)
	mo.R = congruent(Tm, m.R)
	for _, lag := range []int{0, 1, 3, -2} {
		L, err := m.LaggedCov(lag)
		if err != nil {
			t.Fatal(err)
		}
		L2, err := m2.LaggedCov(lag)
		if err != nil {
			t.Fatal(err)
		}
		if r := relDiff(L2.RawMatrix().Data, L.RawMatrix().Data); r > 1e-9 {
			t.Errorf("lag %d: latent change of coordinates moved the output covariance by %.3g relative", lag, r)
		}
		Lo, err := mo.LaggedCov(lag)
		if err != nil {
			t.Fatal(err)
		}
		var a, want mat.Dense
		a.Mul(Tm, L)
		want.Mul(&a, Tm.T())
		if r := relDiff(Lo.RawMatrix().Data, want.RawMatrix().Data); r > 1e-9 {
			t.Errorf("lag %d: output covariance of Ty is not T Λ Tᵀ (%.3g relative)", lag, r)
		}
	}
}

// sameFit reports every parameter of got that differs from want by more
// than 1e-7 relative (EM fits that must agree up to rounding); prefix
// starts each message.
func sameFit(t *testing.T, prefix string, got, want *Model) {
	t.Helper()
	g := params(got)
	for name, w := range params(want) {
		if r := relDiff(g[name], w); r > 1e-7 {
			t.Errorf("%safter EM, %s differs from the transformed fit by %.3g relative", prefix, name, r)
		}
	}
}
