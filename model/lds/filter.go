package lds

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// Filtered holds the Kalman filter's output for one sequence of length T.
// Row t of the flat slices is: PredMean = E[z_t | y_{0..t-1}], PredCov its
// covariance; Mean = E[z_t | y_{0..t}], Cov its covariance.
type Filtered struct {
	T, Dim   int
	PredMean []float64 // T·D
	PredCov  []float64 // T·D·D
	Mean     []float64 // T·D
	Cov      []float64 // T·D·D
	// LogLik is the exact log-likelihood log p(y_{0..T-1}) (prediction-error
	// decomposition: Σ_t log N(y_t; C ẑ_{t|t-1} + D u_t + d, C P_{t|t-1} Cᵀ + R)).
	LogLik float64
}

// steadyTol is the relative change below which a covariance recursion is
// taken to have reached its fixed point (the algebraic Riccati solution);
// from then on the covariances are copied instead of recomputed, which
// changes results only at the level of rounding.
const steadyTol = 1e-14

// sameCov reports whether a and b agree to steadyTol relative to max|a|.
func sameCov(a, b []float64) bool {
	mx, diff := 0.0, 0.0
	for i := range a {
		mx = math.Max(mx, math.Abs(a[i]))
		diff = math.Max(diff, math.Abs(a[i]-b[i]))
	}
	return diff <= steadyTol*mx
}

// ErrSingular reports a singular innovation covariance C P Cᵀ + R.
var ErrSingular = errors.New("lds: singular innovation covariance")

// Filter runs the Kalman filter on seq. It uses the information form when R
// is positive definite and the covariance form with the Joseph update
// otherwise (see the package documentation).
func (m *Model) Filter(seq Sequence) (*Filtered, error) {
	return m.filter(seq, false)
}

// LogLikelihood returns the exact log-likelihood of seq under m.
func (m *Model) LogLikelihood(seq Sequence) (float64, error) {
	f, err := m.Filter(seq)
	if err != nil {
		return math.NaN(), err
	}
	return f.LogLik, nil
}

func (m *Model) filter(seq Sequence, forceCov bool) (*Filtered, error) {
	var k kernel
	if err := k.setup(m, forceCov); err != nil {
		return nil, err
	}
	if err := m.checkSeq(seq); err != nil {
		return nil, err
	}
	T, _ := seq.Y.Dims()
	cp := &covPass{}
	if err := k.covariances(cp, T, false); err != nil {
		return nil, err
	}
	d := k.d
	f := &Filtered{T: T, Dim: d, PredMean: make([]float64, T*d), PredCov: cp.pred,
		Mean: make([]float64, T*d), Cov: cp.filt}
	ll, err := k.filterMeans(cp, seq, f.PredMean, f.Mean)
	if err != nil {
		return nil, err
	}
	f.LogLik = ll
	return f, nil
}

// kernel holds what the recursions need from one model, in flat row-major
// form, with work buffers: it is set up once per model and serves every
// sequence (and, in Fit, is reused across iterations without allocating).
type kernel struct {
	d, n, p  int
	m        *Model
	A, Q, C  []float64 // D×D, D×D, N×D
	mu0, v0  []float64 // initial mean and covariance
	info     bool      // information form (R positive definite)
	rdiag    bool      // R is diagonal
	isr      []float64 // 1/√R_ii (info form, diagonal R)
	R        []float64 // N×N: R (covariance form) or its Cholesky factor L (info form, full R)
	LC       []float64 // L⁻¹C, N×D (info form; L L ᵀ = R)
	G        []float64 // CᵀR⁻¹C = (L⁻¹C)ᵀ(L⁻¹C), D×D (info form)
	logDetR  float64
	X, tmp   []float64 // D×D
	jt, work []float64 // D×D
	yc, z, e []float64 // N
	r        []float64 // D
	S        []float64 // N×N work
	Z, Hb    []float64 // whiten's blocks: N×block whitened observations, D×block CᵀR⁻¹y'
	H, BU    []float64 // per sequence: T×D CᵀR⁻¹y', T×D B u_t + b
	q        []float64 // per sequence: T, y'ᵀR⁻¹y'
	XN, tmpN []float64 // N×D, D×N (covariance form)
}

