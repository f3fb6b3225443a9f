package lrlds

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
)

func randn(rng *rand.Rand, r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range m.RawMatrix().Data {
		m.RawMatrix().Data[i] = rng.NormFloat64()
	}
	return m
}

// rnnPair returns the spec's two rank-2 RNNs: N = M (MᵀM)⁻¹ Bᵀ with
// B = 0.9·Rot(0.3) (latent dimension R), and N independent of M rescaled
// to spectral radius 0.9 (latent dimension 2R).
func rnnPair(rng *rand.Rand, n int) (RNN, RNN) {
	M := randn(rng, n, 2)
	var MtM, inv mat.Dense
	MtM.Mul(M.T(), M)
	_ = inv.Inverse(&MtM)
	c, s := math.Cos(0.3), math.Sin(0.3)
	B := mat.NewDense(2, 2, []float64{0.9 * c, -0.9 * s, 0.9 * s, 0.9 * c})
	var N mat.Dense
	N.Mul(M, &inv)
	N.Mul(&N, B.T())
	N2 := randn(rng, n, 2)
	var NtM mat.Dense
	NtM.Mul(N2.T(), M)
	var eig mat.Eigen
	eig.Factorize(&NtM, mat.EigenNone)
	rho := 0.0
	for _, l := range eig.Values(nil) {
		rho = math.Max(rho, math.Hypot(real(l), imag(l)))
	}
	N2.Scale(0.9/rho, N2)
	return RNN{M: M, N: &N, Sigma: 1}, RNN{M: M, N: N2, Sigma: 1}
}

func TestFromRNNLaggedCovExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, b := rnnPair(rng, 20)
	for name, r := range map[string]RNN{"colM=colN": a, "independentN": b} {
		t.Run(name, func(t *testing.T) {
			m, err := FromRNN(r)
			if err != nil {
				t.Fatal(err)
			}
			for lag := 0; lag <= 10; lag++ {
				want, err := r.LaggedCov(lag)
				if err != nil {
					t.Fatal(err)
				}
				got, err := m.LaggedCov(lag)
				if err != nil {
					t.Fatal(err)
				}
				var d mat.Dense
				d.Sub(got, want)
				if e := mat.Norm(&d, math.Inf(1)); e > 1e-10 {
					t.Errorf("lag %d: max row-sum |ΔCov| = %g, want < 1e-10", lag, e)
				}
			}
		})
	}
}

func TestMarkovPredictorOfFullRNNIsJ(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 1))
	_, r := rnnPair(rng, 12)
	m, err := FromRNN(r)
	if err != nil {
		t.Fatal(err)
	}
	v, err := MarkovPredictor(m)
	if err != nil {
		t.Fatal(err)
	}
	var d mat.Dense
	d.Sub(v.J, r.J())
	if e := mat.Norm(&d, math.Inf(1)); e > 1e-9 {
		t.Errorf("J* − J: got %g, want 0 ± 1e-9 (a fully observed RNN is Markov)", e)
	}
	for i := 0; i < 12; i++ {
		if got := v.Sigma.At(i, i); math.Abs(got-1) > 1e-9 {
			t.Errorf("residual variance %d: got %g, want σ² = 1 ± 1e-9", i, got)
		}
	}
}

func TestLDSLogLikMatchesAR1(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	_, r := rnnPair(rng, 15)
	X, err := r.Sample(rng, 500)
	if err != nil {
		t.Fatal(err)
	}
	m, err := FromRNN(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.LogLikelihood(lds.Sequence{Y: X})
	if err != nil {
		t.Fatal(err)
	}
	n := 15
	S := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		S.SetSym(i, i, 1)
	}
	want, err := VAR1{J: r.J(), Sigma: S}.LogLikelihood(X)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("LL: got %.12g, want AR(1) %.12g ± 1e-9 rel", got, want)
	}
}

// TestExcessErrorAgainstFilter compares the closed form with the Markov
// residual covariance and the Kalman filter's converged predicted
// covariance, computed with N×N algebra.
func TestExcessErrorAgainstFilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 1))
	for _, n := range []int{1, 3, 8} {
		m := specLDS(rng, n)
		got, err := ExcessError(m)
		if err != nil {
			t.Fatal(err)
		}
		v, err := MarkovPredictor(m)
		if err != nil {
			t.Fatal(err)
		}
		f, err := m.Filter(lds.Sequence{Y: mat.NewDense(400, n, nil)})
		if err != nil {
			t.Fatal(err)
		}
		P := mat.NewDense(2, 2, append([]float64(nil), f.PredCov[399*4:400*4]...))
		var CP, S mat.Dense
		CP.Mul(m.C, P)
		S.Mul(&CP, m.C.T())
		S.Add(&S, m.R)
		want := (mat.Trace(v.Sigma) - mat.Trace(&S)) / mat.Trace(&S)
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("N=%d: excess got %.12g, want %.12g ± 1e-9", n, got, want)
		}
	}
}

