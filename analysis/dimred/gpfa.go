package dimred

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// GPFA holds the parameters of Gaussian-process factor analysis (Yu,
// Cunningham, Santhanam, Ryu, Shenoy & Sahani, J Neurophysiol 102:614,
// 2009). In the paper's notation, with q neurons, p latents and time bins
// t = 1..T of one trial:
//
//	y_{:,t} | x_{:,t} ~ N(C x_{:,t} + d, R),  R diagonal        (eq. 1)
//	x_{i,:} ~ N(0, K_i), independently for i = 1..p              (eq. 2)
//	K_i(t1, t2) = σ²_f exp(−(t1 − t2)²/(2τ_i²)) + σ²_n δ_{t1,t2}  (eq. 3)
//
// with σ²_f = 1 − σ²_n so that every latent has unit prior variance, and
// σ²_n fixed (the paper uses 1e-3).
type GPFA struct {
	C   *mat.Dense // q×p loading matrix
	D   []float64  // q mean offsets d
	R   []float64  // q private variances, the diagonal of R
	Tau []float64  // p GP time scales τ_i, in time bins
	Eps float64    // GP noise variance σ²_n; σ²_f = 1 − Eps
}

// Neurons returns q.
func (m *GPFA) Neurons() int { return len(m.D) }

// Latents returns p.
func (m *GPFA) Latents() int { return len(m.Tau) }

// Clone returns a deep copy of m.
func (m *GPFA) Clone() *GPFA {
	c := func(x []float64) []float64 { return append([]float64(nil), x...) }
	return &GPFA{C: mat.DenseCopyOf(m.C), D: c(m.D), R: c(m.R), Tau: c(m.Tau), Eps: m.Eps}
}

// GPFAOptions configures FitGPFA. Zero fields take the defaults in
// brackets: those of the authors' code (Yu et al. 2009) except TauSteps,
// which is ours (FAIters is DefaultFAIters, fastfa.m's cyc). A negative
// Iters, FAIters or TauSteps is an input error.
type GPFAOptions struct {
	Iters    int     // maximum EM iterations (M-steps) [500]
	Tol      float64 // stop when (ℓ_k − ℓ_1) < (1+Tol)(ℓ_{k−1} − ℓ_1); < 0 runs all Iters [1e-8]
	TauInit  float64 // initial GP time scale of every latent, time bins [5: 100 ms at the authors' 20-ms bins]
	Eps      float64 // GP noise variance σ²_n, fixed [1e-3]
	FAIters  int     // EM iterations of the factor analysis that initialises C, d, R [100]
	MinVar   float64 // private-variance floor as a fraction of each neuron's variance [0.01]
	TauSteps int     // tries (step shrinkings) of the gradient step on each log τ in each M-step [6]
	// Progress, if not nil, is called with the fraction of Iters done.
	Progress func(frac float64)
}

func (o GPFAOptions) withDefaults() GPFAOptions {
	if o.Iters == 0 {
		o.Iters = 500
	}
	if o.Tol == 0 {
		o.Tol = 1e-8
	}
	if o.TauInit == 0 {
		o.TauInit = 5
	}
	if o.Eps == 0 {
		o.Eps = 1e-3
	}
	if o.FAIters == 0 {
		o.FAIters = DefaultFAIters
	}
	if o.MinVar == 0 {
		o.MinVar = 0.01
	}
	if o.TauSteps == 0 {
		o.TauSteps = 6
	}
	return o
}

// check returns an input error for options (after withDefaults) that the
// fit cannot use.
func (o GPFAOptions) check() error {
	switch {
	case o.Iters < 0:
		return experiment.Inputf("dimred: GPFAOptions.Iters = %d: want ≥ 0 (0 means 500)", o.Iters)
	case o.TauSteps < 0:
		return experiment.Inputf("dimred: GPFAOptions.TauSteps = %d: want ≥ 0 (0 means 6)", o.TauSteps)
	case o.FAIters < 0:
		return experiment.Inputf("dimred: GPFAOptions.FAIters = %d: want ≥ 0 (0 means %d)", o.FAIters, DefaultFAIters)
	case !(o.TauInit > 0) || math.IsInf(o.TauInit, 0):
		return experiment.Inputf("dimred: GPFAOptions.TauInit = %g: want a finite time scale > 0 bins (0 means 5)", o.TauInit)
	case !(o.Eps > 0 && o.Eps < 1):
		return experiment.Inputf("dimred: GPFAOptions.Eps = %g: want 0 < σ²_n < 1 (0 means 1e-3)", o.Eps)
	case !(o.MinVar >= 0) || math.IsInf(o.MinVar, 0):
		return experiment.Inputf("dimred: GPFAOptions.MinVar = %g: want a finite fraction ≥ 0 (0 means 0.01)", o.MinVar)
	}
	return nil
}