// grow returns s resliced to length n, reallocated if its capacity is short.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// denseFlat copies the r×c matrix a into dst (reused if large enough).
func denseFlat(dst []float64, a mat.Matrix) []float64 {
	r, c := a.Dims()
	dst = grow(dst, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			dst[i*c+j] = a.At(i, j)
		}
	}
	return dst
}

// isDiag reports whether every off-diagonal entry of s is zero.
func isDiag(s *mat.SymDense) bool {
	n := s.SymmetricDim()
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if s.At(i, j) != 0 {
				return false
			}
		}
	}
	return true
}

// setup validates m and fills k from it. forceCov selects the covariance
// form even when R is positive definite (tests).
func (k *kernel) setup(m *Model, forceCov bool) error {
	if err := m.Validate(); err != nil {
		return err
	}
	d, n := m.Dim(), m.Obs()
	k.m, k.d, k.n, k.p = m, d, n, m.Inputs()
	k.A = denseFlat(k.A, m.A)
	k.Q = denseFlat(k.Q, m.Q)
	k.C = denseFlat(k.C, m.C)
	k.mu0, k.v0 = grow(k.mu0, d), grow(k.v0, d*d)
	m.initialTo(k.mu0, k.v0)
	for _, b := range []*[]float64{&k.X, &k.tmp, &k.jt, &k.work, &k.G} {
		*b = grow(*b, d*d)
	}
	for _, b := range []*[]float64{&k.yc, &k.z, &k.e, &k.isr} {
		*b = grow(*b, n)
	}
	k.r = grow(k.r, d)
	k.R = grow(k.R, n*n)
	k.LC = grow(k.LC, n*d)
	// Information form when R is well-conditioned positive definite.
	k.info, k.rdiag = false, isDiag(m.R)
	if k.rdiag {
		lo, hi := math.Inf(1), 0.0
		for i := 0; i < n; i++ {
			r := m.R.At(i, i)
			lo, hi = math.Min(lo, r), math.Max(hi, r)
		}
		k.info = !forceCov && lo > 0 && lo > 1e-12*hi
	}
	k.S = grow(k.S, n*n)
	if !k.rdiag && !forceCov {
		// Cholesky factor in place (the upper triangle keeps R), then the
		// reciprocal 1-norm condition number 1/(‖R‖₁‖R⁻¹‖₁).
		symToFlat(k.R, m.R)
		norm := norm1(k.R, n)
		ld, ok := cholFactor(k.R, k.R, n)
		k.info = ok && 1/(norm*invNorm1(k.R, k.S, n)) > 1e-12
		k.logDetR = ld
	}
	if k.info {
		copy(k.LC, k.C)
		if k.rdiag {
			k.logDetR = 0
			for i := 0; i < n; i++ {
				r := m.R.At(i, i)
				k.isr[i] = 1 / math.Sqrt(r)
				k.logDetR += math.Log(r)
				for j := 0; j < d; j++ {
					k.LC[i*d+j] *= k.isr[i]
				}
			}
		} else {
			forwardSub(k.R, k.LC, n, d)
		}
		// G = (L⁻¹C)ᵀ(L⁻¹C): every entry sums in the same order, so G is
		// exactly symmetric.
		for a := 0; a < d; a++ {
			for b := 0; b < d; b++ {
				s := 0.0
				for i := 0; i < n; i++ {
					s += k.LC[i*d+a] * k.LC[i*d+b]
				}
				k.G[a*d+b] = s
			}
		}
	} else {
		symToFlat(k.R, m.R)
		k.XN, k.tmpN = grow(k.XN, n*d), grow(k.tmpN, d*n)
	}
	return nil
}

