package svm

import (
	"math/rand/v2"
	"testing"
)

// svcData is the bench suite's linear-svc workload: two overlapping Gaussian
// classes with means ±μ, μ_j ~ N(0, 0.3²).
func svcData(n, d int) ([]float64, []int) {
	rng := rand.New(rand.NewPCG(29, 0))
	mu := make([]float64, d)
	for j := range mu {
		mu[j] = 0.3 * rng.NormFloat64()
	}
	x, y := make([]float64, n*d), make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = 2*(i%2) - 1
		for j := 0; j < d; j++ {
			x[i*d+j] = float64(y[i])*mu[j] + rng.NormFloat64()
		}
	}
	return x, y
}

func BenchmarkTrain_n10000_d100(b *testing.B) {
	x, y := svcData(10000, 100)
	opt := Options{C: 0.1, Loss: SquaredHinge, Tol: 1e-4, MaxIter: 1000}
	var iters int
	for b.Loop() {
		m, err := Train(x, y, 100, opt, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			b.Fatal(err)
		}
		iters = m.Iters
	}
	b.ReportMetric(float64(iters), "passes")
}