// checkTrials validates trials given to a fitted model: at least one, none
// nil or empty, each q neurons wide, every value finite.
func (m *GPFA) checkTrials(Y []*mat.Dense) error {
	if _, _, err := checkTrials("GPFA", Y, false); err != nil {
		return err
	}
	for k, y := range Y {
		T, c := y.Dims()
		if c != m.Neurons() {
			return experiment.Inputf("dimred: GPFA: trial %d has %d neurons, the model has %d", k, c, m.Neurons())
		}
		if T < 1 {
			return experiment.Inputf("dimred: GPFA: trial %d has no frames", k)
		}
	}
	return checkFinite("GPFA", Y)
}

// Bounds on log τ (in bins) kept by the time-scale M-step: below 0.05
// bins the kernel is white noise to machine precision, and above 1e4 bins
// it is constant over any trial this package handles.
var logTauMin, logTauMax = math.Log(0.05), math.Log(1e4)

// gpfaGroup is the E-step for all trials of one length T: the posterior
// covariance (K̄⁻¹ + CᵀR⁻¹C ⊗ I_T)⁻¹ is the same for all of them (it does not
// depend on the data), so it is factorised once per distinct length.
type gpfaGroup struct {
	T   int
	idx []int     // trials of this length
	v   []float64 // pT×pT V = U⁻¹ with M = UᵀU, so the posterior covariance is V Vᵀ (latent-major index i·T + t)
	xx  []float64 // p×p Σ_t Cov(x_t | y) of one trial
	mu  []float64 // pT×n posterior means, column k = trial idx[k]
	S   [][]float64
	// S[i] = Σ_k E[x_{i,:} x_{i,:}ᵀ] over the group's trials (T×T), for
	// the time-scale M-step.
	kinv [][]float64 // K_i⁻¹ (T×T) at the time scales tauK of the last E-step
	ldK  []float64   // log det K_i
	tauK []float64
	mbuf []float64 // scratch, pT×pT
}

// gpfaWork caches the per-length buffers across EM iterations.
type gpfaWork struct {
	groups []*gpfaGroup
	ll     float64
}

func newGPFAWork(Y []*mat.Dense, p int) *gpfaWork {
	byT := map[int][]int{}
	for k, y := range Y {
		T, _ := y.Dims()
		byT[T] = append(byT[T], k)
	}
	Ts := make([]int, 0, len(byT))
	for T := range byT {
		Ts = append(Ts, T)
	}
	sort.Ints(Ts)
	w := &gpfaWork{}
	for _, T := range Ts {
		n, pT := len(byT[T]), p*T
		g := &gpfaGroup{T: T, idx: byT[T], v: make([]float64, pT*pT), xx: make([]float64, p*p), mu: make([]float64, pT*n),
			ldK: make([]float64, p), tauK: make([]float64, p), mbuf: make([]float64, pT*pT)}
		for i := 0; i < p; i++ {
			g.S = append(g.S, make([]float64, T*T))
			g.kinv = append(g.kinv, make([]float64, T*T))
		}
		w.groups = append(w.groups, g)
	}
	return w
}

// kernel writes K_i (eq. 3) for time scale tau (bins) into k (T×T) and, if
// dk is not nil, its derivative with respect to log τ,
// ∂K/∂log τ = σ²_f exp(−Δ²/(2τ²)) Δ²/τ².
func kernel(k, dk []float64, T int, tau, eps float64) {
	sf := 1 - eps
	for a := 0; a < T; a++ {
		for b := a; b < T; b++ {
			d := float64(b - a)
			u := d * d / (tau * tau)
			e := sf * math.Exp(-0.5*u)
			v := e
			if a == b {
				v += eps
			}
			k[a*T+b], k[b*T+a] = v, v
			if dk != nil {
				dk[a*T+b], dk[b*T+a] = e*u, e*u
			}
		}
	}
}