// forwardSub solves L X = b in place (L lower triangular n×n, b n×m).
func forwardSub(L, b []float64, n, m int) {
	for c := 0; c < m; c++ {
		for i := 0; i < n; i++ {
			v := b[i*m+c]
			for k := 0; k < i; k++ {
				v -= L[i*n+k] * b[k*m+c]
			}
			b[i*m+c] = v / L[i*n+i]
		}
	}
}

// norm1 returns the 1-norm (largest absolute column sum) of the n×n a.
func norm1(a []float64, n int) float64 {
	mx := 0.0
	for j := 0; j < n; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += math.Abs(a[i*n+j])
		}
		mx = math.Max(mx, s)
	}
	return mx
}

// invNorm1 returns ‖(L Lᵀ)⁻¹‖₁ for the Cholesky factor L (lower triangle of
// the n×n L), using buf (n×n) for L⁻¹: (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹.
func invNorm1(L, buf []float64, n int) float64 {
	for i := range buf[:n*n] {
		buf[i] = 0
	}
	for i := 0; i < n; i++ {
		buf[i*n+i] = 1
	}
	forwardSub(L, buf, n, n) // buf = L⁻¹, lower triangular
	mx := 0.0
	for j := 0; j < n; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			v := 0.0
			for k := max(i, j); k < n; k++ {
				v += buf[k*n+i] * buf[k*n+j]
			}
			s += math.Abs(v)
		}
		mx = math.Max(mx, s)
	}
	return mx
}

// covPass holds the data-independent half of the filter and smoother for
// sequences of length T. The covariances of the Kalman filter and of the
// RTS smoother depend on the model and on T but not on the observations or
// the inputs (which move only the means), so one pass serves every
// sequence of that length.
type covPass struct {
	T          int
	pred, filt []float64 // T·D²: predicted P_t and filtered Σ_t covariances
	ldS        []float64 // T: log det S_t, S_t = C P_t Cᵀ + R
	// steadyFrom is the first t from which the predicted and filtered
	// covariances no longer change (steady state, to steadyTol); T if never.
	steadyFrom int
	CP, LS     []float64 // covariance form: C P_t (T·N·D), Cholesky factor of S_t (T·N·N)
	J          []float64 // (T−1)·D²: smoother gains J_t
	V          []float64 // T·D²: smoothed covariances
	Cross      []float64 // (T−1)·D²: Cov(z_{t+1}, z_t | y)
	// fresh and smoothed: computed under the current model (by the E-step
	// that owns the pass), with the smoother's half.
	fresh, smoothed bool
}

