package ssn_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/ssn"
)

// Example reproduces the paper's central effect on the two-population
// (E, I) SSN: a stronger input h quenches the variability of V_E. For each
// h it finds the fixed point (FixedPoint, Newton on −V + h + W r(V) = 0),
// predicts the stationary std of V_E from the linearisation (StationaryCov,
// continuous Lyapunov equation), and at h = 15 mV checks the prediction
// against 50 simulated trials (Sim, Euler–Maruyama at dt = 0.1 ms).
func Example() {
	net := ssn.TwoPop(ssn.TwoPopParams()) // the paper's constants
	var vHigh []float64
	for _, h := range []float64{2, 15} {
		v, err := net.FixedPoint([]float64{h, h}, nil)
		if err != nil {
			panic(err)
		}
		P, err := net.StationaryCov(v)
		if err != nil {
			panic(err)
		}
		fmt.Printf("h = %2.0f mV: r_E = %2.0f Hz, r_I = %2.0f Hz, linear-theory std(V_E) = %.2f mV\n",
			h, net.Rate(v[0]), net.Rate(v[1]), math.Sqrt(P.At(0, 0)))
		vHigh = v
	}

	// Simulate h = 15 mV: one random stream per trial, start at the fixed
	// point with stationary noise, 0.2 s burn-in, then sample V_E every ms.
	const trials, dt = 50, 1e-4
	rngs := make([]*rand.Rand, trials)
	for j := range rngs {
		rngs[j] = rand.New(rand.NewPCG(1, uint64(j)))
	}
	s := ssn.NewSim(net, rngs)
	s.H[0], s.H[1] = 15, 15
	s.SetV(vHigh)
	s.DrawStationaryNoise()
	var sum, sum2, cnt float64
	for k := 0; k < 12000; k++ {
		s.Step(dt)
		if k >= 2000 && k%10 == 0 {
			for j := 0; j < trials; j++ {
				x := s.V[2*j] // V[j*N+i]: unit i (0 = E) of trial j
				sum, sum2, cnt = sum+x, sum2+x*x, cnt+1
			}
		}
	}
	mean := sum / cnt
	sd := math.Sqrt(sum2/cnt - mean*mean)
	P, err := net.StationaryCov(vHigh)
	if err != nil {
		panic(err)
	}
	fmt.Println("h = 15 mV: simulated std(V_E) within 10 % of theory:", math.Abs(sd-math.Sqrt(P.At(0, 0))) < 0.1*math.Sqrt(P.At(0, 0)))
	// Output:
	// h =  2 mV: r_E =  3 Hz, r_I =  4 Hz, linear-theory std(V_E) = 0.96 mV
	// h = 15 mV: r_E = 11 Hz, r_I = 35 Hz, linear-theory std(V_E) = 0.30 mV
	// h = 15 mV: simulated std(V_E) within 10 % of theory: true
}

// ExampleNoiseStd checks the noise scaling of an unconnected unit: driving
// tau dV/dt = −V + eta with Ornstein–Uhlenbeck noise of std
// sigma' = sigma sqrt(1 + tau/tau_eta) gives V a stationary std of exactly
// sigma. The covariance of the joint (V, eta) system solves the continuous
// Lyapunov equation A P + P Aᵀ + D = 0.
func ExampleNoiseStd() {
	const sigma, tau, tauEta = 0.2, 0.02, 0.05 // mV, s, s
	sp := ssn.NoiseStd(sigma, tau, tauEta)
	net := &ssn.Network{
		Tau: []float64{tau}, K: 0.3, Power: 2, TauEta: tauEta,
		W:         ssn.NewDense(mat.NewDense(1, 1, nil)), // no recurrence
		NoiseDiag: sp,
	}
	P, err := net.StationaryCov([]float64{-1}) // V < 0: zero rate and gain
	if err != nil {
		panic(err)
	}
	fmt.Printf("OU std %.4f mV gives std(V) = %.4f mV\n", sp, math.Sqrt(P.At(0, 0)))
	// Output:
	// OU std 0.2366 mV gives std(V) = 0.2000 mV
}

// ExampleRing builds the ring model (16 E and 16 I units, Ring) driven by a
// stimulus at 90° (RingInput, contrast 1) and checks that the E fixed point
// peaks at the unit preferring 90° (unit 4 of 16) and that the stimulus
// quenches variability most there, as in the paper's Fig. 4.
func ExampleRing() {
	p := ssn.TwoPopParams()
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1 // ring noise (authors' code)
	const M = 16
	net := ssn.Ring(p, ssn.RingConfig{M: M, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)})

	stdE := func(contrast float64) (v, sd []float64) {
		h := ssn.RingInput(M, 2, 20, contrast, math.Pi/2, math.Pi/3)
		v, err := net.FixedPoint(h, nil)
		if err != nil {
			panic(err)
		}
		P, err := net.StationaryCov(v)
		if err != nil {
			panic(err)
		}
		sd = make([]float64, M)
		for i := range sd {
			sd[i] = math.Sqrt(P.At(i, i))
		}
		return v[:M], sd
	}
	_, sd0 := stdE(0)
	v1, sd1 := stdE(1)
	argmax, argmin := 0, 0
	for i := 0; i < M; i++ {
		if v1[i] > v1[argmax] {
			argmax = i
		}
		if sd1[i] < sd1[argmin] {
			argmin = i
		}
	}
	fmt.Println("units:", net.N())
	fmt.Println("largest E response at unit:", argmax)
	fmt.Println("smallest E std at unit:", argmin)
	fmt.Println("std at unit 4 less than half its spontaneous value:", sd1[4] < 0.5*sd0[4])
	// Output:
	// units: 32
	// largest E response at unit: 4
	// smallest E std at unit: 4
	// std at unit 4 less than half its spontaneous value: true
}