var errGPFANotPD = errors.New("dimred: GPFA covariance not positive definite")

// estep computes, for every trial, the exact posterior over the latents
// (Yu et al. 2009, the Gaussian conditional that follows eq. 1–3 for the
// stacked trial, written with the matrix inversion lemma):
//
//	x̄ | ȳ ~ N(M⁻¹ C̄ᵀR̄⁻¹(ȳ − d̄), M⁻¹),  M = K̄⁻¹ + CᵀR⁻¹C ⊗ I_T,
//
// with x̄ the pT latents of the trial (latent-major) and K̄ = blkdiag(K_i),
// and the data log-likelihood (the marginal ȳ ~ N(d̄, C̄K̄C̄ᵀ + R̄)) through
// log det(C̄K̄C̄ᵀ + R̄) = log det R̄ + log det K̄ + log det M and
// (ȳ−d̄)ᵀ(C̄K̄C̄ᵀ + R̄)⁻¹(ȳ−d̄) = r̄ᵀR̄⁻¹r̄ − b̄ᵀM⁻¹b̄, b̄ = C̄ᵀR̄⁻¹r̄.
// If stats is set it also fills each group's S (Σ_k E[x_i x_iᵀ]).
func (m *GPFA) estep(Y []*mat.Dense, w *gpfaWork, stats bool) error {
	q, p := m.Neurons(), m.Latents()
	// CᵀR⁻¹ (p×q) and CᵀR⁻¹C (p×p).
	CtRinv := make([]float64, p*q)
	for i := 0; i < q; i++ {
		if !(m.R[i] > 0) {
			return errGPFANotPD
		}
		for j := 0; j < p; j++ {
			CtRinv[j*q+i] = m.C.At(i, j) / m.R[i]
		}
	}
	Cr := m.C.RawMatrix()
	CRC := make([]float64, p*p)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: p, Cols: q, Stride: q, Data: CtRinv},
		blas64.General{Rows: q, Cols: p, Stride: Cr.Stride, Data: Cr.Data}, 0, blas64.General{Rows: p, Cols: p, Stride: p, Data: CRC})
	logDetR := 0.0
	for _, r := range m.R {
		logDetR += math.Log(r)
	}
	r := make([]float64, q)
	w.ll = 0
	for _, g := range w.groups {
		T, n, pT := g.T, len(g.idx), p*g.T
		M := g.mbuf
		clear(M)
		logDetK := 0.0
		for i := 0; i < p; i++ {
			kinv := g.kinv[i]
			kernel(kinv, nil, T, m.Tau[i], m.Eps)
			ld, ok := cholInvUpper(kinv, T)
			if !ok {
				return errGPFANotPD
			}
			g.ldK[i], g.tauK[i] = ld, m.Tau[i]
			logDetK += ld
			for a := 0; a < T; a++ {
				copy(M[(i*T+a)*pT+i*T:(i*T+a)*pT+i*T+T], kinv[a*T:(a+1)*T])
			}
		}
		for i := 0; i < p; i++ {
			for j := 0; j < p; j++ {
				c := CRC[i*p+j]
				for t := 0; t < T; t++ {
					M[(i*T+t)*pT+j*T+t] += c
				}
			}
		}
		// M = UᵀU (dpotrf), V = U⁻¹ (dtrtri), so M⁻¹ = V Vᵀ; the strict
		// lower triangle of V is zeroed so that it can be used as a dense
		// matrix.
		logDetM, ok := cholUpper(M, pT)
		if !ok {
			return errGPFANotPD
		}
		for a := 1; a < pT; a++ {
			clear(M[a*pT : a*pT+a])
		}
		V := blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: pT, Stride: pT, Data: M}
		if !lapack64.Trtri(V) {
			return errGPFANotPD
		}
		copy(g.v, M)
		V.Data = g.v
		// b̄ per trial (columns of mu) and r̄ᵀR̄⁻¹r̄.
		Mu := g.mu
		rr := make([]float64, n)
		for k, tr := range g.idx {
			y := Y[tr]
			for t := 0; t < T; t++ {
				yt := y.RawRowView(t)
				for i := 0; i < q; i++ {
					r[i] = yt[i] - m.D[i]
					rr[k] += r[i] * r[i] / m.R[i]
				}
				for j := 0; j < p; j++ {
					s := 0.0
					row := CtRinv[j*q : (j+1)*q]
					for i, v := range row {
						s += v * r[i]
					}
					Mu[(j*T+t)*n+k] = s
				}
			}
		}
		// μ̄ = V (Vᵀ b̄) for all trials at once (two dtrmm), and
		// b̄ᵀM⁻¹b̄ = ‖Vᵀ b̄‖².
		gm := blas64.General{Rows: pT, Cols: n, Stride: n, Data: Mu}
		blas64.Trmm(blas.Left, blas.Trans, 1, V, gm)
		for k := 0; k < n; k++ {
			bmu := 0.0
			for a := 0; a < pT; a++ {
				v := Mu[a*n+k]
				bmu += v * v
			}
			ll := -0.5 * (float64(q*T)*math.Log(2*math.Pi) + float64(T)*logDetR + logDetK + logDetM + rr[k] - bmu)
			w.ll += ll
		}
		blas64.Trmm(blas.Left, blas.NoTrans, 1, V, gm)
		if !stats {
			continue
		}
		// Σ_t Cov(x_t) (p×p), for the C, d, R M-step: entry (i, j) is
		// Σ_t ⟨row i·T+t of V, row j·T+t of V⟩ (V upper triangular).
		for i := 0; i < p; i++ {
			for j := i; j < p; j++ {
				s := 0.0
				for t := 0; t < T; t++ {
					c0 := j*T + t
					s += floats.Dot(g.v[(i*T+t)*pT+c0:(i*T+t+1)*pT], g.v[(j*T+t)*pT+c0:(j*T+t+1)*pT])
				}
				g.xx[i*p+j], g.xx[j*p+i] = s, s
			}
		}
		for i := 0; i < p; i++ {
			S := g.S[i]
			// S_i = n Σ_ii + Mu_i Mu_iᵀ with Σ_ii = V_i V_iᵀ, V_i the rows
			// i·T..i·T+T of V (zero left of column i·T), Mu_i the T×n rows
			// of mu (two dsyrk on the upper triangle, then mirrored).
			Vi := blas64.General{Rows: T, Cols: pT - i*T, Stride: pT, Data: g.v[i*T*pT+i*T:]}
			gs := blas64.Symmetric{N: T, Stride: T, Data: S, Uplo: blas.Upper}
			blas64.Syrk(blas.NoTrans, float64(n), Vi, 0, gs)
			blas64.Syrk(blas.NoTrans, 1, blas64.General{Rows: T, Cols: n, Stride: n, Data: Mu[i*T*n : (i+1)*T*n]}, 1, gs)
			for a := 0; a < T; a++ {
				for b := a + 1; b < T; b++ {
					S[b*T+a] = S[a*T+b]
				}
			}
		}
	}
	if math.IsNaN(w.ll) || math.IsInf(w.ll, 0) {
		return errors.New("dimred: GPFA log-likelihood not finite")
	}
	return nil
}

