package dimred

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/deconv"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/lds"
)

// CILDS holds the parameters of the calcium imaging linear dynamical system
// (Koh et al., Nat Comput Sci 3:71 (2023), eq. 1–3; authors' cilds.m):
//
//	z_{t+1} = D z_t + u_t,            u ~ N(0, diag(P))
//	c_t     = G c_{t−1} + A z_t + b + v_t, v ~ N(0, diag(Q))
//	y_t     = B c_t + w_t,              w ~ N(0, diag(R))
//
// with initial states c_1 ~ N(Mu1, diag(Cov1)) and z_2 ~ N(H2, diag(G2)).
// B, G, Q, R, D and P are diagonal (stored as vectors). Inference runs on
// the augmented state x_t = [c_t; z_{t+1}] with transition [[G, A], [0, D]],
// offset [b; 0], noise blkdiag(Q, P) and observation [B 0] (cilds_estep.m).
type CILDS struct {
	B, R, G, B0, Q []float64 // per neuron: gain, obs. noise, decay, offset b, calcium noise
	A              *mat.Dense
	D, P           []float64 // per latent: decay and noise
	Mu1, Cov1      []float64 // initial calcium
	H2, G2         []float64 // initial latent
}

// Neurons and Latents return q and p.
func (m *CILDS) Neurons() int { return len(m.B) }

// Latents returns p.
func (m *CILDS) Latents() int { return len(m.D) }

func (m *CILDS) shared() *sharedLDS {
	q, p := m.Neurons(), m.Latents()
	d := q + p
	A := mat.NewDense(d, d, nil)
	Q := mat.NewDense(d, d, nil)
	V0 := mat.NewDense(d, d, nil)
	C := mat.NewDense(q, d, nil)
	bias := make([]float64, d)
	mu := make([]float64, d)
	for i := 0; i < q; i++ {
		A.Set(i, i, m.G[i])
		for j := 0; j < p; j++ {
			A.Set(i, q+j, m.A.At(i, j))
		}
		Q.Set(i, i, m.Q[i])
		V0.Set(i, i, m.Cov1[i])
		C.Set(i, i, m.B[i])
		bias[i] = m.B0[i]
		mu[i] = m.Mu1[i]
	}
	for j := 0; j < p; j++ {
		A.Set(q+j, q+j, m.D[j])
		Q.Set(q+j, q+j, m.P[j])
		V0.Set(q+j, q+j, m.G2[j])
		mu[q+j] = m.H2[j]
	}
	return &sharedLDS{A: A, Q: Q, C: C, R: append([]float64(nil), m.R...), Bias: bias, Mu0: mu, V0: V0}
}

// Clone returns a deep copy of m.
func (m *CILDS) Clone() *CILDS {
	c := func(x []float64) []float64 { return append([]float64(nil), x...) }
	return &CILDS{B: c(m.B), R: c(m.R), G: c(m.G), B0: c(m.B0), Q: c(m.Q), A: mat.DenseCopyOf(m.A),
		D: c(m.D), P: c(m.P), Mu1: c(m.Mu1), Cov1: c(m.Cov1), H2: c(m.H2), G2: c(m.G2)}
}

// Smoothed is the posterior of one trial: Mean is T×(q+p), row t =
// E[x_t | y] = [E c_t; E z_{t+1}].
type Smoothed struct {
	Mean   *mat.Dense
	LogLik float64
}

// Z returns the smoothed latents as T×p: row t = E[z_{t+1} | y] (the latent
// that drives c_{t+1}).
func (s *Smoothed) Z(q int) *mat.Dense {
	T, d := s.Mean.Dims()
	return mat.DenseCopyOf(s.Mean.Slice(0, T, q, d))
}

// C returns the smoothed calcium as T×q.
func (s *Smoothed) C(q int) *mat.Dense {
	T, _ := s.Mean.Dims()
	return mat.DenseCopyOf(s.Mean.Slice(0, T, 0, q))
}

