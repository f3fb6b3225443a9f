package dimred_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/dimred"
	"neurolab/synth/calcium"
)

// Example is the workflow of Koh et al. (2023) on calcium imaging trials:
// simulate fluorescence from a CILDS with two planted latents (eq. 1–3),
// initialise by OASIS then an LDS on the inferred spikes (InitCILDS), fit by
// EM, smooth, and score the recovered latents against the planted ones by
// the cross-validated R² of a linear alignment (CVR2).
func Example() {
	const q, p, T, K = 8, 2, 60, 12 // neurons, latents, frames, trials
	rng := rand.New(rand.NewPCG(1, 2))
	par := calcium.DemoCILDS(rng, q, p)
	Y := make([]*mat.Dense, K) // fluorescence, T×q per trial
	Z := make([]*mat.Dense, K) // planted latents, T×p (row t: z_{t+1})
	for k := range Y {
		Y[k], _, Z[k] = calcium.SampleCILDS(rng, par, T)
	}

	ctx := context.Background()
	m, err := dimred.InitCILDS(ctx, Y, p, 20)
	if err != nil {
		panic(err)
	}
	lls, err := m.Fit(ctx, Y, dimred.FitOptions{Iters: 30})
	if err != nil {
		panic(err) // includes dimred.ErrLikelihoodDecreased
	}
	post, _, err := m.EStep(ctx, Y, 1)
	if err != nil {
		panic(err)
	}
	est := make([]*mat.Dense, K)
	for k, s := range post {
		est[k] = s.Z(m.Neurons()) // row t: E[z_{t+1} | y], as Z
	}
	monotone := true
	for i := 1; i < len(lls); i++ {
		monotone = monotone && lls[i] >= lls[i-1]-1e-9*math.Abs(lls[i-1])
	}
	fmt.Println("latents:", m.Latents(), "neurons:", m.Neurons())
	fmt.Println("EM log-likelihood monotone:", monotone)
	r2 := dimred.CVR2(est, Z)
	fmt.Println("CILDS cross-validated latent R² > 0.8:", r2 > 0.8)

	// An LDS fitted directly to the fluorescence (the paper's baseline)
	// ignores the slow calcium dynamics and recovers the latents worse.
	Xl, _, err := dimred.LDS(ctx, Y, p, 50)
	if err != nil {
		panic(err)
	}
	fmt.Println("LDS on fluorescence below CILDS:", dimred.CVR2(Xl, Z) < r2)
	// Output:
	// latents: 2 neurons: 8
	// EM log-likelihood monotone: true
	// CILDS cross-validated latent R² > 0.8: true
	// LDS on fluorescence below CILDS: true
}

// plantedFA returns K trials of T frames of n neurons driven by k
// independent N(0, 1) factors through random loadings, plus unit private
// noise, and the factors themselves.
func plantedFA(rng *rand.Rand, n, k, T, K int) (Y, Z []*mat.Dense) {
	L := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			L.Set(i, j, 2*rng.NormFloat64())
		}
	}
	for tr := 0; tr < K; tr++ {
		y, z := mat.NewDense(T, n, nil), mat.NewDense(T, k, nil)
		for t := 0; t < T; t++ {
			for j := 0; j < k; j++ {
				z.Set(t, j, rng.NormFloat64())
			}
			for i := 0; i < n; i++ {
				s := rng.NormFloat64()
				for j := 0; j < k; j++ {
					s += L.At(i, j) * z.At(t, j)
				}
				y.Set(t, i, s)
			}
		}
		Y, Z = append(Y, y), append(Z, z)
	}
	return Y, Z
}

// ExamplePCA projects the frames on their top principal axes and measures,
// with CVR2, how much of the planted factors the projections capture.
func ExamplePCA() {
	rng := rand.New(rand.NewPCG(1, 2))
	Y, Z := plantedFA(rng, 10, 2, 100, 10)
	X, err := dimred.PCA(Y, 2)
	if err != nil {
		panic(err)
	}
	r, c := X[0].Dims()
	fmt.Println("trials:", len(X), "frames × components:", r, "×", c)
	r2 := dimred.CVR2(X, Z)
	fmt.Println("cross-validated R² > 0.9:", r2 > 0.9)
	// Output:
	// trials: 10 frames × components: 100 × 2
	// cross-validated R² > 0.9: true
}

// ExampleFitPCA keeps the fitted model: the mean frame, the principal axes
// (loadings), the variance along each and the fraction of the total
// variance it explains. With 2 planted factors of loading sd 2 and unit
// private noise in 10 neurons, the first two axes explain most of the
// variance and the rest are flat at the noise level.
func ExampleFitPCA() {
	rng := rand.New(rand.NewPCG(1, 2))
	Y, _ := plantedFA(rng, 10, 2, 100, 10)
	m, err := dimred.FitPCA(Y, 4)
	if err != nil {
		panic(err)
	}
	n, k := m.Components.Dims()
	fmt.Println("neurons × components:", n, "×", k)
	fmt.Printf("explained variance ratios: %.2f\n", m.ExplainedRatio)
	fmt.Println("first two explain > 80%:", m.ExplainedRatio[0]+m.ExplainedRatio[1] > 0.8)
	x := make([]float64, k)
	m.Project(x, Y[0].RawRowView(0)) // scores of one frame
	fmt.Println("scores of one frame:", len(x))
	// Output:
	// neurons × components: 10 × 4
	// explained variance ratios: [0.65 0.28 0.01 0.01]
	// first two explain > 80%: true
	// scores of one frame: 4
}

