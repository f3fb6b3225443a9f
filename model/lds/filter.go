package lds

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
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
	// steadyFrom is the first t from which the predicted and filtered
	// covariances no longer change (steady state, to steadyTol); T if never.
	steadyFrom int
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

// centered returns Yc = Y − 1 dᵀ − U Dᵀ (T×N).
func (m *Model) centered(seq Sequence) *mat.Dense {
	T, n := seq.Y.Dims()
	Yc := mat.DenseCopyOf(seq.Y)
	if m.Offset != nil {
		for t := 0; t < T; t++ {
			row := Yc.RawRowView(t)
			for i := 0; i < n; i++ {
				row[i] -= m.Offset[i]
			}
		}
	}
	if m.D != nil && seq.U != nil {
		var ud mat.Dense
		ud.Mul(seq.U, m.D.T())
		Yc.Sub(Yc, &ud)
	}
	return Yc
}

func (m *Model) filter(seq Sequence, forceCov bool) (*Filtered, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := m.checkSeq(seq); err != nil {
		return nil, err
	}
	T, n := seq.Y.Dims()
	d := m.Dim()
	p := m.Inputs()
	f := &Filtered{T: T, Dim: d,
		PredMean: make([]float64, T*d), PredCov: make([]float64, T*d*d),
		Mean: make([]float64, T*d), Cov: make([]float64, T*d*d)}
	mu0, v0 := m.initial()
	copy(f.PredMean, mu0)
	copy(f.PredCov, v0)
	Yc := m.centered(seq)
	A := make([]float64, d*d)
	copy(A, mat.DenseCopyOf(m.A).RawMatrix().Data)
	Q := make([]float64, d*d)
	symToFlat(Q, m.Q)
	C := mat.DenseCopyOf(m.C).RawMatrix().Data
	var Bu []float64 // T×D: B u_t + b
	if m.B != nil && seq.U != nil || m.Bias != nil {
		Bu = make([]float64, T*d)
		for t := 0; t < T; t++ {
			for i := 0; i < d; i++ {
				s := 0.0
				if m.Bias != nil {
					s = m.Bias[i]
				}
				if m.B != nil && seq.U != nil {
					for k := 0; k < p; k++ {
						s += m.B.At(i, k) * seq.U.At(t, k)
					}
				}
				Bu[t*d+i] = s
			}
		}
	}
	var rchol mat.Cholesky
	info := !forceCov && rchol.Factorize(m.R) && rcond(&rchol) > 1e-12
	var err error
	if info {
		err = filterInfo(f, &rchol, Yc, A, Q, C, Bu, n, d)
	} else {
		R := make([]float64, n*n)
		symToFlat(R, m.R)
		err = filterCov(f, Yc, A, Q, C, R, Bu, n, d)
	}
	if err != nil {
		return nil, err
	}
	if math.IsNaN(f.LogLik) || math.IsInf(f.LogLik, 0) {
		return nil, fmt.Errorf("lds: non-finite log-likelihood %v", f.LogLik)
	}
	return f, nil
}

func rcond(c *mat.Cholesky) float64 {
	k := c.Cond()
	if k == 0 {
		return 0
	}
	return 1 / k
}

// predict sets the prediction at t+1 from the filtered state at t:
// ẑ = A z + (B u_t + b), P = A Σ Aᵀ + Q (left as it is when steady: the
// caller copies it).
func predict(f *Filtered, t int, A, Q, Bu, tmp []float64, d int, steady bool) {
	if t+1 >= f.T {
		return
	}
	mf := f.Mean[t*d : (t+1)*d]
	mp := f.PredMean[(t+1)*d : (t+2)*d]
	for i := 0; i < d; i++ {
		s := 0.0
		for k := 0; k < d; k++ {
			s += A[i*d+k] * mf[k]
		}
		if Bu != nil {
			s += Bu[t*d+i]
		}
		mp[i] = s
	}
	if steady {
		return
	}
	P := f.PredCov[(t+1)*d*d : (t+2)*d*d]
	matMul(tmp, A, f.Cov[t*d*d:(t+1)*d*d], d, d, d)
	matMulT(P, tmp, A, d, d, d)
	for i := range P {
		P[i] += Q[i]
	}
	symmetrize(P, d)
}