// mstepObs sets C, d and R to the exact maximisers of the expected
// complete-data log-likelihood (Yu et al. 2009, Appendix, eq. A8–A9):
//
//	[C d] = (Σ y_t E[x̃_t]ᵀ) (Σ E[x̃_t x̃_tᵀ])⁻¹,  x̃_t = [x_t; 1],
//	R = diag(Σ y_t y_tᵀ − [C d] Σ E[x̃_t] y_tᵀ) / Σ T,
//
// each R_i held at or above floor[i], which is the constrained maximiser.
func (m *GPFA) mstepObs(Y []*mat.Dense, w *gpfaWork, floor []float64) error {
	q, p := m.Neurons(), m.Latents()
	k := p + 1
	XX := make([]float64, k*k) // [[Σ E x xᵀ, Σ x], [Σ xᵀ, N]]
	YX := make([]float64, q*k) // [Σ y xᵀ, Σ y]
	syy := make([]float64, q)
	for _, g := range w.groups {
		T, n := g.T, len(g.idx)
		for i := 0; i < p; i++ {
			for j := 0; j < p; j++ {
				XX[i*k+j] += float64(n) * g.xx[i*p+j]
			}
		}
		xt := make([]float64, p)
		for kk, tr := range g.idx {
			y := Y[tr]
			for t := 0; t < T; t++ {
				for i := 0; i < p; i++ {
					xt[i] = g.mu[(i*T+t)*n+kk]
				}
				for i := 0; i < p; i++ {
					for j := 0; j < p; j++ {
						XX[i*k+j] += xt[i] * xt[j]
					}
					XX[i*k+p] += xt[i]
				}
				XX[p*k+p]++
				for a, v := range y.RawRowView(t) {
					row := YX[a*k : (a+1)*k]
					for i := 0; i < p; i++ {
						row[i] += v * xt[i]
					}
					row[p] += v
					syy[a] += v * v
				}
			}
		}
	}
	for i := 0; i < p; i++ {
		XX[p*k+i] = XX[i*k+p]
	}
	N := XX[p*k+p]
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(k, XX)) {
		return errors.New("dimred: GPFA M-step: singular latent moments")
	}
	var W mat.Dense // k×q: Σ E[x̃x̃ᵀ]⁻¹ Σ E[x̃] yᵀ
	if err := ch.SolveTo(&W, mat.NewDense(q, k, YX).T()); err != nil {
		return err
	}
	for a := 0; a < q; a++ {
		s := syy[a]
		for i := 0; i < p; i++ {
			m.C.Set(a, i, W.At(i, a))
			s -= W.At(i, a) * YX[a*k+i]
		}
		m.D[a] = W.At(p, a)
		s -= m.D[a] * YX[a*k+p]
		m.R[a] = math.Max(s/N, floor[a])
	}
	return nil
}

