package lrlds

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
)

// RNN is a linear low-rank recurrent network x_{t+1} = M Nᵀ x_t + ε_t,
// ε_t ~ N(0, Sigma² I). M and N are n×R.
type RNN struct {
	M, N  *mat.Dense
	Sigma float64
}

// J returns the connectivity M Nᵀ (n×n).
func (r RNN) J() *mat.Dense {
	var j mat.Dense
	j.Mul(r.M, r.N.T())
	return &j
}

// FromRNN returns the exact latent LDS of the rank-R RNN (derivation in the
// lds-lowrank spec): latent s_t = [Nᵀ x_{t−1}; Nᵀ ε_{t−1}] ∈ R^{2R},
//
//	A = [[NᵀM, I_R], [0, 0]],  Q = blockdiag(0, σ² NᵀN),
//	C = [M, N (NᵀN)⁻¹],        R = σ² P⊥,  P⊥ = I − N (NᵀN)⁻¹ Nᵀ,
//
// with the stationary initial state (V0 = nil). R is singular (rank n−R).
func FromRNN(r RNN) (*lds.Model, error) {
	n, R := r.M.Dims()
	if nn, rr := r.N.Dims(); nn != n || rr != R {
		return nil, fmt.Errorf("lrlds: M is %d×%d but N is %d×%d", n, R, nn, rr)
	}
	if !(r.Sigma > 0) {
		return nil, errors.New("lrlds: sigma must be positive")
	}
	var NtN, NtM mat.Dense
	NtN.Mul(r.N.T(), r.N)
	NtM.Mul(r.N.T(), r.M)
	var NtNinv mat.Dense
	if err := NtNinv.Inverse(&NtN); err != nil {
		return nil, fmt.Errorf("lrlds: NᵀN singular: %w", err)
	}
	s2 := r.Sigma * r.Sigma
	d := 2 * R
	A := mat.NewDense(d, d, nil)
	Q := mat.NewSymDense(d, nil)
	for i := 0; i < R; i++ {
		for j := 0; j < R; j++ {
			A.Set(i, j, NtM.At(i, j))
		}
		A.Set(i, R+i, 1)
		for j := i; j < R; j++ {
			Q.SetSym(R+i, R+j, s2*NtN.At(i, j))
		}
	}
	var Npinv mat.Dense // N (NᵀN)⁻¹
	Npinv.Mul(r.N, &NtNinv)
	C := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < R; j++ {
			C.Set(i, j, r.M.At(i, j))
			C.Set(i, R+j, Npinv.At(i, j))
		}
	}
	var proj mat.Dense
	proj.Mul(&Npinv, r.N.T())
	Rm := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := -0.5 * (proj.At(i, j) + proj.At(j, i))
			if i == j {
				v++
			}
			Rm.SetSym(i, j, s2*v)
		}
	}
	return &lds.Model{A: A, Q: Q, C: C, R: Rm}, nil
}

// StationaryCov returns Σx solving Σx = J Σx Jᵀ + σ² I.
func (r RNN) StationaryCov() (*mat.SymDense, error) {
	n, _ := r.M.Dims()
	I := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		I.SetSym(i, i, r.Sigma*r.Sigma)
	}
	m := &lds.Model{A: r.J(), Q: I, C: mat.NewDense(1, n, nil), R: mat.NewSymDense(1, []float64{1})}
	return m.StationaryCov()
}

// LaggedCov returns Cov(x_{t+lag}, x_t) = J^lag Σx at stationarity.
func (r RNN) LaggedCov(lag int) (*mat.Dense, error) {
	S, err := r.StationaryCov()
	if err != nil {
		return nil, err
	}
	X := mat.DenseCopyOf(S)
	J := r.J()
	var tmp mat.Dense
	for k := 0; k < lag; k++ {
		tmp.Mul(J, X)
		X.Copy(&tmp)
	}
	return X, nil
}

