package spiking_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/spiking"
)

// Example simulates a three-neuron linear Hawkes network exactly, event by
// event, and checks the measured rates against the stationary rates of a
// linear Hawkes process, r = (I − W τ)⁻¹ μ (W τ is the branching matrix;
// its spectral radius must be below 1).
func Example() {
	const N, tau, T = 3, 1.0, 20000.0 // time in units of τ
	// W[i*N+j] is the jump of λ_i after a spike of j.
	W := []float64{
		0, 0.3, 0,
		0.2, 0, 0.2,
		0, 0.4, 0,
	}
	mu := []float64{1, 0.5, 0.2} // baseline intensities

	h := spiking.NewHawkes(N, tau, rand.New(rand.NewPCG(1, 2)))
	copy(h.W, W)
	for i, m := range mu {
		h.SetBase(i, m)
	}
	count := make([]int, N)
	for {
		i, ok := h.Next(T)
		if !ok {
			break
		}
		h.Fire(i) // apply the spike's kernel: λ_k += W_ki
		count[i]++
	}

	// Theory: (I − W τ) r = μ.
	A := mat.NewDense(N, N, nil)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			A.Set(i, j, -W[i*N+j]*tau)
		}
		A.Set(i, i, A.At(i, i)+1)
	}
	var r mat.VecDense
	if err := r.SolveVec(A, mat.NewVecDense(N, mu)); err != nil {
		panic(err)
	}
	for i := 0; i < N; i++ {
		got := float64(count[i]) / T
		fmt.Printf("neuron %d: theory %.2f spikes/τ, measured within 5 %%: %v\n",
			i, r.AtVec(i), math.Abs(got-r.AtVec(i)) < 0.05*r.AtVec(i))
	}
	// Output:
	// neuron 0: theory 1.26 spikes/τ, measured within 5 %: true
	// neuron 1: theory 0.86 spikes/τ, measured within 5 %: true
	// neuron 2: theory 0.54 spikes/τ, measured within 5 %: true
}

// ExampleSTDP shows the symmetric STDP rule: a pre/post pair at lag Δt
// changes both W_ij and W_ji by the same window value
// μ(A_p e^{−|Δt|/τ_p} + A_d e^{−|Δt|/τ_d}), whatever the order of the
// spikes. With A_p τ_p + A_d τ_d < 0 the window's integral is negative, so
// uncorrelated Poisson spiking depresses the weights on average.
func ExampleSTDP() {
	const tauP, tauD, aP, aD, muSTDP = 1.0, 2.0, 1.0, -0.6, 0.01
	s := spiking.NewSTDP(2, tauP, tauD, aP, aD, muSTDP, 0, 1)
	W := []float64{0.5, 0.5, 0.5, 0.5} // 2×2, row = target
	s.Spike(W, 0, 3.0)                 // neuron 0 at t = 3
	s.Spike(W, 1, 3.5)                 // neuron 1 at t = 3.5: Δt = 0.5
	dw := s.Window(0.5)
	fmt.Println("W_01 and W_10 both changed by Window(0.5):",
		math.Abs(W[0*2+1]-0.5-dw) < 1e-12 && math.Abs(W[1*2+0]-0.5-dw) < 1e-12)
	fmt.Println("close pairs potentiate:", dw > 0)
	fmt.Println("distant pairs depress:", s.Window(3) < 0)
	fmt.Println("net drift under uncorrelated spiking is negative:", s.Integral() < 0)
	// Output:
	// W_01 and W_10 both changed by Window(0.5): true
	// close pairs potentiate: true
	// distant pairs depress: true
	// net drift under uncorrelated spiking is negative: true
}

// ExampleNewLIFNet drives one current-based LIF neuron (no synapses) with a
// constant input and compares its rate with the closed form
// 1/(t_ref + τ_m ln((V∞ − V_reset)/(V∞ − V_th))), V∞ = V_rest + I. The CUBA
// engine integrates the linear subthreshold dynamics exactly, so the rate is
// off only by the 0.1 ms time grid.
func ExampleNewLIFNet() {
	p := spiking.LIFParams{
		N: 1, NE: 1, TauM: 20, TauE: 5, TauI: 10, // ms
		VRest: -60, VThresh: -50, VReset: -60, Refractory: 5, // mV, ms
		I: 15, Dt: 0.1, Current: true,
	}
	net, err := spiking.NewLIFNet(p, spiking.RandomCSR(1, 0, nil)) // no connections
	if err != nil {
		panic(err)
	}
	st, err := net.Run(10000) // 1 s
	if err != nil {
		panic(err)
	}
	vInf := p.VRest + p.I
	theory := 1000 / (p.Refractory + p.TauM*math.Log((vInf-p.VReset)/(vInf-p.VThresh)))
	fmt.Printf("theory %.1f Hz, simulated %d spikes in 1 s\n", theory, st.Spikes)
	// Output:
	// theory 37.1 Hz, simulated 37 spikes in 1 s
}

// ExampleNewCOBA runs the conductance-based benchmark network of Brette et
// al. (2007; 4000 LIF neurons, Vogels & Abbott 2005) for 200 ms and checks
// that it sits in the asynchronous irregular regime: moderate rates and
// irregular inter-spike intervals.
func ExampleNewCOBA() {
	net, err := spiking.NewCOBA(spiking.COBAParams(), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		panic(err)
	}
	st, err := net.Run(2000) // 2000 steps of 0.1 ms
	if err != nil {
		panic(err)
	}
	fmt.Println("neurons:", net.P.N)
	fmt.Println("E and I rates between 5 and 50 Hz:", st.RateE > 5 && st.RateE < 50 && st.RateI > 5 && st.RateI < 50)
	fmt.Println("mean ISI CV above 0.5:", st.CV > 0.5)
	// Output:
	// neurons: 4000
	// E and I rates between 5 and 50 Hz: true
	// mean ISI CV above 0.5: true
}
