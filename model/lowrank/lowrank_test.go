package lowrank

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

func gaussVec(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func scaled(a float64, v []float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = a * v[i]
	}
	return out
}

func col(v []float64) *mat.Dense { return mat.NewDense(len(v), 1, v) }

func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s: got %.6g, want %.6g ± %.3g", what, got, want, tol)
	}
}

func TestConnectivityDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	N := 50
	m, n := gaussVec(rng, N), gaussVec(rng, N)
	for _, form := range []Form{Rescaled, Unrescaled} {
		t.Run(form.String(), func(t *testing.T) {
			J := mat.NewDense(N, N, nil)
			Connectivity(J, col(m), col(n), 0, form, rng)
			for _, ij := range [][2]int{{0, 0}, {3, 17}, {49, 2}} {
				i, j := ij[0], ij[1]
				within(t, "P_ij", J.At(i, j), m[i]*n[j]/float64(N), 1e-15)
			}
		})
	}
}

// TestSparsificationForms checks the two forms on the same mask: the
// un-rescaled matrix is (1-s) times the rescaled one, the fraction of removed
// entries is s, and the rescaled entries have mean P_ij and variance
// s/(1-s) P_ij² (spec, "Decomposition").
func TestSparsificationForms(t *testing.T) {
	const N = 300
	rng := rand.New(rand.NewPCG(3, 4))
	m, n := gaussVec(rng, N), gaussVec(rng, N)
	for _, s := range []float64{0.5, 0.9} {
		t.Run(fmt.Sprintf("s=%g", s), func(t *testing.T) {
			res, un := mat.NewDense(N, N, nil), mat.NewDense(N, N, nil)
			Connectivity(res, col(m), col(n), s, Rescaled, rand.New(rand.NewPCG(7, uint64(s*100))))
			Connectivity(un, col(m), col(n), s, Unrescaled, rand.New(rand.NewPCG(7, uint64(s*100))))
			zeros, sum, sum2 := 0, 0.0, 0.0
			for i := 0; i < N; i++ {
				for j := 0; j < N; j++ {
					r, u := res.At(i, j), un.At(i, j)
					if math.Abs(u-(1-s)*r) > 1e-15*math.Abs(r) {
						t.Fatalf("J_un[%d,%d] = %g, want (1-s) J_res = %g", i, j, u, (1-s)*r)
					}
					if r == 0 {
						zeros++
					}
					ratio := r / (m[i] * n[j] / N)
					sum += ratio
					sum2 += (ratio - 1) * (ratio - 1)
				}
			}
			M := float64(N * N)
			// Binomial SD of the removed fraction: sqrt(s(1-s)/N²); 5 SD.
			within(t, "removed fraction", float64(zeros)/M, s, 5*math.Sqrt(s*(1-s)/M))
			// c/(1-s) has mean 1 and variance s/(1-s); SD of the mean sqrt(s/(1-s)/N²).
			within(t, "mean J/P", sum/M, 1, 5*math.Sqrt(s/(1-s)/M))
			within(t, "var J/P", sum2/M, s/(1-s), 0.05*s/(1-s))
		})
	}
}

