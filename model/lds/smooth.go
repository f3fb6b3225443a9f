package lds

// Posterior holds the smoothed posterior of one sequence (Rauch, Tung &
// Striebel 1965): Mean[t] = E[z_t | y_{0..T-1}], Cov[t] = Cov(z_t | y),
// Cross[t] = Cov(z_{t+1}, z_t | y) for t < T−1 (flat, row-major; see the
// package documentation). These are the sufficient statistics of the EM
// M-step (Shumway & Stoffer 1982; Ghahramani & Hinton 1996).
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
	f, err := m.Filter(seq)
	if err != nil {
		return nil, err
	}
	return m.smoothFrom(f), nil
}

func (m *Model) smoothFrom(f *Filtered) *Posterior {
	T, d := f.T, f.Dim
	d2 := d * d
	p := &Posterior{T: T, Dim: d, LogLik: f.LogLik,
		Mean: make([]float64, T*d), Cov: make([]float64, T*d2)}
	if T > 1 {
		p.Cross = make([]float64, (T-1)*d2)
	}
	copy(p.Mean[(T-1)*d:], f.Mean[(T-1)*d:])
	copy(p.Cov[(T-1)*d2:], f.Cov[(T-1)*d2:])
	A := make([]float64, d2)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			A[i*d+j] = m.A.At(i, j)
		}
	}
	Jt := make([]float64, d2) // Jᵀ
	J := make([]float64, d2)
	work := make([]float64, d2)
	diff := make([]float64, d2)
	tmp := make([]float64, d2)
	dm := make([]float64, d)
	haveJ := false
	vSteady := false
	for t := T - 2; t >= 0; t-- {
		Sig := f.Cov[t*d2 : (t+1)*d2]
		P1 := f.PredCov[(t+1)*d2 : (t+2)*d2]
		// In the filter's steady state J_t is constant: compute it once.
		if !(haveJ && t >= f.steadyFrom) {
			// Jᵀ = P_{t+1}⁻¹ A Σ_t.
			matMul(Jt, A, Sig, d, d, d)
			if _, ok := cholSolve(P1, Jt, work, d, d); !ok {
				matMul(Jt, A, Sig, d, d, d)
				pinvSolve(P1, Jt, d, d)
			}
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					J[i*d+j] = Jt[j*d+i]
				}
			}
			haveJ = t >= f.steadyFrom
			vSteady = false
		}
		ms1 := p.Mean[(t+1)*d : (t+2)*d]
		mp1 := f.PredMean[(t+1)*d : (t+2)*d]
		for i := 0; i < d; i++ {
			dm[i] = ms1[i] - mp1[i]
		}
		ms := p.Mean[t*d : (t+1)*d]
		mf := f.Mean[t*d : (t+1)*d]
		for i := 0; i < d; i++ {
			s := mf[i]
			for k := 0; k < d; k++ {
				s += J[i*d+k] * dm[k]
			}
			ms[i] = s
		}
		V1 := p.Cov[(t+1)*d2 : (t+2)*d2]
		V := p.Cov[t*d2 : (t+1)*d2]
		if vSteady {
			// Backward recursion at its fixed point (J, Σ, P constant).
			copy(V, V1)
			copy(p.Cross[t*d2:(t+1)*d2], p.Cross[(t+1)*d2:(t+2)*d2])
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
		matMul(p.Cross[t*d2:(t+1)*d2], V1, Jt, d, d, d)
		if haveJ && t+2 < T && sameCov(V, V1) {
			vSteady = true
		}
	}
	return p
}
