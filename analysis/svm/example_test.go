package svm_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/analysis/svm"
)

// Example trains a linear SVC on a separable problem with a planted maximum
// margin. The classes lie on either side of the line u·x = 0 with u = (cos
// 30°, sin 30°), at distance at least γ = 0.5 and with points exactly at γ
// (the support vectors); the examples come in mirrored pairs (x, +1),
// (−x, −1), so the optimal bias is 0. With a large penalty C the soft-margin
// dual (Hsieh et al. 2008, Eq 2) approaches the hard-margin solution w =
// u/γ, whose geometric margin 1/‖w‖ is γ.
func Example() {
	const gamma = 0.5
	u := []float64{math.Cos(math.Pi / 6), math.Sin(math.Pi / 6)}
	v := []float64{-u[1], u[0]} // along the boundary
	rng := rand.New(rand.NewPCG(1, 2))
	var x []float64
	var y []int
	for i := 0; i < 50; i++ {
		d := gamma // distance from the boundary: γ for the first points
		if i >= 4 {
			d += rng.ExpFloat64()
		}
		t := 2 * rng.NormFloat64()
		p := []float64{d*u[0] + t*v[0], d*u[1] + t*v[1]}
		x = append(x, p[0], p[1], -p[0], -p[1])
		y = append(y, 1, -1)
	}

	m, err := svm.Train(x, y, 2, svm.Options{C: 1e6, Loss: svm.Hinge, Tol: 1e-9, MaxIter: 100000}, rng)
	if err != nil {
		panic(err)
	}
	norm := math.Hypot(m.W[0], m.W[1])
	cos := (m.W[0]*u[0] + m.W[1]*u[1]) / norm
	fmt.Printf("geometric margin 1/‖w‖: %.3f (planted %.3f)\n", 1/norm, gamma)
	fmt.Println("normal within 0.1° of the planted one:", math.Acos(min(cos, 1)) < 0.1*math.Pi/180)
	fmt.Println("bias near 0:", math.Abs(m.B) < 1e-3)
	fmt.Println("training accuracy:", m.Accuracy(x, y))
	// Output:
	// geometric margin 1/‖w‖: 0.500 (planted 0.500)
	// normal within 0.1° of the planted one: true
	// bias near 0: true
	// training accuracy: 1
}

// ExampleCrossValidate estimates held-out accuracy by 10-fold
// cross-validation on two Gaussian classes whose means differ by 2 standard
// deviations along one of 4 features (d′ = 2): the Bayes accuracy is
// Φ(d′/2) ≈ 0.841, which a linear SVC approaches.
func ExampleCrossValidate() {
	const n, dim = 300, 4
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n*dim)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = 2*(i%2) - 1
		for j := 0; j < dim; j++ {
			x[i*dim+j] = rng.NormFloat64()
		}
		x[i*dim+1] += float64(y[i])
	}
	acc, err := svm.CrossValidate(context.Background(), x, y, dim, 10, svm.Options{}, rng)
	if err != nil {
		panic(err)
	}
	fmt.Println("10-fold accuracy within 0.06 of 0.841:", math.Abs(acc-0.841) < 0.06)
	// Output:
	// 10-fold accuracy within 0.06 of 0.841: true
}

// ExampleModel_Predict classifies new points with a trained model: the sign
// of the decision value W·x + B.
func ExampleModel_Predict() {
	// Two clusters around (2, 2) (class +1) and (−2, −2) (class −1).
	rng := rand.New(rand.NewPCG(1, 2))
	var x []float64
	var y []int
	for i := 0; i < 40; i++ {
		c := float64(2*(i%2) - 1)
		x = append(x, 2*c+0.5*rng.NormFloat64(), 2*c+0.5*rng.NormFloat64())
		y = append(y, int(c))
	}
	m, err := svm.Train(x, y, 2, svm.Options{}, rng)
	if err != nil {
		panic(err)
	}
	for _, p := range [][]float64{{3, 1}, {-1, -3}, {0.5, 2}} {
		fmt.Printf("%v → %+d (decision > 0: %v)\n", p, m.Predict(p), m.Decision(p) > 0)
	}
	// Output:
	// [3 1] → +1 (decision > 0: true)
	// [-1 -3] → -1 (decision > 0: false)
	// [0.5 2] → +1 (decision > 0: true)
}
