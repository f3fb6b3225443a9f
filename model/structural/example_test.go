package structural_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/model/structural"
)

// Example runs synapse creation and removal (Fauth & van Rossum 2019,
// Methods) on a small network with the weights frozen at the new-synapse
// weight w₀: every potential-synapse site is then a two-state process that
// fills at rate b and empties at rate d(w₀), so the fraction of occupied
// sites settles at b/(b + d(w₀)), about 4 % with the paper's rates. Time is
// compressed so that one day of turnover takes 100 s.
func Example() {
	p := structural.Default().Compressed(structural.Day / 100)
	p.N = 30
	nt := structural.New(p, rand.New(rand.NewPCG(1, 2)))
	nt.Synaptic = false // keep every weight at w₀; creation and removal stay on

	sites := float64(p.N * (p.N - 1) * p.SMax)
	want := p.B / (p.B + p.RemovalRate(p.W0))
	var mean float64
	const samples = 40
	for s := 1; s <= 2000+samples*50; s++ { // 200 s to settle, then a sample every 5 s
		nt.Step(nil)
		if s > 2000 && s%50 == 0 {
			mean += float64(nt.NumSynapses()) / sites / samples
		}
	}
	created, removed := nt.Events()
	fmt.Printf("expected occupancy b/(b+d(w₀)): %.3f\n", want)
	fmt.Println("measured within 10 %:", math.Abs(mean-want) < 0.1*want)
	fmt.Println("synapses = created − removed:", int64(nt.NumSynapses()) == created-removed)
	// Output:
	// expected occupancy b/(b+d(w₀)): 0.040
	// measured within 10 %: true
	// synapses = created − removed: true
}

// ExampleNetwork_Step clamps two neurons active with a strong stimulus and
// follows one synapse between them: with both rates above 0.5 the weight
// grows by LTP, dw/dt = Δ_LTP (w_max − w), towards w_max (Methods).
func ExampleNetwork_Step() {
	p := structural.Default()
	p.N = 4
	nt := structural.New(p, rand.New(rand.NewPCG(1, 2)))
	nt.Structural = false // no creation or removal: follow one synapse
	nt.AddSynapse(0, 1, 0.3)
	stim := []float64{100, 100, -100, -100} // neurons 0 and 1 on, 2 and 3 off
	for s := 0; s < 400; s++ {              // 40 s
		nt.Step(stim)
	}
	fmt.Println("synapses from 1 onto 0:", nt.Count(0, 1))
	fmt.Println("neurons 0 and 1 active:", nt.V[0] > 0.5 && nt.V[1] > 0.5)
	fmt.Printf("weight after %.0f s: %.2f (w_max %.2f)\n", nt.Time(), nt.PairWeight(0, 1), p.WMax)
	// Output:
	// synapses from 1 onto 0: 1
	// neurons 0 and 1 active: true
	// weight after 40 s: 0.69 (w_max 0.70)
}

// ExampleParams_RemovalRate evaluates the weight-dependent removal rate
// d(w) = d1 + (d0 − d1)/(1 + exp(−β(w_off − w))) at the paper's parameters:
// weak synapses are removed at about d0 = 24 per day, strong ones at d1 =
// 0.03 per day, and at w_off the rate is halfway.
func ExampleParams_RemovalRate() {
	p := structural.Default()
	for _, w := range []float64{p.W0, p.WOff, p.WMax} {
		fmt.Printf("w = %.3f: %.3g per day\n", w, p.RemovalRate(w)*structural.Day)
	}
	// Output:
	// w = 0.001: 23.8 per day
	// w = 0.245: 12 per day
	// w = 0.700: 0.0327 per day
}
