package herbert2022

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lowrank"
)

// lyapunovOf runs the Benettin estimator on dx/dt = −x + J tanh(x) from
// x(0) ~ N(0, 1) for burn + run time units (dt = 0.1) and returns λ_max over
// the last run units.
func lyapunovOf(J *mat.Dense, burn, run float64, seed uint64) float64 {
	const dt = 0.1
	n, _ := J.Dims()
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	net := lowrank.NewRate(J, nil)
	for k := 0; k < int(burn/dt); k++ {
		net.Step(x, dt)
	}
	ly := newLyapunov(x, rng)
	for k := 1; k <= int(run/dt); k++ {
		net.Step(x, dt)
		net.Step(ly.y, dt)
		if k%lyapEvery == 0 {
			ly.renorm(x, lyapEvery*dt)
		}
	}
	return ly.exponent()
}

// TestLyapunovClosedForms: with J = 0 the Euler map is x ← (1 − dt)x, so
// λ_max = ln(1 − dt)/dt exactly; with J = diag(a) near x = 0 the slowest
// direction decays at ln(1 − dt(1 − max a))/dt; a Gaussian random network
// with gain g = 3 is chaotic (Sompolinsky, Crisanti & Sommers, PRL 1988):
// λ_max > 0.
func TestLyapunovClosedForms(t *testing.T) {
	const dt = 0.1
	zero := mat.NewDense(50, 50, nil)
	if got, want := lyapunovOf(zero, 0, 20, 1), math.Log(1-dt)/dt; math.Abs(got-want) > 1e-8 {
		t.Errorf("J = 0: got λ_max %.12f, want ln(1 − dt)/dt = %.12f ± 1e-8", got, want)
	}
	diag := mat.NewDense(3, 3, nil)
	diag.Set(0, 0, 0.2)
	diag.Set(1, 1, 0.5)
	diag.Set(2, 2, 0.1)
	// After the burn-in x ≈ 0, where tanh is linear, so the displacement
	// decays along the a = 0.5 direction; the initial components along the
	// faster directions bias the mean by ln(|δ|/|δ_0.5|)/run, ≤ 2e-3 here.
	if got, want := lyapunovOf(diag, 200, 2000, 2), math.Log(1-dt*(1-0.5))/dt; math.Abs(got-want) > 2e-3 {
		t.Errorf("J = diag(0.2, 0.5, 0.1): got λ_max %.6f, want %.6f ± 2e-3", got, want)
	}
	const n, g = 300, 3.0
	rng := rand.New(rand.NewPCG(7, 8))
	J := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			J.Set(i, j, g*rng.NormFloat64()/math.Sqrt(n))
		}
	}
	if got := lyapunovOf(J, 50, 200, 3); got <= 0.05 {
		t.Errorf("random network g = %g: got λ_max %.4f, want > 0.05 (chaos)", g, got)
	}
}
