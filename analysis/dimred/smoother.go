package dimred

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// sharedLDS is CILDS's augmented state-space model (state x_t = [c_t;
// z_{t+1}], see cilds.go), smoothed over many trials of equal length T with
// the covariance recursions computed once and shared (they do not depend
// on the data):
//
//	x_1 ~ N(mu0, V0),  x_{t+1} = A x_t + bias + w,  w ~ N(0, Q),
//	y_t = C x_t + v,  v ~ N(0, diag(R)).
//
// Kalman filter in information form (Woodbury; Roweis & Ghahramani 1999),
// Rauch–Tung–Striebel smoother (Rauch, Tung & Striebel 1965). These are the
// recursions of model/lds (TestSmootherMatchesLDS compares the two on the
// augmented model); this copy exists for CILDS's structure: A and C are
// sparse (stored as CSR: A has a diagonal calcium decay, the q×p loading
// block and a diagonal latent decay; C = [diag(B) 0]), only the cross-covariance entries CILDS's M-step reads are
// formed (CrossQ), and the means of a batch of trials are smoothed together
// with matrix products.
type sharedLDS struct {
	A, Q, C *mat.Dense
	R       []float64 // diagonal of the observation noise
	Bias    []float64 // state offset (len D), may be nil
	Mu0     []float64
	V0      *mat.Dense
	// CrossQ > 0 restricts Cross to the entries CILDS's M-step reads: the
	// diagonal and rows < CrossQ × columns ≥ CrossQ (the others are 0).
	CrossQ int
}

// covPass holds the data-independent part of the smoother: per time step
// t, D×D row-major matrices. Once the recursions reach steady state the
// later steps share the storage of the last computed one, so that memory
// grows with the steps before steady state, not with T (a 36 000-frame
// recording of 400 cells would otherwise need 6·T·D² floats, 280 GB). The
// buffers are reused by the next call to covariances.
type covPass struct {
	T, D, N int
	Pred    [][]float64 // predicted covariances P_t (P_0 = V0)
	Filt    [][]float64 // filtered covariances V_t
	Pinv    [][]float64 // P_t⁻¹
	J       [][]float64 // smoother gains J_t = V_t Aᵀ P_{t+1}⁻¹ (t < T−1)
	Vs      [][]float64 // smoothed covariances
	Cross   [][]float64 // Cov(x_{t+1}, x_t | y) = Vs_{t+1} J_tᵀ (t < T−1), see sharedLDS.CrossQ
	logDetS []float64   // log det S_t of the innovation covariance
	CtRC    []float64   // CᵀR⁻¹C (D×D)
	As, Cs  *csr        // A and C
	CtR     *csr        // CᵀR⁻¹ (D×N)
	pool    [][]float64 // D×D buffers, handed out by alloc
	used    int         // buffers of pool handed out in this pass
	free    [][]float64 // handed-out buffers no longer needed in this pass (see release)
}

// alloc returns a zeroed D×D buffer: a released one, else one from the
// pool (grown when needed).
func (cp *covPass) alloc() []float64 {
	if n := len(cp.free); n > 0 {
		b := cp.free[n-1]
		cp.free = cp.free[:n-1]
		clear(b)
		return b
	}
	if cp.used == len(cp.pool) {
		cp.pool = append(cp.pool, make([]float64, cp.D*cp.D))
	}
	b := cp.pool[cp.used]
	cp.used++
	clear(b)
	return b
}

var errNotPD = errors.New("dimred: covariance not positive definite")

// invSPD returns the inverse of the symmetric positive definite a and its
// log-determinant.
func invSPD(a *mat.Dense) (*mat.Dense, float64, error) {
	n, _ := a.Dims()
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, 0.5*(a.At(i, j)+a.At(j, i)))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		return nil, 0, errNotPD
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return nil, 0, errNotPD
	}
	out := mat.NewDense(n, n, nil)
	out.Copy(&inv)
	return out, ch.LogDet(), nil
}

// steadyTol is the relative change below which the covariance recursions
// are treated as converged and their last matrices reused.
const steadyTol = 1e-13

