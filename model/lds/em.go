package lds

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/linalg"
)

// Options configures EM (Fit and MStep). The zero value fits A, Q, C, R,
// the initial state, and B and D where the model has them, with full
// covariances and fixed (or absent) offsets.
type Options struct {
	Iters     int     // EM iterations (M-steps), ≥ 0; 0 means DefaultIters (100); negative is an input error
	Tol       float64 // stop when the LL gain per iteration is < Tol·|LL| (0: run all Iters)
	DiagQ     bool    // constrain Q to be diagonal
	DiagR     bool    // constrain R to be diagonal
	FitBias   bool    // estimate the latent offset b (Bias)
	FitOffset bool    // estimate the observation offset d (Offset)
	FixInit   bool    // keep Mu0 and V0
	// Progress, if not nil, is called by Fit each time the log-likelihood
	// of a new iterate is known, with done the M-steps completed so far
	// (0 for the start, up to Iters), iters the iterations asked for
	// (Iters, or DefaultIters for 0) and ll = lls[done]. It is called from
	// Fit's goroutine and does not change the fit. A Tol stop ends the
	// calls before done reaches iters.
	Progress func(done, iters int, ll float64)
}

// EStep smooths every sequence under m and returns the posteriors and the
// total log-likelihood Σ log p(Y_k). The covariance recursions, which do not
// depend on the data, run once per distinct sequence length; the
// posteriors of sequences of equal length share their Cov and Cross.
func EStep(m *Model, data []Sequence) ([]*Posterior, float64, error) {
	var w estep
	ll, err := w.run(m, data, true)
	if err != nil {
		return nil, math.NaN(), err
	}
	return w.posts, ll, nil
}

// estep is the E-step's state: the model kernel, one covariance pass per
// sequence length and the posteriors. Fit keeps one across iterations, so
// that after the first iteration an E-step allocates nothing.
type estep struct {
	k      kernel
	passes map[int]*covPass
	posts  []*Posterior
	pm, fm []float64 // predicted and filtered means of the current sequence
	// perSeq recomputes the covariance pass for every sequence (into a
	// fresh pass): the reference path of the tests.
	perSeq bool
}

// seqErr names sequence s of n in err (when there are several).
func seqErr(s, n int, err error) error {
	if n == 1 {
		return err
	}
	return &seqError{s: s, err: err}
}

// seqError is err for sequence s: "lds: sequence s: ..." (the package
// prefix of err is not repeated). It unwraps to err.
type seqError struct {
	s   int
	err error
}

func (e *seqError) Error() string {
	return fmt.Sprintf("lds: sequence %d: %s", e.s, strings.TrimPrefix(e.err.Error(), "lds: "))
}

func (e *seqError) Unwrap() error { return e.err }

// run computes the log-likelihood of data under m and, when smooth, the
// posteriors (into w.posts).
func (w *estep) run(m *Model, data []Sequence, smooth bool) (float64, error) {
	if err := w.k.setup(m, false); err != nil {
		return math.NaN(), err
	}
	d := w.k.d
	if w.passes == nil {
		w.passes = make(map[int]*covPass)
	}
	for _, cp := range w.passes {
		cp.fresh = false
	}
	if smooth && len(w.posts) != len(data) {
		w.posts = make([]*Posterior, len(data))
	}
	ll := 0.0
	for s, seq := range data {
		if err := m.checkSeq(seq); err != nil {
			return math.NaN(), seqErr(s, len(data), err)
		}
		T, _ := seq.Y.Dims()
		cp := w.passes[T]
		if w.perSeq || cp == nil {
			cp = &covPass{}
			if !w.perSeq {
				w.passes[T] = cp
			}
		}
		if !cp.fresh || smooth && !cp.smoothed {
			if err := w.k.covariances(cp, T, smooth); err != nil {
				return math.NaN(), seqErr(s, len(data), err)
			}
		}
		w.pm, w.fm = grow(w.pm, T*d), grow(w.fm, T*d)
		sll, err := w.k.filterMeans(cp, seq, w.pm, w.fm)
		if err != nil {
			return math.NaN(), seqErr(s, len(data), err)
		}
		ll += sll
		if !smooth {
			continue
		}
		p := w.posts[s]
		if p == nil || p.T != T || p.Dim != d {
			p = &Posterior{T: T, Dim: d, Mean: make([]float64, T*d)}
			w.posts[s] = p
		}
		p.Cov, p.Cross, p.LogLik = cp.V, cp.Cross, sll
		if T == 1 {
			p.Cross = nil
		}
		w.k.smoothMeans(cp, w.pm, w.fm, p.Mean)
	}
	return ll, nil
}

