package lds

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randModel returns a random stable model with the given sizes; inputs and
// offsets are included when p > 0 / withOffsets.
func randModel(rng *rand.Rand, d, n, p int, withOffsets bool) *Model {
	A := mat.NewDense(d, d, nil)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			A.Set(i, j, rng.NormFloat64()*0.4/math.Sqrt(float64(d)))
		}
	}
	C := mat.NewDense(n, d, nil)
	for i := range C.RawMatrix().Data {
		C.RawMatrix().Data[i] = rng.NormFloat64()
	}
	m := &Model{A: A, C: C, Q: randSPD(rng, d, 0.5), R: randSPD(rng, n, 0.3)}
	if p > 0 {
		m.B = mat.NewDense(d, p, nil)
		m.D = mat.NewDense(n, p, nil)
		for i := range m.B.RawMatrix().Data {
			m.B.RawMatrix().Data[i] = rng.NormFloat64()
		}
		for i := range m.D.RawMatrix().Data {
			m.D.RawMatrix().Data[i] = rng.NormFloat64()
		}
	}
	if withOffsets {
		m.Bias = make([]float64, d)
		m.Offset = make([]float64, n)
		for i := range m.Bias {
			m.Bias[i] = rng.NormFloat64()
		}
		for i := range m.Offset {
			m.Offset[i] = rng.NormFloat64()
		}
		m.Mu0 = make([]float64, d)
		for i := range m.Mu0 {
			m.Mu0[i] = rng.NormFloat64()
		}
		m.V0 = randSPD(rng, d, 1)
	}
	return m
}

func randSPD(rng *rand.Rand, n int, floor float64) *mat.SymDense {
	X := mat.NewDense(n, n, nil)
	for i := range X.RawMatrix().Data {
		X.RawMatrix().Data[i] = rng.NormFloat64() / math.Sqrt(float64(n))
	}
	var S mat.Dense
	S.Mul(X, X.T())
	out := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := 0.5 * (S.At(i, j) + S.At(j, i))
			if i == j {
				v += floor
			}
			out.SetSym(i, j, v)
		}
	}
	return out
}

// joint builds the brute-force joint Gaussian of the stacked latents z
// (T·D) and observations y (T·N): means and the covariance blocks, using
// Cov(z_s, z_t) = A^{s−t} P_t for s ≥ t.
func joint(m *Model, T int, U *mat.Dense) (muZ, muY []float64, Szz, Szy, Syy *mat.Dense) {
	d, n := m.Dim(), m.Obs()
	mu0, v0 := m.initial()
	muZ = make([]float64, T*d)
	muY = make([]float64, T*n)
	P := make([]*mat.Dense, T)
	P[0] = mat.NewDense(d, d, v0)
	copy(muZ, mu0)
	for t := 0; t < T; t++ {
		z := mat.NewVecDense(d, muZ[t*d:(t+1)*d])
		var y mat.VecDense
		y.MulVec(m.C, z)
		for i := 0; i < n; i++ {
			v := y.AtVec(i)
			if m.Offset != nil {
				v += m.Offset[i]
			}
			if m.D != nil {
				for k := 0; k < m.Inputs(); k++ {
					v += m.D.At(i, k) * U.At(t, k)
				}
			}
			muY[t*n+i] = v
		}
		if t+1 < T {
			var zn mat.VecDense
			zn.MulVec(m.A, z)
			for i := 0; i < d; i++ {
				v := zn.AtVec(i)
				if m.Bias != nil {
					v += m.Bias[i]
				}
				if m.B != nil {
					for k := 0; k < m.Inputs(); k++ {
						v += m.B.At(i, k) * U.At(t, k)
					}
				}
				muZ[(t+1)*d+i] = v
			}
			var tmp, nx mat.Dense
			tmp.Mul(m.A, P[t])
			nx.Mul(&tmp, m.A.T())
			nx.Add(&nx, m.Q)
			P[t+1] = &nx
		}
	}
	Szz = mat.NewDense(T*d, T*d, nil)
	for tt := 0; tt < T; tt++ {
		X := mat.DenseCopyOf(P[tt])
		for s := tt; s < T; s++ {
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					Szz.Set(s*d+i, tt*d+j, X.At(i, j))
					Szz.Set(tt*d+j, s*d+i, X.At(i, j))
				}
			}
			var nx mat.Dense
			nx.Mul(m.A, X)
			X = &nx
		}
	}
	Cbig := mat.NewDense(T*n, T*d, nil)
	Rbig := mat.NewDense(T*n, T*n, nil)
	for t := 0; t < T; t++ {
		for i := 0; i < n; i++ {
			for k := 0; k < d; k++ {
				Cbig.Set(t*n+i, t*d+k, m.C.At(i, k))
			}
			for j := 0; j < n; j++ {
				Rbig.Set(t*n+i, t*n+j, m.R.At(i, j))
			}
		}
	}
	Szy = &mat.Dense{}
	Szy.Mul(Szz, Cbig.T())
	Syy = &mat.Dense{}
	Syy.Mul(Cbig, Szy)
	Syy.Add(Syy, Rbig)
	return
}

