package ssn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// eulerStd returns the stationary std of V_0 for the explicit Euler map of
// the linearised joint (dV, eta) system, x <- (I + dt A) x + sqrt(dt) D^(1/2)
// xi, which is the per-step recursion Sim applies when r is linearised: it
// solves the discrete Lyapunov equation P = M P M^T + dt D, M = I + dt A, in
// vectorised form (I - M ⊗ M) vec P = dt vec D.
func eulerStd(t *testing.T, net *Network, v []float64, dt float64) float64 {
	t.Helper()
	a, d := net.Linearize(v)
	n, _ := a.Dims()
	m := mat.NewDense(n, n, nil)
	m.Scale(dt, a)
	for i := 0; i < n; i++ {
		m.Set(i, i, m.At(i, i)+1)
	}
	nn := n * n
	k := mat.NewDense(nn, nn, nil)
	rhs := mat.NewVecDense(nn, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			row := i*n + j
			for l := 0; l < n; l++ {
				for o := 0; o < n; o++ {
					k.Set(row, l*n+o, -m.At(i, l)*m.At(j, o))
				}
			}
			k.Set(row, row, k.At(row, row)+1)
			rhs.SetVec(row, dt*d.At(i, j))
		}
	}
	var x mat.VecDense
	if err := x.SolveVec(k, rhs); err != nil {
		t.Fatal(err)
	}
	return math.Sqrt(x.AtVec(0))
}

// TestEulerBias: the Euler–Maruyama step of Sim has a first-order bias in
// the stationary variance; for the linearised two-population model it
// vanishes linearly in dt (halving dt halves it), and at the spec's dt =
// 0.1 ms it is +0.05% (h = 2) and +0.10% (h = 15) of the continuous
// Lyapunov std, far below the 0.4% / 1.7% gaps between seeds 1–3 of the
// experiment and the spec's NumPy port (the ssn-variability audit), so the
// step does not explain them.
func TestEulerBias(t *testing.T) {
	net := TwoPop(paperParams)
	for _, tc := range []struct{ h, maxRel float64 }{{2, 1e-3}, {15, 1.5e-3}} {
		v, c := fixedCov(t, net, tc.h)
		s := math.Sqrt(c.At(0, 0))
		b1 := eulerStd(t, net, v, 1e-4)/s - 1
		b2 := eulerStd(t, net, v, 5e-5)/s - 1
		if !(b1 > 0 && b1 < tc.maxRel) {
			t.Errorf("h=%g: got Euler bias %.3g at dt = 0.1 ms, want in (0, %g)", tc.h, b1, tc.maxRel)
		}
		near(t, "bias(0.1 ms)/bias(0.05 ms)", b1/b2, 2, 0.05)
	}
}

// TestSimMatchesPort: the pooled std of V_E from Sim (1000 trials, 1 s
// burn-in from the fixed point, then 2 s sampled every 1 ms, pooled over
// trials and samples as in the experiment) agrees with the spec's NumPy
// port (2000 trials: 0.868 at h = 2, 0.2986 at h = 15 mV).
//
// The tolerance is 3.5 SD of the difference. The SD of a 200-trial estimate
// is 0.0107 (h = 2) and 0.0028 (h = 15): measured over 200 independent
// 200-trial blocks (seeds 1–20 × 10 blocks of the experiment's streams),
// and 0.0028 at h = 15 from linear theory, Var(s^2) = (2/T) ∫ C(τ)^2 dτ
// (Bartlett; ∫ρ^2 dτ = 0.070 s at h = 15 and 0.152 s at h = 2). The spec
// quotes 0.002 and 0.009, which omit the factor 2. Over those 40000 trials
// the pooled std was 0.8658 ± 0.0008 and 0.29933 ± 0.0002 (linear theory
// 0.2994; Euler bias +0.1%, nonlinearity −0.1% at h = 15), so Sim matches
// the port within its own sampling error.
func TestSimMatchesPort(t *testing.T) {
	if testing.Short() {
		t.Skip("about 2 s of CPU")
	}
	const trials = 1000
	net := TwoPop(paperParams)
	for _, tc := range []struct {
		name           string
		h, port, sd200 float64
	}{
		{"h=2", 2, 0.868, 0.0107},
		{"h=15", 15, 0.2986, 0.0028},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := net.FixedPoint([]float64{tc.h, tc.h}, nil)
			if err != nil {
				t.Fatal(err)
			}
			rngs := make([]*rand.Rand, trials)
			for j := range rngs {
				rngs[j] = rand.New(rand.NewPCG(11, uint64(j)))
			}
			s := NewSim(net, rngs)
			s.Workers = 2
			s.H[0], s.H[1] = tc.h, tc.h
			s.SetV(v)
			s.DrawStationaryNoise()
			for k := 0; k < 10000; k++ {
				s.Step(1e-4)
			}
			var sum, sq, n float64
			for k := 0; k < 20000; k++ {
				s.Step(1e-4)
				if k%10 == 9 {
					for j := 0; j < trials; j++ {
						x := s.V[2*j] - v[0]
						sum += x
						sq += x * x
					}
					n += trials
				}
			}
			m := sum / n
			got := math.Sqrt(sq/n - m*m)
			// SD of the difference: ours (1000 trials) and the port's (2000).
			sd := tc.sd200 * math.Sqrt(200.0/trials+200.0/2000)
			t.Logf("h=%g: pooled std %.5f (port %.4f, SD of difference %.4f)", tc.h, got, tc.port, sd)
			near(t, "pooled std V_E", got, tc.port, 3.5*sd)
		})
	}
}
