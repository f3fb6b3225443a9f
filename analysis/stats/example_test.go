package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/stats"
)

// placeMaps returns a cells × bins rate map in which cell c fires around bin
// (c·7) mod bins (Gaussian field, SD 1.5 bins), plus noise of SD 0.1.
func placeMaps(rng *rand.Rand, cells, bins int) *mat.Dense {
	m := mat.NewDense(cells, bins, nil)
	for c := 0; c < cells; c++ {
		centre := float64((c * 7) % bins)
		for b := 0; b < bins; b++ {
			z := (float64(b) - centre) / 1.5
			m.Set(c, b, math.Exp(-z*z/2)+0.1*rng.NormFloat64())
		}
	}
	return m
}

// Example compares two recordings of the same place-cell population with the
// correlations of Deitch et al. (Curr Biol 2021) and Sheintuch et al. (Curr
// Biol 2020): the population-vector (PV) correlation, the mean over bins of
// the across-cell correlation, is high for the same map recorded twice and
// near 0 after shuffling cell identities; the per-cell tuning-curve
// correlations are summarised with MeanNaN, which skips undefined values.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	const cells, bins = 60, 20
	day1, day2 := placeMaps(rng, cells, bins), placeMaps(rng, cells, bins)

	shuffled := mat.NewDense(cells, bins, nil)
	for i, p := range rng.Perm(cells) {
		shuffled.SetRow(i, day2.RawRowView(p))
	}
	tuning := make([]float64, cells)
	stats.TuningCorrelations(tuning, day1, day2)

	fmt.Println("same map: PV correlation > 0.8:", stats.PVCorrelation(day1, day2) > 0.8)
	fmt.Println("shuffled cells: |PV correlation| < 0.2:", math.Abs(stats.PVCorrelation(day1, shuffled)) < 0.2)
	fmt.Println("median tuning-curve correlation > 0.8:", stats.MedianNaN(tuning) > 0.8)
	// Output:
	// same map: PV correlation > 0.8: true
	// shuffled cells: |PV correlation| < 0.2: true
	// median tuning-curve correlation > 0.8: true
}

// ExamplePearson shows the missing-value rules: pairs with a NaN are
// dropped, and a correlation with a constant vector is undefined (NaN), which
// MeanNaN then skips instead of counting it as 0.
func ExamplePearson() {
	r1 := stats.Pearson([]float64{1, 2, 3, math.NaN()}, []float64{2, 4, 6, 100})
	r2 := stats.Pearson([]float64{1, 2, 3}, []float64{5, 5, 5})
	fmt.Println(r1, r2, stats.MeanNaN([]float64{r1, r2}))
	// Output:
	// 1 NaN 1
}

// ExampleAdjustedRand compares two clusterings of the same items (Hubert &
// Arabie 1985): 1 for identical partitions whatever the label names; moving
// one item to another cluster gives (7 − 2.5)/(9.5 − 2.5) = 0.643 (Eq 5).
func ExampleAdjustedRand() {
	truth := []int{0, 0, 0, 1, 1, 1, 2, 2, 2}
	fmt.Printf("%.3f\n", stats.AdjustedRand(truth, []int{5, 5, 5, 3, 3, 3, 9, 9, 9}))
	fmt.Printf("%.3f\n", stats.AdjustedRand(truth, []int{0, 0, 1, 1, 1, 1, 2, 2, 2}))
	// Output:
	// 1.000
	// 0.643
}

// ExampleMannWhitney tests whether one sample tends to exceed another: U
// counts the pairs with x > y, AUC = U/(n_x n_y), and p is two-sided (normal
// approximation).
func ExampleMannWhitney() {
	rng := rand.New(rand.NewPCG(3, 4))
	x, y := make([]float64, 50), make([]float64, 50)
	for i := range x {
		x[i] = 1 + rng.NormFloat64() // shifted by one SD
		y[i] = rng.NormFloat64()
	}
	_, auc, p := stats.MannWhitney(x, y)
	fmt.Println("AUC between 0.65 and 0.9:", auc > 0.65 && auc < 0.9)
	fmt.Println("p < 0.01:", p < 0.01)

	u, auc, _ := stats.MannWhitney([]float64{3, 4}, []float64{1, 2, 3})
	fmt.Println("U =", u, "AUC =", auc) // 3 > 1, 2 (tie with 3 counts ½); 4 > all
	// Output:
	// AUC between 0.65 and 0.9: true
	// p < 0.01: true
	// U = 5.5 AUC = 0.9166666666666666
}

// ExamplePercentile gives the mid-rank percentile of a value within a
// surrogate sample (Tlaie et al. 2024), the basis of a surrogate test; NaN
// surrogates are ignored.
func ExamplePercentile() {
	s := []float64{0.1, 0.2, 0.3, 0.4, math.NaN()}
	fmt.Println(stats.Percentile(0.35, s), stats.Percentile(0.3, s), stats.Percentile(1, s))
	// Output:
	// 0.75 0.625 1
}
