package drift_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/analysis/drift"
)

// Example plants representational drift by turnover: every cell has a random
// tuning curve over the bins of a repeated stimulus, and between consecutive
// repeats each cell keeps its curve with probability q = 0.8 or draws a new
// one. Population-vector correlations then fall with the number of elapsed
// repeats ℓ (about q^ℓ, as Deitch et al. 2021 measure in mouse visual
// cortex), the time-lapse 1-NN decoder degrades more slowly, and its
// label-shuffle control sits at chance, 1/bins.
func Example() {
	const R, B, N = 8, 10, 60 // repeats × bins × cells
	const q = 0.8
	rng := rand.New(rand.NewPCG(1, 2))
	tuning := make([]float64, B*N) // current curve of each cell, bin-major
	for i := range tuning {
		tuning[i] = rng.ExpFloat64()
	}
	x := drift.Responses{Repeats: R, Bins: B, Cells: N}
	for r := 0; r < R; r++ {
		if r > 0 {
			for n := 0; n < N; n++ {
				if rng.Float64() >= q { // turnover: a new tuning curve
					for b := 0; b < B; b++ {
						tuning[b*N+n] = rng.ExpFloat64()
					}
				}
			}
		}
		x.Data = append(x.Data, tuning...)
	}

	res, err := drift.Analyze(context.Background(), x, drift.Options{Shuffles: 200, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println("lag-curve length:", len(res.PVLag))
	fmt.Println("PV correlation at lag 1 within 0.1 of q:", math.Abs(res.PVLag[0]-q) < 0.1)
	fmt.Println("PV correlation lag 1 > lag 7:", res.PVLag[0] > res.PVLag[R-2])
	fmt.Println("decoder at lag 1 above 0.9:", res.DecoderLag[0] > 0.9)
	fmt.Println("shuffle control within 0.03 of 1/bins:", math.Abs(res.Shuffle-1.0/B) < 0.03)
	// Output:
	// lag-curve length: 7
	// PV correlation at lag 1 within 0.1 of q: true
	// PV correlation lag 1 > lag 7: true
	// decoder at lag 1 above 0.9: true
	// shuffle control within 0.03 of 1/bins: true
}

// ExampleLagCurve averages an R × R matrix of pairwise measures (upper
// triangle; the rest is ignored) along each superdiagonal: entry ℓ−1 is the
// mean over pairs of repeats ℓ apart.
func ExampleLagCurve() {
	const R = 4
	m := make([]float64, R*R)
	for i := range m {
		m[i] = math.NaN()
	}
	for r1 := 0; r1 < R; r1++ {
		for r2 := r1 + 1; r2 < R; r2++ {
			m[r1*R+r2] = 1 - 0.25*float64(r2-r1) // decays by 0.25 per lag
		}
	}
	curve := drift.LagCurve(m, R)
	fmt.Println(curve)
	fmt.Println("lags 1–2 minus lag 3:", drift.LagDifference(curve, 1, 2, 3, 3))
	// Output:
	// [0.75 0.5 0.25]
	// lags 1–2 minus lag 3: 0.375
}

// ExampleNearestNeighbours shows the time-lapse decoder: each bin of the test
// repeat is assigned the bin of the training repeat with the nearest
// population vector. Here the test repeat is the training one with its bins
// in reverse order plus small noise, so the decoder returns the reversal.
func ExampleNearestNeighbours() {
	const B, N = 5, 20
	rng := rand.New(rand.NewPCG(1, 2))
	x := drift.Responses{Repeats: 2, Bins: B, Cells: N, Data: make([]float64, 2*B*N)}
	for b := 0; b < B; b++ {
		for n := 0; n < N; n++ {
			v := rng.ExpFloat64()
			x.Data[b*N+n] = v                                  // repeat 0, bin b
			x.Data[(B+B-1-b)*N+n] = v + 0.05*rng.NormFloat64() // repeat 1, bin B−1−b
		}
	}
	fmt.Println(drift.NearestNeighbours(x, 0, 1))
	// Output:
	// [4 3 2 1 0]
}