// covariances runs the covariance recursions of the filter (and, when
// smooth, of the smoother) for length T into cp, reusing its buffers.
//
// Information form (R positive definite): with G = CᵀR⁻¹C, Woodbury's
// identity gives Σ_t = (I + P_t G)⁻¹ P_t and, by Sylvester's determinant
// identity, log det S_t = log det R + log det(I + P_t G). Covariance form:
// S_t = C P_t Cᵀ + R, K_t = P_t Cᵀ S_t⁻¹ and the Joseph update
// Σ_t = (I − K_t C) P_t (I − K_t C)ᵀ + K_t R K_tᵀ, which stays PSD and exact
// when R is singular. Prediction: P_{t+1} = A Σ_t Aᵀ + Q.
func (k *kernel) covariances(cp *covPass, T int, smooth bool) error {
	d, n := k.d, k.n
	d2 := d * d
	cp.T = T
	cp.pred, cp.filt = grow(cp.pred, T*d2), grow(cp.filt, T*d2)
	cp.ldS = grow(cp.ldS, T)
	cp.fresh, cp.smoothed = false, false
	copy(cp.pred, k.v0)
	cp.steadyFrom = T
	steady := false
	if !k.info {
		cp.CP, cp.LS = grow(cp.CP, T*n*d), grow(cp.LS, T*n*n)
	}
	for t := 0; t < T; t++ {
		P := cp.pred[t*d2 : (t+1)*d2]
		Sig := cp.filt[t*d2 : (t+1)*d2]
		if k.info {
			if !steady && t > 0 && sameCov(P, cp.pred[(t-1)*d2:t*d2]) {
				steady = true
				cp.steadyFrom = t
			}
			if steady {
				copy(P, cp.pred[(t-1)*d2:t*d2])
				copy(Sig, cp.filt[(t-1)*d2:t*d2])
				cp.ldS[t] = cp.ldS[t-1]
				continue
			}
			X := k.X
			matMul(X, P, k.G, d, d, d)
			for i := 0; i < d; i++ {
				X[i*d+i]++
			}
			copy(Sig, P)
			logDet, ok := luSolve(X, Sig, d, d)
			if !ok {
				return ErrSingular
			}
			symmetrize(Sig, d)
			cp.ldS[t] = k.logDetR + logDet
		} else if err := k.josephStep(cp, t, P, Sig); err != nil {
			return err
		}
		if t+1 < T {
			Pn := cp.pred[(t+1)*d2 : (t+2)*d2]
			matMul(k.tmp, k.A, Sig, d, d, d)
			matMulT(Pn, k.tmp, k.A, d, d, d)
			for i := range Pn {
				Pn[i] += k.Q[i]
			}
			symmetrize(Pn, d)
		}
	}
	if smooth {
		k.smoothCovariances(cp)
	}
	cp.fresh, cp.smoothed = true, smooth
	return nil
}

// josephStep is one covariance-form update at time t: S_t, its Cholesky
// factor and C P_t (kept for the means), and Σ_t by the Joseph form.
func (k *kernel) josephStep(cp *covPass, t int, P, Sig []float64) error {
	d, n := k.d, k.n
	C, R, S := k.C, k.R, k.S
	CP := cp.CP[t*n*d : (t+1)*n*d]
	L := cp.LS[t*n*n : (t+1)*n*n]
	matMul(CP, C, P, n, d, d)
	matMulT(S, CP, C, n, d, n)
	for i := range S {
		S[i] += R[i]
	}
	symmetrize(S, n)
	logDet, ok := cholFactor(L, S, n)
	if !ok {
		return ErrSingular
	}
	cp.ldS[t] = logDet
	X := k.XN // S⁻¹ C P = K_tᵀ
	copy(X, CP)
	cholSolveL(L, X, n, d)
	IKC := k.X // I − K C = I − Xᵀ C
	for a := 0; a < d; a++ {
		for b := 0; b < d; b++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += X[i*d+a] * C[i*d+b]
			}
			v := -s
			if a == b {
				v++
			}
			IKC[a*d+b] = v
		}
	}
	matMul(k.tmp, IKC, P, d, d, d)
	matMulT(Sig, k.tmp, IKC, d, d, d)
	// + Xᵀ R X.
	for a := 0; a < d; a++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += X[i*d+a] * R[i*n+j]
			}
			k.tmpN[a*n+j] = s
		}
	}
	for a := 0; a < d; a++ {
		for b := 0; b < d; b++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += k.tmpN[a*n+j] * X[j*d+b]
			}
			Sig[a*d+b] += s
		}
	}
	symmetrize(Sig, d)
	return nil
}

// centre sets yc = y_t − d − D u_t and bu = B u_t + b.
func (k *kernel) centre(yc, bu []float64, seq Sequence, t int) {
	m, n, d, p := k.m, k.n, k.d, k.p
	y := seq.Y.RawRowView(t)
	var u []float64
	if seq.U != nil {
		u = seq.U.RawRowView(t)
	}
	copy(yc, y)
	if m.Offset != nil {
		for i, o := range m.Offset {
			yc[i] -= o
		}
	}
	if m.D != nil && u != nil {
		for i := 0; i < n; i++ {
			row := m.D.RawRowView(i)
			v := yc[i]
			for j := 0; j < p; j++ {
				v -= row[j] * u[j]
			}
			yc[i] = v
		}
	}
	for i := range bu {
		bu[i] = 0
	}
	if m.Bias != nil {
		copy(bu, m.Bias)
	}
	if m.B != nil && u != nil {
		for i := 0; i < d; i++ {
			row := m.B.RawRowView(i)
			v := bu[i]
			for j := 0; j < p; j++ {
				v += row[j] * u[j]
			}
			bu[i] = v
		}
	}
}

