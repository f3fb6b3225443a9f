package lds_test

import (
	"context"
	"fmt"
	"math"
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
	lls, err := lds.Fit(context.Background(), m, data, lds.Options{Iters: 50, FitOffset: true})
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

// ExampleModel_Smooth recovers the latents of a known model from its noisy
// observations with the Kalman filter and the RTS smoother: the smoothed
// means (which use every observation) track the planted latents more
// closely than the filtered ones (which use the past only), and the
// posterior covariance of each step says how closely.
func ExampleModel_Smooth() {
	m := &lds.Model{
		A: mat.NewDense(2, 2, []float64{0.95, -0.1, 0.1, 0.95}),
		Q: mat.NewSymDense(2, []float64{0.05, 0, 0, 0.05}),
		C: mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1}),
		R: mat.NewSymDense(3, []float64{0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5}),
	}
	Z, Y, err := m.Sample(rand.New(rand.NewPCG(5, 6)), 500, nil)
	if err != nil {
		panic(err)
	}
	seq := lds.Sequence{Y: Y} // T×N, row t = y_t
	f, err := m.Filter(seq)
	if err != nil {
		panic(err)
	}
	post, err := m.Smooth(seq)
	if err != nil {
		panic(err)
	}
	var errF, errS float64
	for t := 0; t < post.T; t++ {
		for i, v := range post.MeanAt(t) { // E[z_t | y_0..T−1]
			z := Z.At(t, i)
			errS += (v - z) * (v - z)
			fv := f.Mean[t*f.Dim+i] // E[z_t | y_0..t]
			errF += (fv - z) * (fv - z)
		}
	}
	fmt.Println("latents × steps:", post.Dim, "×", post.T)
	fmt.Println("smoothed closer than filtered:", errS < errF)
	fmt.Println("log-likelihoods agree:", math.Abs(f.LogLik-post.LogLik) <= 1e-12*math.Abs(f.LogLik))
	// Output:
	// latents × steps: 2 × 500
	// smoothed closer than filtered: true
	// log-likelihoods agree: true
}
