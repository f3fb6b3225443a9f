package dimred

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

// plantedLowRank returns K trials of T frames of n neurons,
// y_t = μ + Σ_j s_j z_tj u_j + σ ε_t with orthonormal u_j (n×r, returned),
// z, ε ~ N(0, 1) and a random mean μ.
func plantedLowRank(rng *rand.Rand, n, T, K int, s []float64, sigma float64) ([]*mat.Dense, *mat.Dense) {
	r := len(s)
	U := linalg.RandOrthonormal(rng, n, r)
	mu := make([]float64, n)
	for i := range mu {
		mu[i] = 3 * rng.NormFloat64()
	}
	Y := make([]*mat.Dense, K)
	for k := range Y {
		y := mat.NewDense(T, n, nil)
		for t := 0; t < T; t++ {
			row := y.RawRowView(t)
			copy(row, mu)
			for j := 0; j < r; j++ {
				z := s[j] * rng.NormFloat64()
				for i := range row {
					row[i] += z * U.At(i, j)
				}
			}
			for i := range row {
				row[i] += sigma * rng.NormFloat64()
			}
		}
		Y[k] = y
	}
	return Y, U
}

// naiveCov returns the mean frame and S = (1/N) Σ (y − μ)(y − μ)ᵀ by two
// plain passes over the pooled frames.
func naiveCov(Y []*mat.Dense) ([]float64, *mat.SymDense) {
	_, n := Y[0].Dims()
	mu := make([]float64, n)
	N := 0
	for _, y := range Y {
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			for i, v := range y.RawRowView(t) {
				mu[i] += v
			}
			N++
		}
	}
	for i := range mu {
		mu[i] /= float64(N)
	}
	S := mat.NewSymDense(n, nil)
	for _, y := range Y {
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			row := y.RawRowView(t)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					S.SetSym(i, j, S.At(i, j)+(row[i]-mu[i])*(row[j]-mu[j])/float64(N))
				}
			}
		}
	}
	return mu, S
}

// FitPCA's variances are the top eigenvalues of the sample covariance, its
// explained ratios are those over the trace (so they sum to at most 1, and
// to 1 when the data have exactly rank k), its axes are orthonormal and
// span the planted subspace, and the scores along each axis have variance
// λ_j and are uncorrelated.
func TestFitPCAPlanted(t *testing.T) {
	cases := []struct {
		name    string
		sigma   float64 // private noise sd
		k       int     // components fitted
		wantSum float64 // Σ ratio, exact when sigma = 0
		angle   float64 // max principal angle to the planted subspace, rad
	}{
		{"exact rank 2", 0, 2, 1, 1e-9},
		{"rank 2 plus noise", 0.3, 2, -1, 0.05},
		{"rank 2 plus noise, 4 components", 0.3, 4, -1, math.Inf(1)},
	}
	const n, T, K = 12, 80, 6
	const tol = 1e-10
	for ci, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(ci)))
			Y, U := plantedLowRank(rng, n, T, K, []float64{4, 2}, c.sigma)
			m, err := FitPCA(Y, c.k)
			if err != nil {
				t.Fatal(err)
			}
			mu, S := naiveCov(Y)
			for i := range mu {
				if d := math.Abs(m.Mean[i] - mu[i]); d > tol*(1+math.Abs(mu[i])) {
					t.Errorf("mean[%d]: got %g, want %g ± %g", i, m.Mean[i], mu[i], tol)
				}
			}
			var es mat.EigenSym
			if !es.Factorize(S, false) {
				t.Fatal("eigen of the sample covariance failed")
			}
			eig := es.Values(nil)
			sort.Sort(sort.Reverse(sort.Float64Slice(eig)))
			trace := mat.Trace(S)
			if d := math.Abs(m.TotalVariance - trace); d > tol*trace {
				t.Errorf("total variance: got %g, want %g ± %g rel", m.TotalVariance, trace, tol)
			}
			sum := 0.0
			for j := 0; j < c.k; j++ {
				want := eig[j]
				if c.sigma == 0 && j >= 2 {
					want = 0
				}
				if d := math.Abs(m.Variances[j] - want); d > tol*eig[0] {
					t.Errorf("λ_%d: got %g, want %g ± %g", j+1, m.Variances[j], want, tol*eig[0])
				}
				if d := math.Abs(m.ExplainedRatio[j] - eig[j]/trace); d > tol {
					t.Errorf("ratio_%d: got %g, want %g ± %g", j+1, m.ExplainedRatio[j], eig[j]/trace, tol)
				}
				if j > 0 && m.Variances[j] > m.Variances[j-1] {
					t.Errorf("variances not decreasing: λ_%d = %g > λ_%d = %g", j+1, m.Variances[j], j, m.Variances[j-1])
				}
				sum += m.ExplainedRatio[j]
			}
			if sum > 1+tol {
				t.Errorf("Σ ratio: got %.15g, want ≤ 1", sum)
			}
			if c.wantSum > 0 && math.Abs(sum-c.wantSum) > 1e-9 {
				t.Errorf("Σ ratio: got %.15g, want %g ± 1e-9", sum, c.wantSum)
			}
			var g mat.Dense
			g.Mul(m.Components.T(), m.Components)
			for a := 0; a < c.k; a++ {
				for b := 0; b < c.k; b++ {
					want := 0.0
					if a == b {
						want = 1
					}
					if d := math.Abs(g.At(a, b) - want); d > 1e-12 {
						t.Errorf("VᵀV[%d,%d]: got %g, want %g ± 1e-12", a, b, g.At(a, b), want)
					}
				}
			}
			if !math.IsInf(c.angle, 1) {
				if a := maxPrincipalAngle(m.Components.Slice(0, n, 0, 2).(*mat.Dense), U); a > c.angle {
					t.Errorf("principal angle to the planted axes: got %g rad, want ≤ %g", a, c.angle)
				}
			}
			// Scores: zero mean, covariance diag(λ) (same 1/N normalisation).
			X := m.ProjectTrials(Y)
			_, C := naiveCov(X)
			for a := 0; a < c.k; a++ {
				for b := a; b < c.k; b++ {
					want := 0.0
					if a == b {
						want = m.Variances[a]
						if c.sigma == 0 && a >= 2 {
							want = 0
						}
					}
					if d := math.Abs(C.At(a, b) - want); d > 1e-9*eig[0] {
						t.Errorf("score cov[%d,%d]: got %g, want %g ± %g", a, b, C.At(a, b), want, 1e-9*eig[0])
					}
				}
			}
		})
	}
}