// filterInfo is the information-form filter, valid for positive definite R.
// With H = Cᵀ R⁻¹, G = H C and the centred observation y', Woodbury's push-
// through identity gives S⁻¹ = R⁻¹ − Hᵀ (I + P G)⁻¹ P H, so
//
//	Σ_t = (I + P G)⁻¹ P,  ẑ_t = ẑ + Σ_t (H y' − G ẑ),
//	log det S = log det R + log det(I + P G)  (Sylvester),
//	eᵀ S⁻¹ e = y'ᵀR⁻¹y' − 2 ẑᵀH y' + ẑᵀG ẑ − rᵀ Σ_t r,  r = H y' − G ẑ.
func filterInfo(f *Filtered, rchol *mat.Cholesky, Yc *mat.Dense, A, Q, C, Bu []float64, n, d int) error {
	T := f.T
	var W mat.Dense // Yc R⁻¹ (T×N)
	if err := rchol.SolveTo(&W, Yc.T()); err != nil {
		return err
	}
	// W is N×T = R⁻¹ Ycᵀ.
	Cm := mat.NewDense(n, d, C)
	var Hy mat.Dense // D×T = Cᵀ R⁻¹ Ycᵀ
	Hy.Mul(Cm.T(), &W)
	var RinvC mat.Dense
	if err := rchol.SolveTo(&RinvC, Cm); err != nil {
		return err
	}
	var Gm mat.Dense
	Gm.Mul(Cm.T(), &RinvC)
	G := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			G[i*d+j] = 0.5 * (Gm.At(i, j) + Gm.At(j, i))
		}
	}
	q := make([]float64, T)
	for t := 0; t < T; t++ {
		row := Yc.RawRowView(t)
		s := 0.0
		for i := 0; i < n; i++ {
			s += row[i] * W.At(i, t)
		}
		q[t] = s
	}
	logDetR := rchol.LogDet()
	cst := float64(n) * math.Log(2*math.Pi)
	X := make([]float64, d*d)
	tmp := make([]float64, d*d)
	h := make([]float64, d)
	r := make([]float64, d)
	ll := 0.0
	f.steadyFrom = T
	steady := false
	logDet := 0.0
	for t := 0; t < T; t++ {
		P := f.PredCov[t*d*d : (t+1)*d*d]
		mp := f.PredMean[t*d : (t+1)*d]
		S := f.Cov[t*d*d : (t+1)*d*d]
		if !steady && t > 0 && sameCov(P, f.PredCov[(t-1)*d*d:t*d*d]) {
			steady = true
			f.steadyFrom = t
		}
		if steady {
			copy(P, f.PredCov[(t-1)*d*d:t*d*d])
			copy(S, f.Cov[(t-1)*d*d:t*d*d])
		} else {
			matMul(X, P, G, d, d, d)
			for i := 0; i < d; i++ {
				X[i*d+i]++
			}
			copy(S, P)
			var ok bool
			logDet, ok = luSolve(X, S, d, d)
			if !ok {
				return ErrSingular
			}
			symmetrize(S, d)
		}
		for i := 0; i < d; i++ {
			h[i] = Hy.At(i, t)
		}
		quad := q[t]
		for i := 0; i < d; i++ {
			gm := 0.0
			for k := 0; k < d; k++ {
				gm += G[i*d+k] * mp[k]
			}
			r[i] = h[i] - gm
			quad += -2*mp[i]*h[i] + mp[i]*gm
		}
		mf := f.Mean[t*d : (t+1)*d]
		for i := 0; i < d; i++ {
			s := 0.0
			for k := 0; k < d; k++ {
				s += S[i*d+k] * r[k]
			}
			mf[i] = mp[i] + s
			quad -= r[i] * s
		}
		ll += -0.5 * (cst + logDetR + logDet + quad)
		predict(f, t, A, Q, Bu, tmp, d, steady)
	}
	f.LogLik = ll
	return nil
}

// filterCov is the covariance-form filter with the Joseph update
// Σ = (I − K C) P (I − K C)ᵀ + K R Kᵀ, which stays PSD and exact when R is
// singular (only S = C P Cᵀ + R must be positive definite).
func filterCov(f *Filtered, Yc *mat.Dense, A, Q, C, R, Bu []float64, n, d int) error {
	T := f.T
	f.steadyFrom = T
	CP := make([]float64, n*d)
	S := make([]float64, n*n)
	work := make([]float64, n*n)
	rhs := make([]float64, n*(d+1))
	X := make([]float64, n*d)
	e := make([]float64, n)
	IKC := make([]float64, d*d)
	tmp := make([]float64, d*d)
	tmpN := make([]float64, d*n)
	cst := float64(n) * math.Log(2*math.Pi)
	ll := 0.0
	for t := 0; t < T; t++ {
		P := f.PredCov[t*d*d : (t+1)*d*d]
		mp := f.PredMean[t*d : (t+1)*d]
		matMul(CP, C, P, n, d, d)
		matMulT(S, CP, C, n, d, n)
		for i := range S {
			S[i] += R[i]
		}
		symmetrize(S, n)
		y := Yc.RawRowView(t)
		for i := 0; i < n; i++ {
			s := y[i]
			for k := 0; k < d; k++ {
				s -= C[i*d+k] * mp[k]
			}
			e[i] = s
		}
		for i := 0; i < n; i++ {
			copy(rhs[i*(d+1):i*(d+1)+d], CP[i*d:(i+1)*d])
			rhs[i*(d+1)+d] = e[i]
		}
		logDet, ok := cholSolve(S, rhs, work, n, d+1)
		if !ok {
			return ErrSingular
		}
		quad := 0.0
		for i := 0; i < n; i++ {
			copy(X[i*d:(i+1)*d], rhs[i*(d+1):i*(d+1)+d])
			quad += e[i] * rhs[i*(d+1)+d]
		}
		// K = Xᵀ (D×N): mean update ẑ + Xᵀ e... K e = CPᵀ S⁻¹ e.
		mf := f.Mean[t*d : (t+1)*d]
		for k := 0; k < d; k++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += CP[i*d+k] * rhs[i*(d+1)+d]
			}
			mf[k] = mp[k] + s
		}
		// IKC = I − Xᵀ C.
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
		Sig := f.Cov[t*d*d : (t+1)*d*d]
		matMul(tmp, IKC, P, d, d, d)
		matMulT(Sig, tmp, IKC, d, d, d)
		// + Xᵀ R X.
		for a := 0; a < d; a++ {
			for j := 0; j < n; j++ {
				s := 0.0
				for i := 0; i < n; i++ {
					s += X[i*d+a] * R[i*n+j]
				}
				tmpN[a*n+j] = s
			}
		}
		for a := 0; a < d; a++ {
			for b := 0; b < d; b++ {
				s := 0.0
				for j := 0; j < n; j++ {
					s += tmpN[a*n+j] * X[j*d+b]
				}
				Sig[a*d+b] += s
			}
		}
		symmetrize(Sig, d)
		ll += -0.5 * (cst + logDet + quad)
		predict(f, t, A, Q, Bu, tmp, d, false)
	}
	f.LogLik = ll
	return nil
}
