package averages_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"neurolab/analysis/averages"
	"neurolab/analysis/stats"
)

// simulate draws a trials × neurons count matrix for two stimulus classes
// with mean patterns mu[0], mu[1] (alternating labels). Each trial has a
// random overall gain; with jitter > 0 each neuron's rate is also multiplied
// by its own log-normal factor exp(jitter·z), trial-specific structure that
// the class average does not describe.
func simulate(rng *rand.Rand, mu [2][]float64, trials int, jitter float64) (*mat.Dense, []int) {
	N := len(mu[0])
	counts := mat.NewDense(trials, N, nil)
	labels := make([]int, trials)
	pois := distuv.Poisson{Src: rng}
	for i := 0; i < trials; i++ {
		c := i % 2
		labels[i] = c
		gain := 0.5 + rng.Float64() // U(0.5, 1.5)
		for n := 0; n < N; n++ {
			pois.Lambda = gain * mu[c][n] * math.Exp(jitter*rng.NormFloat64())
			counts.Set(i, n, pois.Rand())
		}
	}
	return counts, labels
}

// Example runs the average test of Tlaie et al. (PLoS Comput Biol 2024) on
// two simulated populations of 40 neurons. In the first, every trial is the
// class average plus Poisson noise (any gain): a trial is then as similar to
// its class template as the Poisson surrogates drawn from that template, so
// the percentiles are uniform (mean ½). In the second, trials also carry
// neuron-specific trial-to-trial structure: they sit below their surrogates
// (low percentiles), although the classes stay distinguishable (SI > 0).
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	var mu [2][]float64
	for c := range mu {
		mu[c] = make([]float64, 40)
		for n := range mu[c] {
			mu[c][n] = 3 * math.Exp(rng.NormFloat64()) // log-normal mean counts
		}
	}
	for _, jitter := range []float64{0, 1} {
		counts, labels := simulate(rng, mu, 200, jitter)
		res, err := averages.Test(context.Background(), counts, labels, 2, averages.Options{Surrogates: 50, Seed: 1})
		if err != nil {
			panic(err)
		}
		perc, si := stats.MeanNaN(res.Perc), stats.MeanNaN(res.SI)
		fmt.Printf("jitter %g: mean percentile within 0.1 of ½: %v, below 0.25: %v, mean SI > 0: %v\n",
			jitter, math.Abs(perc-0.5) < 0.1, perc < 0.25, si > 0)
	}
	// Output:
	// jitter 0: mean percentile within 0.1 of ½: true, below 0.25: false, mean SI > 0: true
	// jitter 1: mean percentile within 0.1 of ½: false, below 0.25: true, mean SI > 0: true
}

// ExampleReliability computes the class templates (mean count vector per
// class) and, per trial, the reliability ρ_i = corr(r_i, T_own), the
// correlation ρ'_i with the other class and the specificity SI_i = ρ_i − ρ'_i.
// Here each trial is a multiple of its template and the two templates are
// mirror images, so ρ = 1, ρ' = −1 and SI = 2.
func ExampleReliability() {
	counts := mat.NewDense(4, 3, []float64{
		1, 2, 3,
		3, 2, 1,
		2, 4, 6,
		6, 4, 2,
	})
	labels := []int{0, 1, 0, 1}
	tm, err := averages.Templates(counts, labels, 2)
	if err != nil {
		panic(err)
	}
	rho, rhoOther, si := make([]float64, 4), make([]float64, 4), make([]float64, 4)
	averages.Reliability(rho, rhoOther, si, counts, tm, labels)
	fmt.Println("templates:", tm.RawRowView(0), tm.RawRowView(1))
	fmt.Printf("trial 0: ρ = %.3f, ρ' = %.3f, SI = %.3f\n", rho[0], rhoOther[0], si[0])
	// Output:
	// templates: [1.5 3 4.5] [4.5 3 1.5]
	// trial 0: ρ = 1.000, ρ' = -1.000, SI = 2.000
}

// ExamplePermutedSI is the label-permutation control: with class labels
// shuffled, the templates lose their class specificity and the mean SI drops
// to about 0, far below the SI of the true labels.
func ExamplePermutedSI() {
	rng := rand.New(rand.NewPCG(3, 4))
	var mu [2][]float64
	for c := range mu {
		mu[c] = make([]float64, 40)
		for n := range mu[c] {
			mu[c][n] = 3 * math.Exp(rng.NormFloat64())
		}
	}
	counts, labels := simulate(rng, mu, 200, 0)
	tm, err := averages.Templates(counts, labels, 2)
	if err != nil {
		panic(err)
	}
	rho, rhoOther, si := make([]float64, 200), make([]float64, 200), make([]float64, 200)
	averages.Reliability(rho, rhoOther, si, counts, tm, labels)
	perm, err := averages.PermutedSI(rng, counts, labels, 2)
	if err != nil {
		panic(err)
	}
	fmt.Println("true labels: mean SI above 0.3:", stats.MeanNaN(si) > 0.3)
	fmt.Println("permuted labels: |mean SI| below 0.1:", math.Abs(perm) < 0.1)
	// Output:
	// true labels: mean SI above 0.3: true
	// permuted labels: |mean SI| below 0.1: true
}