// gpObjective returns the part of the expected complete-data
// log-likelihood that depends on τ_i (Yu et al. 2009, Appendix, eq. A10),
//
//	f(τ) = Σ_groups [−(n/2) log det K(τ) − ½ tr(K(τ)⁻¹ S)],
//
// at τ (bins) and, if grad is set, its derivative with respect to log τ,
//
//	∂f/∂log τ = ½ Σ_groups tr((K⁻¹ S K⁻¹ − n K⁻¹) ∂K/∂log τ).
//
// buf must hold 4·T_max² floats.
func (m *GPFA) gpObjective(w *gpfaWork, i int, tau float64, grad bool, buf []float64) (f, df float64, ok bool) {
	for _, g := range w.groups {
		T, n := g.T, float64(len(g.idx))
		TT := T * T
		K, dK, A, B := buf[:TT], buf[TT:2*TT], buf[2*TT:3*TT], buf[3*TT:4*TT]
		if !grad {
			dK = nil
		}
		kernel(K, dK, T, tau, m.Eps)
		var ld float64
		if tau == g.tauK[i] { // K⁻¹ from the E-step
			copy(K, g.kinv[i])
			ld = g.ldK[i]
		} else {
			var good bool
			if ld, good = cholInvUpper(K, T); !good { // K now holds K⁻¹
				return 0, 0, false
			}
		}
		S := g.S[i]
		tr := 0.0
		for a, v := range S {
			tr += K[a] * v
		}
		f += -0.5*n*ld - 0.5*tr
		if !grad {
			continue
		}
		// A = K⁻¹ S, B = A K⁻¹ = K⁻¹ S K⁻¹.
		gK := blas64.General{Rows: T, Cols: T, Stride: T, Data: K}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, gK, blas64.General{Rows: T, Cols: T, Stride: T, Data: S}, 0, blas64.General{Rows: T, Cols: T, Stride: T, Data: A})
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: T, Cols: T, Stride: T, Data: A}, gK, 0, blas64.General{Rows: T, Cols: T, Stride: T, Data: B})
		s := 0.0
		for a := range B {
			s += (B[a] - n*K[a]) * dK[a]
		}
		df += 0.5 * s
	}
	return f, df, true
}

// tauState carries, per latent, the step length of the time-scale
// M-step and the gradient at the previous EM iteration's time scale.
type tauState struct {
	alpha, prevTheta, prevGrad []float64
}

func newTauState(p int) *tauState {
	return &tauState{alpha: make([]float64, p), prevTheta: make([]float64, p), prevGrad: make([]float64, p)}
}

