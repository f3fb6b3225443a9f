package lrlds_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
	"neurolab/model/lrlds"
)

// randn returns an r×c matrix of independent N(0, 1) entries.
func randn(rng *rand.Rand, r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, rng.NormFloat64())
		}
	}
	return m
}

// rank1RNN returns a rank-1 linear RNN on n units whose only non-zero
// eigenvalue NᵀM equals 0.8 (stable), with N independent of M.
func rank1RNN(rng *rand.Rand, n int) lrlds.RNN {
	M, N := randn(rng, n, 1), randn(rng, n, 1)
	var NtM mat.Dense
	NtM.Mul(N.T(), M)
	N.Scale(0.8/NtM.At(0, 0), N)
	return lrlds.RNN{M: M, N: N, Sigma: 1}
}

// maxAbsDiff returns max |a − b| over all entries.
func maxAbsDiff(a, b mat.Matrix) float64 {
	var d mat.Dense
	d.Sub(a, b)
	return math.Max(mat.Max(&d), -mat.Min(&d))
}

// Example converts a rank-1 linear RNN on 10 units into its exact latent
// LDS (FromRNN; Valente, Ostojic & Pillow 2022) and checks that the two
// models have the same lagged covariances Cov(x_{t+k}, x_t) = J^k Σx. The
// latent state is s_t = [Nᵀ x_{t−1}; Nᵀ ε_{t−1}], of dimension 2R = 2.
func Example() {
	rnn := rank1RNN(rand.New(rand.NewPCG(1, 2)), 10)
	m, err := lrlds.FromRNN(rnn)
	if err != nil {
		panic(err)
	}
	fmt.Println("latent dimension:", m.Dim(), "observed units:", m.Obs())
	same := true
	for lag := 0; lag <= 5; lag++ {
		want, err := rnn.LaggedCov(lag)
		if err != nil {
			panic(err)
		}
		got, err := m.LaggedCov(lag)
		if err != nil {
			panic(err)
		}
		same = same && maxAbsDiff(got, want) < 1e-9
	}
	fmt.Println("LDS lagged covariances equal the RNN's (lags 0–5):", same)

	// Back again: the best one-step linear predictor of the fully observed
	// LDS is the RNN's own connectivity J = M Nᵀ.
	v, err := lrlds.MarkovPredictor(m)
	if err != nil {
		panic(err)
	}
	fmt.Println("Markov predictor recovers J:", maxAbsDiff(v.J, rnn.J()) < 1e-9)

	// Recording only 3 of the 10 units gives an LDS that is no longer Markov
	// in the observations: a VAR(1) "RNN" on those units is a worse one-step
	// predictor than the LDS's Kalman filter.
	sub := lrlds.SelectUnits(m, []int{0, 1, 2})
	e, err := lrlds.ExcessError(sub)
	if err != nil {
		panic(err)
	}
	fmt.Println("3 of 10 units observed: Markov predictor worse than Kalman:", e > 1e-6)
	// Output:
	// latent dimension: 2 observed units: 10
	// LDS lagged covariances equal the RNN's (lags 0–5): true
	// Markov predictor recovers J: true
	// 3 of 10 units observed: Markov predictor worse than Kalman: true
}

// ExampleExcessError shows the LDS → RNN direction: the best Markov
// (one-step linear, "RNN") predictor of a latent LDS is worse than its
// Kalman predictor, and ExcessError gives the relative excess one-step MSE
// in closed form. The excess vanishes only in a limit case, here observation
// noise R = r I → 0 with C of full column rank (Valente et al. 2022,
// abstract; the lds-lowrank spec's setup d = 2, A = 0.95 Rot(0.2 rad)).
func ExampleExcessError() {
	c, s := math.Cos(0.2), math.Sin(0.2)
	q := 1 - 0.95*0.95 // unit stationary latent variance
	for _, r := range []float64{1, 0.1, 0.01, 0.001} {
		m := &lds.Model{
			A: mat.NewDense(2, 2, []float64{0.95 * c, -0.95 * s, 0.95 * s, 0.95 * c}),
			Q: mat.NewSymDense(2, []float64{q, 0, 0, q}),
			C: mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, -1}),
			R: mat.NewSymDense(3, []float64{r, 0, 0, 0, r, 0, 0, 0, r}),
		}
		e, err := lrlds.ExcessError(m)
		if err != nil {
			panic(err)
		}
		fmt.Printf("R = %g I: Markov excess %.2g %% of the Kalman MSE\n", r, 100*e)
	}
	// Output:
	// R = 1 I: Markov excess 14 % of the Kalman MSE
	// R = 0.1 I: Markov excess 5.6 % of the Kalman MSE
	// R = 0.01 I: Markov excess 0.23 % of the Kalman MSE
	// R = 0.001 I: Markov excess 0.0029 % of the Kalman MSE
}

// ExampleFitVAR1 simulates a rank-1 RNN, fits a VAR(1) "RNN on the
// observed units" by least squares and checks that it recovers the planted
// connectivity and is at least as likely as the truth on the data.
func ExampleFitVAR1() {
	rng := rand.New(rand.NewPCG(1, 2))
	rnn := rank1RNN(rng, 4)
	X, err := rnn.Sample(rng, 20000) // T×n, stationary start
	if err != nil {
		panic(err)
	}
	v, err := lrlds.FitVAR1([]*mat.Dense{X})
	if err != nil {
		panic(err)
	}
	// Coefficient standard errors are ≈ σ/(√T sd(x)) < 0.01.
	fmt.Println("max |Ĵ − J| < 0.05:", maxAbsDiff(v.J, rnn.J()) < 0.05)

	truth := lrlds.VAR1{J: rnn.J(), Sigma: mat.NewSymDense(4, []float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1})}
	llFit, err := v.LogLikelihood(X)
	if err != nil {
		panic(err)
	}
	llTrue, err := truth.LogLikelihood(X)
	if err != nil {
		panic(err)
	}
	fmt.Println("fit at least as likely as the truth:", llFit >= llTrue)

	// The same data are exactly as likely under the RNN's latent LDS.
	m, err := lrlds.FromRNN(rnn)
	if err != nil {
		panic(err)
	}
	llLDS, err := m.LogLikelihood(lds.Sequence{Y: X})
	if err != nil {
		panic(err)
	}
	fmt.Println("LDS and VAR(1) likelihoods agree:", math.Abs(llLDS-llTrue) < 1e-6*math.Abs(llTrue))
	// Output:
	// max |Ĵ − J| < 0.05: true
	// fit at least as likely as the truth: true
	// LDS and VAR(1) likelihoods agree: true
}
