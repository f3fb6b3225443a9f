package arm

import (
	"math"
	"testing"
)

// TestMassMatrixSPD: M(θ) is symmetric (by construction) and positive
// definite for every elbow angle.
func TestMassMatrixSPD(t *testing.T) {
	a := Monkey()
	for th := -math.Pi; th <= math.Pi; th += 0.1 {
		m11, m12, m22 := a.Mass(th)
		if m11 <= 0 || m11*m22-m12*m12 <= 0 {
			t.Errorf("θ2 = %.2f: M = [[%g, %g], [%g, %g]] not positive definite", th, m11, m12, m12, m22)
		}
	}
}

// TestEnergyConserved: without viscosity and muscles the arm is a
// conservative Lagrangian system: ½ θ̇ᵀ M θ̇ is constant (RK4, dt = 1e-4 s).
func TestEnergyConserved(t *testing.T) {
	a := Monkey()
	a.B = [2][2]float64{}
	th, dth := [2]float64{0.4, 1.4}, [2]float64{3, -5}
	e0 := a.KineticEnergy(th, dth)
	const dt = 1e-4
	f := func(x [4]float64) [4]float64 {
		acc := a.Accel([2]float64{x[0], x[1]}, [2]float64{x[2], x[3]}, [2]float64{})
		return [4]float64{x[2], x[3], acc[0], acc[1]}
	}
	x := [4]float64{th[0], th[1], dth[0], dth[1]}
	add := func(x, k [4]float64, h float64) [4]float64 {
		for i := range x {
			x[i] += h * k[i]
		}
		return x
	}
	for step := 0; step < 20000; step++ {
		k1 := f(x)
		k2 := f(add(x, k1, dt/2))
		k3 := f(add(x, k2, dt/2))
		k4 := f(add(x, k3, dt))
		for i := range x {
			x[i] += dt / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
	}
	e1 := a.KineticEnergy([2]float64{x[0], x[1]}, [2]float64{x[2], x[3]})
	if math.Abs(e1-e0) > 1e-9*e0 {
		t.Errorf("energy after 2 s: got %.12g J, want %.12g J ± 1e-9 rel", e1, e0)
	}
}

// TestViscosityDissipates: with B and no muscles, energy decreases.
func TestViscosityDissipates(t *testing.T) {
	a := Monkey()
	s := State{Theta: [2]float64{0.4, 1.4}, DTheta: [2]float64{2, -1}}
	e0 := a.KineticEnergy(s.Theta, s.DTheta)
	u := make([]float64, Muscles)
	for i := 0; i < 100; i++ {
		a.Step(&s, u, [2]float64{}, 0.001)
	}
	if e1 := a.KineticEnergy(s.Theta, s.DTheta); !(e1 < e0) {
		t.Errorf("energy with viscosity: got %g, want < %g", e1, e0)
	}
}

// TestLinearizationMatchesFiniteDifference compares Linearized with finite
// differences of Accel at rest.
func TestLinearizationMatchesFiniteDifference(t *testing.T) {
	a := Monkey()
	th := Home()
	MinvB, MinvAF := a.Linearized(th[1])
	const h = 1e-6
	for j := 0; j < 2; j++ {
		var dth [2]float64
		dth[j] = h
		acc := a.Accel(th, dth, [2]float64{})
		for i := 0; i < 2; i++ {
			if got, want := acc[i]/h, -MinvB[i][j]; math.Abs(got-want) > 1e-5*math.Abs(want)+1e-9 {
				t.Errorf("∂θ̈%d/∂θ̇%d: got %g, want %g", i, j, got, want)
			}
		}
	}
	for k := 0; k < Muscles; k++ {
		m := make([]float64, Muscles)
		m[k] = 1
		t1, t2 := a.MuscleTorque(m)
		acc := a.Accel(th, [2]float64{}, [2]float64{t1, t2})
		for i := 0; i < 2; i++ {
			if math.Abs(acc[i]-MinvAF[i][k]) > 1e-12*math.Abs(acc[i])+1e-12 {
				t.Errorf("∂θ̈%d/∂m%d: got %g, want %g", i, k, acc[i], MinvAF[i][k])
			}
		}
	}
}

// Home is the spec's posture, θ_home = (0.4368, 1.4464) rad (arm-feedback
// spec, "Posture"), returned by value (a caller's change does not leak),
// inside the joints' anatomical range (0 < θ < π), and with no command and
// no load the arm rests there exactly (no gravity in the horizontal plane).
func TestHome(t *testing.T) {
	want := [2]float64{0.4368, 1.4464}
	h := Home()
	if h != want {
		t.Fatalf("Home: got %v, want %v", h, want)
	}
	h[0] = 9
	if got := Home(); got != want {
		t.Errorf("Home after a caller's change: got %v, want %v", got, want)
	}
	for j, th := range Home() {
		if th <= 0 || th >= math.Pi {
			t.Errorf("joint %d: got %g rad, want in (0, π)", j, th)
		}
	}
	a := Monkey()
	s := State{Theta: Home()}
	u := make([]float64, Muscles)
	for step := 0; step < 100; step++ {
		a.Step(&s, u, [2]float64{}, 0.01)
	}
	if s.Theta != want || s.DTheta != [2]float64{} {
		t.Errorf("at rest from home: got θ = %v, θ̇ = %v, want θ = %v, θ̇ = 0", s.Theta, s.DTheta, want)
	}
}
