package lds

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// Model holds the parameters of a linear-Gaussian state-space model (see the
// package documentation for the equations). A, Q, C and R are required; the
// rest may be nil (absent inputs, zero offsets; Mu0 = 0 and V0 = the
// stationary covariance, or Q if A is not stable, when nil).
type Model struct {
	A      *mat.Dense    // D×D latent dynamics
	Q      *mat.SymDense // D×D latent noise covariance (PSD)
	C      *mat.Dense    // N×D loading (emission) matrix
	R      *mat.SymDense // N×N observation noise covariance (PSD)
	B      *mat.Dense    // D×P input-to-latent matrix, or nil
	D      *mat.Dense    // N×P input-to-observation matrix, or nil
	Mu0    []float64     // D initial mean, or nil for zeros
	V0     *mat.SymDense // D×D initial covariance, or nil (see above)
	Bias   []float64     // D latent offset b, or nil for zeros
	Offset []float64     // N observation offset d, or nil for zeros
}

// Sequence is one trial of data: Y is T×N (row t = y_t), U is T×P (row t =
// u_t, entering z_{t+1} through B and y_t through D) or nil.
type Sequence struct {
	Y *mat.Dense
	U *mat.Dense
}

// ErrNotPSD reports a covariance that is not positive semi-definite.
var ErrNotPSD = errors.New("lds: covariance not positive semi-definite")

// Dim returns the latent dimension D.
func (m *Model) Dim() int { r, _ := m.A.Dims(); return r }

// Obs returns the number of observed units N.
func (m *Model) Obs() int { r, _ := m.C.Dims(); return r }

// Inputs returns the number of inputs P (0 when B and D are nil).
func (m *Model) Inputs() int {
	if m.B != nil {
		_, c := m.B.Dims()
		return c
	}
	if m.D != nil {
		_, c := m.D.Dims()
		return c
	}
	return 0
}

// Validate checks the shapes of m's parameters.
func (m *Model) Validate() error {
	if m.A == nil || m.Q == nil || m.C == nil || m.R == nil {
		return experiment.Inputf("lds: A, Q, C and R are required")
	}
	d, dc := m.A.Dims()
	if d != dc || d == 0 {
		return experiment.Inputf("lds: A is %d×%d, want square", d, dc)
	}
	if m.Q.SymmetricDim() != d {
		return experiment.Inputf("lds: Q is %d×%d, want %d×%d", m.Q.SymmetricDim(), m.Q.SymmetricDim(), d, d)
	}
	n, cc := m.C.Dims()
	if cc != d {
		return experiment.Inputf("lds: C is %d×%d, want N×%d", n, cc, d)
	}
	if m.R.SymmetricDim() != n {
		return experiment.Inputf("lds: R is %d×%d, want %d×%d", m.R.SymmetricDim(), m.R.SymmetricDim(), n, n)
	}
	p := m.Inputs()
	if m.B != nil {
		if r, c := m.B.Dims(); r != d || c != p {
			return experiment.Inputf("lds: B is %d×%d, want %d×%d", r, c, d, p)
		}
	}
	if m.D != nil {
		if r, c := m.D.Dims(); r != n || c != p {
			return experiment.Inputf("lds: D is %d×%d, want %d×%d", r, c, n, p)
		}
	}
	if m.Mu0 != nil && len(m.Mu0) != d {
		return experiment.Inputf("lds: len(Mu0) = %d, want %d", len(m.Mu0), d)
	}
	if m.V0 != nil && m.V0.SymmetricDim() != d {
		return experiment.Inputf("lds: V0 is %d×%d, want %d×%d", m.V0.SymmetricDim(), m.V0.SymmetricDim(), d, d)
	}
	if m.Bias != nil && len(m.Bias) != d {
		return experiment.Inputf("lds: len(Bias) = %d, want %d", len(m.Bias), d)
	}
	if m.Offset != nil && len(m.Offset) != n {
		return experiment.Inputf("lds: len(Offset) = %d, want %d", len(m.Offset), n)
	}
	return nil
}

// checkSeq checks the shapes and the finiteness of s against m; its errors
// wrap experiment.ErrInput.
func (m *Model) checkSeq(s Sequence) error {
	if s.Y == nil {
		return experiment.Inputf("lds: Y is nil, want T×N with T >= 1 and N = %d", m.Obs())
	}
	t, n := s.Y.Dims()
	if n != m.Obs() {
		return experiment.Inputf("lds: Y has %d columns, model has N = %d", n, m.Obs())
	}
	if t == 0 {
		return experiment.Inputf("lds: empty sequence")
	}
	if err := checkFinite("Y", s.Y); err != nil {
		return err
	}
	p := m.Inputs()
	if s.U == nil {
		return nil
	}
	tu, pu := s.U.Dims()
	if tu != t || pu != p {
		return experiment.Inputf("lds: U is %d×%d, want %d×%d", tu, pu, t, p)
	}
	return checkFinite("U", s.U)
}

