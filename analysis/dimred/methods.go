package dimred

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/model/lds"
)

// stack returns the trials stacked row-wise and the column means.
func stack(Y []*mat.Dense) (*mat.Dense, []float64) {
	tot := 0
	_, n := Y[0].Dims()
	for _, y := range Y {
		r, _ := y.Dims()
		tot += r
	}
	X := mat.NewDense(tot, n, nil)
	mean := make([]float64, n)
	row := 0
	for _, y := range Y {
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			v := y.RawRowView(t)
			X.SetRow(row, v)
			for i, x := range v {
				mean[i] += x
			}
			row++
		}
	}
	for i := range mean {
		mean[i] /= float64(tot)
	}
	return X, mean
}

// covariance returns S = (1/r) Σ_t (x_t − m)(x_t − m)ᵀ over the r rows of X.
// Rows are centred a block at a time (so the block stays in cache) and each
// block is added to the upper triangle by a BLAS rank-k update,
// S += (1/r) D_bᵀ D_b (Dsyrk).
func covariance(X *mat.Dense, mean []float64) *mat.SymDense {
	r, n := X.Dims()
	const block = 256
	bs := min(block, r)
	d := make([]float64, bs*n)
	S := mat.NewSymDense(n, nil)
	out := S.RawSymmetric()
	for t0 := 0; t0 < r; t0 += block {
		m := min(block, r-t0)
		for t := 0; t < m; t++ {
			row, dr := X.RawRowView(t0+t), d[t*n:(t+1)*n]
			for i, v := range row {
				dr[i] = v - mean[i]
			}
		}
		blas64.Syrk(blas.Trans, 1/float64(r), blas64.General{Rows: m, Cols: n, Stride: n, Data: d[:m*n]}, 1, out)
	}
	return S
}

// unstack applies f (row in, row out of width k) to every frame of Y.
func project(Y []*mat.Dense, k int, f func(dst, y []float64)) []*mat.Dense {
	out := make([]*mat.Dense, len(Y))
	for i, y := range Y {
		r, _ := y.Dims()
		out[i] = mat.NewDense(r, k, nil)
		for t := 0; t < r; t++ {
			f(out[i].RawRowView(t), y.RawRowView(t))
		}
	}
	return out
}

// PCA returns the projections of the centred frames on the top k principal
// axes of the pooled covariance (Pearson 1901; Hotelling 1933). It is
// FitPCA followed by ProjectTrials; use FitPCA to keep the axes, the
// variances and the explained-variance ratios.
func PCA(Y []*mat.Dense, k int) ([]*mat.Dense, error) {
	if z := normaliseValid(Y, 0x1p-200, 0x1p200); z != nil {
		// Score the transformed frames (the mean mapped back to data
		// units is rounded: 1e17 + 16k loses the centring); the scores
		// are in data units.
		X, err := PCA(z.Y, k)
		for _, x := range X {
			z.backDense(x, 1)
		}
		return X, err
	}
	m, err := FitPCA(Y, k)
	if err != nil {
		return nil, err
	}
	return m.ProjectTrials(Y), nil
}

// PCAModel is a principal component analysis fitted to the pooled frames of
// a set of trials (Pearson 1901; Hotelling 1933): the sample covariance
// S = (1/N) Σ_t (y_t − μ)(y_t − μ)ᵀ over all N frames has eigenvalues
// λ_1 ≥ … ≥ λ_n with orthonormal eigenvectors v_j, and a frame's
// component scores are x_j = v_jᵀ(y − μ).
type PCAModel struct {
	Mean       []float64  // μ, the mean frame (length n)
	Components *mat.Dense // n×k, column j the unit axis v_j (loadings), by decreasing variance; each column's sign is arbitrary
	Variances  []float64  // λ_1..λ_k, the variance of the frames along each axis (1/N normalisation; floored at 1e-12·λ_1)
	// TotalVariance is tr S = Σ_i λ_i over all n axes, the summed variance
	// of the neurons.
	TotalVariance float64
	// ExplainedRatio[j] = λ_j / tr S, the fraction of the total variance
	// along axis j; the k ratios sum to at most 1.
	ExplainedRatio []float64
}