// Sample simulates T steps from the stationary distribution (T×n). T < 1
// is an error.
func (r RNN) Sample(rng *rand.Rand, T int) (*mat.Dense, error) {
	if T < 1 {
		return nil, fmt.Errorf("lrlds: Sample: T = %d, must be >= 1", T)
	}
	S, err := r.StationaryCov()
	if err != nil {
		return nil, err
	}
	n, _ := r.M.Dims()
	var ch mat.Cholesky
	if !ch.Factorize(S) {
		return nil, errors.New("lrlds: stationary covariance not positive definite")
	}
	var L mat.TriDense
	ch.LTo(&L)
	X := mat.NewDense(T, n, nil)
	e := make([]float64, n)
	for i := range e {
		e[i] = rng.NormFloat64()
	}
	x := X.RawRowView(0)
	for i := 0; i < n; i++ {
		s := 0.0
		for k := 0; k <= i; k++ {
			s += L.At(i, k) * e[k]
		}
		x[i] = s
	}
	// x_{t+1} = M (Nᵀ x_t) + σ ε.
	_, R := r.M.Dims()
	k := make([]float64, R)
	for t := 1; t < T; t++ {
		prev, cur := X.RawRowView(t-1), X.RawRowView(t)
		for a := 0; a < R; a++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += r.N.At(i, a) * prev[i]
			}
			k[a] = s
		}
		for i := 0; i < n; i++ {
			s := r.Sigma * rng.NormFloat64()
			for a := 0; a < R; a++ {
				s += r.M.At(i, a) * k[a]
			}
			cur[i] = s
		}
	}
	return X, nil
}

// SelectUnits returns the LDS observed through units idx only: C ← S C,
// R ← S R Sᵀ (and the offset, D rows), S the selection matrix.
func SelectUnits(m *lds.Model, idx []int) *lds.Model {
	out := m.Clone()
	_, d := m.C.Dims()
	k := len(idx)
	out.C = mat.NewDense(k, d, nil)
	out.R = mat.NewSymDense(k, nil)
	for a, i := range idx {
		for j := 0; j < d; j++ {
			out.C.Set(a, j, m.C.At(i, j))
		}
		for b := a; b < k; b++ {
			out.R.SetSym(a, b, m.R.At(i, idx[b]))
		}
	}
	if m.Offset != nil {
		out.Offset = make([]float64, k)
		for a, i := range idx {
			out.Offset[a] = m.Offset[i]
		}
	}
	if m.D != nil {
		_, p := m.D.Dims()
		out.D = mat.NewDense(k, p, nil)
		for a, i := range idx {
			for j := 0; j < p; j++ {
				out.D.Set(a, j, m.D.At(i, j))
			}
		}
	}
	return out
}

// VAR1 is a Gaussian vector autoregression y_{t+1} = J y_t + c + e_t,
// e ~ N(0, Sigma): the "RNN on the observed units".
type VAR1 struct {
	J     *mat.Dense
	C     []float64 // intercept (may be nil)
	Sigma *mat.SymDense
}

// MarkovPredictor returns the best one-step linear (Markov, "RNN")
// predictor of a stationary LDS without inputs:
// J* = Cov(y_{t+1}, y_t) Cov(y_t)⁻¹ = C A Π Cᵀ (C Π Cᵀ + R)⁻¹, with residual
// covariance Σ0 − J* Σ1ᵀ, Π = A Π Aᵀ + Q (spec: LDS → RNN).
func MarkovPredictor(m *lds.Model) (VAR1, error) {
	S0, err := m.LaggedCov(0)
	if err != nil {
		return VAR1{}, err
	}
	S1, err := m.LaggedCov(1)
	if err != nil {
		return VAR1{}, err
	}
	var Jt mat.Dense
	if err := Jt.Solve(S0, S1.T()); err != nil {
		return VAR1{}, fmt.Errorf("lrlds: Cov(y) singular: %w", err)
	}
	J := mat.DenseCopyOf(Jt.T())
	var JS mat.Dense
	JS.Mul(J, S1.T())
	n, _ := S0.Dims()
	Sig := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			Sig.SetSym(i, j, 0.5*(S0.At(i, j)+S0.At(j, i))-0.5*(JS.At(i, j)+JS.At(j, i)))
		}
	}
	return VAR1{J: J, Sigma: Sig}, nil
}

