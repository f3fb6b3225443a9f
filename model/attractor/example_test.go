package attractor_test

import (
	"context"
	"fmt"

	"neurolab/model/attractor"
)

// bistable is dx/dt = x − x³ (per coordinate): stable nodes at ±1, an
// unstable node at 0, so 2^2 = 4 attractors in two dimensions.
type bistable struct{}

func (bistable) Dim() int { return 2 }
func (bistable) Deriv(dst, x []float64) {
	for i, v := range x {
		dst[i] = v - v*v*v
	}
}

func ExampleFind() {
	var seeds [][]float64
	for _, a := range []float64{-1.5, -0.3, 0.4, 2} {
		for _, b := range []float64{-2, -0.2, 0.1, 1.2} {
			seeds = append(seeds, []float64{a, b})
		}
	}
	res, err := attractor.Find(context.Background(), bistable{}, seeds, attractor.Options{Dt: 0.01, MaxTime: 50})
	if err != nil {
		panic(err)
	}
	for _, f := range res.Stable() {
		fmt.Printf("(%+.0f, %+.0f) %s\n", f.X[0], f.X[1], f.Kind)
	}
	// Output:
	// (-1, -1) stable node
	// (-1, +1) stable node
	// (+1, -1) stable node
	// (+1, +1) stable node
}