func TestBulkRadiusClosedForms(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const N = 40
	m, n := gaussVec(rng, N), gaussVec(rng, N)
	for _, form := range []Form{Rescaled, Unrescaled} {
		t.Run("rank one "+form.String(), func(t *testing.T) {
			got, err := BulkRadius(col(m), col(n), 0.8, form)
			if err != nil {
				t.Fatal(err)
			}
			want := BulkRadiusRankOne(m, n, 0.8, form)
			within(t, "r", got, want, 1e-12*want)
		})
	}
	t.Run("rescaled vs unrescaled", func(t *testing.T) {
		s := 0.7
		within(t, "r_un/r_res", BulkRadiusRankOne(m, n, s, Unrescaled)/BulkRadiusRankOne(m, n, s, Rescaled), 1-s, 1e-14)
	})
	t.Run("rank two vs power iteration", func(t *testing.T) {
		M := mat.NewDense(N, 2, nil)
		Nm := mat.NewDense(N, 2, nil)
		for i := 0; i < N; i++ {
			M.Set(i, 0, rng.NormFloat64())
			M.Set(i, 1, rng.NormFloat64())
			Nm.Set(i, 0, rng.NormFloat64())
			Nm.Set(i, 1, rng.NormFloat64())
		}
		s := 0.6
		var P mat.Dense
		LowRank(&P, M, Nm)
		V := mat.NewDense(N, N, nil)
		V.Apply(func(_, _ int, v float64) float64 { return s / (1 - s) * v * v }, &P)
		// Power iteration for the Perron root of the non-negative V.
		x := mat.NewVecDense(N, nil)
		for i := 0; i < N; i++ {
			x.SetVec(i, 1)
		}
		rho := 0.0
		for k := 0; k < 2000; k++ {
			x.MulVec(V, x)
			rho = mat.Norm(x, 2)
			x.ScaleVec(1/rho, x)
		}
		got, err := BulkRadius(M, Nm, s, Rescaled)
		if err != nil {
			t.Fatal(err)
		}
		within(t, "r", got, math.Sqrt(rho), 1e-10)
	})
}

func TestOutliers(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	const N = 60
	m1 := gaussVec(rng, N)
	m2 := gaussVec(rng, N)
	// Orthogonalise m2 against m1 so that the overlap matrix is diagonal.
	d := mat.Dot(mat.NewVecDense(N, m1), mat.NewVecDense(N, m2)) / mat.Dot(mat.NewVecDense(N, m1), mat.NewVecDense(N, m1))
	for i := range m2 {
		m2[i] -= d * m1[i]
	}
	M := mat.NewDense(N, 2, nil)
	Nm := mat.NewDense(N, 2, nil)
	n11, n22 := 0.0, 0.0
	for i := 0; i < N; i++ {
		M.Set(i, 0, m1[i])
		M.Set(i, 1, m2[i])
		Nm.Set(i, 0, 1.5*m1[i])
		Nm.Set(i, 1, -0.5*m2[i])
		n11 += 1.5 * m1[i] * m1[i] / N
		n22 += -0.5 * m2[i] * m2[i] / N
	}
	for _, tc := range []struct {
		form Form
		s    float64
		f    float64
	}{{Rescaled, 0.9, 1}, {Unrescaled, 0.9, 0.1}} {
		t.Run(tc.form.String(), func(t *testing.T) {
			got, err := Outliers(M, Nm, tc.s, tc.form)
			if err != nil {
				t.Fatal(err)
			}
			if real(got[0]) < real(got[1]) {
				got[0], got[1] = got[1], got[0]
			}
			within(t, "outlier 1", real(got[0]), tc.f*n11, 1e-12)
			within(t, "outlier 2", real(got[1]), tc.f*n22, 1e-12)
		})
	}
}

// TestSpectrumPlanted draws a sparsified rank-one matrix and checks its
// outlier and bulk edge against the theory, and that the un-rescaled
// spectrum is (1-s) times the rescaled one (separate decompositions).
// At N = 400, s = 0.8 the spec's port measured outlier errors of a few
// percent and bulk-edge ratios 1.05 ± 0.06; the tolerances are 5 % and 20 %.
func TestSpectrumPlanted(t *testing.T) {
	const N, s = 400, 0.8
	rng := rand.New(rand.NewPCG(10, 11))
	m := gaussVec(rng, N)
	n := scaled(2, m)
	lambda0 := 0.0
	for i := range m {
		lambda0 += n[i] * m[i] / N
	}
	var spec [2][]complex128
	for k, form := range []Form{Rescaled, Unrescaled} {
		J := mat.NewDense(N, N, nil)
		Connectivity(J, col(m), col(n), s, form, rand.New(rand.NewPCG(12, 13)))
		vals, err := linalg.Eigenvalues(nil, J)
		if err != nil {
			t.Fatal(err)
		}
		out, edge := SplitOutliers(vals, 1)
		f := 1.0
		if form == Unrescaled {
			f = 1 - s
		}
		within(t, form.String()+" outlier", real(out[0]), f*lambda0, 0.05*f*lambda0)
		r := BulkRadiusRankOne(m, n, s, form)
		within(t, form.String()+" bulk edge / r", edge/r, 1, 0.2)
		spec[k] = vals
	}
	for i := range spec[0] {
		if d := cmplx.Abs(spec[1][i] - complex(1-s, 0)*spec[0][i]); d > 1e-10 {
			t.Fatalf("eigenvalue %d: un-rescaled %v, want (1-s)×rescaled %v", i, spec[1][i], complex(1-s, 0)*spec[0][i])
		}
	}
}