// ExampleFitFA chooses the number of factors by the Bayesian information
// criterion, BIC = −2ℓ + m log N with m = nk + 2n − k(k−1)/2 free
// parameters, from factor-analysis fits by EM (Rubin & Thayer 1982) with
// k = 1..4 factors on data with 3 planted factors.
func ExampleFitFA() {
	const n, planted, T, K = 10, 3, 200, 5
	rng := rand.New(rand.NewPCG(1, 2))
	Y, _ := plantedFA(rng, n, planted, T, K)
	N := T * K // frames; FA treats them as independent
	best, bestBIC := 0, math.Inf(1)
	for k := 1; k <= 4; k++ {
		_, lls, err := dimred.FitFA(Y, k, 200)
		if err != nil {
			panic(err)
		}
		m := float64(n*k + 2*n - k*(k-1)/2)
		bic := -2*lls[len(lls)-1] + m*math.Log(float64(N)) // lls: total log-likelihood per EM iteration
		if bic < bestBIC {
			best, bestBIC = k, bic
		}
	}
	fmt.Println("factors chosen by BIC:", best)
	// Output:
	// factors chosen by BIC: 3
}

// ExampleFitGPFA fits Gaussian-process factor analysis (Yu et al. 2009) to
// trials driven by one smooth latent with a planted GP time scale of 4 bins,
// and reads back the time scale and the smoothed latent.
func ExampleFitGPFA() {
	const q, T, K, tau = 8, 40, 10, 4.0
	rng := rand.New(rand.NewPCG(1, 2))
	load := make([]float64, q)
	for i := range load {
		load[i] = 1 + rng.Float64()
	}
	var Y, Z []*mat.Dense
	for k := 0; k < K; k++ {
		x := calcium.GP(rng, T, tau) // squared-exponential GP, unit variance
		y, z := mat.NewDense(T, q, nil), mat.NewDense(T, 1, nil)
		for t := 0; t < T; t++ {
			z.Set(t, 0, x[t])
			for i := 0; i < q; i++ {
				y.Set(t, i, load[i]*x[t]+0.5*rng.NormFloat64())
			}
		}
		Y, Z = append(Y, y), append(Z, z)
	}
	m, lls, err := dimred.FitGPFA(context.Background(), Y, 1, dimred.GPFAOptions{Iters: 100})
	if err != nil {
		panic(err)
	}
	X, _, err := m.Infer(Y)
	if err != nil {
		panic(err)
	}
	monotone := true
	for i := 1; i < len(lls); i++ {
		monotone = monotone && lls[i] >= lls[i-1]-1e-9*math.Abs(lls[i-1])
	}
	fmt.Println("EM log-likelihood monotone:", monotone)
	fmt.Println("τ within 20 % of planted:", math.Abs(m.Tau[0]-tau) < 0.2*tau)
	fmt.Println("cross-validated latent R² > 0.95:", dimred.CVR2(X, Z) > 0.95)
	// Output:
	// EM log-likelihood monotone: true
	// τ within 20 % of planted: true
	// cross-validated latent R² > 0.95: true
}

// ExampleTrials starts from a whole recording in the layout of Suite2p's
// F.npy and of analysis/deconv (cells × frames), cuts it into trials at the
// stimulus onsets, and fits them: every fitting function here takes trials
// as frames × neurons. Each cell carries a planted trial-locked response
// (a 1-D latent with cell-specific weights) plus noise; the first principal
// component recovers it.
func ExampleTrials() {
	const cells, frames, L = 6, 1000, 20
	rng := rand.New(rand.NewPCG(3, 4))
	onsets := []int{50, 200, 350, 500, 650, 800}
	latent := make([]float64, frames)
	for _, s := range onsets {
		for t := 0; t < L; t++ {
			latent[s+t] = math.Sin(math.Pi * float64(t) / L)
		}
	}
	F := mat.NewDense(cells, frames, nil) // cells × frames
	for i := 0; i < cells; i++ {
		w := 1 + 0.5*float64(i)
		for t := 0; t < frames; t++ {
			F.Set(i, t, w*latent[t]+0.1*rng.NormFloat64())
		}
	}
	Y, err := dimred.Trials(F, onsets, L)
	if err != nil {
		panic(err)
	}
	r, c := Y[0].Dims()
	fmt.Println("trials:", len(Y), "each frames × neurons:", r, "×", c)
	m, err := dimred.FitPCA(Y, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println("PC 1 explains > 90%:", m.ExplainedRatio[0] > 0.9)
	_, err = dimred.Trials(F, []int{990}, L) // runs past the last frame
	fmt.Println(err)
	// Output:
	// trials: 6 each frames × neurons: 20 × 6
	// PC 1 explains > 90%: true
	// dimred: Trials: onset 990 (trial 0) leaves no 20 frames in a recording of 1000 (want 0..980)
}
