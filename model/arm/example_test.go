package arm_test

import (
	"fmt"
	"math"

	"neurolab/model/arm"
)

// home is the spec's posture (shoulder, elbow) in rad (arm-feedback spec).
var home = arm.Home()

// pdMuscles fills u with a joint-space PD command −Kp (θ − home) − Kd θ̇
// (N·m) routed onto the mono-articular flexor/extensor pairs (muscles 0/1
// act on the shoulder, 2/3 on the elbow), scaled by each muscle's moment
// arm and force–length factor. Muscles only pull: each pair shares the sign.
func pdMuscles(a *arm.Arm, s *arm.State, u []float64) {
	const kp, kd = 3.0, 0.3 // N·m/rad, N·m·s/rad
	for k := range u {
		u[k] = 0
	}
	for j, pair := range [2][2]int{{0, 1}, {2, 3}} {
		tau := -kp*(s.Theta[j]-home[j]) - kd*s.DTheta[j]
		flex, ext := pair[0], pair[1]
		u[flex] = math.Max(tau, 0) / (a.A[j][flex] * a.FL[flex])
		u[ext] = math.Max(-tau, 0) / (-a.A[j][ext] * a.FL[ext])
	}
}

// run holds the home posture for 3 s at dt = 10 ms and applies a 100 ms
// torque pulse of (0.5, −0.5) N·m from 0.5 s. It returns the peak and final
// joint-space distance from home (rad) and the distance 1 s after the pulse.
func run(feedback bool) (peak, at1s, final float64) {
	a := arm.Monkey()
	s := arm.State{Theta: home}
	u := make([]float64, arm.Muscles)
	for step := 0; step < 300; step++ {
		var ext [2]float64
		if step >= 50 && step < 60 {
			ext = [2]float64{0.5, -0.5}
		}
		if feedback {
			pdMuscles(&a, &s, u)
		}
		a.Step(&s, u, ext, 0.01)
		d := math.Hypot(s.Theta[0]-home[0], s.Theta[1]-home[1])
		peak = math.Max(peak, d)
		if step == 159 {
			at1s = d
		}
		final = d
	}
	return peak, at1s, final
}

// Example holds a posture with the monkey arm of Kalidindi et al. (2021),
// pushes it with a brief external torque pulse and compares the passive arm
// (joint viscosity only, no stiffness: it stops where the pulse left it)
// with a simple PD feedback law that drives the muscles through their
// 50 ms activation filter and brings the arm back home.
func Example() {
	a := arm.Monkey()
	s := arm.State{Theta: home}
	zero := make([]float64, arm.Muscles)
	for step := 0; step < 100; step++ {
		a.Step(&s, zero, [2]float64{}, 0.01)
	}
	fmt.Println("muscles:", arm.Muscles)
	fmt.Println("no command, no load: posture held exactly:", s.Theta == home)

	peak, _, final := run(false)
	fmt.Printf("passive: peak %.2f rad, still displaced after 2.4 s: %v\n", peak, final > 0.1)

	peakFB, at1s, finalFB := run(true)
	fmt.Printf("feedback: peak %.2f rad, within 0.01 rad of home 1 s after the pulse: %v\n", peakFB, at1s < 0.01)
	fmt.Println("feedback: back home (< 1e-4 rad) at the end:", finalFB < 1e-4)
	// Output:
	// muscles: 6
	// no command, no load: posture held exactly: true
	// passive: peak 0.18 rad, still displaced after 2.4 s: true
	// feedback: peak 0.11 rad, within 0.01 rad of home 1 s after the pulse: true
	// feedback: back home (< 1e-4 rad) at the end: true
}

// ExampleArm_MuscleTorque activates each muscle alone and prints the sign
// of the joint torques τ = A diag(FL) m it produces: two mono-articular
// pairs (shoulder, elbow) and one bi-articular pair.
func ExampleArm_MuscleTorque() {
	a := arm.Monkey()
	sign := func(x float64) string {
		switch {
		case x > 0:
			return "+"
		case x < 0:
			return "-"
		}
		return "0"
	}
	for k := 0; k < arm.Muscles; k++ {
		m := make([]float64, arm.Muscles)
		m[k] = 1
		t1, t2 := a.MuscleTorque(m)
		fmt.Printf("muscle %d: shoulder %s elbow %s\n", k, sign(t1), sign(t2))
	}
	// Output:
	// muscle 0: shoulder + elbow 0
	// muscle 1: shoulder - elbow 0
	// muscle 2: shoulder 0 elbow +
	// muscle 3: shoulder 0 elbow -
	// muscle 4: shoulder + elbow +
	// muscle 5: shoulder - elbow -
}

// ExampleArm_Linearized linearises the arm at rest in the home posture,
// θ̈ ≈ M(θ0)⁻¹ (A diag(FL) m − B θ̇), checks that the muscle part is exact
// at rest (Accel is linear in the muscle torque when θ̇ = 0) and prints the
// two viscous decay time constants of the joint velocities, 1/eig(M⁻¹B).
func ExampleArm_Linearized() {
	a := arm.Monkey()
	MinvB, MinvAF := a.Linearized(home[1])

	m := []float64{0.1, 0, 0.3, 0, 0.2, 0.05}
	t1, t2 := a.MuscleTorque(m)
	acc := a.Accel(home, [2]float64{}, [2]float64{t1, t2})
	exact := true
	for i := 0; i < 2; i++ {
		lin := 0.0
		for k := 0; k < arm.Muscles; k++ {
			lin += MinvAF[i][k] * m[k]
		}
		exact = exact && math.Abs(acc[i]-lin) < 1e-12*math.Abs(lin)+1e-12
	}
	fmt.Println("muscle term exact at rest:", exact)

	// Eigenvalues of the 2×2 matrix M⁻¹B (real and positive here).
	tr := MinvB[0][0] + MinvB[1][1]
	det := MinvB[0][0]*MinvB[1][1] - MinvB[0][1]*MinvB[1][0]
	d := math.Sqrt(tr*tr/4 - det)
	fmt.Printf("viscous time constants: %.0f ms and %.0f ms\n", 1000/(tr/2-d), 1000/(tr/2+d))
	// Output:
	// muscle term exact at rest: true
	// viscous time constants: 181 ms and 30 ms
}