func TestKappa(t *testing.T) {
	// Spec, "Fixed points (numerical Gaussian integral)".
	for _, tc := range []struct{ lambda0, want float64 }{{1.5, 0.8434}, {2, 1.3371}, {3, 2.2223}} {
		t.Run(fmt.Sprintf("gaussian lambda0=%g", tc.lambda0), func(t *testing.T) {
			within(t, "KappaGaussian", KappaGaussian(tc.lambda0), tc.want, 1e-4)
		})
	}
	within(t, "KappaGaussian(0.8)", KappaGaussian(0.8), 0, 0)

	rng := rand.New(rand.NewPCG(14, 15))
	m := gaussVec(rng, 100000)
	n := scaled(2, m)
	k, ok := Kappa(m, n)
	if !ok {
		t.Fatal("no root found for λ0 = 2")
	}
	res := -k
	for i := range m {
		res += n[i] * math.Tanh(k*m[i]) / float64(len(m))
	}
	within(t, "Kappa residual", res, 0, 1e-12)
	// Sample of 1e5: the finite-N root differs from the Gaussian one by
	// O(1/sqrt(N)) ~ 0.3 %; 2 % tolerance.
	within(t, "Kappa(N=1e5) vs Gaussian", k, KappaGaussian(2), 0.02*KappaGaussian(2))
	if _, ok := Kappa(m, scaled(0.5, m)); ok {
		t.Errorf("Kappa found a non-zero root for λ0 = 0.5, want none")
	}
}

func TestRateClosedForms(t *testing.T) {
	t.Run("no coupling", func(t *testing.T) {
		// J = 0: x_k = I + (x0 - I)(1-dt)^k exactly for Euler.
		const N, dt, K = 3, 0.1, 50
		I := []float64{0.5, -1, 0}
		x := []float64{1, 2, -3}
		x0 := append([]float64(nil), x...)
		r := NewRate(mat.NewDense(N, N, nil), I)
		for k := 0; k < K; k++ {
			r.Step(x, dt)
		}
		for i := range x {
			within(t, "x", x[i], I[i]+(x0[i]-I[i])*math.Pow(1-dt, K), 1e-13)
		}
	})
	t.Run("one step", func(t *testing.T) {
		J := mat.NewDense(2, 2, []float64{0, 2, -1, 0.5})
		x := []float64{0.3, -0.7}
		want0 := 0.3 + 0.05*(-0.3+2*math.Tanh(-0.7))
		want1 := -0.7 + 0.05*(0.7-math.Tanh(0.3)+0.5*math.Tanh(-0.7))
		NewRate(J, nil).Step(x, 0.05)
		within(t, "x0", x[0], want0, 1e-15)
		within(t, "x1", x[1], want1, 1e-15)
	})
	t.Run("dense rank-one fixed point", func(t *testing.T) {
		// s = 0: x* = κ m exactly, κ the root of κ = (1/N) Σ n tanh(κ m).
		const N = 200
		rng := rand.New(rand.NewPCG(16, 17))
		m := gaussVec(rng, N)
		n := scaled(2, m)
		J := mat.NewDense(N, N, nil)
		Connectivity(J, col(m), col(n), 0, Rescaled, nil)
		k, _ := Kappa(m, n)
		x := append([]float64(nil), m...)
		r := NewRate(J, nil)
		for i := 0; i < 2000; i++ {
			r.Step(x, 0.1)
		}
		for i := range x {
			within(t, "x_i/m_i", x[i], k*m[i], 1e-9)
		}
	})
}