// FitPCA fits a k-component PCA to the frames of Y (trials of T_i×n, rows
// pooled across trials). It returns an error wrapping experiment.ErrInput if
// Y holds no frames, if a trial is nil, if the trials differ in width, if k
// is outside 1..n or if a value is NaN or ±Inf.
func FitPCA(Y []*mat.Dense, k int) (*PCAModel, error) {
	if len(Y) == 0 {
		return nil, experiment.Inputf("dimred: PCA of no trials")
	}
	for i, y := range Y {
		if y == nil {
			return nil, experiment.Inputf("dimred: PCA trial %d is nil", i)
		}
	}
	_, n := Y[0].Dims()
	for i, y := range Y {
		if _, c := y.Dims(); c != n {
			return nil, experiment.Inputf("dimred: PCA trial %d has %d neurons, trial 0 has %d", i, c, n)
		}
	}
	if k < 1 || k > n {
		return nil, experiment.Inputf("dimred: PCA with %d components of %d neurons (want 1..%d)", k, n, n)
	}
	if err := checkFinite("PCA", Y); err != nil {
		return nil, err
	}
	if z := normaliseTrials(Y, 0x1p-200, 0x1p200); z != nil {
		m, err := FitPCA(z.Y, k)
		if err != nil {
			return nil, err
		}
		for i := range m.Mean {
			m.Mean[i] = z.back(m.Mean[i], 1, z.shift[i])
		}
		for j := range m.Variances {
			m.Variances[j] = z.back(m.Variances[j], 2, 0)
		}
		m.TotalVariance = z.back(m.TotalVariance, 2, 0)
		return m, nil
	}
	X, mean := stack(Y)
	S := covariance(X, mean)
	vals, V, err := topEigen(S, k)
	if err != nil {
		return nil, err
	}
	total := 0.0
	for i := 0; i < n; i++ {
		total += S.At(i, i)
	}
	ratio := make([]float64, k)
	if total > 0 {
		for j, v := range vals {
			ratio[j] = v / total
		}
	}
	return &PCAModel{Mean: mean, Components: V, Variances: vals, TotalVariance: total, ExplainedRatio: ratio}, nil
}

// Project writes the component scores x_j = v_jᵀ(y − μ) of the frame y
// (length n) into dst (length k).
func (m *PCAModel) Project(dst, y []float64) {
	n, k := m.Components.Dims()
	if len(y) != n || len(dst) != k {
		panic(fmt.Sprintf("dimred: PCAModel.Project of a frame of %d into %d scores, model is %d→%d", len(y), len(dst), n, k))
	}
	for j := 0; j < k; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += m.Components.At(i, j) * (y[i] - m.Mean[i])
		}
		dst[j] = s
	}
}

// ProjectTrials returns the component scores of every frame of Y, one T_i×k
// matrix per trial.
func (m *PCAModel) ProjectTrials(Y []*mat.Dense) []*mat.Dense {
	_, k := m.Components.Dims()
	return project(Y, k, m.Project)
}

// FA fits factor analysis y = Λz + μ + ε, z ~ N(0, I), ε ~ N(0, diag(Ψ)),
// by EM (Rubin & Thayer 1982; Ghahramani & Hinton 1996) for iters
// iterations from the PCA solution (0 means DefaultFAIters; see FitFA), and
// returns the posterior means E[z | y] = β(y − μ) with β = Λᵀ(ΛΛᵀ + Ψ)⁻¹,
// and the log-likelihood trace.
func FA(Y []*mat.Dense, k, iters int) ([]*mat.Dense, []float64, error) {
	if z := normaliseValid(Y, 0x1p-10, 0x1p20); z != nil {
		// Posterior means are invariant; infer on the transformed frames
		// (see PCA).
		X, lls, err := FA(z.Y, k, iters)
		z.backLLs(lls, Y)
		return X, lls, err
	}
	m, lls, err := FitFA(Y, k, iters)
	if err != nil {
		return nil, nil, err
	}
	return project(Y, k, m.Posterior), lls, nil
}

