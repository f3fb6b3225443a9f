package dimred

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// sharedLDS is a linear-Gaussian state-space model with diagonal observation
// noise, smoothed over many trials of equal length T with the covariance
// recursions computed once and shared (they do not depend on the data):
//
//	x_1 ~ N(mu0, V0),  x_{t+1} = A x_t + bias + w,  w ~ N(0, Q),
//	y_t = C x_t + d + v,  v ~ N(0, diag(R)).
//
// Kalman filter in information form (Woodbury; Roweis & Ghahramani 1999),
// Rauch–Tung–Striebel smoother (Rauch, Tung & Striebel 1965).
type sharedLDS struct {
	A, Q, C *mat.Dense
	R       []float64 // diagonal of the observation noise
	Bias    []float64 // state offset (len D), may be nil
	Offset  []float64 // observation offset (len N), may be nil
	Mu0     []float64
	V0      *mat.Dense
}

// covPass holds the data-independent part of the smoother.
type covPass struct {
	T, D, N int
	K       []*mat.Dense // filter gains V_t CᵀR⁻¹ (D×N)
	Pred    []*mat.Dense // predicted covariances P_t (P_0 = V0)
	Filt    []*mat.Dense // filtered covariances V_t
	J       []*mat.Dense // smoother gains J_t = V_t Aᵀ P_{t+1}⁻¹ (t < T−1)
	Vs      []*mat.Dense // smoothed covariances
	Cross   []*mat.Dense // Cov(x_{t+1}, x_t | y) = Vs_{t+1} J_tᵀ (t < T−1)
	logDetS []float64    // log det S_t of the innovation covariance
	CtRinv  *mat.Dense   // CᵀR⁻¹ (D×N)
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

func (m *sharedLDS) covariances(T int) (*covPass, error) {
	D, _ := m.A.Dims()
	N, _ := m.C.Dims()
	cp := &covPass{T: T, D: D, N: N}
	cp.CtRinv = mat.NewDense(D, N, nil)
	for i := 0; i < D; i++ {
		for j := 0; j < N; j++ {
			cp.CtRinv.Set(i, j, m.C.At(j, i)/m.R[j])
		}
	}
	var CtRCm mat.Dense
	CtRCm.Mul(cp.CtRinv, m.C)
	RinvC := mat.NewDense(N, D, nil)
	for i := 0; i < N; i++ {
		for j := 0; j < D; j++ {
			RinvC.Set(i, j, m.C.At(i, j)/m.R[i])
		}
	}
	CtR := toCSR(RinvC) // rows of R⁻¹C = columns of CᵀR⁻¹
	CtRC := flat(&CtRCm)
	Q := flat(m.Q)
	As := toCSR(m.A)
	logDetR := 0.0
	for _, r := range m.R {
		if !(r > 0) {
			return nil, errNotPD
		}
		logDetR += math.Log(r)
	}
	DD := D * D
	work := make([]float64, DD)
	tmp := make([]float64, DD)
	Pinvs := make([][]float64, T) // P_t⁻¹, reused by the smoother gains
	pred := make([][]float64, T)
	filt := make([][]float64, T)
	P := flat(m.V0)
	steady := false
	for t := 0; t < T; t++ {
		if steady {
			pred[t], filt[t], Pinvs[t] = pred[t-1], filt[t-1], Pinvs[t-1]
			cp.K = append(cp.K, cp.K[t-1])
			cp.logDetS = append(cp.logDetS, cp.logDetS[t-1])
			continue
		}
		Pinv := make([]float64, DD)
		ldP, ok := cholInv(Pinv, P, work, D)
		if !ok {
			return nil, errNotPD
		}
		info := make([]float64, DD)
		for i := range info {
			info[i] = Pinv[i] + CtRC[i]
		}
		V := make([]float64, DD)
		ldInfo, ok := cholInv(V, info, work, D)
		if !ok {
			return nil, errNotPD
		}
		ldInfo = -ldInfo // log det V = −log det(P⁻¹ + CᵀR⁻¹C)
		K := mat.NewDense(D, N, nil)
		CtR.denseMulT(K.RawMatrix().Data, V, D) // V·CᵀR⁻¹ = V·(R⁻¹C)ᵀ
		pred[t], filt[t], Pinvs[t] = P, V, Pinv
		cp.K = append(cp.K, K)
		// det S = det R · det P · det(P⁻¹ + CᵀR⁻¹C) = det R · det P / det V.
		cp.logDetS = append(cp.logDetS, logDetR+ldP-ldInfo)
		if t < T-1 {
			next := make([]float64, DD)
			As.mulDense(tmp, V, D)
			As.denseMulT(next, tmp, D)
			for i := range next {
				next[i] += Q[i]
			}
			if d, sc := maxAbsDiff(next, P); d <= steadyTol*sc {
				steady = true
			}
			P = next
		}
	}
	cp.Pred = make([]*mat.Dense, T)
	cp.Filt = make([]*mat.Dense, T)
	for t := 0; t < T; t++ {
		if t > 0 && &pred[t][0] == &pred[t-1][0] {
			cp.Pred[t], cp.Filt[t] = cp.Pred[t-1], cp.Filt[t-1]
			continue
		}
		cp.Pred[t] = mat.NewDense(D, D, pred[t])
		cp.Filt[t] = mat.NewDense(D, D, filt[t])
	}
	cp.Vs = make([]*mat.Dense, T)
	cp.J = make([]*mat.Dense, T-1)
	cp.Cross = make([]*mat.Dense, T-1)
	cp.Vs[T-1] = cp.Filt[T-1]
	diff := make([]float64, DD)
	var prevJsrc []float64
	for t := T - 2; t >= 0; t-- {
		sameJ := t < T-2 && &filt[t][0] == &filt[t+1][0] && &Pinvs[t+1][0] == &Pinvs[t+2][0]
		var J []float64
		if sameJ {
			J = prevJsrc
		} else {
			J = make([]float64, DD)
			As.denseMulT(tmp, filt[t], D) // V Aᵀ
			mul(J, tmp, Pinvs[t+1], D, D, D)
		}
		if sameJ && t < T-3 {
			if d, sc := maxAbsDiff(cp.Vs[t+1].RawMatrix().Data, cp.Vs[t+2].RawMatrix().Data); d <= steadyTol*sc {
				cp.J[t], cp.Vs[t], cp.Cross[t] = cp.J[t+1], cp.Vs[t+1], cp.Cross[t+1]
				continue
			}
		}
		vsn := cp.Vs[t+1].RawMatrix().Data
		for i := range diff {
			diff[i] = vsn[i] - pred[t+1][i]
		}
		mul(tmp, J, diff, D, D, D)
		vs := make([]float64, DD)
		mulT(vs, tmp, J, D, D, D)
		for i := range vs {
			vs[i] += filt[t][i]
		}
		cr := make([]float64, DD)
		mulT(cr, vsn, J, D, D, D)
		if sameJ {
			cp.J[t] = cp.J[t+1]
		} else {
			cp.J[t] = mat.NewDense(D, D, J)
		}
		prevJsrc = J
		cp.Vs[t], cp.Cross[t] = mat.NewDense(D, D, vs), mat.NewDense(D, D, cr)
	}
	return cp, nil
}

// smoothMeans runs the mean recursions for one trial Y (T×N, row t = y_t)
// and writes the smoothed means into ms (T×D, row-major); it returns the
// log-likelihood log p(Y). work must hold 3·D + N floats and pred T·D.
func (m *sharedLDS) smoothMeans(ms, pred []float64, cp *covPass, Y *mat.Dense, work []float64) float64 {
	T, D, N := cp.T, cp.D, cp.N
	e := work[:N]
	u := work[N : N+D]
	a := work[N+D : N+2*D]
	tmp := work[N+2*D : N+3*D]
	copy(a, m.Mu0)
	ll := 0.0
	As, Cs, CtR := toCSR(m.A), toCSR(m.C), toCSR(cp.CtRinv)
	for t := 0; t < T; t++ {
		copy(pred[t*D:(t+1)*D], a)
		y := Y.RawRowView(t)
		// Innovation e = y − C a − d.
		q := 0.0
		Cs.mulVec(e, a)
		for i := 0; i < N; i++ {
			ei := y[i] - e[i]
			if m.Offset != nil {
				ei -= m.Offset[i]
			}
			e[i] = ei
			q += ei * ei / m.R[i]
		}
		// u = CᵀR⁻¹ e; quadratic eᵀS⁻¹e = eᵀR⁻¹e − uᵀ V u.
		CtR.mulVec(u, e)
		V := cp.Filt[t].RawMatrix()
		for k := 0; k < D; k++ {
			row := V.Data[k*V.Stride : k*V.Stride+D]
			s := 0.0
			for j, v := range row {
				s += v * u[j]
			}
			tmp[k] = s // V u = K e
		}
		for k := 0; k < D; k++ {
			q -= u[k] * tmp[k]
		}
		ll -= 0.5 * (float64(N)*math.Log(2*math.Pi) + cp.logDetS[t] + q)
		mt := ms[t*D : (t+1)*D]
		for k := 0; k < D; k++ {
			mt[k] = a[k] + tmp[k]
		}
		if t < T-1 {
			As.mulVec(a, mt)
			if m.Bias != nil {
				for k := range a {
					a[k] += m.Bias[k]
				}
			}
		}
	}
	// RTS: ms_t = m_t + J_t (ms_{t+1} − a_{t+1}).
	for t := T - 2; t >= 0; t-- {
		J := cp.J[t].RawMatrix()
		nx := ms[(t+1)*D : (t+2)*D]
		pr := pred[(t+1)*D : (t+2)*D]
		for k := 0; k < D; k++ {
			tmp[k] = nx[k] - pr[k]
		}
		mt := ms[t*D : (t+1)*D]
		for k := 0; k < D; k++ {
			row := J.Data[k*J.Stride : k*J.Stride+D]
			s := 0.0
			for j, v := range row {
				s += v * tmp[j]
			}
			mt[k] += s
		}
	}
	return ll
}