// PCA is FitPCA followed by ProjectTrials, bit for bit, and Project agrees
// with ProjectTrials frame by frame.
func TestPCAIsFitPCAProject(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	Y, _ := plantedLowRank(rng, 9, 40, 3, []float64{3, 1, 0.5}, 0.2)
	got, err := PCA(Y, 3)
	if err != nil {
		t.Fatal(err)
	}
	m, err := FitPCA(Y, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := m.ProjectTrials(Y)
	dst := make([]float64, 3)
	for k := range Y {
		if !mat.Equal(got[k], want[k]) {
			t.Fatalf("trial %d: PCA and FitPCA+ProjectTrials differ", k)
		}
		for tt := 0; tt < 40; tt++ {
			m.Project(dst, Y[k].RawRowView(tt))
			for j, v := range dst {
				if w := want[k].At(tt, j); v != w {
					t.Fatalf("trial %d frame %d score %d: got %g, want %g exactly", k, tt, j, v, w)
				}
			}
		}
	}
}

func TestFitPCABadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2))
	Y, _ := plantedLowRank(rng, 5, 10, 2, []float64{1}, 0.1)
	cases := []struct {
		name string
		Y    []*mat.Dense
		k    int
	}{
		{"no trials", nil, 1},
		{"k = 0", Y, 0},
		{"k > n", Y, 6},
		{"ragged widths", []*mat.Dense{Y[0], mat.NewDense(10, 4, nil)}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := FitPCA(c.Y, c.k); err == nil {
				t.Errorf("FitPCA: got nil error, want one")
			}
			if _, err := PCA(c.Y, c.k); err == nil {
				t.Errorf("PCA: got nil error, want one")
			}
		})
	}
}

// Above partialEigenMinDim neurons FitPCA computes only its k axes
// (linalg.TopEigenSym); they agree with the full decomposition of the
// sample covariance: variances to 1e-10 relative, axes to |dot| ≥ 1 − 1e-10.
func TestFitPCAPartialEigen(t *testing.T) {
	if testing.Short() {
		t.Skip("a 520×520 eigen-decomposition")
	}
	const n, T, K, k = partialEigenMinDim + 20, 40, 20, 2
	rng := rand.New(rand.NewPCG(11, 12))
	Y, _ := plantedLowRank(rng, n, T, K, []float64{4, 2}, 0.3)
	m, err := FitPCA(Y, k)
	if err != nil {
		t.Fatal(err)
	}
	_, S := naiveCov(Y)
	var es mat.EigenSym
	if !es.Factorize(S, true) {
		t.Fatal("EigenSym failed")
	}
	vals := es.Values(nil)
	var V mat.Dense
	es.VectorsTo(&V)
	for j := 0; j < k; j++ {
		c := n - 1 - j
		if d := math.Abs(m.Variances[j] - vals[c]); d > 1e-10*vals[c] {
			t.Errorf("variance %d: %.17g, full decomposition %.17g", j, m.Variances[j], vals[c])
		}
		if d := math.Abs(mat.Dot(m.Components.ColView(j), V.ColView(c))); d < 1-1e-10 {
			t.Errorf("axis %d: |dot| with the full decomposition's = %.17g", j, d)
		}
	}
}
