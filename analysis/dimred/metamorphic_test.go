package dimred

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
	"neurolab/model/lds"
)

// Metamorphic tests: transform the data (and, for a fitted model, its
// parameters) in a way whose effect on the output follows exactly from the
// method's equations, run twice and compare. Tolerances cover
// floating-point reordering only.

// relErr returns max |a − b| / max(max |b|, tiny) over equal-shaped matrices.
func relErr(a, b mat.Matrix) float64 {
	r, c := b.Dims()
	mx, d := 0.0, 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			mx = math.Max(mx, math.Abs(b.At(i, j)))
			d = math.Max(d, math.Abs(a.At(i, j)-b.At(i, j)))
		}
	}
	return d / math.Max(mx, 1e-300)
}

func relVec(a, b []float64) float64 {
	return relErr(mat.NewDense(1, len(a), a), mat.NewDense(1, len(b), b))
}

// mapFrames returns Y with every frame y replaced by f(y) (width w).
func mapFrames(Y []*mat.Dense, w int, f func(dst, y []float64)) []*mat.Dense {
	out := make([]*mat.Dense, len(Y))
	for k, y := range Y {
		T, _ := y.Dims()
		out[k] = mat.NewDense(T, w, nil)
		for t := 0; t < T; t++ {
			f(out[k].RawRowView(t), y.RawRowView(t))
		}
	}
	return out
}

// columnsEqualUpToSign reports the largest relative difference between the
// columns of a and b after flipping each column of a to b's sign.
func columnsEqualUpToSign(a, b *mat.Dense) float64 {
	r, c := b.Dims()
	fl := mat.DenseCopyOf(a)
	for j := 0; j < c; j++ {
		dot := 0.0
		for i := 0; i < r; i++ {
			dot += a.At(i, j) * b.At(i, j)
		}
		if dot < 0 {
			for i := 0; i < r; i++ {
				fl.Set(i, j, -fl.At(i, j))
			}
		}
	}
	return relErr(fl, b)
}

func stackRows(Y []*mat.Dense) *mat.Dense {
	X, _ := stack(Y)
	return X
}

// TestPCARotationOffsetScale: for y' = a·Q y + e (Q orthogonal, a > 0)
// the covariance is a²·Q S Qᵀ, so the eigenvalues scale by a², the
// explained ratios are unchanged, the axes rotate (v' = Q v) and the
// scores scale by a (each up to the arbitrary sign of its axis).
func TestPCARotationOffsetScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, k := 7, 3
	Y, _ := plantedLowRank(rng, n, 60, 3, []float64{5, 3, 2}, 0.4)
	Q := linalg.RandOrthonormal(rng, n, n)
	a := 1.7
	e := make([]float64, n)
	for i := range e {
		e[i] = 10 * rng.NormFloat64()
	}
	Y2 := mapFrames(Y, n, func(dst, y []float64) {
		for i := range dst {
			s := 0.0
			for j, v := range y {
				s += Q.At(i, j) * v
			}
			dst[i] = a*s + e[i]
		}
	})
	m, err := FitPCA(Y, k)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := FitPCA(Y2, k)
	if err != nil {
		t.Fatal(err)
	}
	for j := range m.Variances {
		if math.Abs(m2.Variances[j]-a*a*m.Variances[j]) > 1e-9*a*a*m.Variances[0] {
			t.Errorf("variance %d: %.15g, want a²·%.15g", j, m2.Variances[j], m.Variances[j])
		}
		if math.Abs(m2.ExplainedRatio[j]-m.ExplainedRatio[j]) > 1e-9 {
			t.Errorf("explained ratio %d: %.15g, want %.15g", j, m2.ExplainedRatio[j], m.ExplainedRatio[j])
		}
	}
	if math.Abs(m2.TotalVariance-a*a*m.TotalVariance) > 1e-9*a*a*m.TotalVariance {
		t.Errorf("total variance %.15g, want a²·%.15g", m2.TotalVariance, m.TotalVariance)
	}
	var QV mat.Dense
	QV.Mul(Q, m.Components)
	if r := columnsEqualUpToSign(m2.Components, &QV); r > 1e-8 {
		t.Errorf("axes of the rotated data are not Q·axes (%.3g relative)", r)
	}
	s1, s2 := stackRows(m.ProjectTrials(Y)), stackRows(m2.ProjectTrials(Y2))
	s1.Scale(a, s1)
	if r := columnsEqualUpToSign(s2, s1); r > 1e-8 {
		t.Errorf("scores of the transformed data are not a·scores (%.3g relative)", r)
	}
}