// MStep sets m's parameters to the maximisers of the expected complete-data
// log-likelihood given the posteriors (Shumway & Stoffer 1982; Ghahramani &
// Hinton 1996, eqs. for A, Q, C, R generalised to inputs and offsets). Each
// block is a multivariate linear regression on x_t = [z_t; u_t; 1]:
//
//	[A B b] = (Σ E[z_{t+1} x_tᵀ]) (Σ E[x_t x_tᵀ])⁻¹,  Q = (Σ E[z_{t+1}z_{t+1}ᵀ] − W Σ E[x_t z_{t+1}ᵀ]) / n,
//	[C D d] = (Σ y_t E[x_t]ᵀ) (Σ E[x_t x_tᵀ])⁻¹,      R = (Σ y_t y_tᵀ − W Σ E[x_t] y_tᵀ) / T,
//
// where u_t is included when B (resp. D) is non-nil and 1 when FitBias (resp.
// FitOffset). A sequence with U nil has u_t = 0, as in the filter; when no
// sequence carries inputs, B and D are left as they are. The diagonal variants keep the diagonal of the full update,
// which is the exact maximiser under that constraint, so EM stays monotone.
// posts must hold one posterior per sequence (EStep's); other lengths or
// shapes are errors wrapping experiment.ErrInput.
func MStep(m *Model, data []Sequence, posts []*Posterior, opt Options) error {
	if len(data) != len(posts) {
		return experiment.Inputf("lds: MStep with %d sequences and %d posteriors (want one posterior per sequence, from EStep)", len(data), len(posts))
	}
	for k, p := range posts {
		if p == nil {
			return experiment.Inputf("lds: MStep: posterior %d is nil", k)
		}
		if data[k].Y == nil {
			return experiment.Inputf("lds: MStep: sequence %d has no Y", k)
		}
		if T, _ := data[k].Y.Dims(); p.T != T || p.Dim != m.Dim() {
			return experiment.Inputf("lds: MStep: posterior %d is %d steps × %d latents, sequence %d has %d steps and the model %d latents", k, p.T, p.Dim, k, T, m.Dim())
		}
	}
	d, n := m.Dim(), m.Obs()
	p := m.Inputs()
	// A sequence without U has zero inputs (as in the filter); B and D are
	// estimated only when some sequence carries inputs, and kept otherwise.
	anyU := false
	for _, seq := range data {
		anyU = anyU || seq.U != nil
	}
	// Latent dynamics.
	{
		useU := m.B != nil && anyU
		k := d
		if useU {
			k += p
		}
		if opt.FitBias {
			k++
		}
		Sxx := mat.NewSymDense(k, nil)
		Syx := mat.NewDense(d, k, nil)
		Syy := mat.NewSymDense(d, nil)
		x := make([]float64, k)
		cnt := 0.0
		var fixedB []float64
		if !opt.FitBias && m.Bias != nil {
			fixedB = m.Bias
		}
		for s, post := range posts {
			U := data[s].U
			for t := 0; t+1 < post.T; t++ {
				accumLatent(Sxx, Syx, Syy, x, post, U, t, d, p, useU, opt.FitBias, fixedB)
				cnt++
			}
		}
		if cnt == 0 {
			return experiment.Inputf("lds: M-step needs sequences of length ≥ 2")
		}
		W, Res, err := regress(Sxx, Syx, Syy, cnt, opt.DiagQ)
		if err != nil {
			return fmt.Errorf("lds: M-step for A: %w", err)
		}
		var bias []float64
		var B *mat.Dense
		m.A, B, bias = splitWeights(W, d, p, useU, opt.FitBias)
		if useU {
			m.B = B
		}
		if opt.FitBias {
			m.Bias = bias
		}
		m.Q = Res
	}
	// Observations.
	{
		useU := m.D != nil && anyU
		k := d
		if useU {
			k += p
		}
		if opt.FitOffset {
			k++
		}
		Sxx := mat.NewSymDense(k, nil)
		Syx := mat.NewDense(n, k, nil)
		Syy := mat.NewSymDense(n, nil)
		syy := Syy.RawSymmetric()
		x := make([]float64, k)
		ycb := make([]float64, n)
		Sxy := make([]float64, k*n) // Σ x_t y'_tᵀ (k×N), by axpys along N
		var fixedD []float64
		if !opt.FitOffset && m.Offset != nil {
			fixedD = m.Offset
		}
		var ycs []float64 // centred T×N observations (full R with a fixed offset)
		if !opt.DiagR && fixedD != nil {
			maxT := 0
			for _, post := range posts {
				maxT = max(maxT, post.T)
			}
			ycs = make([]float64, maxT*n)
		}
		cnt := 0.0
		for s, post := range posts {
			Y, U := data[s].Y, data[s].U
			T := post.T
			for t := 0; t < T; t++ {
				yc := Y.RawRowView(t)
				if fixedD != nil {
					for i, v := range yc {
						ycb[i] = v - fixedD[i]
					}
					yc = ycb
				}
				copy(x, post.MeanAt(t))
				c := d
				if useU {
					setInputs(x[c:c+p], U, t)
					c += p
				}
				if opt.FitOffset {
					x[c] = 1
				}
				addOuterSym(Sxx, x, 1)
				addSymFlat(Sxx, post.CovAt(t), d)
				for j, xj := range x {
					if xj != 0 {
						floats.AddScaled(Sxy[j*n:(j+1)*n], xj, yc)
					}
				}
				// With DiagR only the diagonal of Σ y yᵀ is used.
				if opt.DiagR {
					for i, v := range yc {
						syy.Data[i*syy.Stride+i] += v * v
					}
				} else if fixedD != nil {
					copy(ycs[t*n:(t+1)*n], yc)
				}
			}
			if !opt.DiagR {
				// Σ_t y'_t y'_tᵀ by a rank-T update (Dsyrk).
				G := Y.RawMatrix()
				if fixedD != nil {
					G = blas64.General{Rows: T, Cols: n, Stride: n, Data: ycs[:T*n]}
				}
				blas64.Syrk(blas.Trans, 1, G, 1, syy)
			}
			cnt += float64(T)
		}
		for i := 0; i < n; i++ {
			row := Syx.RawRowView(i)
			for j := range row {
				row[j] = Sxy[j*n+i]
			}
		}
		W, Res, err := regress(Sxx, Syx, Syy, cnt, opt.DiagR)
		if err != nil {
			return fmt.Errorf("lds: M-step for C: %w", err)
		}
		var offset []float64
		var D *mat.Dense
		m.C, D, offset = splitWeights(W, d, p, useU, opt.FitOffset)
		if useU {
			m.D = D
		}
		if opt.FitOffset {
			m.Offset = offset
		}
		m.R = Res
	}
	if !opt.FixInit {
		mu := make([]float64, d)
		for _, post := range posts {
			for i, v := range post.MeanAt(0) {
				mu[i] += v / float64(len(posts))
			}
		}
		V := mat.NewSymDense(d, nil)
		for _, post := range posts {
			m0, c0 := post.MeanAt(0), post.CovAt(0)
			for i := 0; i < d; i++ {
				for j := i; j < d; j++ {
					v := c0[i*d+j] + (m0[i]-mu[i])*(m0[j]-mu[j])
					V.SetSym(i, j, V.At(i, j)+v/float64(len(posts)))
				}
			}
		}
		m.Mu0, m.V0 = mu, V
	}
	return nil
}