// FAModel is a fitted factor analysis y = Λz + μ + ε, z ~ N(0, I),
// ε ~ N(0, diag(Ψ)). Λ is identified only up to an orthogonal rotation of
// the factors; ΛΛᵀ + Ψ (Covariance) is not.
type FAModel struct {
	Loadings *mat.Dense // Λ, n×k
	Psi      []float64  // private variances, diag(Ψ)
	Mean     []float64  // μ
	Beta     *mat.Dense // β = Λᵀ(ΛΛᵀ + Ψ)⁻¹ (k×n): E[z | y] = β(y − μ)
}

// DefaultFAIters is the number of EM iterations FA and FitFA run when
// iters is 0: the default of Yu et al.'s fastfa.m (cyc = 100), which
// GPFAOptions.FAIters also takes. scikit-learn's FactorAnalysis allows up to
// max_iter = 1000 but stops at its tolerance; FA has no tolerance and runs
// every iteration it is given.
const DefaultFAIters = 100

// FitFA fits factor analysis to the rows of Y (stacked) by EM (Rubin &
// Thayer 1982) for iters iterations from the PCA solution (0 means
// DefaultFAIters) and returns the model and the log-likelihood trace
// (iters+1 values, non-decreasing). No trials, a nil trial, trials of
// different widths, k outside [1, n−1], iters < 0 or a NaN or ±Inf value
// is an error wrapping experiment.ErrInput. FA works on the n×n sample
// covariance (each iteration costs O(n²k)), so it is fast and takes no
// context.
func FitFA(Y []*mat.Dense, k, iters int) (*FAModel, []float64, error) {
	f, lls, err := fitFA(Y, k, iters)
	if err != nil {
		return nil, nil, err
	}
	return &FAModel{Loadings: f.L, Psi: f.psi, Mean: f.mean, Beta: f.beta}, lls, nil
}

// Covariance returns the model covariance ΛΛᵀ + Ψ.
func (m *FAModel) Covariance() *mat.SymDense {
	n, _ := m.Loadings.Dims()
	c := mat.NewSymDense(n, nil)
	c.SymOuterK(1, m.Loadings)
	for i, p := range m.Psi {
		c.SetSym(i, i, c.At(i, i)+p)
	}
	return c
}

// Posterior writes E[z | y] = β(y − μ) into dst (length k).
func (m *FAModel) Posterior(dst, y []float64) {
	k, n := m.Beta.Dims()
	for j := 0; j < k; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += m.Beta.At(j, i) * (y[i] - m.Mean[i])
		}
		dst[j] = s
	}
}

// faFit is a fitted factor analysis: loading L (n×k), private variances
// psi, mean, β = Λᵀ(ΛΛᵀ + Ψ)⁻¹ and the sample covariance S.
type faFit struct {
	L         *mat.Dense
	psi, mean []float64
	beta      *mat.Dense
	S         *mat.SymDense
}

