package lds_test

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
)

// Example fits a two-dimensional latent LDS to data simulated from one, by
// EM from a PCA start, and checks that the log-likelihood never decreased.
func Example() {
	truth := &lds.Model{
		A: mat.NewDense(2, 2, []float64{0.9, -0.2, 0.2, 0.9}),
		Q: mat.NewSymDense(2, []float64{0.1, 0, 0, 0.1}),
		C: mat.NewDense(4, 2, []float64{1, 0, 0, 1, 1, 1, 1, -1}),
		R: mat.NewSymDense(4, []float64{0.2, 0, 0, 0, 0, 0.2, 0, 0, 0, 0, 0.2, 0, 0, 0, 0, 0.2}),
	}
	_, Y, err := truth.Sample(rand.New(rand.NewPCG(1, 2)), 2000, nil)
	if err != nil {
		panic(err)
	}
	data := []lds.Sequence{{Y: Y}}
	m, err := lds.InitPCA(data, 2)
	if err != nil {
		panic(err)
	}
	lls, err := lds.Fit(m, data, lds.Options{Iters: 50, FitOffset: true})
	if err != nil {
		panic(err)
	}
	monotone := true
	for k := 1; k < len(lls); k++ {
		monotone = monotone && lls[k] >= lls[k-1]-1e-9*(-lls[k-1])
	}
	llTrue, _ := truth.LogLikelihood(data[0])
	fmt.Println("monotone:", monotone)
	fmt.Println("fit at least as likely as the truth:", lls[len(lls)-1] > llTrue)
	// Output:
	// monotone: true
	// fit at least as likely as the truth: true
}