// mstepTau takes one gradient step on log τ_i for every latent (the
// paper's approach: the time scales have no closed-form update). The step
// is kept only if it raises f, shrinking it (at most steps tries) until it
// does, so the M-step never lowers the expected complete-data
// log-likelihood and EM stays monotone (generalised EM). The step length
// is the Newton step along the secant of the gradient between this and the
// previous EM iteration (doubled when that secant shows no curvature).
func (m *GPFA) mstepTau(w *gpfaWork, steps int, st *tauState) {
	Tmax := 0
	for _, g := range w.groups {
		Tmax = max(Tmax, g.T)
	}
	buf := make([]float64, 4*Tmax*Tmax)
	for i := range m.Tau {
		th := math.Log(m.Tau[i])
		f, g, ok := m.gpObjective(w, i, m.Tau[i], true, buf) // uses the E-step's K⁻¹
		if !ok || g == 0 {
			continue
		}
		if d := th - st.prevTheta[i]; st.alpha[i] > 0 && d != 0 {
			if h := (g - st.prevGrad[i]) / d; h < 0 {
				st.alpha[i] = -1 / h
			} else {
				st.alpha[i] *= 2
			}
		}
		if !(st.alpha[i] > 0) {
			st.alpha[i] = 0.1 / math.Abs(g)
		}
		st.prevTheta[i], st.prevGrad[i] = th, g
		for s := 0; s < steps; s++ {
			nt := math.Min(math.Max(th+st.alpha[i]*g, logTauMin), logTauMax)
			if nt == th {
				break
			}
			if f2, _, ok := m.gpObjective(w, i, math.Exp(nt), false, buf); ok && f2 > f {
				th = nt
				break
			}
			st.alpha[i] /= 4
		}
		m.Tau[i] = math.Exp(th)
	}
}

// FitGPFA fits GPFA with p latents to the trials Y (each T_k×q, any
// lengths) by EM (Yu et al. 2009, Appendix): factor analysis initialises C,
// d and R, every τ_i starts at opt.TauInit; the E-step is exact, the
// M-step exact for C, d, R and gradient steps on log τ. It returns the
// model and the data log-likelihood before each M-step and after the last.
// A decrease larger than 1e-9 relative returns ErrLikelihoodDecreased.
// Each iteration costs O((pT)³) time and O((pT)²) memory per distinct trial
// length T (the exact E-step), plus O(qpΣT) for the data.
func FitGPFA(ctx context.Context, Y []*mat.Dense, p int, opt GPFAOptions) (*GPFA, []float64, error) {
	opt = opt.withDefaults()
	if len(Y) == 0 {
		return nil, nil, experiment.Inputf("dimred: GPFA: no trials")
	}
	for k, y := range Y {
		if y == nil {
			return nil, nil, experiment.Inputf("dimred: GPFA: trial %d is nil", k)
		}
	}
	_, q := Y[0].Dims()
	if p < 1 || p >= q {
		return nil, nil, experiment.Inputf("dimred: GPFA dimension %d must be in [1, %d)", p, q)
	}
	for _, y := range Y {
		if T, c := y.Dims(); c != q || T < 1 {
			return nil, nil, experiment.Inputf("dimred: GPFA trials must share the neuron count and be non-empty")
		}
	}
	if err := checkFinite("GPFA", Y); err != nil {
		return nil, nil, err
	}
	if err := opt.check(); err != nil {
		return nil, nil, err
	}
	if idx, frames := constantNeurons(Y); len(idx) > 0 {
		// Every neuron constant: FA's own error says so.
		if len(idx) < q {
			return nil, nil, constantNeuronsErr("GPFA", idx, q, frames)
		}
	}
	if z := normaliseTrials(Y, 0x1p-200, 0x1p200); z != nil {
		// Extreme magnitude or offset (see normaliseTrials): fit the
		// exactly transformed trials, map C, d, R and ℓ back.
		m, lls, err := FitGPFA(ctx, z.Y, p, opt)
		if m != nil {
			z.backDense(m.C, 1)
			for i := range m.D {
				m.D[i] = z.back(m.D[i], 1, z.shift[i])
				m.R[i] = z.back(m.R[i], 2, 0)
			}
		}
		z.backLLs(lls, Y)
		return m, lls, err
	}
	if shift := offsetShift(Y); shift != nil {
		// Large offsets (see offsetShift): fit the exactly shifted
		// trials; the shift goes into d, and ℓ does not change.
		m, lls, err := FitGPFA(ctx, shiftTrials(Y, shift), p, opt)
		if m != nil {
			for i := range m.D {
				m.D[i] += shift[i]
			}
		}
		return m, lls, err
	}
	fa, _, err := fitFA(Y, p, opt.FAIters)
	if err != nil {
		return nil, nil, err
	}
	m := &GPFA{C: fa.L, D: fa.mean, R: fa.psi, Tau: make([]float64, p), Eps: opt.Eps}
	for i := range m.Tau {
		m.Tau[i] = opt.TauInit
	}
	floor := make([]float64, q)
	for i := range floor {
		floor[i] = opt.MinVar * fa.S.At(i, i)
		m.R[i] = math.Max(m.R[i], floor[i])
	}
	lls, err := m.Fit(ctx, Y, opt, floor)
	return m, lls, err
}