// permuteNeurons returns the trials with column i taken from column perm[i].
func permuteNeurons(Y []*mat.Dense, perm []int) []*mat.Dense {
	return mapFrames(Y, len(perm), func(dst, y []float64) {
		for i, p := range perm {
			dst[i] = y[p]
		}
	})
}

// TestFAPermutationAndTrialOrder: factor analysis treats neurons as
// exchangeable (the PCA start and every EM update are equivariant under a
// permutation of the rows of Λ and Ψ, up to the sign of each factor, a
// symmetry of the model) and frames as exchangeable, so the log-likelihood
// trace is unchanged and the loadings are permuted.
func TestFAPermutationAndTrialOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, k := 9, 2
	L := mat.NewDense(n, k, nil)
	for i := range L.RawMatrix().Data {
		L.RawMatrix().Data[i] = 2 * rng.NormFloat64()
	}
	var Y []*mat.Dense
	for tr := 0; tr < 4; tr++ {
		y := mat.NewDense(50, n, nil)
		for t := 0; t < 50; t++ {
			z := []float64{rng.NormFloat64(), rng.NormFloat64()}
			for i := 0; i < n; i++ {
				y.Set(t, i, (1+0.2*float64(i))*rng.NormFloat64()+L.At(i, 0)*z[0]+L.At(i, 1)*z[1])
			}
		}
		Y = append(Y, y)
	}
	perm := rng.Perm(n)
	Y2 := permuteNeurons([]*mat.Dense{Y[2], Y[0], Y[3], Y[1]}, perm)
	m, lls, err := FitFA(Y, k, 30)
	if err != nil {
		t.Fatal(err)
	}
	m2, lls2, err := FitFA(Y2, k, 30)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lls {
		if math.Abs(lls[i]-lls2[i]) > 1e-9*math.Abs(lls[i]) {
			t.Errorf("iteration %d: LL %.15g, permuted %.15g", i, lls[i], lls2[i])
		}
	}
	Lp := mat.NewDense(n, k, nil)
	psi := make([]float64, n)
	for i, p := range perm {
		Lp.SetRow(i, m.Loadings.RawRowView(p))
		psi[i] = m.Psi[p]
	}
	if r := columnsEqualUpToSign(m2.Loadings, Lp); r > 1e-7 {
		t.Errorf("loadings of permuted neurons are not the permuted loadings (%.3g relative)", r)
	}
	if r := relVec(m2.Psi, psi); r > 1e-7 {
		t.Errorf("private variances not permuted (%.3g relative)", r)
	}
}

// TestAlignR2AffineInvariance: AlignR2 regresses z on [ẑ, 1], so replacing
// ẑ by ẑM + c (M invertible) spans the same regressors and leaves the fit
// and R² unchanged; R² = 1 − SSE/SST with both sums over all latent
// dimensions is unchanged by z → a·zQ + e (Q orthogonal, a ≠ 0), and the
// order of the training trials does not enter the normal equations.
func TestAlignR2AffineInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p, k := 3, 4
	var est, z []*mat.Dense
	for tr := 0; tr < 6; tr++ {
		zz := mat.NewDense(30, p, nil)
		ee := mat.NewDense(30, k, nil)
		for t := 0; t < 30; t++ {
			for j := 0; j < p; j++ {
				zz.Set(t, j, rng.NormFloat64())
			}
			for j := 0; j < k; j++ {
				s := 0.5 * rng.NormFloat64()
				for i := 0; i < p; i++ {
					s += float64(i+j+1) * 0.3 * zz.At(t, i)
				}
				ee.Set(t, j, s)
			}
		}
		est, z = append(est, ee), append(z, zz)
	}
	base := CVR2(est, z)
	M := mat.NewDense(k, k, nil)
	for i := range M.RawMatrix().Data {
		M.RawMatrix().Data[i] = rng.NormFloat64()
	}
	for i := 0; i < k; i++ {
		M.Set(i, i, M.At(i, i)+3)
	}
	c := []float64{1, -2, 3, 0.5}
	est2 := mapFrames(est, k, func(dst, y []float64) {
		for j := range dst {
			s := c[j]
			for i, v := range y {
				s += v * M.At(i, j)
			}
			dst[j] = s
		}
	})
	Q := linalg.RandOrthonormal(rng, p, p)
	z2 := mapFrames(z, p, func(dst, y []float64) {
		for j := range dst {
			s := 4.0
			for i, v := range y {
				s += v * Q.At(i, j)
			}
			dst[j] = -2.5 * s
		}
	})
	if got := CVR2(est2, z2); math.Abs(got-base) > 1e-9 {
		t.Errorf("CVR2 after affine maps of estimates and latents: %.15g, want %.15g", got, base)
	}
	swap := func(x []*mat.Dense) []*mat.Dense { return []*mat.Dense{x[2], x[0], x[1]} }
	a := AlignR2(est[:3], z[:3], est[3:], z[3:])
	b := AlignR2(swap(est[:3]), swap(z[:3]), swap(est[3:]), swap(z[3:]))
	if math.Abs(a-b) > 1e-12 {
		t.Errorf("AlignR2 depends on the trial order: %.15g vs %.15g", a, b)
	}
}