// stats are the expected sufficient statistics of the M-step. S00, S11 and
// S10 are complete only on the entries mstep reads (see estep).
type stats struct {
	ll       float64
	S00, S11 *mat.Dense // Σ_{t<T−1} E[x_t x_tᵀ], Σ_{t≥1} E[x_t x_tᵀ]
	S10      *mat.Dense // Σ_{t<T−1} E[x_{t+1} x_tᵀ]
	m0, m1   []float64  // Σ_{t<T−1} E[x_t], Σ_{t≥1} E[x_t]
	syc, scc []float64  // Σ_t y_it E[c_it], Σ_t E[c_it²]
	syy      []float64  // Σ_t y_it²
	first    []float64  // Σ_k E[x_0]
	firstSq  []float64  // Σ_k E[x_0]² (elementwise)
	trials   int
	T        int
}

// EStep smooths every trial (all of length T) and returns the posteriors
// and the total log-likelihood. workers goroutines smooth batches of trials
// (0 and 1 both mean serial; negative is an input error); the result does
// not depend on workers.
func (m *CILDS) EStep(ctx context.Context, Y []*mat.Dense, workers int) ([]*Smoothed, float64, error) {
	if workers < 0 {
		return nil, math.NaN(), experiment.Inputf("dimred: CILDS.EStep: workers = %d: want ≥ 0 (0 and 1 both mean serial)", workers)
	}
	if e := cildsScale(Y); e != 0 && m.checkTrialsQuiet(Y) {
		// Extreme magnitude (see cildsScale): smooth the scaled trials
		// under the scaled model; the calcium means scale back, the
		// latents do not, and ℓ shifts by q·T·e·ln 2 per trial.
		ms := m.Clone()
		ms.rescale(e)
		posts, ll, err := ms.EStep(ctx, scaleTrials(Y, e), workers)
		if err != nil {
			return nil, math.NaN(), err
		}
		q := m.Neurons()
		frames := 0
		for _, p := range posts {
			T, _ := p.Mean.Dims()
			for t := 0; t < T; t++ {
				row := p.Mean.RawRowView(t)
				for i := 0; i < q; i++ {
					row[i] = ldexp(row[i], -e)
				}
			}
			p.LogLik += float64(T*q*e) * math.Ln2
			frames += T
		}
		return posts, ll + float64(frames*q*e)*math.Ln2, nil
	}
	posts, st, err := m.estep(ctx, Y, workers, false, nil)
	if err != nil {
		return nil, math.NaN(), err
	}
	return posts, st.ll, nil
}

// checkTrialsQuiet reports trials that EStep and Fit accept (finite, equal
// lengths, m.Neurons() wide); the extreme-scale path is taken only for
// those, so that bad trials get the usual errors.
func (m *CILDS) checkTrialsQuiet(Y []*mat.Dense) bool {
	if _, q, err := checkTrials("", Y, true); err != nil || q != m.Neurons() {
		return false
	}
	return checkFinite("", Y) == nil
}

// batchTrials is the number of trials smoothed together.
const batchTrials = 16

// cildsWork keeps the smoother's buffers across EM iterations.
type cildsWork struct {
	cp *covPass
	bw []*batchWork
}