// TestExcessErrorVanishesWithoutNoise: R → 0 with C of full column rank
// makes the LDS Markov in y (spec's limit case).
func TestExcessErrorVanishesWithoutNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 1))
	m := specLDS(rng, 5)
	m.R.ScaleSym(1e-8, m.R)
	got, err := ExcessError(m)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got) > 1e-6 {
		t.Errorf("excess at R = 1e-8 I: got %g, want 0 ± 1e-6", got)
	}
}

// specLDS is the spec's reference setup: d = 2, A = 0.95 Rot(0.2),
// Q = (1 − 0.95²) I, C ~ N(0,1), R = I.
func specLDS(rng *rand.Rand, n int) *lds.Model {
	c, s := math.Cos(0.2), math.Sin(0.2)
	A := mat.NewDense(2, 2, []float64{0.95 * c, -0.95 * s, 0.95 * s, 0.95 * c})
	q := 1 - 0.95*0.95
	R := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		R.SetSym(i, i, 1)
	}
	return &lds.Model{A: A, Q: mat.NewSymDense(2, []float64{q, 0, 0, q}), C: randn(rng, n, 2), R: R}
}

func TestFitVAR1RecoversJ(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 1))
	_, r := rnnPair(rng, 5)
	X, err := r.Sample(rng, 40000)
	if err != nil {
		t.Fatal(err)
	}
	v, err := FitVAR1([]*mat.Dense{X})
	if err != nil {
		t.Fatal(err)
	}
	var d mat.Dense
	d.Sub(v.J, r.J())
	// Standard error of each coefficient ≈ σ/(√T·sd(x)) ≈ 0.005; allow 0.03.
	e := math.Max(mat.Max(&d), -mat.Min(&d))
	if e > 0.03 {
		t.Errorf("max J error: got %g, want < 0.03", e)
	}
}

// TestVAR1LogLikelihoodOneStep: a one-row Y has only the stationary term
// log N(y_0; μ, Σx); it used to panic building an empty residual matrix.
func TestVAR1LogLikelihoodOneStep(t *testing.T) {
	v := VAR1{J: mat.NewDense(2, 2, []float64{0.5, 0, 0, 0.3}), C: []float64{1, -1},
		Sigma: mat.NewSymDense(2, []float64{1, 0, 0, 2})}
	y := []float64{0.1, 0.2}
	ll, err := v.LogLikelihood(mat.NewDense(1, 2, y))
	if err != nil {
		t.Fatal(err)
	}
	// Diagonal J and Σ: independent AR(1)s, μ_i = c_i/(1−J_ii), Σx_ii = Σ_ii/(1−J_ii²).
	want := 0.0
	for i, a := range []float64{0.5, 0.3} {
		mu := v.C[i] / (1 - a)
		s2 := v.Sigma.At(i, i) / (1 - a*a)
		want += -0.5 * (math.Log(2*math.Pi*s2) + (y[i]-mu)*(y[i]-mu)/s2)
	}
	if math.Abs(ll-want) > 1e-12*math.Abs(want) {
		t.Fatalf("LogLikelihood = %.15g, want %.15g", ll, want)
	}
}

// TestInputErrors: inputs that used to panic (T = 0 in Sample, no data in
// FitVAR1) or be silently misread (FitVAR1 sequences with different numbers
// of columns) are errors.
func TestInputErrors(t *testing.T) {
	r := RNN{M: mat.NewDense(3, 1, []float64{1, 0, 0}), N: mat.NewDense(3, 1, []float64{0.5, 0, 0}), Sigma: 1}
	if _, err := r.Sample(rand.New(rand.NewPCG(1, 1)), 0); err == nil {
		t.Error("Sample with T = 0: no error")
	}
	if _, err := FitVAR1(nil); err == nil {
		t.Error("FitVAR1 without data: no error")
	}
	if _, err := FitVAR1([]*mat.Dense{mat.NewDense(10, 2, nil), mat.NewDense(10, 3, nil)}); err == nil {
		t.Error("FitVAR1 with 2 and 3 columns: no error")
	}
}