// Fit runs EM from m (modified in place); floor is the private-variance
// floor per neuron (nil: none). See FitGPFA. Trials that are missing, nil,
// empty, of a width other than m.Neurons() or not finite, a floor of the
// wrong length and options out of range return an error wrapping
// experiment.ErrInput.
func (m *GPFA) Fit(ctx context.Context, Y []*mat.Dense, opt GPFAOptions, floor []float64) ([]float64, error) {
	opt = opt.withDefaults()
	if err := opt.check(); err != nil {
		return nil, err
	}
	if err := m.checkTrials(Y); err != nil {
		return nil, err
	}
	if floor == nil {
		floor = make([]float64, m.Neurons())
	} else if len(floor) != m.Neurons() {
		return nil, experiment.Inputf("dimred: GPFA.Fit: %d floor values for %d neurons", len(floor), m.Neurons())
	}
	w := newGPFAWork(Y, m.Latents())
	ts := newTauState(m.Latents())
	var lls []float64
	for it := 0; ; it++ {
		if err := ctx.Err(); err != nil {
			return lls, err
		}
		if err := m.estep(Y, w, it < opt.Iters); err != nil {
			return lls, err
		}
		ll := w.ll
		lls = append(lls, ll)
		if it > 0 {
			prev := lls[it-1]
			if ll < prev-1e-9*math.Abs(prev) {
				return lls, fmt.Errorf("%w: GPFA %.12g -> %.12g at iteration %d", ErrLikelihoodDecreased, prev, ll, it)
			}
			if opt.Tol > 0 && it > 1 && ll-lls[0] < (1+opt.Tol)*(prev-lls[0]) {
				break
			}
		}
		if it >= opt.Iters {
			break
		}
		if err := m.mstepObs(Y, w, floor); err != nil {
			return lls, err
		}
		m.mstepTau(w, opt.TauSteps, ts)
		if opt.Progress != nil {
			opt.Progress(float64(it+1) / float64(opt.Iters))
		}
	}
	return lls, nil
}

// Infer returns the posterior means E[x_{:,t} | y] of every trial (T_k×p)
// and the total data log-likelihood (see estep). Trials are checked as in
// Fit (errors wrap experiment.ErrInput).
func (m *GPFA) Infer(Y []*mat.Dense) ([]*mat.Dense, float64, error) {
	if err := m.checkTrials(Y); err != nil {
		return nil, math.NaN(), err
	}
	p := m.Latents()
	w := newGPFAWork(Y, p)
	if err := m.estep(Y, w, false); err != nil {
		return nil, math.NaN(), err
	}
	out := make([]*mat.Dense, len(Y))
	for _, g := range w.groups {
		T, n := g.T, len(g.idx)
		for k, tr := range g.idx {
			x := mat.NewDense(T, p, nil)
			for i := 0; i < p; i++ {
				for t := 0; t < T; t++ {
					x.Set(t, i, g.mu[(i*T+t)*n+k])
				}
			}
			out[tr] = x
		}
	}
	return out, w.ll, nil
}

