package arm

import "math"

// Muscles is the number of muscles.
const Muscles = 6

// Arm holds the arm's physical parameters (SI units).
type Arm struct {
	I1, I2 float64       // segment moments of inertia (kg·m²)
	M1, M2 float64       // segment masses (kg)
	L1, L2 float64       // segment lengths (m)
	S2     float64       // distance from elbow to the forearm's centre of mass (m)
	B      [2][2]float64 // joint viscosity (N·m·s/rad)
	// Moment arms (N·m per unit muscle force), A[joint][muscle].
	A  [2][Muscles]float64
	FL [Muscles]float64 // force–length factors (constant, see package doc)
	// MuscleAlpha is the muscle filter's weight on the new command
	// (0.2 = dt/τ with τ = 50 ms and dt = 10 ms).
	MuscleAlpha float64
}

// The home posture of the posture task, θ_home = (0.4368, 1.4464) rad
// (shoulder, elbow; arm-feedback spec, Kalidindi et al. 2021 authors'
// code): the posture the arm holds against loads and returns to.
const (
	HomeShoulder = 0.4368 // θ1 at home (rad)
	HomeElbow    = 1.4464 // θ2 at home (rad)
)

// Home returns the home posture θ_home = (HomeShoulder, HomeElbow) in rad,
// ready for State.Theta.
func Home() [2]float64 { return [2]float64{HomeShoulder, HomeElbow} }

// Monkey returns the spec's monkey parameters (authors' code).
func Monkey() Arm {
	return Arm{
		I1: 0.025, I2: 0.045, M1: 0.2108, M2: 0.1938, L1: 0.145, L2: 0.284, S2: 0.0757,
		B:           [2][2]float64{{0.5, 0.1}, {0.1, 0.5}},
		A:           [2][Muscles]float64{{2, -2, 0, 0, 1.5, -2}, {0, 0, 2, -2, 2, -1.5}},
		FL:          [Muscles]float64{0.9847, 0.9926, 0.4134, 0.2302, 0.2057, 0.4069},
		MuscleAlpha: 0.2,
	}
}

// consts returns a1, a2, a3.
func (a *Arm) consts() (a1, a2, a3 float64) {
	return a.I1 + a.I2 + a.M2*a.L1*a.L1, a.M2 * a.L1 * a.S2, a.I2
}

// Mass returns M(θ) for elbow angle theta2 as (m11, m12, m22).
func (a *Arm) Mass(theta2 float64) (m11, m12, m22 float64) {
	a1, a2, a3 := a.consts()
	c := math.Cos(theta2)
	return a1 + 2*a2*c, a3 + a2*c, a3
}

// MuscleTorque returns τ = A · diag(FL) · m.
func (a *Arm) MuscleTorque(m []float64) (t1, t2 float64) {
	for k := 0; k < Muscles; k++ {
		f := a.FL[k] * m[k]
		t1 += a.A[0][k] * f
		t2 += a.A[1][k] * f
	}
	return
}

// Accel returns θ̈ = M(θ)⁻¹ (τ − h(θ, θ̇) + τ_ext) with τ the total joint
// torque (muscle plus external) already summed in tau.
func (a *Arm) Accel(theta, dtheta, tau [2]float64) [2]float64 {
	_, a2, _ := a.consts()
	m11, m12, m22 := a.Mass(theta[1])
	s := math.Sin(theta[1])
	h1 := -dtheta[1]*(2*dtheta[0]+dtheta[1])*a2*s + a.B[0][0]*dtheta[0] + a.B[0][1]*dtheta[1]
	h2 := dtheta[0]*dtheta[0]*a2*s + a.B[1][0]*dtheta[0] + a.B[1][1]*dtheta[1]
	r1, r2 := tau[0]-h1, tau[1]-h2
	det := m11*m22 - m12*m12
	return [2]float64{(m22*r1 - m12*r2) / det, (-m12*r1 + m11*r2) / det}
}

// KineticEnergy returns ½ θ̇ᵀ M(θ) θ̇ (J).
func (a *Arm) KineticEnergy(theta, dtheta [2]float64) float64 {
	m11, m12, m22 := a.Mass(theta[1])
	return 0.5 * (m11*dtheta[0]*dtheta[0] + 2*m12*dtheta[0]*dtheta[1] + m22*dtheta[1]*dtheta[1])
}

// State is the arm's mechanical and muscle state.
type State struct {
	Theta, DTheta [2]float64
	M             [Muscles]float64 // muscle activity
}

// Step advances s by one explicit Euler step of dt seconds with muscle
// command u (rectified inside: muscles cannot push) and external torque
// ext: θ ← θ + dt θ̇, θ̇ ← θ̇ + dt θ̈(θ, θ̇, m), then m ← (1−α) m + α ReLU(u).
// The torque uses the muscle activity before the update.
func (a *Arm) Step(s *State, u []float64, ext [2]float64, dt float64) {
	t1, t2 := a.MuscleTorque(s.M[:])
	acc := a.Accel(s.Theta, s.DTheta, [2]float64{t1 + ext[0], t2 + ext[1]})
	s.Theta[0] += dt * s.DTheta[0]
	s.Theta[1] += dt * s.DTheta[1]
	s.DTheta[0] += dt * acc[0]
	s.DTheta[1] += dt * acc[1]
	al := a.MuscleAlpha
	for k := 0; k < Muscles; k++ {
		s.M[k] = (1-al)*s.M[k] + al*math.Max(u[k], 0)
	}
}

// Linearized returns the continuous-time linearisation at rest (θ̇ = 0,
// zero net torque, no gravity in the horizontal plane): θ̈ = M(θ0)⁻¹
// (A diag(FL) m − B θ̇), as the 2×2 matrix M(θ0)⁻¹B and the 2×6 matrix
// M(θ0)⁻¹ A diag(FL). Coriolis terms are quadratic in θ̇ and vanish.
func (a *Arm) Linearized(theta2 float64) (MinvB [2][2]float64, MinvAF [2][Muscles]float64) {
	m11, m12, m22 := a.Mass(theta2)
	det := m11*m22 - m12*m12
	inv := [2][2]float64{{m22 / det, -m12 / det}, {-m12 / det, m11 / det}}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			MinvB[i][j] = inv[i][0]*a.B[0][j] + inv[i][1]*a.B[1][j]
		}
		for k := 0; k < Muscles; k++ {
			MinvAF[i][k] = (inv[i][0]*a.A[0][k] + inv[i][1]*a.A[1][k]) * a.FL[k]
		}
	}
	return
}