// accumLatent adds time t's contribution to the latent regression sums.
func accumLatent(Sxx *mat.SymDense, Syx *mat.Dense, Syy *mat.SymDense, x []float64, post *Posterior,
	U *mat.Dense, t, d, p int, useU, bias bool, fixedB []float64) {
	k := len(x)
	m0, m1 := post.MeanAt(t), post.MeanAt(t+1)
	V0, V1, X := post.CovAt(t), post.CovAt(t+1), post.CrossAt(t)
	copy(x, m0)
	c := d
	if useU {
		setInputs(x[c:c+p], U, t)
		c += p
	}
	if bias {
		x[c] = 1
	}
	addOuterSym(Sxx, x, 1)
	addSymFlat(Sxx, V0, d)
	// Target z' = z_{t+1} − b (fixed b).
	syy := Syy.RawSymmetric()
	for i := 0; i < d; i++ {
		mi := m1[i]
		if fixedB != nil {
			mi -= fixedB[i]
		}
		row := Syx.RawRowView(i)
		for j := 0; j < k; j++ {
			row[j] += mi * x[j]
		}
		for j := 0; j < d; j++ {
			row[j] += X[i*d+j]
		}
		for j := i; j < d; j++ {
			mj := m1[j]
			if fixedB != nil {
				mj -= fixedB[j]
			}
			syy.Data[i*syy.Stride+j] += mi*mj + V1[i*d+j]
		}
	}
}

