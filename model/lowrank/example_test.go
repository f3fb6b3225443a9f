package lowrank_test

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lowrank"
)

// rankOne returns m ~ N(0, 1)^N and n = λ0 m, so that the overlap nᵀm/N is
// close to λ0.
func rankOne(rng *rand.Rand, N int, lambda0 float64) (m, n []float64) {
	m, n = make([]float64, N), make([]float64, N)
	for i := range m {
		m[i] = rng.NormFloat64()
		n[i] = lambda0 * m[i]
	}
	return m, n
}

// project returns the coefficient κ of the least-squares fit x ≈ κ m.
func project(x, m []float64) float64 {
	num, den := 0.0, 0.0
	for i := range x {
		num += x[i] * m[i]
		den += m[i] * m[i]
	}
	return num / den
}

// Example sparsifies a rank-one network (N = 200, half the entries removed,
// rescaled form) and compares it with the mean-field theory of Herbert &
// Ostojic (2022): the spectrum is one outlier at nᵀm/N plus a bulk of radius
// sqrt(ρ(V)), and the rate network settles at the fixed point x* ≈ κ m of
// κ = (1/N) Σ_i n_i tanh(κ m_i).
func Example() {
	const N, lambda0, s = 200, 2.0, 0.5
	rng := rand.New(rand.NewPCG(1, 2))
	m, n := rankOne(rng, N, lambda0)
	M, Nv := mat.NewDense(N, 1, m), mat.NewDense(N, 1, n)
	J := mat.NewDense(N, N, nil)
	lowrank.Connectivity(J, M, Nv, s, lowrank.Rescaled, rng)

	// Theory.
	pred, err := lowrank.Outliers(M, Nv, s, lowrank.Rescaled)
	if err != nil {
		panic(err)
	}
	radius := lowrank.BulkRadiusRankOne(m, n, s, lowrank.Rescaled)

	// Measured spectrum: the largest eigenvalue is the outlier, the next
	// one's modulus is the bulk edge.
	var eig mat.Eigen
	if !eig.Factorize(J, mat.EigenNone) {
		panic("eigendecomposition failed")
	}
	out, edge := lowrank.SplitOutliers(eig.Values(nil), 1)
	fmt.Printf("predicted outlier %.2f, bulk radius %.2f\n", real(pred[0]), radius)
	fmt.Println("outlier within 2 % of theory:", cmplx.Abs(out[0]-pred[0]) < 0.02*cmplx.Abs(pred[0]))
	fmt.Println("bulk edge within 10 % of theory:", math.Abs(edge-radius) < 0.1*radius)

	// Dynamics: from a small push along m the activity grows to x* ≈ κ m.
	net := lowrank.NewRate(J, nil)
	x := make([]float64, N)
	for i := range x {
		x[i] = 0.1 * m[i]
	}
	for step := 0; step < 2000; step++ { // 200 τ with dt = 0.1 τ
		net.Step(x, 0.1)
	}
	kappa, ok := lowrank.Kappa(m, n)
	fmt.Println("non-trivial fixed point:", ok)
	fmt.Println("simulated κ within 5 % of mean field:", math.Abs(project(x, m)-kappa) < 0.05*kappa)
	// Output:
	// predicted outlier 1.67, bulk radius 0.21
	// outlier within 2 % of theory: true
	// bulk edge within 10 % of theory: true
	// non-trivial fixed point: true
	// simulated κ within 5 % of mean field: true
}

// ExampleConnectivity draws the same Bernoulli mask twice (same seed) in the
// two forms: the un-rescaled matrix J_ij = P_ij c_ij is exactly (1 − s) times
// the rescaled one J_ij = P_ij c_ij/(1 − s), and a fraction s of the entries
// is removed. A rate network on a very sparse J uses the CSR product.
func ExampleConnectivity() {
	const N, s = 100, 0.9
	m, n := rankOne(rand.New(rand.NewPCG(1, 2)), N, 1.5)
	M, Nv := mat.NewDense(N, 1, m), mat.NewDense(N, 1, n)
	Jr, Ju := mat.NewDense(N, N, nil), mat.NewDense(N, N, nil)
	lowrank.Connectivity(Jr, M, Nv, s, lowrank.Rescaled, rand.New(rand.NewPCG(3, 4)))
	lowrank.Connectivity(Ju, M, Nv, s, lowrank.Unrescaled, rand.New(rand.NewPCG(3, 4)))

	same, removed := true, 0
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			r, u := Jr.At(i, j), Ju.At(i, j)
			same = same && math.Abs(u-(1-s)*r) <= 1e-12*math.Abs(u)
			if r == 0 {
				removed++
			}
		}
	}
	fmt.Println("unrescaled = (1−s)·rescaled:", same)
	fmt.Println("fraction removed within 0.02 of s:", math.Abs(float64(removed)/(N*N)-s) < 0.02)
	fmt.Println("rate network uses the sparse product:", lowrank.NewRate(Jr, nil).Sparse())
	// Output:
	// unrescaled = (1−s)·rescaled: true
	// fraction removed within 0.02 of s: true
	// rate network uses the sparse product: true
}

// ExampleKappa simulates a dense rank-one rate network (s = 0, J = m nᵀ/N)
// and checks that it settles exactly at x* = κ m with κ from Kappa. For
// Gaussian m and n = λ0 m, KappaGaussian is the large-N limit
// κ = λ0 E[z tanh(κ z)], which is zero below the instability λ0 = 1.
func ExampleKappa() {
	const N, lambda0 = 100, 2.0
	m, n := rankOne(rand.New(rand.NewPCG(1, 2)), N, lambda0)
	J := mat.NewDense(N, N, nil)
	lowrank.LowRank(J, mat.NewDense(N, 1, m), mat.NewDense(N, 1, n))

	net := lowrank.NewRate(J, nil)
	x := make([]float64, N)
	for i := range x {
		x[i] = 0.1 * m[i]
	}
	for step := 0; step < 3000; step++ { // 300 τ with dt = 0.1 τ
		net.Step(x, 0.1)
	}
	kappa, ok := lowrank.Kappa(m, n)
	exact := ok
	for i := range x {
		exact = exact && math.Abs(x[i]-kappa*m[i]) < 1e-6
	}
	fmt.Println("settled at x* = κ m:", exact)
	fmt.Printf("large-N limit: κ(λ0 = 2) = %.2f, κ(λ0 = 0.8) = %.0f\n",
		lowrank.KappaGaussian(2), lowrank.KappaGaussian(0.8))
	// Output:
	// settled at x* = κ m: true
	// large-N limit: κ(λ0 = 2) = 1.34, κ(λ0 = 0.8) = 0
}