// covariances runs the covariance recursions of the Kalman filter
// (information form) and of the RTS smoother for trials of length T,
// reusing cp's buffers when cp is not nil.
func (m *sharedLDS) covariances(T int, cp *covPass) (*covPass, error) {
	D, _ := m.A.Dims()
	N, _ := m.C.Dims()
	DD := D * D
	if cp == nil || cp.T != T || cp.D != D || cp.N != N {
		cp = &covPass{T: T, D: D, N: N, logDetS: make([]float64, T), CtRC: make([]float64, DD)}
		cp.Pred, cp.Filt, cp.Pinv = make([][]float64, T), make([][]float64, T), make([][]float64, T)
		cp.J, cp.Vs, cp.Cross = make([][]float64, T), make([][]float64, T), make([][]float64, T)
	}
	cp.used, cp.free = 0, cp.free[:0]
	CtRinv := mat.NewDense(D, N, nil)
	for i := 0; i < D; i++ {
		for j := 0; j < N; j++ {
			CtRinv.Set(i, j, m.C.At(j, i)/m.R[j])
		}
	}
	var CtRCm mat.Dense
	CtRCm.Mul(CtRinv, m.C)
	copy(cp.CtRC, flat(&CtRCm))
	cp.As, cp.Cs, cp.CtR = toCSR(m.A), toCSR(m.C), toCSR(CtRinv)
	Q := flat(m.Q)
	As := cp.As
	logDetR := 0.0
	for _, r := range m.R {
		if !(r > 0) {
			return nil, errNotPD
		}
		logDetR += math.Log(r)
	}
	tmp := make([]float64, DD)
	cp.Pred[0] = cp.alloc()
	copy(cp.Pred[0], flat(m.V0))
	steady := false
	for t := 0; t < T; t++ {
		if steady {
			cp.Pred[t], cp.Filt[t], cp.Pinv[t] = cp.Pred[t-1], cp.Filt[t-1], cp.Pinv[t-1]
			cp.logDetS[t] = cp.logDetS[t-1]
			continue
		}
		P := cp.Pred[t]
		cp.Pinv[t], cp.Filt[t] = cp.alloc(), cp.alloc()
		ldP, ok := cholInv(cp.Pinv[t], P, D)
		if !ok {
			return nil, errNotPD
		}
		for i := range tmp {
			tmp[i] = cp.Pinv[t][i] + cp.CtRC[i]
		}
		ldInfo, ok := cholInv(cp.Filt[t], tmp, D) // V = (P⁻¹ + CᵀR⁻¹C)⁻¹
		if !ok {
			return nil, errNotPD
		}
		// det S = det R · det P · det(P⁻¹ + CᵀR⁻¹C).
		cp.logDetS[t] = logDetR + ldP + ldInfo
		if t < T-1 {
			cp.Pred[t+1] = cp.alloc()
			next := cp.Pred[t+1]
			As.mulDense(tmp, cp.Filt[t], D)
			As.denseMulT(next, tmp, D)
			for i := range next {
				next[i] += Q[i]
			}
			if d, sc := maxAbsDiff(next, P); d <= steadyTol*sc {
				steady = true
			}
		}
	}
	pred, filt, Pinvs := cp.Pred, cp.Filt, cp.Pinv
	cp.Vs[T-1] = cp.Filt[T-1]
	diff := make([]float64, DD)
	// Step t of the backward pass is the last to read P_{t+1} and P_{t+1}⁻¹
	// (the smoother and the M-step need only the filtered and smoothed
	// covariances, the gains and the cross-covariances): their buffers
	// are then released for the next steps' allocations, unless step t−1
	// shares them (steady state). This bounds the pass's buffers by four
	// per step before steady state instead of six (a third less memory;
	// the arithmetic is unchanged).
	release := func(t int) {
		if t+1 < T && &pred[t+1][0] != &pred[t][0] {
			cp.free = append(cp.free, pred[t+1])
		}
		if t+1 < T && &Pinvs[t+1][0] != &Pinvs[t][0] {
			cp.free = append(cp.free, Pinvs[t+1])
		}
	}
	for t := T - 2; t >= 0; t-- {
		sameJ := t < T-2 && &filt[t][0] == &filt[t+1][0] && &Pinvs[t+1][0] == &Pinvs[t+2][0]
		if sameJ {
			cp.J[t] = cp.J[t+1]
		} else {
			cp.J[t] = cp.alloc()
			As.denseMulT(tmp, filt[t], D) // V Aᵀ
			mul(cp.J[t], tmp, Pinvs[t+1], D, D, D)
		}
		if sameJ && t < T-3 {
			// Already shared (the same buffer): steady without rescanning it.
			if &cp.Vs[t+1][0] == &cp.Vs[t+2][0] {
				cp.Vs[t], cp.Cross[t] = cp.Vs[t+1], cp.Cross[t+1]
				release(t)
				continue
			}
			if d, sc := maxAbsDiff(cp.Vs[t+1], cp.Vs[t+2]); d <= steadyTol*sc {
				cp.Vs[t], cp.Cross[t] = cp.Vs[t+1], cp.Cross[t+1]
				release(t)
				continue
			}
		}
		cp.Vs[t], cp.Cross[t] = cp.alloc(), cp.alloc()
		J, vsn := cp.J[t], cp.Vs[t+1]
		for i := range diff {
			diff[i] = vsn[i] - pred[t+1][i]
		}
		mul(tmp, J, diff, D, D, D)
		vs := cp.Vs[t]
		mulT(vs, tmp, J, D, D, D)
		for i := range vs {
			vs[i] += filt[t][i]
		}
		m.cross(cp.Cross[t], vsn, J, D)
		release(t)
	}
	return cp, nil
}