// setInputs copies row t of U into x, or zeros when U is nil (a sequence
// without inputs).
func setInputs(x []float64, U *mat.Dense, t int) {
	if U == nil {
		clear(x)
		return
	}
	copy(x, U.RawRowView(t))
}

// addOuterSym adds a·x xᵀ to s (upper triangle of its raw storage; no
// allocation).
func addOuterSym(s *mat.SymDense, x []float64, a float64) {
	raw := s.RawSymmetric()
	n := raw.N
	for i := 0; i < n; i++ {
		axi := a * x[i]
		if axi == 0 {
			continue
		}
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		for j := i; j < n; j++ {
			row[j] += axi * x[j]
		}
	}
}

// addSymFlat adds the upper triangle of the row-major d×d matrix v to the
// leading d×d block of s.
func addSymFlat(s *mat.SymDense, v []float64, d int) {
	raw := s.RawSymmetric()
	for i := 0; i < d; i++ {
		row := raw.Data[i*raw.Stride:]
		for j := i; j < d; j++ {
			row[j] += v[i*d+j]
		}
	}
}

// splitWeights splits the regression weights W (rows × k) on x = [z; u; 1]
// into the latent block W[:, :d], the input block W[:, d:d+p] (nil unless
// useU) and the constant column (nil unless fitConst), as copies.
func splitWeights(W *mat.Dense, d, p int, useU, fitConst bool) (Z, U *mat.Dense, c []float64) {
	rows, _ := W.Dims()
	Z = mat.DenseCopyOf(W.Slice(0, rows, 0, d))
	col := d
	if useU {
		U = mat.DenseCopyOf(W.Slice(0, rows, col, col+p))
		col += p
	}
	if fitConst {
		c = make([]float64, rows)
		for i := range c {
			c[i] = W.At(i, col)
		}
	}
	return Z, U, c
}

// regress returns W = Syx Sxx⁻¹ and the residual covariance
// (Syy − W Syxᵀ)/cnt (its diagonal only when diag).
func regress(Sxx *mat.SymDense, Syx *mat.Dense, Syy *mat.SymDense, cnt float64, diag bool) (*mat.Dense, *mat.SymDense, error) {
	var ch mat.Cholesky
	if !ch.Factorize(Sxx) {
		return nil, nil, errors.New("singular second-moment matrix (degenerate latents or inputs)")
	}
	var Wt mat.Dense
	if err := ch.SolveTo(&Wt, Syx.T()); err != nil {
		return nil, nil, err
	}
	W := mat.DenseCopyOf(Wt.T())
	var WS mat.Dense
	WS.Mul(W, Syx.T())
	r, _ := Syx.Dims()
	Res := mat.NewSymDense(r, nil)
	for i := 0; i < r; i++ {
		for j := i; j < r; j++ {
			if diag && i != j {
				continue
			}
			v := (Syy.At(i, j) - 0.5*(WS.At(i, j)+WS.At(j, i))) / cnt
			Res.SetSym(i, j, v)
		}
	}
	return W, Res, nil
}

// DefaultIters is the number of EM iterations Fit runs when Options.Iters
// is 0.
const DefaultIters = 100