// checkFinite returns an input error naming the first NaN or Inf of X (time
// step and column).
func checkFinite(name string, X *mat.Dense) error {
	T, _ := X.Dims()
	for t := 0; t < T; t++ {
		for j, v := range X.RawRowView(t) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return experiment.Inputf("lds: %s is %g at time step %d, column %d: values must be finite (missing data is not supported)", name, v, t, j)
			}
		}
	}
	return nil
}

// Clone returns a deep copy of m.
func (m *Model) Clone() *Model {
	c := &Model{
		A: mat.DenseCopyOf(m.A), C: mat.DenseCopyOf(m.C),
		Q: mat.NewSymDense(m.Dim(), nil), R: mat.NewSymDense(m.Obs(), nil),
	}
	c.Q.CopySym(m.Q)
	c.R.CopySym(m.R)
	if m.B != nil {
		c.B = mat.DenseCopyOf(m.B)
	}
	if m.D != nil {
		c.D = mat.DenseCopyOf(m.D)
	}
	if m.V0 != nil {
		c.V0 = mat.NewSymDense(m.Dim(), nil)
		c.V0.CopySym(m.V0)
	}
	c.Mu0 = cloneVec(m.Mu0)
	c.Bias = cloneVec(m.Bias)
	c.Offset = cloneVec(m.Offset)
	return c
}

func cloneVec(v []float64) []float64 {
	if v == nil {
		return nil
	}
	return append([]float64(nil), v...)
}

// initial returns the initial mean and covariance (D-vector, D×D flat).
func (m *Model) initial() ([]float64, []float64) {
	d := m.Dim()
	mu, v := make([]float64, d), make([]float64, d*d)
	m.initialTo(mu, v)
	return mu, v
}

// initialTo writes the initial mean and covariance into mu (D) and v (D×D
// flat): Mu0 (or 0) and V0, or else the stationary covariance, or Q if A
// is not stable.
func (m *Model) initialTo(mu, v []float64) {
	for i := range mu {
		mu[i] = 0
	}
	if m.Mu0 != nil {
		copy(mu, m.Mu0)
	}
	switch {
	case m.V0 != nil:
		symToFlat(v, m.V0)
	default:
		if pi, err := m.StationaryCov(); err == nil {
			symToFlat(v, pi)
		} else {
			symToFlat(v, m.Q)
		}
	}
}

// StationaryCov returns Π solving the discrete Lyapunov equation
// Π = A Π Aᵀ + Q (the stationary latent covariance), by doubling:
// Π = Σ_k A^k Q (A^k)ᵀ. It fails if the spectral radius of A is ≥ 1.
func (m *Model) StationaryCov() (*mat.SymDense, error) {
	d := m.Dim()
	var eig mat.Eigen
	if !eig.Factorize(m.A, mat.EigenNone) {
		return nil, errors.New("lds: eigen-decomposition of A failed")
	}
	for _, l := range eig.Values(nil) {
		if cmplxAbs(l) >= 1 {
			return nil, fmt.Errorf("lds: A has spectral radius %.4g ≥ 1: no stationary covariance", cmplxAbs(l))
		}
	}
	P, _ := LyapunovDoubling(m.A, m.Q, DefaultDoublingIters, 1e-18)
	out := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			out.SetSym(i, j, 0.5*(P.At(i, j)+P.At(j, i)))
		}
	}
	return out, nil
}

// DefaultDoublingIters is LyapunovDoubling's step limit when maxIter is 0
// (and StationaryCov's): each step squares A_k, so 200 steps reach
// A^(2^200), far beyond what any stable A needs.
const DefaultDoublingIters = 200

// LyapunovDoubling solves the discrete Lyapunov equation P = A P Aᵀ + Q,
// P = Σ_k A^k Q (A^k)ᵀ, by doubling (Smith, SIAM J Appl Math 1968):
// P_{k+1} = P_k + A_k P_k A_kᵀ, A_{k+1} = A_k², from P_0 = Q and A_0 = A,
// until ‖A_k‖_∞ < tol or after maxIter steps (0 means DefaultDoublingIters).
// It returns P (as computed, not symmetrised) and the final ‖A_k‖_∞, which
// stays large when the spectral radius of A is not below 1. As a low-level
// kernel without an error result it panics, with an error wrapping
// experiment.ErrInput, on a negative maxIter (and, as gonum does, on
// mismatched shapes).
func LyapunovDoubling(A, Q mat.Matrix, maxIter int, tol float64) (P *mat.Dense, normAk float64) {
	if maxIter < 0 {
		panic(experiment.Inputf("lds: LyapunovDoubling: maxIter = %d: want ≥ 0 (0 means %d)", maxIter, DefaultDoublingIters))
	}
	if maxIter == 0 {
		maxIter = DefaultDoublingIters
	}
	P = mat.DenseCopyOf(Q)
	Ak := mat.DenseCopyOf(A)
	normAk = mat.Norm(Ak, math.Inf(1))
	var tmp, tmp2 mat.Dense
	for it := 0; it < maxIter; it++ {
		tmp.Mul(Ak, P)
		tmp2.Mul(&tmp, Ak.T())
		P.Add(P, &tmp2)
		tmp.Mul(Ak, Ak)
		Ak.Copy(&tmp)
		normAk = mat.Norm(Ak, math.Inf(1))
		if normAk < tol {
			break
		}
	}
	return P, normAk
}

