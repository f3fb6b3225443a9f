package kalidindi2021

import (
	"math"
	"math/rand/v2"
	"testing"

	"neurolab/experiment"
	"neurolab/model/arm"
)

func minvHome(a arm.Arm) [2][2]float64 {
	m11, m12, m22 := a.Mass(home[1])
	det := m11*m22 - m12*m12
	return [2][2]float64{{m22 / det, -m12 / det}, {-m12 / det, m11 / det}}
}

// TestPlantModelMatchesArmStep: the linear model's columns equal finite
// differences of one arm.Step about rest at home (e, v and δm parts).
func TestPlantModelMatchesArmStep(t *testing.T) {
	a := arm.Monkey()
	u0, err := cocontraction(a, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	A, B := plantModel(a, home)
	base := func() arm.State {
		s := arm.State{Theta: home}
		copy(s.M[:], u0)
		return s
	}
	vec := func(s arm.State) []float64 {
		x := []float64{s.Theta[0] - home[0], s.Theta[1] - home[1], s.DTheta[0], s.DTheta[1]}
		for k := 0; k < nu; k++ {
			x = append(x, s.M[k]-u0[k])
		}
		return x
	}
	const h = 1e-7
	for j := 0; j < 10; j++ {
		s := base()
		switch {
		case j < 2:
			s.Theta[j] += h
		case j < 4:
			s.DTheta[j-2] += h
		default:
			s.M[j-4] += h
		}
		a.Step(&s, u0, [2]float64{}, dt)
		x := vec(s)
		for i := 0; i < 10; i++ {
			if got, want := x[i]/h, A.At(i, j); math.Abs(got-want) > 1e-5*math.Max(1, math.Abs(want)) {
				t.Errorf("∂x'%d/∂x%d: got %g, want A = %g", i, j, got, want)
			}
		}
	}
	for k := 0; k < nu; k++ {
		s := base()
		u := append([]float64(nil), u0...)
		u[k] += h
		a.Step(&s, u, [2]float64{}, dt)
		x := vec(s)
		for i := 0; i < 10; i++ {
			if got, want := x[i]/h, B.At(i, k); math.Abs(got-want) > 1e-5*math.Max(1, math.Abs(want)) {
				t.Errorf("∂x'%d/∂u%d: got %g, want B = %g", i, k, got, want)
			}
		}
	}
}

func TestCocontractionInNullSpace(t *testing.T) {
	a := arm.Monkey()
	u0, err := cocontraction(a, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2 := a.MuscleTorque(u0)
	if math.Abs(t1) > 1e-12 || math.Abs(t2) > 1e-12 {
		t.Errorf("net torque of u0: got (%g, %g), want 0", t1, t2)
	}
	for k, v := range u0 {
		if v <= 0 {
			t.Errorf("u0[%d] = %g, want > 0", k, v)
		}
	}
}

// TestTeacherGradient compares the adjoint gradient with central
// differences at a random small gain.
func TestTeacherGradient(t *testing.T) {
	a := arm.Monkey()
	A, _ := plantModel(a, home)
	f := teacherCost(A, a.MuscleAlpha, minvHome(a), Default(experiment.Quick))
	rng := rand.New(rand.NewPCG(1, 1))
	K := make([]float64, nu*nxs)
	for i := range K {
		K[i] = 0.05 * rng.NormFloat64()
	}
	g := make([]float64, len(K))
	f(K, g)
	for _, i := range []int{0, 7, 13, 22, 35, 59} {
		const h = 1e-6
		Kp := append([]float64(nil), K...)
		Km := append([]float64(nil), K...)
		Kp[i] += h
		Km[i] -= h
		fd := (f(Kp, nil) - f(Km, nil)) / (2 * h)
		if math.Abs(fd-g[i]) > 1e-5*math.Max(1, math.Abs(fd)) {
			t.Errorf("∂J/∂K[%d]: adjoint %g, finite difference %g", i, g[i], fd)
		}
	}
}

// quadratic returns the cost Σ (i+1)·(x_i − at)², filling in its gradient
// when g is not nil, and +Inf where some |x_i| > radius.
func quadratic(at, radius float64) func(x, g []float64) float64 {
	return func(x, g []float64) float64 {
		v := 0.0
		for i, xi := range x {
			if math.Abs(xi) > radius {
				return math.Inf(1)
			}
			c := float64(i + 1)
			d := xi - at
			v += c * d * d
			if g != nil {
				g[i] = 2 * c * d
			}
		}
		return v
	}
}

// TestLBFGSQuadratic: the optimiser finds the minimum of a convex quadratic.
func TestLBFGSQuadratic(t *testing.T) {
	x, fx, err := minimizeTeacher(quadratic(1, math.Inf(1)), make([]float64, 8), 200)
	if err != nil {
		t.Fatal(err)
	}
	if fx > 1e-12 {
		t.Errorf("minimum: got f = %g at %v, want 0 at 1", fx, x)
	}
}

// TestMinimizeTeacherInfinite: a cost that is +Inf beyond a radius (as
// teacherCost is where a gain destabilises the loop) is minimised from a
// start whose first trial step lands at +Inf: the line search backs off.
func TestMinimizeTeacherInfinite(t *testing.T) {
	x, fx, err := minimizeTeacher(quadratic(0.05, 0.2), make([]float64, 8), 200)
	if err != nil {
		t.Fatal(err)
	}
	for i, xi := range x {
		if math.Abs(xi-0.05) > 1e-6 {
			t.Errorf("x[%d]: got %g, want 0.05 ± 1e-6 (f = %g)", i, xi, fx)
		}
	}
	if _, _, err := minimizeTeacher(func(x, g []float64) float64 { return math.Inf(1) }, make([]float64, 3), 10); err == nil {
		t.Error("infinite cost at the start: got no error, want one")
	}
}

// BenchmarkRolloutNOREC200 is one 3 s student-controlled rollout of the
// default-scale NOREC controller (200 units per layer, noise on).
func BenchmarkRolloutNOREC200(b *testing.B) {
	p := Default(experiment.Default)
	a := arm.Monkey()
	u0, _ := cocontraction(a, p.CoContr)
	A, _ := plantModel(a, home)
	tc, err := designTeacher(A, a.MuscleAlpha, minvHome(a), p)
	if err != nil {
		b.Fatal(err)
	}
	s := newSim(a, tc, u0, p)
	nw := newNetwork(rand.New(rand.NewPCG(1, 1)), p, false)
	var trs []trajectory
	for c := 0; c < nCond; c++ {
		trs = append(trs, s.rollout(nw, c, byTeacher, rand.New(rand.NewPCG(2, uint64(c)))))
	}
	if err := fitReadout(nw, trs, p.Ridge); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.rollout(nw, i%nCond, byStudent, rand.New(rand.NewPCG(3, uint64(i))))
	}
}