// Fit runs EM from m (modified in place) and returns the log-likelihood of
// every iterate: lls[k] is the LL after k M-steps (lls[0] at the start). EM's
// LL is non-decreasing (Dempster, Laird & Rubin 1977) up to rounding. With
// DiagQ or DiagR the starting Q or R is first replaced by its diagonal, so
// that the start lies in the constrained family (the monotonicity argument
// needs it). ctx is checked before every E-step: once it is cancelled, Fit
// returns the log-likelihoods so far and ctx.Err() (with m unchanged if it
// was cancelled before the call). A negative opt.Iters is an error wrapping
// experiment.ErrInput, with m unchanged.
func Fit(ctx context.Context, m *Model, data []Sequence, opt Options) ([]float64, error) {
	if opt.Iters < 0 {
		return nil, experiment.Inputf("lds: Options.Iters = %d: want ≥ 0 (0 means %d)", opt.Iters, DefaultIters)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opt.DiagQ {
		m.Q = diagOf(m.Q)
	}
	if opt.DiagR {
		m.R = diagOf(m.R)
	}
	return fit(ctx, m, data, opt, &estep{})
}

// fit is Fit with the E-step state w (reused across iterations).
func fit(ctx context.Context, m *Model, data []Sequence, opt Options, w *estep) ([]float64, error) {
	iters := opt.Iters
	if iters == 0 {
		iters = DefaultIters
	}
	var lls []float64
	for it := 0; ; it++ {
		if err := ctx.Err(); err != nil {
			return lls, err
		}
		// The last iterate needs only its log-likelihood.
		ll, err := w.run(m, data, it < iters)
		if err != nil {
			return lls, err
		}
		lls = append(lls, ll)
		if opt.Progress != nil {
			opt.Progress(it, iters, ll)
		}
		if it == iters {
			break
		}
		if opt.Tol > 0 && it > 0 && ll-lls[it-1] < opt.Tol*math.Abs(ll) {
			break
		}
		if err := MStep(m, data, w.posts, opt); err != nil {
			return lls, err
		}
	}
	return lls, nil
}

// InitPCA returns a starting model for EM from probabilistic PCA (Tipping &
// Bishop 1999) of the pooled observations: Offset = the mean, C = U (Λ −
// σ²I)^{1/2} from the top dim eigenpairs, R = Σ − C Cᵀ (σ² the mean of the
// discarded eigenvalues; its eigenvalues are σ² on the top dim directions
// and the discarded eigenvalues, so R is positive definite when the pooled
// covariance Σ is, and singular when Σ is rank-deficient, e.g. a neuron that
// copies another: the filter then uses its covariance form), and A, Q from
// the least-squares regression of the projected latents z_{t+1} on z_t. dim
// must not exceed N−1.
func InitPCA(data []Sequence, dim int) (*Model, error) {
	if len(data) == 0 {
		return nil, experiment.Inputf("lds: no data")
	}
	if data[0].Y == nil {
		return nil, seqErr(0, len(data), experiment.Inputf("lds: Y is nil"))
	}
	_, n := data[0].Y.Dims()
	if dim < 1 || dim >= n {
		return nil, experiment.Inputf("lds: latent dimension %d must be in [1, N−1 = %d]", dim, n-1)
	}
	for s, seq := range data {
		if seq.Y == nil {
			return nil, seqErr(s, len(data), experiment.Inputf("lds: Y is nil"))
		}
		if _, c := seq.Y.Dims(); c != n {
			return nil, seqErr(s, len(data), experiment.Inputf("lds: Y has %d columns, sequence 0 has %d", c, n))
		}
		if err := checkFinite("Y", seq.Y); err != nil {
			return nil, seqErr(s, len(data), err)
		}
	}
	mean := make([]float64, n)
	tot := 0
	for _, s := range data {
		T, _ := s.Y.Dims()
		for t := 0; t < T; t++ {
			for i, v := range s.Y.RawRowView(t) {
				mean[i] += v
			}
		}
		tot += T
	}
	for i := range mean {
		mean[i] /= float64(tot)
	}
	Sig := mat.NewSymDense(n, nil)
	yc := make([]float64, n)
	for _, s := range data {
		T, _ := s.Y.Dims()
		for t := 0; t < T; t++ {
			for i, v := range s.Y.RawRowView(t) {
				yc[i] = v - mean[i]
			}
			addOuterSym(Sig, yc, 1/float64(tot))
		}
	}
	for i := 0; i < n; i++ {
		if v := Sig.At(i, i); math.IsInf(v, 0) || math.IsNaN(v) {
			// (the eigen-decomposition then failed with no cause given)
			return nil, experiment.Inputf("lds: the variance of observation %d overflows float64 (values up to ~1e154 about their mean are supported); rescale the data", i)
		}
	}
	// All eigenvalues, descending, and the top dim eigenvectors; above 500
	// observations only those are computed (linalg.TopEigenSym).
	vals, V, err := linalg.EigenSymTop(Sig, dim, n > 500)
	if err != nil {
		return nil, fmt.Errorf("lds: PCA initialisation: %w", err)
	}
	s2 := 0.0
	for _, v := range vals[dim:] {
		s2 += v
	}
	s2 /= float64(n - dim)
	if !(s2 > 0) {
		return nil, experiment.Inputf("lds: data covariance is rank-deficient: the %d smallest of its %d eigenvalues are 0 (constant observations, observations that copy others, fewer distinct frames than observations, or values so small that their squares underflow); the PCA initialisation with %d latents needs them positive", n-dim, n, dim)
	}
	C := mat.NewDense(n, dim, nil)
	Pc := mat.NewDense(n, dim, nil) // projection (CᵀC)⁻¹Cᵀ = diag(1/√(λ−σ²)) Uᵀ
	for j := 0; j < dim; j++ {
		l := vals[j]
		sc := math.Sqrt(math.Max(l-s2, 1e-12*l))
		for i := 0; i < n; i++ {
			C.Set(i, j, V.At(i, j)*sc)
			Pc.Set(i, j, V.At(i, j)/sc)
		}
	}
	var CC mat.Dense
	CC.Mul(C, C.T())
	R := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			R.SetSym(i, j, Sig.At(i, j)-0.5*(CC.At(i, j)+CC.At(j, i)))
		}
	}
	// Latent regression.
	Sxx := mat.NewSymDense(dim, nil)
	Syx := mat.NewDense(dim, dim, nil)
	Syy := mat.NewSymDense(dim, nil)
	z0 := make([]float64, dim)
	z1 := make([]float64, dim)
	cnt := 0.0
	proj := func(dst []float64, y []float64) {
		for j := 0; j < dim; j++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += Pc.At(i, j) * (y[i] - mean[i])
			}
			dst[j] = s
		}
	}
	for _, s := range data {
		T, _ := s.Y.Dims()
		for t := 0; t+1 < T; t++ {
			proj(z0, s.Y.RawRowView(t))
			proj(z1, s.Y.RawRowView(t+1))
			addOuterSym(Sxx, z0, 1)
			addOuterSym(Syy, z1, 1)
			for i := 0; i < dim; i++ {
				for j := 0; j < dim; j++ {
					Syx.Set(i, j, Syx.At(i, j)+z1[i]*z0[j])
				}
			}
			cnt++
		}
	}
	if cnt == 0 {
		return nil, experiment.Inputf("lds: sequences too short for PCA initialisation (need one of length >= 2)")
	}
	A, Q, err := regress(Sxx, Syx, Syy, cnt, false)
	if err != nil {
		return nil, fmt.Errorf("lds: PCA initialisation: %w", err)
	}
	// Keep A stable so that a stationary initial covariance exists.
	var eig mat.Eigen
	if eig.Factorize(A, mat.EigenNone) {
		rho := 0.0
		for _, l := range eig.Values(nil) {
			rho = math.Max(rho, cmplxAbs(l))
		}
		if rho >= 0.999 {
			A.Scale(0.99/rho, A)
		}
	}
	V0 := mat.NewSymDense(dim, nil)
	for i := 0; i < dim; i++ {
		for j := i; j < dim; j++ {
			V0.SetSym(i, j, Sxx.At(i, j)/cnt)
		}
	}
	return &Model{A: A, Q: Q, C: C, R: R, Mu0: make([]float64, dim), V0: V0, Offset: mean}, nil
}

func diagOf(s *mat.SymDense) *mat.SymDense {
	n := s.SymmetricDim()
	out := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		out.SetSym(i, i, s.At(i, i))
	}
	return out
}