// ExcessError returns the relative excess one-step mean squared error of the
// Markov predictor over the steady-state Kalman predictor,
// (MSE_Markov − MSE_Kalman)/MSE_Kalman, in closed form with only D×D
// algebra (after one N×N factorisation of R). With G = Cᵀ R⁻¹ C:
//
//	MSE_Kalman = tr(P CᵀC) + tr R, P the predicted covariance of the DARE
//	  P = A (I + P G)⁻¹ P Aᵀ + Q;
//	MSE_Markov = tr((Π − Y) CᵀC) + tr R, Y = A Π G (I + Π G)⁻¹ Π Aᵀ
//
// (Σ1 Σ0⁻¹ Σ1ᵀ = C Y Cᵀ by the push-through identity).
func ExcessError(m *lds.Model) (float64, error) {
	d := m.Dim()
	Pi, err := m.StationaryCov()
	if err != nil {
		return 0, err
	}
	var rc mat.Cholesky
	if !rc.Factorize(m.R) {
		return 0, errors.New("lrlds: R not positive definite")
	}
	var RinvC, G, CtC mat.Dense
	if err := rc.SolveTo(&RinvC, m.C); err != nil {
		return 0, err
	}
	G.Mul(m.C.T(), &RinvC)
	CtC.Mul(m.C.T(), m.C)
	trR := mat.Trace(m.R)
	I := mat.NewDiagDense(d, nil)
	for i := 0; i < d; i++ {
		I.SetDiag(i, 1)
	}
	// post(P) = (I + P G)⁻¹ P.
	post := func(P mat.Matrix) (*mat.Dense, error) {
		var X, out mat.Dense
		X.Mul(P, &G)
		X.Add(&X, I)
		if err := out.Solve(&X, P); err != nil {
			return nil, err
		}
		return &out, nil
	}
	// Markov.
	PiD := mat.DenseCopyOf(Pi)
	var Y, tmp mat.Dense
	pp, err := post(PiD)
	if err != nil {
		return 0, err
	}
	// Π G (I+ΠG)⁻¹ Π = Π G · post(Π) ... (I+ΠG)⁻¹Π = post(Π).
	tmp.Mul(PiD, &G)
	var mid mat.Dense
	mid.Mul(&tmp, pp)
	Y.Mul(m.A, &mid)
	Y.Mul(&Y, m.A.T())
	var diff mat.Dense
	diff.Sub(PiD, &Y)
	var prod mat.Dense
	prod.Mul(&diff, &CtC)
	mseMarkov := mat.Trace(&prod) + trR
	// Kalman: iterate the Riccati recursion to its fixed point.
	P := mat.DenseCopyOf(m.Q)
	var next mat.Dense
	for it := 0; it < 100000; it++ {
		pf, err := post(P)
		if err != nil {
			return 0, err
		}
		next.Mul(m.A, pf)
		next.Mul(&next, m.A.T())
		next.Add(&next, m.Q)
		delta := 0.0
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				delta = math.Max(delta, math.Abs(next.At(i, j)-P.At(i, j)))
			}
		}
		P.Copy(&next)
		if delta < 1e-15*mat.Norm(P, math.Inf(1)) {
			break
		}
	}
	prod.Mul(P, &CtC)
	mseKalman := mat.Trace(&prod) + trR
	return (mseMarkov - mseKalman) / mseKalman, nil
}

// FitVAR1 fits y_{t+1} = J y_t + c + e by least squares over all sequences,
// with Sigma the (maximum-likelihood) residual covariance. data must hold at
// least one sequence, and every sequence the same number of columns.
func FitVAR1(data []*mat.Dense) (VAR1, error) {
	if len(data) == 0 {
		return VAR1{}, errors.New("lrlds: FitVAR1: no sequences")
	}
	_, n := data[0].Dims()
	for s, Y := range data {
		if _, c := Y.Dims(); c != n {
			return VAR1{}, fmt.Errorf("lrlds: FitVAR1: sequence %d has %d columns, sequence 0 has %d", s, c, n)
		}
	}
	k := n + 1
	Sxx := mat.NewSymDense(k, nil)
	Syx := mat.NewDense(n, k, nil)
	x := make([]float64, k)
	cnt := 0.0
	for _, Y := range data {
		T, _ := Y.Dims()
		for t := 0; t+1 < T; t++ {
			copy(x, Y.RawRowView(t))
			x[n] = 1
			Sxx.SymRankOne(Sxx, 1, mat.NewVecDense(k, x))
			y := Y.RawRowView(t + 1)
			for i := 0; i < n; i++ {
				for j := 0; j < k; j++ {
					Syx.Set(i, j, Syx.At(i, j)+y[i]*x[j])
				}
			}
			cnt++
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(Sxx) {
		return VAR1{}, errors.New("lrlds: VAR(1) regressors singular")
	}
	var Wt mat.Dense
	if err := ch.SolveTo(&Wt, Syx.T()); err != nil {
		return VAR1{}, err
	}
	J := mat.NewDense(n, n, nil)
	c := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			J.Set(i, j, Wt.At(j, i))
		}
		c[i] = Wt.At(n, i)
	}
	Sig := mat.NewSymDense(n, nil)
	e := make([]float64, n)
	for _, Y := range data {
		T, _ := Y.Dims()
		for t := 0; t+1 < T; t++ {
			y0, y1 := Y.RawRowView(t), Y.RawRowView(t+1)
			for i := 0; i < n; i++ {
				s := y1[i] - c[i]
				for j := 0; j < n; j++ {
					s -= J.At(i, j) * y0[j]
				}
				e[i] = s
			}
			Sig.SymRankOne(Sig, 1/cnt, mat.NewVecDense(n, e))
		}
	}
	return VAR1{J: J, C: c, Sigma: Sig}, nil
}