func (m *CILDS) estep(ctx context.Context, Y []*mat.Dense, workers int, withStats bool, ws *cildsWork) ([]*Smoothed, *stats, error) {
	if len(Y) == 0 {
		return nil, nil, experiment.Inputf("dimred: no trials")
	}
	for k, y := range Y {
		if y == nil {
			return nil, nil, experiment.Inputf("dimred: CILDS: trial %d is nil", k)
		}
	}
	T, N := Y[0].Dims()
	q, p := m.Neurons(), m.Latents()
	for k, y := range Y {
		if _, c := y.Dims(); c != q {
			return nil, nil, experiment.Inputf("dimred: CILDS: trial %d has %d neurons, the model has %d", k, c, q)
		}
	}
	for _, y := range Y {
		if r, _ := y.Dims(); r != T {
			return nil, nil, experiment.Inputf("dimred: CILDS needs trials of equal length")
		}
	}
	if T < 2 {
		return nil, nil, experiment.Inputf("dimred: trials need at least 2 frames")
	}
	// The data are scanned for NaN and ±Inf once per call of EStep and
	// once per Fit (its first E-step, before the covariance pass exists).
	if ws == nil || ws.cp == nil {
		if err := checkFinite("CILDS", Y); err != nil {
			return nil, nil, err
		}
	}
	if ws == nil {
		ws = &cildsWork{}
	}
	sl := m.shared()
	sl.CrossQ = q
	cp, err := sl.covariances(T, ws.cp)
	if err != nil {
		return nil, nil, err
	}
	ws.cp = cp
	d := q + p
	posts := make([]*Smoothed, len(Y))
	// Trials in fixed batches of batchTrials (so results do not depend on
	// workers), each smoothed with matrix products over its trials.
	nbatch := (len(Y) + batchTrials - 1) / batchTrials
	for len(ws.bw) < nbatch {
		ws.bw = append(ws.bw, nil)
	}
	err = num.ParallelFor(ctx, workers, nbatch, func(b int) error {
		lo, hi := b*batchTrials, min((b+1)*batchTrials, len(Y))
		bw := ws.bw[b]
		if bw == nil || bw.T != T || bw.D != d || bw.N != N || bw.nb < hi-lo {
			bw = newBatchWork(hi-lo, T, d, N) // as many trials as the batch holds (one long recording: 1)
			ws.bw[b] = bw
		}
		ms := make([][]float64, hi-lo)
		for k := range ms {
			ms[k] = make([]float64, T*d)
		}
		ll := make([]float64, hi-lo)
		sl.smoothBatch(ms, ll, cp, Y[lo:hi], bw)
		for k := range ms {
			if math.IsNaN(ll[k]) || math.IsInf(ll[k], 0) {
				return fmt.Errorf("dimred: non-finite log-likelihood in trial %d", lo+k)
			}
			posts[lo+k] = &Smoothed{Mean: mat.NewDense(T, d, ms[k]), LogLik: ll[k]}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	st := &stats{trials: len(Y), T: T}
	for _, ps := range posts {
		st.ll += ps.LogLik
	}
	if !withStats {
		return posts, st, nil
	}
	K := float64(len(Y))
	st.S00 = mat.NewDense(d, d, nil)
	st.S11 = mat.NewDense(d, d, nil)
	st.S10 = mat.NewDense(d, d, nil)
	// Covariance sums, on the entries the M-step reads only (adding whole
	// D×D matrices at every step cost 3·T·D², most of a long recording's
	// E-step): the (i,i) and (i,z) entries and the z block of S00, the
	// (i,i), (i,z) and diag(z) entries of S10, and the diagonal of S11.
	for t := 0; t < T-1; t++ {
		addCovMoments(st.S00, cp.Vs[t], q, p, true)
		addCovMoments(st.S10, cp.Cross[t], q, p, false)
		s11, v := st.S11.RawMatrix(), cp.Vs[t+1]
		for i := 0; i < d; i++ {
			s11.Data[i*s11.Stride+i] += v[i*d+i]
		}
	}
	st.S00.Scale(K, st.S00)
	st.S11.Scale(K, st.S11)
	st.S10.Scale(K, st.S10)
	st.m0, st.m1 = make([]float64, d), make([]float64, d)
	st.syc, st.scc, st.syy = make([]float64, q), make([]float64, q), make([]float64, q)
	st.first, st.firstSq = make([]float64, d), make([]float64, d)
	for i := 0; i < q; i++ {
		for t := 0; t < T; t++ {
			st.scc[i] += K * cp.Vs[t][i*d+i]
		}
	}
	// Moment sums of the means, restricted to the entries the M-step reads
	// (the regressors of c_{t+1,i} are c_{t,i} and z_{t+1}): (i,i), (i,z)
	// and the z block of S00; (i,i), (i,z) and diag(z) of S10; the
	// diagonal of S11.
	s11 := st.S11.RawMatrix()
	for _, ps := range posts {
		ms := ps.Mean.RawMatrix().Data
		for t := 0; t < T-1; t++ {
			x0, x1 := ms[t*d:(t+1)*d], ms[(t+1)*d:(t+2)*d]
			addMoments(st.S00, x0, x0, q, p, true)
			addMoments(st.S10, x1, x0, q, p, false)
			for i, v := range x1 {
				s11.Data[i*s11.Stride+i] += v * v
			}
		}
	}
	for k, ps := range posts {
		ms := ps.Mean.RawMatrix().Data
		y := Y[k]
		for t := 0; t < T; t++ {
			xt := ms[t*d : (t+1)*d]
			yr := y.RawRowView(t)
			for i := 0; i < q; i++ {
				st.syc[i] += yr[i] * xt[i]
				st.scc[i] += xt[i] * xt[i]
				st.syy[i] += yr[i] * yr[i]
			}
			if t < T-1 {
				xn := ms[(t+1)*d : (t+2)*d]
				for i := 0; i < d; i++ {
					st.m0[i] += xt[i]
					st.m1[i] += xn[i]
				}
			}
		}
		for i := 0; i < d; i++ {
			st.first[i] += ms[i]
			st.firstSq[i] += ms[i] * ms[i]
		}
	}
	for i := 0; i < d; i++ {
		st.firstSq[i] += K * cp.Vs[0][i*d+i]
	}
	return posts, st, nil
}

// addMoments adds to S the entries of a bᵀ that the CILDS M-step reads:
// (i, i) and (i, z_j) for every neuron i, and the z block (sym) or only
// its diagonal (!sym).
func addMoments(S *mat.Dense, a, b []float64, q, p int, sym bool) {
	raw := S.RawMatrix()
	D, st := q+p, raw.Stride
	za, zb := a[q:D], b[q:D]
	for i := 0; i < q; i++ {
		row := raw.Data[i*st : i*st+D]
		ai := a[i]
		row[i] += ai * b[i]
		for j, v := range zb {
			row[q+j] += ai * v
		}
	}
	for j, v := range za {
		row := raw.Data[(q+j)*st : (q+j)*st+D]
		if !sym {
			row[q+j] += v * zb[j]
			continue
		}
		for l, w := range zb {
			row[q+l] += v * w
		}
	}
}

// addCovMoments adds to S the entries of the D×D row-major matrix V that
// the CILDS M-step reads, as addMoments does for the means: (i, i) and
// (i, z_j) for every neuron i, and the z block (zBlock) or its diagonal.
func addCovMoments(S *mat.Dense, V []float64, q, p int, zBlock bool) {
	raw := S.RawMatrix()
	D, st := q+p, raw.Stride
	for i := 0; i < q; i++ {
		row, v := raw.Data[i*st:i*st+D], V[i*D:(i+1)*D]
		row[i] += v[i]
		for j := q; j < D; j++ {
			row[j] += v[j]
		}
	}
	for j := q; j < D; j++ {
		row, v := raw.Data[j*st:j*st+D], V[j*D:(j+1)*D]
		if !zBlock {
			row[j] += v[j]
			continue
		}
		for l := q; l < D; l++ {
			row[l] += v[l]
		}
	}
}

// varFloor keeps variances positive (active only in degenerate fits).
const varFloor = 1e-10

// mstep sets m to the exact maximiser of the expected complete-data
// log-likelihood given st (cilds_mstep.m; each group is a separate linear
// regression because B, G, Q, R, D and P are diagonal):
//
//	B_i = Σ y_it E c_it / Σ E c_it²,  R_i = (Σ y_it² − B_i Σ y_it E c_it)/(KT);
//	[G_i, A_i, b_i] = E[c_{t+1,i} φ_tᵀ] E[φ_t φ_tᵀ]⁻¹ with φ_t = [c_ti; z_{t+1}; 1],
//	Q_i = (Σ E c²_{t+1,i} − [G_i A_i b_i] E[φ_t c_{t+1,i}]) / (K(T−1));
//	D_j = Σ E z_{t+2,j} z_{t+1,j} / Σ E z²_{t+1,j},  P_j likewise;
//	initial means and variances from E[x_1] over trials.
func (m *CILDS) mstep(st *stats) error {
	q, p := m.Neurons(), m.Latents()
	K := float64(st.trials)
	n := K * float64(st.T-1)
	for i := 0; i < q; i++ {
		if !(st.scc[i] > 0) {
			return errors.New("dimred: CILDS M-step: zero calcium second moment")
		}
		m.B[i] = st.syc[i] / st.scc[i]
		m.R[i] = math.Max((st.syy[i]-m.B[i]*st.syc[i])/(K*float64(st.T)), varFloor)
	}
	k := p + 2
	Phi := mat.NewSymDense(k, nil)
	rhs := mat.NewVecDense(k, nil)
	w := mat.NewVecDense(k, nil)
	for i := 0; i < q; i++ {
		// φ = [c_i; z_1..z_p; 1]
		idx := func(a int) int { // index into x, −1 for the constant
			if a == 0 {
				return i
			}
			if a <= p {
				return q + a - 1
			}
			return -1
		}
		for a := 0; a < k; a++ {
			for b := a; b < k; b++ {
				ia, ib := idx(a), idx(b)
				var v float64
				switch {
				case ia < 0 && ib < 0:
					v = n
				case ia < 0:
					v = st.m0[ib]
				case ib < 0:
					v = st.m0[ia]
				default:
					v = st.S00.At(ia, ib)
				}
				Phi.SetSym(a, b, v)
			}
			ia := idx(a)
			if ia < 0 {
				rhs.SetVec(a, st.m1[i])
			} else {
				rhs.SetVec(a, st.S10.At(i, ia))
			}
		}
		var ch mat.Cholesky
		if !ch.Factorize(Phi) {
			return errors.New("dimred: CILDS M-step: singular regressor moments")
		}
		if err := ch.SolveVecTo(w, rhs); err != nil {
			return err
		}
		m.G[i] = w.AtVec(0)
		for j := 0; j < p; j++ {
			m.A.Set(i, j, w.AtVec(1+j))
		}
		m.B0[i] = w.AtVec(p + 1)
		m.Q[i] = math.Max((st.S11.At(i, i)-mat.Dot(w, rhs))/n, varFloor)
	}
	for j := 0; j < p; j++ {
		zj := q + j
		m.D[j] = st.S10.At(zj, zj) / st.S00.At(zj, zj)
		m.P[j] = math.Max((st.S11.At(zj, zj)-m.D[j]*st.S10.At(zj, zj))/n, varFloor)
	}
	for i := 0; i < q+p; i++ {
		mu := st.first[i] / K
		v := math.Max(st.firstSq[i]/K-mu*mu, varFloor)
		if i < q {
			m.Mu1[i], m.Cov1[i] = mu, v
		} else {
			m.H2[i-q], m.G2[i-q] = mu, v
		}
	}
	return nil
}

// FitOptions configures Fit.
type FitOptions struct {
	Iters   int     // EM iterations (M-steps), ≥ 0; 0 means the authors' default maxIter = 500 (negative: an input error)
	Tol     float64 // stop when (ll_k − ll_1) < (1+Tol)(ll_{k−1} − ll_1) (authors: 1e-13; 0 runs all Iters)
	Workers int     // goroutines for the E-step, ≥ 0 (0 and 1 both mean serial; negative: an input error); results do not depend on it
	// Progress, if not nil, is called with the fraction of Iters done.
	Progress func(frac float64)
}

// DefaultFitIters is the number of EM iterations Fit runs when
// FitOptions.Iters is 0 (the authors' maxIter).
const DefaultFitIters = 500

// ErrLikelihoodDecreased reports an EM step that lowered the likelihood
// beyond rounding (the reference throws in that case).
var ErrLikelihoodDecreased = errors.New("dimred: EM log-likelihood decreased")

// Fit runs EM from m (modified in place) on the trials Y (each T×q) and
// returns the log-likelihood before each M-step and after the last one.
// A decrease larger than 1e-9 relative returns ErrLikelihoodDecreased.
// Trials that are empty, nil, of unequal length or of a width other than
// m.Neurons(), and a negative opt.Iters or opt.Workers, return an error
// wrapping experiment.ErrInput. A cancelled ctx stops EM between
// iterations (and the E-step between batches of trials) with ctx.Err().
func (m *CILDS) Fit(ctx context.Context, Y []*mat.Dense, opt FitOptions) ([]float64, error) {
	if opt.Iters < 0 {
		return nil, experiment.Inputf("dimred: FitOptions.Iters = %d: want ≥ 0 (0 means %d)", opt.Iters, DefaultFitIters)
	}
	if opt.Workers < 0 {
		return nil, experiment.Inputf("dimred: FitOptions.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", opt.Workers)
	}
	if opt.Iters == 0 {
		opt.Iters = DefaultFitIters
	}
	if e := cildsScale(Y); e != 0 && m.checkTrialsQuiet(Y) {
		// Extreme magnitude (see cildsScale): fit in the scaled units.
		m.rescale(e)
		lls, err := m.Fit(ctx, scaleTrials(Y, e), opt)
		m.rescale(-e)
		frames := 0
		for _, y := range Y {
			T, _ := y.Dims()
			frames += T
		}
		for i := range lls {
			lls[i] += float64(frames*m.Neurons()*e) * math.Ln2
		}
		return lls, err
	}
	var lls []float64
	ws := &cildsWork{}
	for it := 0; ; it++ {
		if err := ctx.Err(); err != nil {
			return lls, err
		}
		_, st, err := m.estep(ctx, Y, opt.Workers, true, ws)
		if err != nil {
			return lls, err
		}
		lls = append(lls, st.ll)
		if it > 0 {
			prev := lls[it-1]
			if st.ll < prev-1e-9*math.Abs(prev) {
				return lls, fmt.Errorf("%w: %.12g -> %.12g at iteration %d", ErrLikelihoodDecreased, prev, st.ll, it)
			}
			if opt.Tol > 0 && it > 1 && st.ll-lls[0] < (1+opt.Tol)*(prev-lls[0]) {
				break
			}
		}
		if it == opt.Iters {
			break
		}
		if err := m.mstep(st); err != nil {
			return lls, err
		}
		if opt.Progress != nil && opt.Iters > 0 {
			opt.Progress(float64(it+1) / float64(opt.Iters))
		}
	}
	return lls, nil
}

// OASISFit holds per-neuron OASIS results on trial data: calcium (with
// baseline) and spikes per trial (T×q), and the decay and baseline of each
// neuron.
type OASISFit struct {
	C, S []*mat.Dense
	G, B []float64
}

// DeconvolveTrials runs noise-constrained OASIS with baseline
// (analysis/deconv) on each neuron's concatenated trials.
func DeconvolveTrials(Y []*mat.Dense) (*OASISFit, error) {
	return deconvolveTrials(context.Background(), Y, nil)
}

// deconvolveTrials is DeconvolveTrials with ctx checked between neurons
// and progress (if not nil) called with the fraction of neurons done.
func deconvolveTrials(ctx context.Context, Y []*mat.Dense, progress func(float64)) (*OASISFit, error) {
	if _, _, err := checkTrials("OASIS", Y, false); err != nil {
		return nil, err
	}
	T, q := Y[0].Dims()
	K := len(Y)
	of := &OASISFit{G: make([]float64, q), B: make([]float64, q)}
	for k := 0; k < K; k++ {
		if r, _ := Y[k].Dims(); r != T {
			return nil, experiment.Inputf("dimred: trials of unequal length")
		}
		of.C = append(of.C, mat.NewDense(T, q, nil))
		of.S = append(of.S, mat.NewDense(T, q, nil))
	}
	y := make([]float64, K*T)
	var ws deconv.Workspace
	for i := 0; i < q; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for k := 0; k < K; k++ {
			for t := 0; t < T; t++ {
				y[k*T+t] = Y[k].At(t, i)
			}
		}
		r, err := ws.Deconvolve(y, deconv.Options{Constrained: true, Baseline: true})
		if err != nil {
			return nil, fmt.Errorf("dimred: neuron %d: %w", i, err)
		}
		of.G[i], of.B[i] = r.G, r.B
		for k := 0; k < K; k++ {
			for t := 0; t < T; t++ {
				of.C[k].Set(t, i, r.C[k*T+t]+r.B)
				of.S[k].Set(t, i, r.S[k*T+t])
			}
		}
		if progress != nil {
			progress(float64(i+1) / float64(q))
		}
	}
	return of, nil
}

// InitCILDS returns a starting CILDS for EM following the authors'
// 'ldsInit' (cilds.m): OASIS on each neuron, then an LDS (iters EM
// iterations, model/lds; 0 means lds.DefaultIters, negative is an input
// error) on the inferred spikes; see InitCILDSFrom.
func InitCILDS(ctx context.Context, Y []*mat.Dense, p, iters int) (*CILDS, error) {
	return InitCILDSProgress(ctx, Y, p, iters, nil)
}

// InitCILDSProgress is InitCILDS with ctx also checked between the
// neurons' OASIS fits and progress (if not nil) called with the fraction of
// neurons deconvolved; the result is the same.
func InitCILDSProgress(ctx context.Context, Y []*mat.Dense, p, iters int, progress func(float64)) (*CILDS, error) {
	if _, _, err := checkTrials("CILDS init", Y, true); err != nil {
		return nil, err
	}
	if err := checkFinite("CILDS init", Y); err != nil {
		return nil, err
	}
	if _, q := Y[0].Dims(); p < 1 || p >= q {
		return nil, experiment.Inputf("dimred: latent dimension %d must be in [1, %d)", p, q)
	}
	if iters < 0 {
		return nil, experiment.Inputf("dimred: InitCILDS: iters = %d EM iterations of the initial LDS: want ≥ 0 (0 means %d)", iters, lds.DefaultIters)
	}
	if e := cildsScale(Y); e != 0 {
		// Extreme magnitude (see cildsScale): initialise on the scaled
		// trials, map the model back.
		m, err := InitCILDSProgress(ctx, scaleTrials(Y, e), p, iters, progress)
		if err != nil {
			return nil, err
		}
		m.rescale(-e)
		for i := range m.R {
			if !(m.R[i] > 0 && m.Q[i] > 0 && m.Cov1[i] > 0) || math.IsInf(m.R[i]+m.Q[i]+m.Cov1[i], 0) {
				return nil, experiment.Inputf("dimred: CILDS init: fluorescence of magnitude 2^%d: the model's variances (∝ magnitude²) are beyond float64; rescale the traces (values up to ~1e150 and down to ~1e-150 are supported)", -e)
			}
		}
		return m, nil
	}
	of, err := deconvolveTrials(ctx, Y, progress)
	if err != nil {
		return nil, err
	}
	Z, _, err := LDS(ctx, of.S, p, iters)
	if err != nil {
		if i := constantNeuron(of.S); i >= 0 && ctx.Err() == nil {
			// Both the input error and the LDS's own error stay matchable.
			return nil, fmt.Errorf("%w (%w)", experiment.Inputf("dimred: CILDS init: OASIS inferred constant spikes (%g in every frame) for neuron %d of %d, so the LDS on the spikes fails: drop neurons without transients before fitting",
				of.S[0].At(0, i), i, len(of.G)), err)
		}
		return nil, err
	}
	return InitCILDSFrom(Y, of, Z)
}

// constantNeuron returns the first neuron whose values are the same in every
// frame of every trial (a neuron OASIS found silent), or −1.
func constantNeuron(S []*mat.Dense) int {
	_, q := S[0].Dims()
	for i := 0; i < q; i++ {
		v0, same := S[0].At(0, i), true
		for _, s := range S {
			r, _ := s.Dims()
			for t := 0; t < r && same; t++ {
				same = s.At(t, i) == v0
			}
		}
		if same {
			return i
		}
	}
	return -1
}

// InitCILDSFrom builds a starting CILDS from OASIS results and initial
// latents Z (per trial T×p, row t the latent driving the spikes of frame
// t): the latents are rotated to their principal axes and scaled to unit
// variance; D_j and P_j come from an AR(1) fit of each; A, b and Q from
// the least-squares regression of the spikes ŝ_t on [ẑ_t; 1]; G_i = ĝ_i
// (at least 0.5), B_i = 1, R_i the OASIS residual variance, and the
// initial calcium from ĉ_1.
func InitCILDSFrom(Y []*mat.Dense, of *OASISFit, Z []*mat.Dense) (*CILDS, error) {
	T, q, err := checkTrials("CILDS init", Y, true)
	if err != nil {
		return nil, err
	}
	if len(Z) != len(Y) || of == nil || len(of.C) != len(Y) || len(of.S) != len(Y) || len(of.G) != q {
		return nil, experiment.Inputf("dimred: CILDS init: %d trials but %d latent trials and an OASIS fit of another shape (want one per trial, from DeconvolveTrials(Y))", len(Y), len(Z))
	}
	for k := range Y {
		if Z[k] == nil || of.C[k] == nil || of.S[k] == nil {
			return nil, experiment.Inputf("dimred: CILDS init: trial %d: nil latents or OASIS result", k)
		}
		zr, _ := Z[k].Dims()
		cr, cc := of.C[k].Dims()
		sr, sc := of.S[k].Dims()
		if zr != T || cr != T || sr != T || cc != q || sc != q {
			return nil, experiment.Inputf("dimred: CILDS init: trial %d: latents of %d frames and OASIS results of %d×%d, %d×%d (want %d frames, %d neurons)", k, zr, cr, cc, sr, sc, T, q)
		}
	}
	_, p := Z[0].Dims()
	if p < 1 || p >= q {
		return nil, experiment.Inputf("dimred: latent dimension %d must be in [1, %d)", p, q)
	}
	if T < 3 {
		return nil, experiment.Inputf("dimred: trials need at least 3 frames")
	}
	K := len(Y)
	m := &CILDS{B: make([]float64, q), R: make([]float64, q), G: make([]float64, q), B0: make([]float64, q),
		Q: make([]float64, q), A: mat.NewDense(q, p, nil), D: make([]float64, p), P: make([]float64, p),
		Mu1: make([]float64, q), Cov1: make([]float64, q), H2: make([]float64, p), G2: make([]float64, p)}
	for i := 0; i < q; i++ {
		var res, c0, c0sq float64
		for k := 0; k < K; k++ {
			for t := 0; t < T; t++ {
				d := Y[k].At(t, i) - of.C[k].At(t, i)
				res += d * d
			}
			c := of.C[k].At(0, i)
			c0 += c
			c0sq += c * c
		}
		m.B[i], m.G[i] = 1, math.Max(of.G[i], 0.5)
		m.R[i] = math.Max(res/float64(K*T), 1e-6)
		m.Mu1[i] = c0 / float64(K)
		m.Cov1[i] = math.Max(c0sq/float64(K)-m.Mu1[i]*m.Mu1[i], 1e-3*m.R[i])
	}
	// Rotate and scale the latents: w = Λ^{-1/2} Uᵀ (ẑ − mean).
	X, mean := stack(Z)
	vals, U, err := topEigen(covariance(X, mean), p)
	if err != nil {
		return nil, err
	}
	W := make([]*mat.Dense, K)
	for k := range W {
		W[k] = mat.NewDense(T, p, nil)
		for t := 0; t < T; t++ {
			for j := 0; j < p; j++ {
				s := 0.0
				for a := 0; a < p; a++ {
					s += U.At(a, j) * (Z[k].At(t, a) - mean[a])
				}
				W[k].Set(t, j, s/math.Sqrt(vals[j]))
			}
		}
	}
	for j := 0; j < p; j++ {
		var num0, den, w1, w1sq float64
		for k := 0; k < K; k++ {
			for t := 1; t < T; t++ {
				num0 += W[k].At(t, j) * W[k].At(t-1, j)
				den += W[k].At(t-1, j) * W[k].At(t-1, j)
			}
			w1 += W[k].At(1, j)
			w1sq += W[k].At(1, j) * W[k].At(1, j)
		}
		dj := math.Min(math.Max(num0/den, 0), 0.999)
		m.D[j] = dj
		m.P[j] = math.Max(1-dj*dj, 1e-4)
		m.H2[j] = w1 / float64(K)
		m.G2[j] = math.Max(w1sq/float64(K)-m.H2[j]*m.H2[j], 1e-3)
	}
	// Regress ŝ_t (t ≥ 1) on [w_t; 1] per neuron.
	XtX := mat.NewSymDense(p+1, nil)
	XtS := mat.NewDense(p+1, q, nil)
	x := make([]float64, p+1)
	var n float64
	for k := 0; k < K; k++ {
		for t := 1; t < T; t++ {
			copy(x, W[k].RawRowView(t))
			x[p] = 1
			s := of.S[k].RawRowView(t)
			for a := 0; a <= p; a++ {
				for b := a; b <= p; b++ {
					XtX.SetSym(a, b, XtX.At(a, b)+x[a]*x[b])
				}
				for i := 0; i < q; i++ {
					XtS.Set(a, i, XtS.At(a, i)+x[a]*s[i])
				}
			}
			n++
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(XtX) {
		return nil, errors.New("dimred: CILDS init: singular latent regression")
	}
	var Wt mat.Dense
	if err := ch.SolveTo(&Wt, XtS); err != nil {
		return nil, err
	}
	for i := 0; i < q; i++ {
		for j := 0; j < p; j++ {
			m.A.Set(i, j, Wt.At(j, i))
		}
		m.B0[i] = Wt.At(p, i)
		var ss float64
		for k := 0; k < K; k++ {
			for t := 1; t < T; t++ {
				pred := m.B0[i]
				for j := 0; j < p; j++ {
					pred += m.A.At(i, j) * W[k].At(t, j)
				}
				d := of.S[k].At(t, i) - pred
				ss += d * d
			}
		}
		m.Q[i] = math.Max(ss/n, 1e-6)
	}
	return m, nil
}
