package geometry_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/analysis/geometry"
)

// session draws T responses of 8 cells to one stimulus: a mean of 5 on every
// cell (plus shift), variance 4, 4 and 1 along cells 0, 1 and 2, and noise
// of SD 0.2 on every cell.
func session(rng *rand.Rand, dst []float64, T int, shift []float64) {
	const n = 8
	sd := []float64{2, 2, 1}
	for t := 0; t < T; t++ {
		v := dst[t*n : (t+1)*n]
		for i := range v {
			v[i] = 5 + shift[i] + 0.2*rng.NormFloat64()
			if i < len(sd) {
				v[i] += sd[i] * rng.NormFloat64()
			}
		}
	}
}

// Example measures the geometry of drift between two sessions (Aitken et
// al., PLoS Comput Biol 2022): each stimulus group has a participation-ratio
// dimension D ≈ 2.6, so its variational space holds the first ⌈D⌉ = 3 PCs.
// The drift ratio γ (Eq 9) is the fraction of the drift d = x̄_later −
// x̄_earlier that lies in that space: about 1 when the mean moves along a
// high-variance direction, about 0 when it moves along a silent cell, against
// ⌈D⌉/n = 0.375 for a random direction.
func Example() {
	const S, T, n = 2, 300, 8
	rng := rand.New(rand.NewPCG(1, 2))
	labels := make([]int, T) // one stimulus, shared by both sessions
	for _, c := range []struct {
		name  string
		drift int // cell along which the mean moves by 2
	}{{"drift along a high-variance cell", 0}, {"drift along a silent cell", 5}} {
		x := geometry.Tensor{Sessions: S, Trials: T, Cells: n, Data: make([]float64, S*T*n)}
		shift := make([]float64, n)
		session(rng, x.Data[:T*n], T, shift)
		shift[c.drift] = 2
		session(rng, x.Data[T*n:], T, shift)

		r, err := geometry.Analyze(context.Background(), x, labels, geometry.Options{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: ⌈D⌉ = %d, random γ = %.3f, γ > 0.9: %v, γ < 0.1: %v, overlap Γ > 0.9: %v\n",
			c.name, r.Groups[0].K, r.GammaRandom, r.Gamma > 0.9, r.Gamma < 0.1, r.Overlap > 0.9)
	}
	// Output:
	// drift along a high-variance cell: ⌈D⌉ = 3, random γ = 0.375, γ > 0.9: true, γ < 0.1: false, overlap Γ > 0.9: true
	// drift along a silent cell: ⌈D⌉ = 3, random γ = 0.375, γ > 0.9: false, γ < 0.1: true, overlap Γ > 0.9: true
}

// ExampleFit fits the PCA of one stimulus group whose six responses are
// mean ± a·e_j for j = 0, 1, 2: an exactly flat spectrum of three equal
// variances, so the participation ratio D = (Σv)²/Σv² (Eq 1) is 3 and the
// variational space captures all the variance.
func ExampleFit() {
	const n = 5
	mean := []float64{1, 1, 1, 1, 1}
	var x []float64
	for j := 0; j < 3; j++ {
		for _, s := range []float64{2, -2} {
			row := append([]float64(nil), mean...)
			row[j] += s
			x = append(x, row...)
		}
	}
	p, err := geometry.Fit(x, 6, n)
	if err != nil {
		panic(err)
	}
	fmt.Printf("D = %.3f, ⌈D⌉ = %d, captured = %.3f\n", p.D, p.K(), p.Captured())
	fmt.Printf("variance ratios: %.3f\n", p.Ratio)
	// Output:
	// D = 3.000, ⌈D⌉ = 3, captured = 1.000
	// variance ratios: [0.333 0.333 0.333 0.000 0.000]
}

// ExampleDriftRatio computes γ = ‖P d‖²/‖d‖² (Eq 9) by hand for a group that
// varies along cells 0 and 1 only, and the angle (Eq 6) between the drift
// and the first PC.
func ExampleDriftRatio() {
	x := []float64{ // mean (1, 1, 1); PCs are signed so that the mean projects positively
		4, 1, 1,
		-2, 1, 1,
		1, 2, 1,
		1, 0, 1,
	}
	p, err := geometry.Fit(x, 4, 3)
	if err != nil {
		panic(err)
	}
	d := []float64{1, 0, 1} // half of ‖d‖² along PC 1 (cell 0), half along the silent cell 2
	fmt.Printf("⌈D⌉ = %d, γ = %.3f, angle to PC 1 = %.1f°\n",
		p.K(), geometry.DriftRatio(p, d, p.K()), geometry.Angle(d, p.Dirs[0]))
	fmt.Println("PC 1 is cell 0:", math.Abs(p.Dirs[0][0]-1) < 1e-9)
	// Output:
	// ⌈D⌉ = 2, γ = 0.500, angle to PC 1 = 45.0°
	// PC 1 is cell 0: true
}
