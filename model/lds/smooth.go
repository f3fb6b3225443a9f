package lds

// Posterior holds the smoothed posterior of one sequence (Rauch, Tung &
// Striebel 1965): Mean[t] = E[z_t | y_{0..T-1}], Cov[t] = Cov(z_t | y),
// Cross[t] = Cov(z_{t+1}, z_t | y) for t < T−1 (flat, row-major; see the
// package documentation). These are the sufficient statistics of the EM
// M-step (Shumway & Stoffer 1982; Ghahramani & Hinton 1996).
//
// Cov and Cross do not depend on the data, only on the model and T: the
// posteriors that EStep returns for sequences of equal length share them
// (the same backing arrays), so treat them as read-only.
type Posterior struct {
	T, Dim int
	Mean   []float64 // T·D
	Cov    []float64 // T·D·D
	Cross  []float64 // (T−1)·D·D
	LogLik float64   // exact log p(y) under the model that produced it
}

// MeanAt returns E[z_t | y] (a sub-slice, not a copy).
func (p *Posterior) MeanAt(t int) []float64 { return p.Mean[t*p.Dim : (t+1)*p.Dim] }

// CovAt returns Cov(z_t | y) as a row-major D×D sub-slice.
func (p *Posterior) CovAt(t int) []float64 {
	d2 := p.Dim * p.Dim
	return p.Cov[t*d2 : (t+1)*d2]
}

// CrossAt returns Cov(z_{t+1}, z_t | y) as a row-major D×D sub-slice.
func (p *Posterior) CrossAt(t int) []float64 {
	d2 := p.Dim * p.Dim
	return p.Cross[t*d2 : (t+1)*d2]
}

// Smooth runs the Kalman filter then the RTS backward pass:
//
//	J_t = Σ_t Aᵀ P_{t+1}⁻¹,
//	m_t = μ_t + J_t (m_{t+1} − ẑ_{t+1}),
//	V_t = Σ_t + J_t (V_{t+1} − P_{t+1}) J_tᵀ,
//	Cov(z_{t+1}, z_t | y) = V_{t+1} J_tᵀ,
//
// with μ, Σ filtered and ẑ, P predicted moments. A singular P_{t+1} (for
// example a singular Q) is handled by its pseudo-inverse.
func (m *Model) Smooth(seq Sequence) (*Posterior, error) {
	posts, _, err := EStep(m, []Sequence{seq})
	if err != nil {
		return nil, err
	}
	return posts[0], nil
}

// smoothCovariances runs the backward covariance recursion (J_t, V_t and
// the cross-covariances) of the RTS smoother on cp's filter covariances.
// In the filter's steady state J_t is constant and is computed once; once
// V_t stops changing too, V and the cross-covariances are copied.
func (k *kernel) smoothCovariances(cp *covPass) {
	T, d := cp.T, k.d
	d2 := d * d
	cp.V = grow(cp.V, T*d2)
	cp.J = grow(cp.J, max(T-1, 0)*d2)
	cp.Cross = grow(cp.Cross, max(T-1, 0)*d2)
	copy(cp.V[(T-1)*d2:], cp.filt[(T-1)*d2:])
	Jt, diff, tmp := k.jt, k.X, k.tmp // Jt = J_tᵀ
	haveJ := false
	vSteady := false
	for t := T - 2; t >= 0; t-- {
		Sig := cp.filt[t*d2 : (t+1)*d2]
		P1 := cp.pred[(t+1)*d2 : (t+2)*d2]
		J := cp.J[t*d2 : (t+1)*d2]
		if !(haveJ && t >= cp.steadyFrom) {
			// Jᵀ = P_{t+1}⁻¹ A Σ_t.
			matMul(Jt, k.A, Sig, d, d, d)
			if _, ok := cholSolve(P1, Jt, k.work, d, d); !ok {
				matMul(Jt, k.A, Sig, d, d, d)
				pinvSolve(P1, Jt, d, d)
			}
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					J[i*d+j] = Jt[j*d+i]
				}
			}
			haveJ = t >= cp.steadyFrom
			vSteady = false
		} else {
			copy(J, cp.J[(t+1)*d2:(t+2)*d2])
		}
		V1 := cp.V[(t+1)*d2 : (t+2)*d2]
		V := cp.V[t*d2 : (t+1)*d2]
		if vSteady {
			// Backward recursion at its fixed point (J, Σ, P constant).
			copy(V, V1)
			copy(cp.Cross[t*d2:(t+1)*d2], cp.Cross[(t+1)*d2:(t+2)*d2])
			continue
		}
		for i := range diff {
			diff[i] = V1[i] - P1[i]
		}
		matMul(tmp, J, diff, d, d, d)
		matMul(V, tmp, Jt, d, d, d)
		for i := range V {
			V[i] += Sig[i]
		}
		symmetrize(V, d)
		matMul(cp.Cross[t*d2:(t+1)*d2], V1, Jt, d, d, d)
		if haveJ && t+2 < T && sameCov(V, V1) {
			vSteady = true
		}
	}
}

// smoothMeans runs the backward mean recursion
// m_t = μ_t + J_t (m_{t+1} − ẑ_{t+1}) into sm (T·D), from the predicted
// (pm) and filtered (fm) means of filterMeans.
func (k *kernel) smoothMeans(cp *covPass, pm, fm, sm []float64) {
	T, d := cp.T, k.d
	d2 := d * d
	copy(sm[(T-1)*d:T*d], fm[(T-1)*d:T*d])
	dm := k.r
	for t := T - 2; t >= 0; t-- {
		ms1 := sm[(t+1)*d : (t+2)*d]
		mp1 := pm[(t+1)*d : (t+2)*d]
		for i := 0; i < d; i++ {
			dm[i] = ms1[i] - mp1[i]
		}
		J := cp.J[t*d2 : (t+1)*d2]
		ms := sm[t*d : (t+1)*d]
		mf := fm[t*d : (t+1)*d]
		for i := 0; i < d; i++ {
			s := mf[i]
			for j := 0; j < d; j++ {
				s += J[i*d+j] * dm[j]
			}
			ms[i] = s
		}
	}
}