// Orthonormalize returns the latents X (per trial T_k×p) expressed in the
// orthonormal basis of the column space of C (Yu et al. 2009,
// "Orthonormalization"): with the singular value decomposition C = U Σ Vᵀ,
// x̃_{:,t} = Σ Vᵀ x_{:,t}, so that C x = U x̃ and the columns of U are
// ordered by the variance they explain. It also returns U (q×p).
func (m *GPFA) Orthonormalize(X []*mat.Dense) ([]*mat.Dense, *mat.Dense, error) {
	var svd mat.SVD
	if !svd.Factorize(m.C, mat.SVDThin) {
		return nil, nil, errors.New("dimred: GPFA: SVD of C failed")
	}
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	sv := svd.Values(nil)
	p := m.Latents()
	SVt := mat.NewDense(p, p, nil) // Σ Vᵀ
	for a := 0; a < p; a++ {
		for b := 0; b < p; b++ {
			SVt.Set(a, b, sv[a]*V.At(b, a))
		}
	}
	out := make([]*mat.Dense, len(X))
	for k, x := range X {
		T, _ := x.Dims()
		out[k] = mat.NewDense(T, p, nil)
		out[k].Mul(x, SVt.T())
	}
	return out, &U, nil
}

// GPFALatents fits GPFA with p latents to Y (FitGPFA) and returns the
// orthonormalised posterior means of every trial and the log-likelihood
// trace.
func GPFALatents(ctx context.Context, Y []*mat.Dense, p int, opt GPFAOptions) ([]*mat.Dense, []float64, error) {
	if z := normaliseValid(Y, 0x1p-200, 0x1p200); z != nil {
		// Fit and infer in normalised units (inference in data units
		// would overflow again, or lose the centring); the
		// orthonormalised latents are in data units (×2^−exp).
		X, lls, err := GPFALatents(ctx, z.Y, p, opt)
		for _, x := range X {
			z.backDense(x, 1)
		}
		z.backLLs(lls, Y)
		return X, lls, err
	}
	m, lls, err := FitGPFA(ctx, Y, p, opt)
	if err != nil {
		return nil, lls, err
	}
	X, _, err := m.Infer(Y)
	if err != nil {
		return nil, lls, err
	}
	Xo, _, err := m.Orthonormalize(X)
	return Xo, lls, err
}

// gpfaOffsetRatio bounds the offset, relative to the spread, of the neurons
// GPFA fits unshifted. GPFA is equivariant under a per-neuron shift y_i →
// y_i − s_i (d_i absorbs it), but its EM computes with y − d: a neuron
// offset far from 0 against its spread loses the low bits of its
// deviations (latents off by 2e-3 of their range at an offset of 2^16
// spreads, EM's likelihood decreasing from 2^20). Neurons whose largest
// |y| exceeds gpfaOffsetRatio times their spread (max − min) are therefore
// shifted by one of their own values, exactly (Sterbenz: every value lies
// within a factor 2 of it), before the fit. Ordinary data (fluorescence,
// rates, counts: offsets of at most a few spreads) are not touched, so their
// results are unchanged; at the bound the unshifted fit is within 1e-4 of
// the shifted one (TestGPFAOffsetContinuity).
const gpfaOffsetRatio = 0x1p10

// offsetShift returns the per-neuron shifts described at gpfaOffsetRatio
// (0 for the neurons left alone), or nil when no neuron needs one. Y must be
// finite and of equal widths.
func offsetShift(Y []*mat.Dense) []float64 {
	_, n := Y[0].Dims()
	mn, mx := make([]float64, n), make([]float64, n)
	for i := range mn {
		mn[i], mx[i] = math.Inf(1), math.Inf(-1)
	}
	var first []float64
	for _, y := range Y {
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			row := y.RawRowView(t)
			if first == nil {
				first = row
			}
			for i, v := range row {
				mn[i], mx[i] = math.Min(mn[i], v), math.Max(mx[i], v)
			}
		}
	}
	var shift []float64
	for i := range mn {
		if sp := mx[i] - mn[i]; sp > 0 && math.Max(math.Abs(mn[i]), math.Abs(mx[i])) > gpfaOffsetRatio*sp {
			if shift == nil {
				shift = make([]float64, n)
			}
			shift[i] = first[i]
		}
	}
	return shift
}

// shiftTrials returns copies of the trials with shift[i] subtracted from
// neuron i.
func shiftTrials(Y []*mat.Dense, shift []float64) []*mat.Dense {
	out := make([]*mat.Dense, len(Y))
	for k, y := range Y {
		out[k] = mat.DenseCopyOf(y)
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			row := out[k].RawRowView(t)
			for i, s := range shift {
				row[i] -= s
			}
		}
	}
	return out
}
