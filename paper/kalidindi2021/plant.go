package kalidindi2021

import (
	"errors"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/arm"
)

// Timing (spec): dt = 10 ms, sensory delay 5 steps.
const (
	dt    = 0.01
	delay = 5
	nx    = 12 // plant state: e (2), v (2), δm (6), ∫e (2)
	nu    = arm.Muscles
)

// plantModel returns the linearised plant x_{t+1} = A x_t + B δu_t about
// rest at the home posture, discretised exactly as arm.Step does (explicit
// Euler, the torque from the muscle state before its update):
//
//	e' = e + dt v,  v' = v + dt (M⁻¹A·FL δm − M⁻¹B v),
//	δm' = (1−α) δm + α δu,  I' = I + dt e.
func plantModel(a arm.Arm, home [2]float64) (A, B *mat.Dense) {
	MinvB, MinvAF := a.Linearized(home[1])
	A = mat.NewDense(nx, nx, nil)
	B = mat.NewDense(nx, nu, nil)
	for i := 0; i < 2; i++ {
		A.Set(i, i, 1)
		A.Set(i, 2+i, dt)
		A.Set(10+i, 10+i, 1)
		A.Set(10+i, i, dt)
		for j := 0; j < 2; j++ {
			v := -dt * MinvB[i][j]
			if i == j {
				v++
			}
			A.Set(2+i, 2+j, v)
		}
		for k := 0; k < nu; k++ {
			A.Set(2+i, 4+k, dt*MinvAF[i][k])
		}
	}
	for k := 0; k < nu; k++ {
		A.Set(4+k, 4+k, 1-a.MuscleAlpha)
		B.Set(4+k, k, a.MuscleAlpha)
	}
	return A, B
}

// cocontraction returns u0 ≥ 0 in the null space of A·diag(FL) (no net
// torque): the projection of level·1 onto that null space. It fails if the
// projection has a negative entry.
func cocontraction(a arm.Arm, level float64) ([]float64, error) {
	F := mat.NewDense(2, nu, nil)
	for i := 0; i < 2; i++ {
		for k := 0; k < nu; k++ {
			F.Set(i, k, a.A[i][k]*a.FL[k])
		}
	}
	one := mat.NewVecDense(nu, nil)
	for k := 0; k < nu; k++ {
		one.SetVec(k, level)
	}
	// u0 = 1 − Fᵀ (F Fᵀ)⁻¹ F 1.
	var FFt mat.Dense
	FFt.Mul(F, F.T())
	var f1, y, corr mat.VecDense
	f1.MulVec(F, one)
	if err := y.SolveVec(&FFt, &f1); err != nil {
		return nil, err
	}
	corr.MulVec(F.T(), &y)
	u0 := make([]float64, nu)
	for k := range u0 {
		u0[k] = one.AtVec(k) - corr.AtVec(k)
		if u0[k] <= 0 {
			return nil, errors.New("kalidindi2021: no positive co-contraction in the null space")
		}
	}
	return u0, nil
}

var errSingular = errors.New("kalidindi2021: singular ridge system")