// fitFA runs the EM of FA and returns the fit and the log-likelihood trace.
func fitFA(Y []*mat.Dense, k, iters int) (*faFit, []float64, error) {
	if _, _, err := checkTrials("FA", Y, false); err != nil {
		return nil, nil, err
	}
	if iters < 0 {
		return nil, nil, experiment.Inputf("dimred: FA: iters = %d EM iterations: want ≥ 0 (0 means %d)", iters, DefaultFAIters)
	}
	if iters == 0 {
		iters = DefaultFAIters
	}
	if err := checkFinite("FA", Y); err != nil {
		return nil, nil, err
	}
	if idx, frames := constantNeurons(Y); len(idx) > 0 {
		if _, n := Y[0].Dims(); len(idx) < n {
			return nil, nil, constantNeuronsErr("FA", idx, n, frames)
		}
	}
	if z := normaliseTrials(Y, 0x1p-10, 0x1p20); z != nil {
		f, lls, err := fitFA(z.Y, k, iters)
		if err != nil {
			return nil, nil, err
		}
		z.backDense(f.L, 1)
		z.backDense(f.beta, -1)
		n := len(f.mean)
		for i := range f.mean {
			f.mean[i] = z.back(f.mean[i], 1, z.shift[i])
			f.psi[i] = z.back(f.psi[i], 2, 0)
		}
		S := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				S.SetSym(i, j, z.back(f.S.At(i, j), 2, 0))
			}
		}
		f.S = S
		frames := 0
		for _, y := range Y {
			r, _ := y.Dims()
			frames += r
		}
		for i := range lls {
			lls[i] += z.llShift(frames, n)
		}
		return f, lls, nil
	}
	X, mean := stack(Y)
	S := covariance(X, mean)
	n := len(mean)
	if k < 1 || k >= n {
		return nil, nil, experiment.Inputf("dimred: FA dimension %d must be in [1, %d)", k, n)
	}
	if constantColumns(Y) {
		// S = 0: every private variance would sit on its floor and the
		// log-likelihood grow without bound (it was a meaningless +5159
		// with latents ≡ 0).
		return nil, nil, experiment.Inputf("dimred: FA: every neuron is constant over all %d frames (zero variance): nothing to factor", X.RawMatrix().Rows)
	}
	vals, V, err := topEigen(S, k)
	if err != nil {
		return nil, nil, err
	}
	L := mat.NewDense(n, k, nil)
	for j := 0; j < k; j++ {
		for i := 0; i < n; i++ {
			L.Set(i, j, V.At(i, j)*math.Sqrt(vals[j]))
		}
	}
	psi := make([]float64, n)
	for i := 0; i < n; i++ {
		v := S.At(i, i)
		for j := 0; j < k; j++ {
			v -= L.At(i, j) * L.At(i, j)
		}
		psi[i] = math.Max(v, 1e-3*S.At(i, i)+1e-12)
	}
	rows, _ := X.Dims()
	beta := mat.NewDense(k, n, nil)
	var lls []float64
	// β = (I + ΛᵀΨ⁻¹Λ)⁻¹ ΛᵀΨ⁻¹ (Woodbury), log-lik via the same identity.
	updateBeta := func() (float64, error) {
		LtPi := mat.NewDense(k, n, nil)
		for j := 0; j < k; j++ {
			for i := 0; i < n; i++ {
				LtPi.Set(j, i, L.At(i, j)/psi[i])
			}
		}
		M := mat.NewDense(k, k, nil)
		M.Mul(LtPi, L)
		for j := 0; j < k; j++ {
			M.Set(j, j, M.At(j, j)+1)
		}
		Minv, ldM, err := invSPD(M)
		if err != nil {
			return 0, err
		}
		beta.Mul(Minv, LtPi)
		// log det Σ = Σ log ψ + log det M; tr(Σ⁻¹S) = Σ S_ii/ψ_i − tr(β S Ψ⁻¹ Λ ...):
		// Σ⁻¹ = Ψ⁻¹ − Ψ⁻¹Λ β.
		ld := ldM
		tr := 0.0
		for i := 0; i < n; i++ {
			ld += math.Log(psi[i])
			tr += S.At(i, i) / psi[i]
		}
		var BS mat.Dense
		BS.Mul(beta, S) // k×n
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < k; j++ {
				s += L.At(i, j) * BS.At(j, i)
			}
			tr -= s / psi[i]
		}
		return -0.5 * float64(rows) * (float64(n)*math.Log(2*math.Pi) + ld + tr), nil
	}
	for it := 0; ; it++ {
		ll, err := updateBeta()
		if err != nil {
			return nil, nil, err
		}
		lls = append(lls, ll)
		if it == iters {
			break
		}
		// E[zzᵀ] summary: W = I − βΛ + β S βᵀ; Λ ← S βᵀ W⁻¹; Ψ ← diag(S − Λ β S).
		var SBt mat.Dense
		SBt.Mul(S, beta.T()) // n×k
		W := mat.NewDense(k, k, nil)
		W.Mul(beta, &SBt)
		var BL mat.Dense
		BL.Mul(beta, L)
		W.Sub(W, &BL)
		for j := 0; j < k; j++ {
			W.Set(j, j, W.At(j, j)+1)
		}
		Winv, _, err := invSPD(W)
		if err != nil {
			return nil, nil, err
		}
		L.Mul(&SBt, Winv)
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < k; j++ {
				s += L.At(i, j) * SBt.At(i, j)
			}
			psi[i] = math.Max(S.At(i, i)-s, 1e-6*S.At(i, i)+1e-12)
		}
	}
	return &faFit{L: L, psi: psi, mean: mean, beta: beta, S: S}, lls, nil
}