func bruteLogDensity(t *testing.T, muY []float64, Syy *mat.Dense, Y *mat.Dense) float64 {
	t.Helper()
	n := len(muY)
	S := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			S.SetSym(i, j, 0.5*(Syy.At(i, j)+Syy.At(j, i)))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(S) {
		t.Fatal("joint covariance not positive definite")
	}
	e := mat.NewVecDense(n, nil)
	raw := Y.RawMatrix()
	for i := 0; i < n; i++ {
		e.SetVec(i, raw.Data[i]-muY[i]) // Y is T×N contiguous: stacked y_t
	}
	var x mat.VecDense
	if err := ch.SolveVecTo(&x, e); err != nil {
		t.Fatal(err)
	}
	return -0.5 * (float64(n)*math.Log(2*math.Pi) + ch.LogDet() + mat.Dot(e, &x))
}

func close(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestLogLikMatchesJointGaussian checks the Kalman filter's log-likelihood
// against the brute-force density of the stacked observations (closed form).
func TestLogLikMatchesJointGaussian(t *testing.T) {
	cases := []struct {
		name       string
		d, n, p, T int
		offsets    bool
		singularR  bool
	}{
		{"plain", 2, 3, 0, 5, false, false},
		{"inputs+offsets", 3, 4, 2, 6, true, false},
		{"singularR", 2, 2, 0, 5, true, true},
		{"N<D", 3, 1, 1, 6, true, false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			m := randModel(rng, c.d, c.n, c.p, c.offsets)
			if c.singularR {
				// Rank-1 R: R = v vᵀ.
				v := []float64{1, -0.5}
				R := mat.NewSymDense(2, nil)
				for a := 0; a < 2; a++ {
					for b := a; b < 2; b++ {
						R.SetSym(a, b, v[a]*v[b])
					}
				}
				m.R = R
			}
			var U *mat.Dense
			if c.p > 0 {
				U = mat.NewDense(c.T, c.p, nil)
				for k := range U.RawMatrix().Data {
					U.RawMatrix().Data[k] = rng.NormFloat64()
				}
			}
			_, Y, err := m.Sample(rng, c.T, U)
			if err != nil {
				t.Fatal(err)
			}
			_, muY, _, _, Syy := joint(m, c.T, U)
			want := bruteLogDensity(t, muY, Syy, Y)
			for _, force := range []bool{false, true} {
				f, err := m.filter(Sequence{Y: Y, U: U}, force)
				if err != nil {
					t.Fatal(err)
				}
				if !close(f.LogLik, want, 1e-10) {
					t.Errorf("covariance form %v: got LL %.12g, want %.12g ± 1e-10 rel", force, f.LogLik, want)
				}
			}
		})
	}
}

// TestSmootherMatchesJointGaussian checks the RTS posterior means,
// covariances and lag-one cross-covariances against Gaussian conditioning
// of the brute-force joint.
func TestSmootherMatchesJointGaussian(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	const d, n, p, T = 2, 3, 1, 6
	m := randModel(rng, d, n, p, true)
	U := mat.NewDense(T, p, nil)
	for k := range U.RawMatrix().Data {
		U.RawMatrix().Data[k] = rng.NormFloat64()
	}
	_, Y, err := m.Sample(rng, T, U)
	if err != nil {
		t.Fatal(err)
	}
	muZ, muY, Szz, Szy, Syy := joint(m, T, U)
	var inv mat.Dense
	if err := inv.Inverse(Syy); err != nil {
		t.Fatal(err)
	}
	var K mat.Dense
	K.Mul(Szy, &inv)
	e := mat.NewVecDense(T*n, nil)
	for i := 0; i < T*n; i++ {
		e.SetVec(i, Y.RawMatrix().Data[i]-muY[i])
	}
	var pm mat.VecDense
	pm.MulVec(&K, e)
	var pc mat.Dense
	pc.Mul(&K, Szy.T())
	pc.Sub(Szz, &pc)
	post, err := m.Smooth(Sequence{Y: Y, U: U})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-9
	for tt := 0; tt < T; tt++ {
		for i := 0; i < d; i++ {
			want := muZ[tt*d+i] + pm.AtVec(tt*d+i)
			if got := post.MeanAt(tt)[i]; !close(got, want, tol) {
				t.Errorf("mean t=%d i=%d: got %.10g, want %.10g ± %g", tt, i, got, want, tol)
			}
			for j := 0; j < d; j++ {
				if got, want := post.CovAt(tt)[i*d+j], pc.At(tt*d+i, tt*d+j); !close(got, want, tol) {
					t.Errorf("cov t=%d (%d,%d): got %.10g, want %.10g ± %g", tt, i, j, got, want, tol)
				}
				if tt+1 < T {
					if got, want := post.CrossAt(tt)[i*d+j], pc.At((tt+1)*d+i, tt*d+j); !close(got, want, tol) {
						t.Errorf("cross t=%d (%d,%d): got %.10g, want %.10g ± %g", tt, i, j, got, want, tol)
					}
				}
			}
		}
	}
}