// whitenBlock is the number of time steps whiten transforms at once.
const whitenBlock = 256

// whiten computes, for the information form, q_t = ‖z_t‖² with
// z_t = L⁻¹y'_t, k.H (T×D, row t) h_t = (L⁻¹C)ᵀ z_t = CᵀR⁻¹y'_t and k.BU
// (T×D) with B u_t + b. It works on blocks of whitenBlock time steps stored
// transposed (N×block), so that the triangular solve and the product run
// along time (BLAS Dtrsm, axpys) within cache.
func (k *kernel) whiten(seq Sequence, T int) {
	n, d := k.n, k.d
	B := min(T, whitenBlock)
	k.Z, k.Hb = grow(k.Z, n*B), grow(k.Hb, d*B)
	k.H, k.BU, k.q = grow(k.H, T*d), grow(k.BU, T*d), grow(k.q, T)
	for t0 := 0; t0 < T; t0 += B {
		b := min(B, T-t0)
		Z, Hb, q := k.Z[:n*b], k.Hb[:d*b], k.q[t0:t0+b]
		for t := 0; t < b; t++ {
			k.centre(k.yc, k.BU[(t0+t)*d:(t0+t+1)*d], seq, t0+t)
			for i, v := range k.yc {
				Z[i*b+t] = v
			}
		}
		if k.rdiag {
			for i := 0; i < n; i++ {
				floats.Scale(k.isr[i], Z[i*b:(i+1)*b])
			}
		} else {
			L := blas64.Triangular{Uplo: blas.Lower, Diag: blas.NonUnit, N: n, Stride: n, Data: k.R}
			blas64.Trsm(blas.Left, blas.NoTrans, 1, L, blas64.General{Rows: n, Cols: b, Stride: b, Data: Z})
		}
		for t := range q {
			q[t] = 0
		}
		for i := range Hb {
			Hb[i] = 0
		}
		for i := 0; i < n; i++ {
			z := Z[i*b : (i+1)*b]
			for t, v := range z {
				q[t] += v * v
			}
			for a := 0; a < d; a++ {
				if c := k.LC[i*d+a]; c != 0 {
					floats.AddScaled(Hb[a*b:(a+1)*b], c, z)
				}
			}
		}
		for t := 0; t < b; t++ {
			for a := 0; a < d; a++ {
				k.H[(t0+t)*d+a] = Hb[a*b+t]
			}
		}
	}
}