// StationaryMean returns (I − J)⁻¹ c (zero without intercept).
func (v VAR1) StationaryMean() ([]float64, error) {
	n, _ := v.J.Dims()
	mu := make([]float64, n)
	if v.C == nil {
		return mu, nil
	}
	var IJ mat.Dense
	IJ.Scale(-1, v.J)
	for i := 0; i < n; i++ {
		IJ.Set(i, i, IJ.At(i, i)+1)
	}
	var x mat.VecDense
	if err := x.SolveVec(&IJ, mat.NewVecDense(n, append([]float64(nil), v.C...))); err != nil {
		return nil, err
	}
	copy(mu, x.RawVector().Data)
	return mu, nil
}

// LogLikelihood returns the exact Gaussian log-likelihood of Y (T×n) under
// the VAR(1) with a stationary start: log N(y_0; μ, Σx) + Σ_t log N(y_t;
// J y_{t−1} + c, Σ), Σx = J Σx Jᵀ + Σ.
func (v VAR1) LogLikelihood(Y *mat.Dense) (float64, error) {
	T, n := Y.Dims()
	mu, err := v.StationaryMean()
	if err != nil {
		return 0, err
	}
	stat := &lds.Model{A: v.J, Q: v.Sigma, C: mat.NewDense(1, n, nil), R: mat.NewSymDense(1, []float64{1})}
	Sx, err := stat.StationaryCov()
	if err != nil {
		return 0, err
	}
	var cx, cs mat.Cholesky
	if !cx.Factorize(Sx) || !cs.Factorize(v.Sigma) {
		return 0, errors.New("lrlds: VAR(1) covariance not positive definite")
	}
	l2p := float64(n) * math.Log(2*math.Pi)
	e := mat.NewVecDense(n, nil)
	var sol mat.VecDense
	for i := 0; i < n; i++ {
		e.SetVec(i, Y.At(0, i)-mu[i])
	}
	if err := cx.SolveVecTo(&sol, e); err != nil {
		return 0, err
	}
	ll := -0.5 * (l2p + cx.LogDet() + mat.Dot(e, &sol))
	if T == 1 {
		return ll, nil // no transitions
	}
	// Residuals E (T−1)×n, then the quadratic form with Σ⁻¹ at once.
	E := mat.NewDense(T-1, n, nil)
	for t := 1; t < T; t++ {
		y0, y1 := Y.RawRowView(t-1), Y.RawRowView(t)
		row := E.RawRowView(t - 1)
		for i := 0; i < n; i++ {
			s := y1[i]
			if v.C != nil {
				s -= v.C[i]
			}
			for j := 0; j < n; j++ {
				s -= v.J.At(i, j) * y0[j]
			}
			row[i] = s
		}
	}
	var W mat.Dense
	if err := cs.SolveTo(&W, E.T()); err != nil {
		return 0, err
	}
	quad := 0.0
	for t := 0; t < T-1; t++ {
		row := E.RawRowView(t)
		for i := 0; i < n; i++ {
			quad += row[i] * W.At(i, t)
		}
	}
	ll += -0.5 * (float64(T-1)*(l2p+cs.LogDet()) + quad)
	return ll, nil
}