func TestRateStepAllocs(t *testing.T) {
	const N = 100
	rng := rand.New(rand.NewPCG(20, 21))
	m := gaussVec(rng, N)
	for _, s := range []float64{0, 0.9} {
		J := mat.NewDense(N, N, nil)
		Connectivity(J, col(m), col(m), s, Rescaled, rng)
		r := NewRate(J, []float64(m))
		x := make([]float64, N)
		if a := testing.AllocsPerRun(10, func() { r.Step(x, 0.1) }); a != 0 {
			t.Errorf("s = %g (sparse %v): Step allocates %g times per call, want 0", s, r.Sparse(), a)
		}
	}
}

// BenchmarkRateStep2000 is one Euler step of the default-scale network (N = 2000,
// s = 0.9: the CSR product).
func BenchmarkRateStep2000(b *testing.B) { benchmarkRateStep(b, true) }

// BenchmarkRateStepDense2000 is the same step with the dense product.
func BenchmarkRateStepDense2000(b *testing.B) { benchmarkRateStep(b, false) }

func benchmarkRateStep(b *testing.B, sparse bool) {
	m, J := sparseRankOne(rand.New(rand.NewPCG(1, 1)), 2000)
	r := NewRate(J, nil)
	if !sparse {
		r.sparse = nil
	}
	x := append([]float64(nil), m...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Step(x, 0.1)
	}
}

// sparseRankOne draws m ~ N(0, I) from rng, then the rescaled connectivity
// of m (2m)ᵀ/N at sparsity s = 0.9.
func sparseRankOne(rng *rand.Rand, N int) (m []float64, J *mat.Dense) {
	m = gaussVec(rng, N)
	J = mat.NewDense(N, N, nil)
	Connectivity(J, col(m), col(scaled(2, m)), 0.9, Rescaled, rng)
	return m, J
}

// TestRateSparseMatchesDense runs the same network with the CSR and the dense
// product: the results agree to rounding.
func TestRateSparseMatchesDense(t *testing.T) {
	const N = 300
	rng := rand.New(rand.NewPCG(18, 19))
	m, J := sparseRankOne(rng, N)
	sp := NewRate(J, nil)
	if !sp.Sparse() {
		t.Fatalf("s = 0.9: Rate chose the dense product, want CSR (density %g)", NewCSR(J).Density())
	}
	de := NewRate(J, nil)
	de.sparse = nil
	xs := gaussVec(rng, N)
	xd := append([]float64(nil), xs...)
	for k := 0; k < 200; k++ {
		sp.Step(xs, 0.1)
		de.Step(xd, 0.1)
	}
	for i := range xs {
		within(t, "x sparse vs dense", xs[i], xd[i], 1e-12)
	}
	dense := mat.NewDense(N, N, nil)
	Connectivity(dense, col(m), col(m), 0, Rescaled, nil)
	if NewRate(dense, nil).Sparse() {
		t.Errorf("s = 0: Rate chose CSR, want dense")
	}
}

func TestCSR(t *testing.T) {
	a := mat.NewDense(3, 4, []float64{0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 4, 0})
	s := NewCSR(a)
	within(t, "density", s.Density(), 4.0/12, 0)
	dst := make([]float64, 3)
	s.MulVecTo(dst, []float64{1, 10, 100, 1000})
	want := []float64{2010, 0, 403}
	for i := range want {
		within(t, "s·x", dst[i], want[i], 0)
	}
	if a := testing.AllocsPerRun(10, func() { s.MulVecTo(dst, []float64{1, 2, 3, 4}) }); a != 0 {
		t.Errorf("MulVecTo allocates %g times, want 0", a)
	}
}