// filterMeans runs the mean half of the Kalman filter on seq, given the
// covariance pass cp of its length, writing the predicted means into pm
// and the filtered ones into fm (T·D each), and returns the exact
// log-likelihood (prediction-error decomposition). With y' = y_t − d − D u_t
// and ẑ, P the predicted moments:
//
//	information form (L Lᵀ = R, z = L⁻¹y', h = (L⁻¹C)ᵀ z = CᵀR⁻¹y'):
//	  r = h − G ẑ,  μ_t = ẑ + Σ_t r,
//	  eᵀS⁻¹e = zᵀz − 2 ẑᵀh + ẑᵀG ẑ − rᵀΣ_t r   (Woodbury, e = y' − C ẑ);
//	covariance form: μ_t = ẑ + (C P)ᵀ S⁻¹ e,
//
// then ẑ_{t+1} = A μ_t + B u_t + b.
func (k *kernel) filterMeans(cp *covPass, seq Sequence, pm, fm []float64) (float64, error) {
	T, d, n := cp.T, k.d, k.n
	d2 := d * d
	copy(pm[:d], k.mu0)
	cst := float64(n) * math.Log(2*math.Pi)
	ll := 0.0
	if k.info {
		k.whiten(seq, T)
	} else {
		k.BU = grow(k.BU, T*d)
	}
	for t := 0; t < T; t++ {
		mp := pm[t*d : (t+1)*d]
		mf := fm[t*d : (t+1)*d]
		quad := 0.0
		if k.info {
			quad = k.q[t]
			G, r := k.G, k.r
			for i := 0; i < d; i++ {
				gm := 0.0
				for j := 0; j < d; j++ {
					gm += G[i*d+j] * mp[j]
				}
				hi := k.H[t*d+i]
				r[i] = hi - gm
				quad += -2*mp[i]*hi + mp[i]*gm
			}
			S := cp.filt[t*d2 : (t+1)*d2]
			for i := 0; i < d; i++ {
				s := 0.0
				for j := 0; j < d; j++ {
					s += S[i*d+j] * r[j]
				}
				mf[i] = mp[i] + s
				quad -= r[i] * s
			}
		} else {
			k.centre(k.yc, k.BU[t*d:(t+1)*d], seq, t)
			e, w := k.e, k.z
			for i := 0; i < n; i++ {
				s := k.yc[i]
				for j := 0; j < d; j++ {
					s -= k.C[i*d+j] * mp[j]
				}
				e[i] = s
			}
			copy(w, e)
			cholSolveL(cp.LS[t*n*n:(t+1)*n*n], w, n, 1)
			for i := 0; i < n; i++ {
				quad += e[i] * w[i]
			}
			CP := cp.CP[t*n*d : (t+1)*n*d]
			for a := 0; a < d; a++ {
				s := 0.0
				for i := 0; i < n; i++ {
					s += CP[i*d+a] * w[i]
				}
				mf[a] = mp[a] + s
			}
		}
		ll += -0.5 * (cst + cp.ldS[t] + quad)
		if t+1 < T {
			next := pm[(t+1)*d : (t+2)*d]
			for i := 0; i < d; i++ {
				s := k.BU[t*d+i]
				for j := 0; j < d; j++ {
					s += k.A[i*d+j] * mf[j]
				}
				next[i] = s
			}
		}
	}
	if math.IsNaN(ll) || math.IsInf(ll, 0) {
		if err := k.rangeErr(seq); err != nil {
			return math.NaN(), err
		}
		return math.NaN(), errors.New("lds: non-finite log-likelihood")
	}
	return ll, nil
}

// rangeErr returns the input error of a sequence whose log-likelihood left
// float64's range because its observations lie absurdly far outside the
// model's noise scale (data ×1e300 under a model fitted to ordinary data):
// the log-likelihood, about −½ Σ (y − d)²/R, is then itself below
// −1.8e308 and no rescaling of the arithmetic can represent it. It returns
// nil when the data are not that far out (another cause).
func (k *kernel) rangeErr(seq Sequence) error {
	m := k.m
	var big float64
	T, n := seq.Y.Dims()
	for t := 0; t < T; t++ {
		for i, v := range seq.Y.RawRowView(t) {
			if m.Offset != nil {
				v -= m.Offset[i]
			}
			big = math.Max(big, math.Abs(v))
		}
	}
	noise := math.Inf(1)
	for i := 0; i < n; i++ {
		noise = math.Min(noise, m.R.At(i, i))
	}
	noise = math.Sqrt(noise)
	if !(big > 0x1p500 || noise > 0 && big > 0x1p480*noise) {
		return nil
	}
	return experiment.Inputf("lds: log-likelihood below float64's range (−1.8e308): observations up to |y − offset| = %.3g against an observation noise SD of %.3g; rescale the data (and the model's C, D and Offset by the same factor, R by its square) so that |y − offset| stays below ~1e150 and within ~1e144 noise SDs",
		big, noise)
}