// LDS fits a linear dynamical system with diagonal observation noise to Y
// by EM (model/lds: PCA initialisation, then iters iterations of lds.Fit
// with DiagR; 0 means lds.DefaultIters, 100) and returns the smoothed latent
// means under the fitted model and the log-likelihood trace. Bad trials
// (none, nil, of different widths, NaN or ±Inf, k outside [1, N−1]) and a
// negative iters are errors wrapping experiment.ErrInput; a cancelled ctx
// stops EM between iterations with ctx.Err().
func LDS(ctx context.Context, Y []*mat.Dense, k, iters int) ([]*mat.Dense, []float64, error) {
	if iters < 0 {
		return nil, nil, experiment.Inputf("dimred: LDS: iters = %d EM iterations: want ≥ 0 (0 means %d)", iters, lds.DefaultIters)
	}
	if z := normaliseValid(Y, 0x1p-200, 0x1p200); z != nil {
		// Extreme magnitude or offset: the smoothed latents are
		// invariant under y → 2^e(y − s); ℓ shifts.
		X, lls, err := LDS(ctx, z.Y, k, iters)
		z.backLLs(lls, Y)
		return X, lls, err
	}
	data := make([]lds.Sequence, len(Y))
	for i, y := range Y {
		data[i] = lds.Sequence{Y: y}
	}
	m, err := lds.InitPCA(data, k)
	if err != nil {
		return nil, nil, err
	}
	lls, err := lds.Fit(ctx, m, data, lds.Options{Iters: iters, DiagR: true})
	if err != nil {
		return nil, lls, err
	}
	posts, _, err := lds.EStep(m, data)
	if err != nil {
		return nil, lls, err
	}
	out := make([]*mat.Dense, len(Y))
	for i, p := range posts {
		out[i] = mat.NewDense(p.T, p.Dim, p.Mean)
	}
	return out, lls, nil
}