// TestGPFAInferSymmetries: the GPFA posterior depends on the neurons only
// through C, d, R (row-wise) and on time only through the stationary,
// symmetric kernel K_i(t1−t2). So permuting neurons (with the model's
// rows), permuting latents (with C's columns and τ), flipping a latent's
// sign (with C's column) and reversing time within every trial leave the
// log-likelihood unchanged and transform the posterior means the same way.
func TestGPFAInferSymmetries(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	q := 6
	tau := []float64{2, 5, 9}
	m := randomGPFA(rng, q, tau)
	var Y []*mat.Dense
	for _, T := range []int{12, 20, 12} {
		y, _ := sampleGPFA(rng, m, T)
		Y = append(Y, y)
	}
	X, ll, err := m.Infer(Y)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, m2 *GPFA, Y2 []*mat.Dense, want func(k int, x *mat.Dense) *mat.Dense) {
		t.Helper()
		X2, ll2, err := m2.Infer(Y2)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(ll2-ll) > 1e-10*math.Abs(ll) {
			t.Errorf("%s: log-likelihood %.15g, want %.15g", name, ll2, ll)
		}
		for k := range X {
			if r := relErr(X2[k], want(k, X[k])); r > 1e-9 {
				t.Errorf("%s: trial %d latents differ by %.3g relative", name, k, r)
			}
		}
	}
	// Neurons permuted.
	perm := []int{4, 2, 0, 5, 1, 3}
	mp := m.Clone()
	for i, p := range perm {
		mp.C.SetRow(i, m.C.RawRowView(p))
		mp.D[i], mp.R[i] = m.D[p], m.R[p]
	}
	check("neurons permuted", mp, permuteNeurons(Y, perm), func(_ int, x *mat.Dense) *mat.Dense { return x })
	// Latents permuted and one sign flipped.
	lp := []int{2, 0, 1}
	sg := []float64{1, -1, 1}
	ml := m.Clone()
	for j, p := range lp {
		for i := 0; i < q; i++ {
			ml.C.Set(i, j, sg[j]*m.C.At(i, p))
		}
		ml.Tau[j] = m.Tau[p]
	}
	check("latents permuted, one flipped", ml, Y, func(_ int, x *mat.Dense) *mat.Dense {
		T, _ := x.Dims()
		out := mat.NewDense(T, len(lp), nil)
		for t := 0; t < T; t++ {
			for j, p := range lp {
				out.Set(t, j, sg[j]*x.At(t, p))
			}
		}
		return out
	})
	// Time reversed.
	rev := func(y *mat.Dense) *mat.Dense {
		T, c := y.Dims()
		out := mat.NewDense(T, c, nil)
		for t := 0; t < T; t++ {
			out.SetRow(T-1-t, y.RawRowView(t))
		}
		return out
	}
	var Yr []*mat.Dense
	for _, y := range Y {
		Yr = append(Yr, rev(y))
	}
	check("time reversed", m, Yr, func(_ int, x *mat.Dense) *mat.Dense { return rev(x) })
	// Trials reordered (trials of equal length share one factorisation).
	Yo := []*mat.Dense{Y[2], Y[1], Y[0]}
	X2, ll2, err := m.Infer(Yo)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ll2-ll) > 1e-10*math.Abs(ll) {
		t.Errorf("trials reordered: log-likelihood %.15g, want %.15g", ll2, ll)
	}
	for k, o := range []int{2, 1, 0} {
		if r := relErr(X2[k], X[o]); r > 1e-9 {
			t.Errorf("trials reordered: trial %d latents differ by %.3g relative", k, r)
		}
	}
}