// LaggedCov returns Cov(y_{t+lag}, y_t) at stationarity (no inputs):
// C A^lag Π Cᵀ, plus R at lag 0. A negative lag gives the transpose of
// LaggedCov(−lag), as Cov(y_{t−k}, y_t) = Cov(y_t, y_{t−k})ᵀ.
func (m *Model) LaggedCov(lag int) (*mat.Dense, error) {
	if lag < 0 {
		// (uint64 negation: −MinInt overflows int, and the recursion on
		// −lag then never ended)
		c, err := m.laggedCov(-uint64(lag))
		if err != nil {
			return nil, err
		}
		return mat.DenseCopyOf(c.T()), nil
	}
	return m.laggedCov(uint64(lag))
}

// maxStepLag is the largest lag whose A^lag Π laggedCov forms by lag
// successive products; longer lags use A^lag by repeated squaring (O(log
// lag) products: one product per lag took hours for lag = 2^40).
const maxStepLag = 1024

func (m *Model) laggedCov(lag uint64) (*mat.Dense, error) {
	pi, err := m.StationaryCov()
	if err != nil {
		return nil, err
	}
	X := mat.DenseCopyOf(pi)
	var tmp mat.Dense
	if lag <= maxStepLag {
		for k := uint64(0); k < lag; k++ {
			tmp.Mul(m.A, X)
			X.Copy(&tmp)
		}
	} else {
		d := m.Dim()
		P := mat.NewDense(d, d, nil) // A^lag
		for i := 0; i < d; i++ {
			P.Set(i, i, 1)
		}
		B := mat.DenseCopyOf(m.A)
		for k := lag; k > 0; k >>= 1 {
			if k&1 == 1 {
				tmp.Mul(P, B)
				P.Copy(&tmp)
			}
			tmp.Mul(B, B)
			B.Copy(&tmp)
		}
		tmp.Mul(P, X)
		X.Copy(&tmp)
	}
	var cx, out mat.Dense
	cx.Mul(m.C, X)
	out.Mul(&cx, m.C.T())
	if lag == 0 {
		out.Add(&out, m.R)
	}
	return &out, nil
}

// Sample draws T steps: latents Z (T×D) and observations Y (T×N). U is T×P
// inputs or nil. Covariances may be singular. T < 1, a nil rng or a
// mis-shaped U yields an error wrapping experiment.ErrInput.
func (m *Model) Sample(rng *rand.Rand, T int, U *mat.Dense) (Z, Y *mat.Dense, err error) {
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	if T < 1 {
		return nil, nil, experiment.Inputf("lds: Sample: T = %d, must be >= 1", T)
	}
	if rng == nil {
		return nil, nil, experiment.Inputf("lds: Sample: rng is nil")
	}
	d, n, p := m.Dim(), m.Obs(), m.Inputs()
	if U != nil {
		if r, c := U.Dims(); r != T || c != p {
			return nil, nil, experiment.Inputf("lds: U is %d×%d, want %d×%d", r, c, T, p)
		}
	}
	mu0, v0 := m.initial()
	sv0, err := sqrtPSD(flatToSym(d, v0))
	if err != nil {
		return nil, nil, err
	}
	sq, err := sqrtPSD(m.Q)
	if err != nil {
		return nil, nil, err
	}
	sr, err := sqrtPSD(m.R)
	if err != nil {
		return nil, nil, err
	}
	Z = mat.NewDense(T, d, nil)
	Y = mat.NewDense(T, n, nil)
	z := make([]float64, d)
	zn := make([]float64, d)
	ed := make([]float64, d)
	en := make([]float64, n)
	for i := range ed {
		ed[i] = rng.NormFloat64()
	}
	mulVec(z, sv0, ed)
	for i := range z {
		z[i] += mu0[i]
	}
	for t := 0; t < T; t++ {
		copy(Z.RawRowView(t), z)
		for i := range en {
			en[i] = rng.NormFloat64()
		}
		y := Y.RawRowView(t)
		mulVec(y, sr, en)
		for i := 0; i < n; i++ {
			s := y[i]
			for k := 0; k < d; k++ {
				s += m.C.At(i, k) * z[k]
			}
			if m.Offset != nil {
				s += m.Offset[i]
			}
			if m.D != nil && U != nil {
				for k := 0; k < p; k++ {
					s += m.D.At(i, k) * U.At(t, k)
				}
			}
			y[i] = s
		}
		for i := range ed {
			ed[i] = rng.NormFloat64()
		}
		mulVec(zn, sq, ed)
		for i := 0; i < d; i++ {
			s := zn[i]
			for k := 0; k < d; k++ {
				s += m.A.At(i, k) * z[k]
			}
			if m.Bias != nil {
				s += m.Bias[i]
			}
			if m.B != nil && U != nil {
				for k := 0; k < p; k++ {
					s += m.B.At(i, k) * U.At(t, k)
				}
			}
			zn[i] = s
		}
		z, zn = zn, z
	}
	return Z, Y, nil
}