func TestStationaryCovSolvesLyapunov(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	m := randModel(rng, 4, 3, 0, false)
	Pi, err := m.StationaryCov()
	if err != nil {
		t.Fatal(err)
	}
	var tmp, rhs mat.Dense
	tmp.Mul(m.A, Pi)
	rhs.Mul(&tmp, m.A.T())
	rhs.Add(&rhs, m.Q)
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if got, want := Pi.At(i, j), rhs.At(i, j); !close(got, want, 1e-12) {
				t.Errorf("Π(%d,%d): got %g, want A Π Aᵀ + Q = %g ± 1e-12", i, j, got, want)
			}
		}
	}
}

// TestEMMonotone checks that EM never decreases the log-likelihood (to
// 1e-9 relative) for each E/M-step variant, and that the fit is at least as
// likely as the generating model on its training data.
func TestEMMonotone(t *testing.T) {
	cases := []struct {
		name    string
		p       int
		opt     Options
		lengths []int
	}{
		{"full", 0, Options{Iters: 40}, nil},
		{"diagR", 0, Options{Iters: 40, DiagR: true}, nil},
		{"diagQ+offsets", 0, Options{Iters: 40, DiagQ: true, FitOffset: true, FitBias: true}, nil},
		{"inputs", 2, Options{Iters: 40, FitOffset: true}, nil},
		{"fixInit", 0, Options{Iters: 40, FixInit: true}, nil},
		{"unequal lengths", 0, Options{Iters: 40, DiagR: true}, []int{300, 120, 300, 45, 120}},
		{"unequal lengths+inputs", 2, Options{Iters: 40, FitOffset: true}, []int{200, 80, 200, 200}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(i)))
			const d, n = 3, 8
			truth := randModel(rng, d, n, c.p, true)
			truth.Bias = nil
			lengths := c.lengths
			if lengths == nil {
				lengths = []int{300, 300, 300}
			}
			data := mixedData(t, rng, truth, lengths, c.p)
			m, err := InitPCA(data, d)
			if err != nil {
				t.Fatal(err)
			}
			if c.p > 0 {
				m.B = mat.NewDense(d, c.p, nil)
				m.D = mat.NewDense(n, c.p, nil)
			}
			lls, err := Fit(context.Background(), m, data, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			for k := 1; k < len(lls); k++ {
				if lls[k] < lls[k-1]-1e-9*math.Abs(lls[k-1]) {
					t.Errorf("iteration %d: LL decreased from %.12g to %.12g", k, lls[k-1], lls[k])
				}
			}
			if lls[len(lls)-1] <= lls[0] {
				t.Errorf("EM did not improve: LL %g -> %g", lls[0], lls[len(lls)-1])
			}
		})
	}
}

// TestEMRecoversLikelihood: from PCA initialisation, 200 EM iterations
// reach a training LL at least that of the generating parameters, minus
// 0.1% (the ML estimate is at least as likely as the truth).
func TestEMRecoversLikelihood(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 1))
	truth := randModel(rng, 2, 6, 0, false)
	_, Y, err := truth.Sample(rng, 2000, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := []Sequence{{Y: Y}}
	llTrue, err := truth.LogLikelihood(data[0])
	if err != nil {
		t.Fatal(err)
	}
	m, err := InitPCA(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	lls, err := Fit(context.Background(), m, data, Options{Iters: 200, FitOffset: true})
	if err != nil {
		t.Fatal(err)
	}
	got := lls[len(lls)-1]
	if got < llTrue-1e-3*math.Abs(llTrue) {
		t.Errorf("EM LL: got %.6g, want ≥ LL_true = %.6g − 0.1%%", got, llTrue)
	}
}

func TestValidate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m := randModel(rng, 2, 3, 0, false)
	if err := m.Validate(); err != nil {
		t.Fatalf("valid model rejected: %v", err)
	}
	bad := m.Clone()
	bad.C = mat.NewDense(3, 3, nil)
	if err := bad.Validate(); err == nil {
		t.Error("C with wrong width accepted")
	}
	if _, err := m.Filter(Sequence{Y: mat.NewDense(4, 2, nil)}); err == nil {
		t.Error("Y with wrong width accepted")
	}
}

func benchSmoothEM(b *testing.B, T, d, n int) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := randModel(rng, d, n, 0, false)
	_, Y, err := m.Sample(rng, T, nil)
	if err != nil {
		b.Fatal(err)
	}
	data := []Sequence{{Y: Y}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		posts, _, err := EStep(m, data)
		if err != nil {
			b.Fatal(err)
		}
		fit := m.Clone()
		if err := MStep(fit, data, posts, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*T), "ns/step")
}

// BenchmarkSmoothEMT1e4D4N50 is one EM iteration (filter, RTS smoother,
// M-step) at T = 10⁴, D = 4, N = 50 (issue 3).
func BenchmarkSmoothEMT1e4D4N50(b *testing.B) { benchSmoothEM(b, 10000, 4, 50) }