// TestGPFAFitNeuronPermutation: the whole fit (FA start, C/d/R M-step,
// τ steps) is equivariant under a permutation of the neurons, so the
// log-likelihood trace is unchanged.
func TestGPFAFitNeuronPermutation(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	q := 7
	truth := randomGPFA(rng, q, []float64{3, 8})
	var Y []*mat.Dense
	for k := 0; k < 4; k++ {
		y, _ := sampleGPFA(rng, truth, 15)
		Y = append(Y, y)
	}
	perm := rng.Perm(q)
	opt := GPFAOptions{Iters: 6, Tol: -1, FAIters: 20}
	m, lls, err := FitGPFA(context.Background(), Y, 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	m2, lls2, err := FitGPFA(context.Background(), permuteNeurons(Y, perm), 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(lls) != len(lls2) {
		t.Fatalf("%d and %d iterations", len(lls), len(lls2))
	}
	for i := range lls {
		if math.Abs(lls[i]-lls2[i]) > 1e-9*math.Abs(lls[i]) {
			t.Errorf("iteration %d: LL %.15g, permuted %.15g", i, lls[i], lls2[i])
		}
	}
	if r := relVec(m2.Tau, m.Tau); r > 1e-7 {
		t.Errorf("time scales %v, permuted neurons give %v", m.Tau, m2.Tau)
	}
	for i, p := range perm {
		if math.Abs(m2.R[i]-m.R[p]) > 1e-7*m.R[p] {
			t.Errorf("R[%d] = %g, want R[%d] = %g", i, m2.R[i], p, m.R[p])
		}
	}
}

// cildsPermuteNeurons returns the CILDS of the neurons reordered by perm.
func cildsPermuteNeurons(m *CILDS, perm []int) *CILDS {
	out := m.Clone()
	for i, p := range perm {
		out.B[i], out.R[i], out.G[i], out.B0[i], out.Q[i] = m.B[p], m.R[p], m.G[p], m.B0[p], m.Q[p]
		out.Mu1[i], out.Cov1[i] = m.Mu1[p], m.Cov1[p]
		out.A.SetRow(i, m.A.RawRowView(p))
	}
	return out
}

// TestCILDSSymmetries: the CILDS likelihood is unchanged by (a) permuting
// the neurons with every per-neuron parameter and A's rows, (b) permuting
// the latents with D, P, H2, G2 and A's columns, (c) flipping a latent's
// sign (A's column and H2), (d) rescaling a neuron's calcium c_i → s c_i
// (B_i/s, A's row, b_i, Mu1_i times s, Q_i, Cov1_i times s²), and it
// changes by −(frames)·log a_i when the fluorescence of neuron i is scaled
// by a_i (with B_i·a_i, R_i·a_i²). The smoothed means transform
// accordingly. Trials of equal length are exchangeable (batched 16 at a
// time, so reordering moves trials between batches).
func TestCILDSSymmetries(t *testing.T) {
	m, Y, _ := demo(12, 5, 2, 30, 18)
	q, p := m.Neurons(), m.Latents()
	ctx := context.Background()
	posts, ll, err := m.EStep(ctx, Y, 1)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, m2 *CILDS, Y2 []*mat.Dense, want func(x []float64) []float64, dll float64, order []int) {
		t.Helper()
		posts2, ll2, err := m2.EStep(ctx, Y2, 1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(ll2-(ll+dll)) > 1e-10*math.Abs(ll) {
			t.Errorf("%s: log-likelihood %.15g, want %.15g", name, ll2, ll+dll)
		}
		for k := range posts2 {
			src := k
			if order != nil {
				src = order[k]
			}
			w := mapFrames([]*mat.Dense{posts[src].Mean}, q+p, func(dst, x []float64) { copy(dst, want(x)) })[0]
			if r := relErr(posts2[k].Mean, w); r > 1e-8 {
				t.Errorf("%s: trial %d smoothed means differ by %.3g relative", name, k, r)
			}
		}
	}
	perm := []int{3, 0, 4, 2, 1}
	check("neurons permuted", cildsPermuteNeurons(m, perm), permuteNeurons(Y, perm), func(x []float64) []float64 {
		out := append([]float64(nil), x...)
		for i, pp := range perm {
			out[i] = x[pp]
		}
		return out
	}, 0, nil)

	ml := m.Clone()
	lp, sg := []int{1, 0}, []float64{-1, 1}
	for j, pp := range lp {
		for i := 0; i < q; i++ {
			ml.A.Set(i, j, sg[j]*m.A.At(i, pp))
		}
		ml.D[j], ml.P[j], ml.H2[j], ml.G2[j] = m.D[pp], m.P[pp], sg[j]*m.H2[pp], m.G2[pp]
	}
	check("latents permuted, one flipped", ml, Y, func(x []float64) []float64 {
		out := append([]float64(nil), x...)
		for j, pp := range lp {
			out[q+j] = sg[j] * x[q+pp]
		}
		return out
	}, 0, nil)

	s := []float64{2, 0.5, 1, 3, 0.7}
	mc := m.Clone()
	for i := 0; i < q; i++ {
		mc.B[i] /= s[i]
		for j := 0; j < p; j++ {
			mc.A.Set(i, j, s[i]*m.A.At(i, j))
		}
		mc.B0[i] *= s[i]
		mc.Mu1[i] *= s[i]
		mc.Q[i] *= s[i] * s[i]
		mc.Cov1[i] *= s[i] * s[i]
	}
	check("calcium rescaled", mc, Y, func(x []float64) []float64 {
		out := append([]float64(nil), x...)
		for i := 0; i < q; i++ {
			out[i] *= s[i]
		}
		return out
	}, 0, nil)

	a := []float64{1.5, 0.25, 4, 1, 2}
	ma := m.Clone()
	frames := 0
	sumLog := 0.0
	for i := 0; i < q; i++ {
		ma.B[i] *= a[i]
		ma.R[i] *= a[i] * a[i]
		sumLog += math.Log(a[i])
	}
	for _, y := range Y {
		T, _ := y.Dims()
		frames += T
	}
	Ya := mapFrames(Y, q, func(dst, y []float64) {
		for i := range dst {
			dst[i] = a[i] * y[i]
		}
	})
	check("fluorescence rescaled", ma, Ya, func(x []float64) []float64 { return x }, -float64(frames)*sumLog, nil)

	order := make([]int, len(Y))
	for k := range order {
		order[k] = len(Y) - 1 - k
	}
	Yo := make([]*mat.Dense, len(Y))
	for k, o := range order {
		Yo[k] = Y[o]
	}
	check("trials reversed", m, Yo, func(x []float64) []float64 { return x }, 0, order)
}

// TestCILDSFitNeuronPermutation: every CILDS M-step update is per neuron
// (B, R, G, b, Q, A's row) or per latent, so EM commutes with a permutation
// of the neurons: the log-likelihood traces agree and the fitted
// parameters are the permuted ones.
func TestCILDSFitNeuronPermutation(t *testing.T) {
	m, Y, _ := demo(13, 5, 2, 30, 6)
	perm := []int{2, 4, 1, 0, 3}
	m2 := cildsPermuteNeurons(m, perm)
	opt := FitOptions{Iters: 5}
	lls, err := m.Fit(context.Background(), Y, opt)
	if err != nil {
		t.Fatal(err)
	}
	lls2, err := m2.Fit(context.Background(), permuteNeurons(Y, perm), opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lls {
		if math.Abs(lls[i]-lls2[i]) > 1e-9*math.Abs(lls[i]) {
			t.Errorf("iteration %d: LL %.15g, permuted %.15g", i, lls[i], lls2[i])
		}
	}
	want := cildsPermuteNeurons(m, perm)
	for name, pair := range map[string][2][]float64{
		"B": {m2.B, want.B}, "R": {m2.R, want.R}, "G": {m2.G, want.G}, "B0": {m2.B0, want.B0},
		"Q": {m2.Q, want.Q}, "D": {m2.D, want.D}, "P": {m2.P, want.P}, "Mu1": {m2.Mu1, want.Mu1},
		"Cov1": {m2.Cov1, want.Cov1}, "H2": {m2.H2, want.H2}, "G2": {m2.G2, want.G2},
	} {
		if r := relVec(pair[0], pair[1]); r > 1e-7 {
			t.Errorf("%s after EM on permuted neurons differs from the permuted fit by %.3g relative", name, r)
		}
	}
	if r := relErr(m2.A, want.A); r > 1e-7 {
		t.Errorf("A after EM on permuted neurons differs from the permuted fit by %.3g relative", r)
	}
}

// TestInitCILDSNeuronPermutation: the CILDS initialisation is per neuron
// (OASIS on each neuron's concatenated trials, B, G, R, Q, b, A's row from
// per-neuron quantities) except for the latents, which come from an LDS
// on all the spikes (equivariant under a permutation of the neurons up to
// a latent similarity transform) and are then rotated to their principal
// axes and scaled to unit variance (up to each axis's sign). The
// initial models of the permuted and of the original data are therefore
// the same model up to the permutation and latent sign flips, which leave
// the likelihood unchanged (TestCILDSSymmetries).
func TestInitCILDSNeuronPermutation(t *testing.T) {
	_, Y, _ := demo(14, 6, 2, 40, 5)
	perm := []int{5, 2, 0, 4, 1, 3}
	ctx := context.Background()
	m, err := InitCILDS(ctx, Y, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	Yp := permuteNeurons(Y, perm)
	m2, err := InitCILDS(ctx, Yp, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	_, ll, err := m.EStep(ctx, Y, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, ll2, err := m2.EStep(ctx, Yp, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ll-ll2) > 1e-8*math.Abs(ll) {
		t.Errorf("initial CILDS log-likelihood %.15g, permuted neurons %.15g", ll, ll2)
	}
	for i, p := range perm {
		if m2.G[i] != m.G[p] || m2.R[i] != m.R[p] || m2.Mu1[i] != m.Mu1[p] {
			t.Errorf("neuron %d: (G, R, Mu1) = (%g, %g, %g), want neuron %d's (%g, %g, %g)", i, m2.G[i], m2.R[i], m2.Mu1[i], p, m.G[p], m.R[p], m.Mu1[p])
		}
		if math.Abs(m2.Q[i]-m.Q[p]) > 1e-7*m.Q[p] || math.Abs(m2.B0[i]-m.B0[p]) > 1e-7*(1+math.Abs(m.B0[p])) {
			t.Errorf("neuron %d: (Q, b) = (%g, %g), want neuron %d's (%g, %g)", i, m2.Q[i], m2.B0[i], p, m.Q[p], m.B0[p])
		}
	}
	if r := relVec(m2.D, m.D); r > 1e-7 {
		t.Errorf("latent decays %v, permuted neurons %v", m.D, m2.D)
	}
}

// TestFitTrialOrder: the EM of GPFA (trials of several lengths, grouped by
// length for the E-step) and of CILDS (trials smoothed 16 at a time)
// accumulates sufficient statistics over trials, which are exchangeable:
// reordering the trials leaves the log-likelihood trace unchanged up to
// the rounding of the reordered sums.
func TestFitTrialOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	truth := randomGPFA(rng, 5, []float64{3, 7})
	var Y []*mat.Dense
	for _, T := range []int{10, 14, 1, 10, 8, 14} {
		y, _ := sampleGPFA(rng, truth, T)
		Y = append(Y, y)
	}
	order := []int{3, 1, 5, 4, 0, 2}
	reorder := func(Y []*mat.Dense) []*mat.Dense {
		out := make([]*mat.Dense, len(order))
		for k, o := range order {
			out[k] = Y[o]
		}
		return out
	}
	opt := GPFAOptions{Iters: 5, Tol: -1, FAIters: 10}
	m, lls, err := FitGPFA(context.Background(), Y, 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	m2, lls2, err := FitGPFA(context.Background(), reorder(Y), 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lls {
		if math.Abs(lls[i]-lls2[i]) > 1e-9*math.Abs(lls[i]) {
			t.Errorf("GPFA iteration %d: LL %.15g, trials reordered %.15g", i, lls[i], lls2[i])
		}
	}
	if r := relVec(m2.Tau, m.Tau); r > 1e-7 {
		t.Errorf("GPFA time scales %v, trials reordered %v", m.Tau, m2.Tau)
	}

	c, Yc, _ := demo(17, 4, 2, 20, 20) // 20 trials: a full batch of 16 and a partial one
	order = make([]int, len(Yc))
	for k := range order {
		order[k] = (k*7 + 3) % len(Yc)
	}
	c2 := c.Clone()
	llc, err := c.Fit(context.Background(), Yc, FitOptions{Iters: 4})
	if err != nil {
		t.Fatal(err)
	}
	llc2, err := c2.Fit(context.Background(), reorder(Yc), FitOptions{Iters: 4})
	if err != nil {
		t.Fatal(err)
	}
	for i := range llc {
		if math.Abs(llc[i]-llc2[i]) > 1e-9*math.Abs(llc[i]) {
			t.Errorf("CILDS iteration %d: LL %.15g, trials reordered %.15g", i, llc[i], llc2[i])
		}
	}
}

// TestIndependentNeuron: a neuron that no latent drives is independent of
// the rest. In GPFA (zero row of C) its log-density is Σ_t log N(y_t; d, R)
// and adding it leaves the other terms and the latents unchanged. In CILDS
// (zero row of A) its calcium is a scalar AR(1) with offset, observed
// through B with noise R: its marginal likelihood is that of the 1-D LDS
// (A = G, b = b, Q = Q, C = B, R = R, z_0 ~ N(Mu1, Cov1)) from model/lds,
// and the log-likelihoods add.
func TestIndependentNeuron(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	m := randomGPFA(rng, 4, []float64{3, 6})
	var Y []*mat.Dense
	for _, T := range []int{9, 13} {
		y, _ := sampleGPFA(rng, m, T)
		Y = append(Y, y)
	}
	X, ll, err := m.Infer(Y)
	if err != nil {
		t.Fatal(err)
	}
	const dn, rn = -1.5, 0.4
	me := &GPFA{C: mat.NewDense(5, 2, nil), D: append(append([]float64(nil), m.D...), dn), R: append(append([]float64(nil), m.R...), rn), Tau: m.Tau, Eps: m.Eps}
	me.C.Slice(0, 4, 0, 2).(*mat.Dense).Copy(m.C)
	extra := 0.0
	Ye := mapFrames(Y, 5, func(dst, y []float64) {
		copy(dst, y)
		v := dn + math.Sqrt(rn)*rng.NormFloat64()
		dst[4] = v
		extra += -0.5*math.Log(2*math.Pi*rn) - 0.5*(v-dn)*(v-dn)/rn
	})
	Xe, lle, err := me.Infer(Ye)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(lle-(ll+extra)) > 1e-10*math.Abs(ll) {
		t.Errorf("GPFA: LL with an independent neuron %.15g, want %.15g", lle, ll+extra)
	}
	for k := range X {
		if r := relErr(Xe[k], X[k]); r > 1e-9 {
			t.Errorf("GPFA: trial %d latents moved by %.3g with an independent neuron", k, r)
		}
	}

	c, Yc, _ := demo(21, 5, 2, 25, 3)
	q := c.Neurons()
	_, llc, err := c.EStep(context.Background(), Yc, 1)
	if err != nil {
		t.Fatal(err)
	}
	ce := c.Clone()
	const g, b, qn, bn, rnC, mu, cov = 0.9, 0.05, 0.02, 1.3, 0.1, 0.4, 0.2
	ce.B, ce.R, ce.G = append(ce.B, bn), append(ce.R, rnC), append(ce.G, g)
	ce.B0, ce.Q, ce.Mu1, ce.Cov1 = append(ce.B0, b), append(ce.Q, qn), append(ce.Mu1, mu), append(ce.Cov1, cov)
	ce.A = mat.NewDense(q+1, 2, nil)
	ce.A.Slice(0, q, 0, 2).(*mat.Dense).Copy(c.A)
	one := &lds.Model{A: mat.NewDense(1, 1, []float64{g}), Q: mat.NewSymDense(1, []float64{qn}), C: mat.NewDense(1, 1, []float64{bn}),
		R: mat.NewSymDense(1, []float64{rnC}), Mu0: []float64{mu}, V0: mat.NewSymDense(1, []float64{cov}), Bias: []float64{b}}
	extra = 0
	Yce := make([]*mat.Dense, len(Yc))
	for k, y := range Yc {
		_, yn, err := one.Sample(rng, 25, nil)
		if err != nil {
			t.Fatal(err)
		}
		l1, err := one.LogLikelihood(lds.Sequence{Y: yn})
		if err != nil {
			t.Fatal(err)
		}
		extra += l1
		Yce[k] = mat.NewDense(25, q+1, nil)
		Yce[k].Slice(0, 25, 0, q).(*mat.Dense).Copy(y)
		Yce[k].Slice(0, 25, q, q+1).(*mat.Dense).Copy(yn)
	}
	_, llce, err := ce.EStep(context.Background(), Yce, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(llce-(llc+extra)) > 1e-9*math.Abs(llc) {
		t.Errorf("CILDS: LL with an independent neuron %.15g, want %.15g + %.15g = %.15g", llce, llc, extra, llc+extra)
	}
}

// TestCILDSFitScaleEquivariance: every CILDS M-step update is a per-neuron
// regression (B_i = Σ y c / Σ c², R_i its residual; [G_i, A_i, b_i] from
// c_{t+1} on [c_t; z_{t+1}; 1], Q_i its residual) or a moment (Mu1, Cov1),
// so EM commutes with the two per-neuron rescalings of TestCILDSSymmetries:
// fluorescence y_i → a_i y_i (B_i a_i, R_i a_i²; the log-likelihood trace
// shifts by −frames·Σ log a_i) and calcium c_i → s_i c_i (B_i/s_i, A's row,
// b_i, Mu1_i times s_i, Q_i, Cov1_i times s_i²; the trace is unchanged).
// The variance floors are far below the fitted variances here.
func TestCILDSFitScaleEquivariance(t *testing.T) {
	m, Y, _ := demo(23, 4, 2, 30, 6)
	q, p := m.Neurons(), m.Latents()
	a := []float64{2, 0.5, 3, 1.25}
	s := []float64{0.5, 4, 1.5, 2}
	ma := m.Clone()
	sumLog := 0.0
	for i := 0; i < q; i++ {
		ma.B[i] *= a[i] / s[i]
		ma.R[i] *= a[i] * a[i]
		for j := 0; j < p; j++ {
			ma.A.Set(i, j, s[i]*m.A.At(i, j))
		}
		ma.B0[i] *= s[i]
		ma.Mu1[i] *= s[i]
		ma.Q[i] *= s[i] * s[i]
		ma.Cov1[i] *= s[i] * s[i]
		sumLog += math.Log(a[i])
	}
	Ya := mapFrames(Y, q, func(dst, y []float64) {
		for i := range dst {
			dst[i] = a[i] * y[i]
		}
	})
	opt := FitOptions{Iters: 5}
	lls, err := m.Fit(context.Background(), Y, opt)
	if err != nil {
		t.Fatal(err)
	}
	lls2, err := ma.Fit(context.Background(), Ya, opt)
	if err != nil {
		t.Fatal(err)
	}
	shift := float64(len(Y)*30) * sumLog
	for k := range lls {
		if want := lls[k] - shift; math.Abs(lls2[k]-want) > 1e-9*math.Abs(want) {
			t.Errorf("iteration %d: LL %.15g, want %.15g", k, lls2[k], want)
		}
	}
	for i := 0; i < q; i++ {
		for name, pair := range map[string][2]float64{
			"B": {ma.B[i], m.B[i] * a[i] / s[i]}, "R": {ma.R[i], m.R[i] * a[i] * a[i]}, "G": {ma.G[i], m.G[i]},
			"b": {ma.B0[i], m.B0[i] * s[i]}, "Q": {ma.Q[i], m.Q[i] * s[i] * s[i]}, "Mu1": {ma.Mu1[i], m.Mu1[i] * s[i]},
			"Cov1": {ma.Cov1[i], m.Cov1[i] * s[i] * s[i]}, "A0": {ma.A.At(i, 0), m.A.At(i, 0) * s[i]},
		} {
			if math.Abs(pair[0]-pair[1]) > 1e-7*math.Max(math.Abs(pair[1]), 1e-3) {
				t.Errorf("neuron %d: %s = %.12g after EM, want %.12g", i, name, pair[0], pair[1])
			}
		}
	}
	if r := relVec(ma.D, m.D); r > 1e-7 {
		t.Errorf("latent decays %v, rescaled problem %v", m.D, ma.D)
	}
}

// TestGPFAOrthonormalizeLatentMap: the orthonormalised latents x̃ = Uᵀ C x
// (C = UΣVᵀ) depend only on the product C x and on U. For an orthogonal M
// the pair (C Mᵀ, M x) has the same product and C Mᵀ = U Σ (M V)ᵀ has the
// same U and Σ, so x̃ is unchanged up to the sign of each column of U (the
// singular values are distinct here). (For a general invertible M, C M⁻¹
// has other left singular vectors: the basis is that of C's SVD, as in Yu
// et al. 2009, not a function of the column space alone.)
func TestGPFAOrthonormalizeLatentMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	q, p := 6, 3
	m := randomGPFA(rng, q, []float64{2, 4, 8})
	X := []*mat.Dense{mat.NewDense(10, p, nil), mat.NewDense(7, p, nil)}
	for _, x := range X {
		for i := range x.RawMatrix().Data {
			x.RawMatrix().Data[i] = rng.NormFloat64()
		}
	}
	M := linalg.RandOrthonormal(rng, p, p)
	m2 := m.Clone()
	m2.C.Mul(m.C, M.T())
	X2 := make([]*mat.Dense, len(X))
	for k, x := range X {
		T, _ := x.Dims()
		X2[k] = mat.NewDense(T, p, nil)
		X2[k].Mul(x, M.T())
	}
	a, _, err := m.Orthonormalize(X)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := m2.Orthonormalize(X2)
	if err != nil {
		t.Fatal(err)
	}
	var sa, sb mat.Dense
	sa.Stack(a[0], a[1])
	sb.Stack(b[0], b[1])
	if r := columnsEqualUpToSign(&sb, &sa); r > 1e-9 {
		t.Errorf("orthonormalised latents depend on the latent coordinates (%.3g relative)", r)
	}
}