// cross writes Vs_{t+1} J_tᵀ into dst, only on the entries CrossQ selects.
func (m *sharedLDS) cross(dst, vsn, J []float64, D int) {
	q := m.CrossQ
	if q <= 0 {
		mulT(dst, vsn, J, D, D, D)
		return
	}
	for a := 0; a < D; a++ {
		va := vsn[a*D : (a+1)*D]
		dst[a*D+a] = floats.Dot(va, J[a*D:(a+1)*D])
		if a < q {
			for b := q; b < D; b++ {
				dst[a*D+b] = floats.Dot(va, J[b*D:(b+1)*D])
			}
		}
	}
}

// batchWork holds the buffers of smoothBatch for up to nb trials.
type batchWork struct {
	nb, T, D, N int
	a, u, tmp   []float64 // nb×D
	e           []float64 // nb×N
	X, P        []float64 // T×nb×D: filtered, then smoothed, means; predicted means
	q           []float64 // nb
}

func newBatchWork(nb, T, D, N int) *batchWork {
	return &batchWork{nb: nb, T: T, D: D, N: N, a: make([]float64, nb*D), u: make([]float64, nb*D),
		tmp: make([]float64, nb*D), e: make([]float64, nb*N), X: make([]float64, T*nb*D),
		P: make([]float64, T*nb*D), q: make([]float64, nb)}
}

// smoothBatch runs the mean recursions of the Kalman filter and RTS
// smoother for the trials Ys (each T×N, at most w.nb) together, so that the
// D×D products are matrix products over the trials (Dgemm). It writes
// trial k's smoothed means into ms[k] (T×D row-major) and log p(Y_k) into
// ll[k]. Each trial's numbers do not depend on the others in the batch.
func (m *sharedLDS) smoothBatch(ms [][]float64, ll []float64, cp *covPass, Ys []*mat.Dense, w *batchWork) {
	T, D, N := cp.T, cp.D, cp.N
	nb := len(Ys)
	a, u, tmp, e := w.a[:nb*D], w.u[:nb*D], w.tmp[:nb*D], w.e[:nb*N]
	stride := nb * D
	for k := 0; k < nb; k++ {
		copy(a[k*D:(k+1)*D], m.Mu0)
		ll[k] = 0
	}
	ln2pi := float64(N) * math.Log(2*math.Pi)
	ku := 0
	for i := 0; i < cp.CtR.rows; i++ {
		if cp.CtR.ptr[i+1] > cp.CtR.ptr[i] {
			ku = i + 1
		}
	}
	for t := 0; t < T; t++ {
		Pt := w.P[t*stride : (t+1)*stride]
		Xt := w.X[t*stride : (t+1)*stride]
		copy(Pt, a)
		for k := 0; k < nb; k++ {
			ek, ak := e[k*N:(k+1)*N], a[k*D:(k+1)*D]
			y := Ys[k].RawRowView(t)
			// Innovation e = y − C a; u = CᵀR⁻¹ e.
			cp.Cs.mulVec(ek, ak)
			qk := 0.0
			for i := range ek {
				ei := y[i] - ek[i]
				ek[i] = ei
				qk += ei * ei / m.R[i]
			}
			w.q[k] = qk
			cp.CtR.mulVec(u[k*D:(k+1)*D], ek)
		}
		// tmp = u V_t (V symmetric: row k is V u_k = K_t e_k); u is zero
		// beyond its first ku entries (the observed states).
		blas64.Implementation().Dgemm(blas.NoTrans, blas.NoTrans, nb, D, ku, 1, u, D, cp.Filt[t], D, 0, tmp, D)
		for k := 0; k < nb; k++ {
			uk, tk := u[k*D:(k+1)*D], tmp[k*D:(k+1)*D]
			// eᵀS⁻¹e = eᵀR⁻¹e − uᵀ V u.
			qk := w.q[k] - floats.Dot(uk, tk)
			ll[k] -= 0.5 * (ln2pi + cp.logDetS[t] + qk)
			xk, ak := Xt[k*D:(k+1)*D], a[k*D:(k+1)*D]
			for i := range xk {
				xk[i] = ak[i] + tk[i]
			}
			if t < T-1 {
				cp.As.mulVec(ak, xk)
				if m.Bias != nil {
					for i := range ak {
						ak[i] += m.Bias[i]
					}
				}
			}
		}
	}
	// RTS: ms_t = m_t + (ms_{t+1} − a_{t+1}) J_tᵀ, all trials at once.
	for t := T - 2; t >= 0; t-- {
		Xn, Pn := w.X[(t+1)*stride:(t+2)*stride], w.P[(t+1)*stride:(t+2)*stride]
		for i := range tmp {
			tmp[i] = Xn[i] - Pn[i]
		}
		blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, nb, D, D, 1, tmp, D, cp.J[t], D, 1, w.X[t*stride:(t+1)*stride], D)
	}
	for k := 0; k < nb; k++ {
		for t := 0; t < T; t++ {
			copy(ms[k][t*D:(t+1)*D], w.X[t*stride+k*D:t*stride+(k+1)*D])
		}
	}
}