// AlignR2 maps estimated latents to true ones by least squares with an
// intercept on the training trials (z ≈ W [ẑ; 1]) and returns R² = 1 −
// Σ‖z − ẑ_aligned‖² / Σ‖z − z̄‖² on the test trials, z̄ the test mean
// (Koh et al., script_simstat.m). NaN if the fit is singular, and when
// the lists cannot be paired: an empty or nil-holding list, estimated and
// true lists of different lengths, paired trials with different frame
// counts, or trials of different widths within a list.
func AlignR2(estTrain, zTrain, estTest, zTest []*mat.Dense) float64 {
	if !pairable(estTrain, zTrain) || !pairable(estTest, zTest) {
		return math.NaN()
	}
	_, k := estTrain[0].Dims()
	_, p := zTrain[0].Dims()
	if _, c := estTest[0].Dims(); c != k {
		return math.NaN()
	}
	if _, c := zTest[0].Dims(); c != p {
		return math.NaN()
	}
	// R² is invariant under a common scaling of the estimates and of the
	// true latents; values whose squares overflow or underflow (where it
	// was NaN or a meaningless −0.0006 for R² = 1) are scaled by a power of
	// two first. Ordinary magnitudes are not touched.
	if e := pow2Exp(estTrain, estTest); e != 0 {
		estTrain, estTest = scaleTrials(estTrain, e), scaleTrials(estTest, e)
	}
	if e := pow2Exp(zTrain, zTest); e != 0 {
		zTrain, zTest = scaleTrials(zTrain, e), scaleTrials(zTest, e)
	}
	XtX := mat.NewSymDense(k+1, nil)
	XtZ := mat.NewDense(k+1, p, nil)
	x := make([]float64, k+1)
	for n, e := range estTrain {
		r, _ := e.Dims()
		for t := 0; t < r; t++ {
			copy(x, e.RawRowView(t))
			x[k] = 1
			z := zTrain[n].RawRowView(t)
			for a := 0; a <= k; a++ {
				for b := a; b <= k; b++ {
					XtX.SetSym(a, b, XtX.At(a, b)+x[a]*x[b])
				}
				for j := 0; j < p; j++ {
					XtZ.Set(a, j, XtZ.At(a, j)+x[a]*z[j])
				}
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(XtX) {
		return math.NaN()
	}
	var W mat.Dense
	if err := ch.SolveTo(&W, XtZ); err != nil {
		return math.NaN()
	}
	zbar := make([]float64, p)
	cnt := 0
	for _, z := range zTest {
		r, _ := z.Dims()
		for t := 0; t < r; t++ {
			for j, v := range z.RawRowView(t) {
				zbar[j] += v
			}
			cnt++
		}
	}
	for j := range zbar {
		zbar[j] /= float64(cnt)
	}
	var sse, sst float64
	for n, e := range estTest {
		r, _ := e.Dims()
		for t := 0; t < r; t++ {
			copy(x, e.RawRowView(t))
			x[k] = 1
			z := zTest[n].RawRowView(t)
			for j := 0; j < p; j++ {
				s := 0.0
				for a := 0; a <= k; a++ {
					s += x[a] * W.At(a, j)
				}
				sse += (z[j] - s) * (z[j] - s)
				sst += (z[j] - zbar[j]) * (z[j] - zbar[j])
			}
		}
	}
	return 1 - sse/sst
}

// pairable reports whether est and z are non-empty lists of the same length
// whose paired trials have equal frame counts, every trial of a list having
// the same width.
func pairable(est, z []*mat.Dense) bool {
	if len(est) == 0 || len(est) != len(z) {
		return false
	}
	for i := range est {
		if est[i] == nil || z[i] == nil {
			return false
		}
		re, ce := est[i].Dims()
		rz, cz := z[i].Dims()
		ce0, cz0 := est[0].RawMatrix().Cols, z[0].RawMatrix().Cols
		if re != rz || ce != ce0 || cz != cz0 {
			return false
		}
	}
	return true
}

// CVR2 is the 2-fold cross-validated latent R² of Koh et al.: trials are
// split into their first and second halves; each half in turn fits the
// alignment and the other is scored; the two R² are averaged. est and z
// must hold the same trials in the same order: lists of different lengths,
// or fewer than 2 trials, return NaN.
func CVR2(est, z []*mat.Dense) float64 {
	if len(est) != len(z) {
		return math.NaN()
	}
	h := len(est) / 2
	a := AlignR2(est[:h], z[:h], est[h:], z[h:])
	b := AlignR2(est[h:], z[h:], est[:h], z[:h])
	return 0.5 * (a + b)
}

// ShiftLatents returns, per trial, row t = row t−1 of the input (row 0
// kept): CILDS's state x_t carries z_{t+1}, so the latent that drives frame
// t is read from x_{t−1}.
func ShiftLatents(Z []*mat.Dense) []*mat.Dense {
	out := make([]*mat.Dense, len(Z))
	for i, z := range Z {
		r, c := z.Dims()
		out[i] = mat.NewDense(r, c, nil)
		out[i].SetRow(0, z.RawRowView(0))
		for t := 1; t < r; t++ {
			out[i].SetRow(t, z.RawRowView(t-1))
		}
	}
	return out
}
