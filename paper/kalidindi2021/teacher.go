package kalidindi2021

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// The teacher is a linear controller of exactly the form a NOREC student
// computes in its small-signal (linear) regime. The student's input at t is
// the delayed state x_{t−D} (x = [θ − θ_home, θ̇, m − u0], 10 values, up to
// the input scalings), its two leaky layers low-pass filter it,
//
//	y1_t = ½ x_{t−D} + ½ y1_{t−1},  y2_t = ½ y1_t + ½ y2_{t−1},
//
// and its readout is linear, so the teacher commands δu_t = −K y2_t with a
// 6×10 gain K. K minimises the linearised closed loop's quadratic cost
//
//	J(K) = Σ_scenarios Σ_{t<H} w_t (q_pos‖e_t‖² + q_vel‖v_t‖²) + q_mus‖δm_t‖² + r‖δu_t‖²,
//
// w_t = 10 from 1 s after the load on (the authors' loss weights the return
// after +1 s) and 1 before, found by L-BFGS with the adjoint gradient.
// Scenarios: step loads along the two joint axes and initial deviations of
// single muscles. This replaces the spec's full-state LQR on [x, last 5
// commands, ∫e], which needs a memory of the controller's own commands that
// a NOREC student cannot observe: imitating it gave an imitation R² of 0.46
// and unstable students (see doc.go).
const (
	nxs     = 10  // teacher's observed state
	horizon = 200 // 2 s
	lateW   = 10.0
)

type teacher struct {
	K []float64 // nu × nxs
}

// designTeacher optimises K. Minv is M(θ_home)⁻¹ (load → acceleration).
func designTeacher(A *mat.Dense, alpha float64, Minv [2][2]float64, p Params) (*teacher, error) {
	eval := teacherCost(A, alpha, Minv, p)
	x, f := lbfgs(eval, make([]float64, nu*nxs), 400)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errors.New("kalidindi2021: teacher optimisation failed")
	}
	return &teacher{K: x}, nil
}

// teacherCost returns J(K) (see teacher), which also fills ∂J/∂K into
// grad when grad is not nil. It is not safe for concurrent use.
func teacherCost(A *mat.Dense, alpha float64, Minv [2][2]float64, p Params) func(K, grad []float64) float64 {
	var A10 [nxs][nxs]float64
	for i := 0; i < nxs; i++ {
		for j := 0; j < nxs; j++ {
			A10[i][j] = A.At(i, j)
		}
	}
	// Scenarios: step loads along the shoulder and elbow axes (by linearity
	// the 8 directions' total cost is 4× the sum over these two), and
	// initial deviations (0.05) of single muscles, which excite the modes the
	// loads leave alone (co-contraction in the null space of A·diag(FL)), so
	// that the optimum is stable.
	type scenario struct {
		load [2]float64
		m0   int // muscle with an initial deviation, −1 for none
	}
	scen := []scenario{{[2]float64{p.Load, 0}, -1}, {[2]float64{0, p.Load}, -1}}
	for k := 0; k < nu; k++ {
		scen = append(scen, scenario{m0: k})
	}
	T := horizon
	xs := make([]float64, (T+1)*nxs)
	y1 := make([]float64, T*nxs)
	y2 := make([]float64, T*nxs)
	us := make([]float64, T*nu)
	lam := make([]float64, (T+1)*nxs)
	mu1 := make([]float64, (T+1)*nxs)
	mu2 := make([]float64, (T+1)*nxs)
	g := make([]float64, nu)
	qdiag := func(i, t int) float64 {
		w := 1.0
		if t >= 100 {
			w = lateW
		}
		switch {
		case i < 2:
			return w * p.QPos
		case i < 4:
			return w * p.QVel
		}
		return p.QMus
	}
	eval := func(K []float64, grad []float64) float64 {
		J := 0.0
		if grad != nil {
			for i := range grad {
				grad[i] = 0
			}
		}
		for _, sc := range scen {
			ld := sc.load
			dv := [2]float64{dt * (Minv[0][0]*ld[0] + Minv[0][1]*ld[1]), dt * (Minv[1][0]*ld[0] + Minv[1][1]*ld[1])}
			for i := range xs[:nxs] {
				xs[i] = 0
			}
			if sc.m0 >= 0 {
				xs[4+sc.m0] = 0.05
			}
			for t := 0; t < T; t++ {
				a1, a2 := y1[t*nxs:(t+1)*nxs], y2[t*nxs:(t+1)*nxs]
				for i := 0; i < nxs; i++ {
					xd, p1, p2 := 0.0, 0.0, 0.0
					if t >= delay {
						xd = xs[(t-delay)*nxs+i]
					}
					if t > 0 {
						p1, p2 = y1[(t-1)*nxs+i], y2[(t-1)*nxs+i]
					}
					a1[i] = 0.5*xd + 0.5*p1
					a2[i] = 0.5*a1[i] + 0.5*p2
				}
				u := us[t*nu : (t+1)*nu]
				for k := 0; k < nu; k++ {
					row := K[k*nxs : (k+1)*nxs]
					s := 0.0
					for i, v := range a2 {
						s += row[i] * v
					}
					u[k] = -s
				}
				x, xn := xs[t*nxs:(t+1)*nxs], xs[(t+1)*nxs:(t+2)*nxs]
				for i := 0; i < nxs; i++ {
					s := 0.0
					for j, v := range x {
						s += A10[i][j] * v
					}
					xn[i] = s
				}
				xn[2] += dv[0]
				xn[3] += dv[1]
				for k := 0; k < nu; k++ {
					xn[4+k] += alpha * u[k]
					J += p.RCmd * u[k] * u[k]
				}
				for i, v := range x {
					J += qdiag(i, t) * v * v
				}
			}
			if math.IsNaN(J) || J > 1e12 {
				return math.Inf(1)
			}
			if grad == nil {
				continue
			}
			// Adjoint (λ: x, μ1: y1, μ2: y2; all zero beyond the horizon):
			//   g_t = 2 r u_t + Bᵀ λ_{t+1},  μ2_t = −Kᵀ g_t + ½ μ2_{t+1},
			//   μ1_t = ½ μ2_t + ½ μ1_{t+1},  λ_t = 2 Q_t x_t + Aᵀ λ_{t+1} + ½ μ1_{t+D},
			//   ∂J/∂K = −Σ_t g_t y2_tᵀ.
			for i := range lam {
				lam[i], mu1[i], mu2[i] = 0, 0, 0
			}
			for t := T - 1; t >= 0; t-- {
				l1 := lam[(t+1)*nxs : (t+2)*nxs]
				u := us[t*nu : (t+1)*nu]
				for k := 0; k < nu; k++ {
					g[k] = 2*p.RCmd*u[k] + alpha*l1[4+k]
				}
				m2, m2n := mu2[t*nxs:(t+1)*nxs], mu2[(t+1)*nxs:(t+2)*nxs]
				m1, m1n := mu1[t*nxs:(t+1)*nxs], mu1[(t+1)*nxs:(t+2)*nxs]
				a2 := y2[t*nxs : (t+1)*nxs]
				for i := 0; i < nxs; i++ {
					s := 0.5 * m2n[i]
					for k := 0; k < nu; k++ {
						s -= K[k*nxs+i] * g[k]
					}
					m2[i] = s
					m1[i] = 0.5*s + 0.5*m1n[i]
				}
				for k := 0; k < nu; k++ {
					grow := grad[k*nxs : (k+1)*nxs]
					for i, v := range a2 {
						grow[i] -= g[k] * v
					}
				}
				lt := lam[t*nxs : (t+1)*nxs]
				x := xs[t*nxs : (t+1)*nxs]
				for i := 0; i < nxs; i++ {
					s := 2 * qdiag(i, t) * x[i]
					for r := 0; r < nxs; r++ {
						s += A10[r][i] * l1[r]
					}
					if t+delay < T {
						s += 0.5 * mu1[(t+delay)*nxs+i]
					}
					lt[i] = s
				}
			}
		}
		return J
	}
	return eval
}

// closedLoop returns the linear closed-loop matrix's spectrum on
// [x_t, …, x_{t−D}, y1_{t−1}, y2_{t−1}] and, for spec check 4,
// |arg λ|/(2π dt) of its complex eigenvalue of largest modulus, that
// modulus and the spectral radius; modes lists the complex modes with
// modulus ≥ 0.9 (frequency and modulus), for notes.
func (tc *teacher) closedLoop(A *mat.Dense, alpha float64) (freq, modulus, rho float64, modes string, err error) {
	L := delay + 1
	n := nxs * (L + 2)
	Acl := mat.NewDense(n, n, nil)
	o1, o2 := L*nxs, (L+1)*nxs
	xd := delay * nxs
	for i := 0; i < nxs; i++ {
		for j := 0; j < nxs; j++ {
			Acl.Set(i, j, A.At(i, j))
		}
		// y1_t = ½ x_{t−D} + ½ y1_{t−1}; y2_t = ¼ x_{t−D} + ¼ y1_{t−1} + ½ y2_{t−1}.
		Acl.Set(o1+i, xd+i, 0.5)
		Acl.Set(o1+i, o1+i, 0.5)
		Acl.Set(o2+i, xd+i, 0.25)
		Acl.Set(o2+i, o1+i, 0.25)
		Acl.Set(o2+i, o2+i, 0.5)
	}
	// x_{t+1}[4+k] += α δu_k with δu = −K y2_t.
	for k := 0; k < nu; k++ {
		for i := 0; i < nxs; i++ {
			kk := alpha * tc.K[k*nxs+i]
			Acl.Set(4+k, xd+i, Acl.At(4+k, xd+i)-0.25*kk)
			Acl.Set(4+k, o1+i, Acl.At(4+k, o1+i)-0.25*kk)
			Acl.Set(4+k, o2+i, Acl.At(4+k, o2+i)-0.5*kk)
		}
	}
	for b := 1; b < L; b++ {
		for i := 0; i < nxs; i++ {
			Acl.Set(b*nxs+i, (b-1)*nxs+i, 1)
		}
	}
	return spectrumFreq(Acl)
}

// lbfgs minimises f (which fills grad when it is non-nil) from x0 by
// limited-memory BFGS (Nocedal & Wright 2006, Alg. 7.4, memory 10) with a
// backtracking Armijo line search; it stops after iters iterations or when
// the relative decrease stalls.
func lbfgs(f func(x, grad []float64) float64, x0 []float64, iters int) ([]float64, float64) {
	n := len(x0)
	const mem = 10
	x := append([]float64(nil), x0...)
	g := make([]float64, n)
	fx := f(x, g)
	var S, Y [][]float64
	var rhos []float64
	d := make([]float64, n)
	xn := make([]float64, n)
	gn := make([]float64, n)
	alpha := make([]float64, mem)
	for it := 0; it < iters; it++ {
		// Two-loop recursion: d = −H g.
		copy(d, g)
		for i := len(S) - 1; i >= 0; i-- {
			alpha[i] = rhos[i] * dotv(S[i], d)
			axpy(d, -alpha[i], Y[i])
		}
		if k := len(S); k > 0 {
			sc := dotv(S[k-1], Y[k-1]) / dotv(Y[k-1], Y[k-1])
			for i := range d {
				d[i] *= sc
			}
		} else {
			sc := 1e-3 / math.Max(1e-12, math.Sqrt(dotv(g, g)))
			for i := range d {
				d[i] *= sc
			}
		}
		for i := 0; i < len(S); i++ {
			b := rhos[i] * dotv(Y[i], d)
			axpy(d, alpha[i]-b, S[i])
		}
		for i := range d {
			d[i] = -d[i]
		}
		slope := dotv(g, d)
		if slope >= 0 { // not a descent direction: reset memory
			S, Y, rhos = nil, nil, nil
			for i := range d {
				d[i] = -g[i]
			}
			slope = dotv(g, d)
		}
		step := 1.0
		var fn float64
		ok := false
		for ls := 0; ls < 40; ls++ {
			for i := range xn {
				xn[i] = x[i] + step*d[i]
			}
			fn = f(xn, nil)
			if fn <= fx+1e-4*step*slope {
				ok = true
				break
			}
			step *= 0.5
		}
		if !ok {
			break
		}
		f(xn, gn)
		s := make([]float64, n)
		y := make([]float64, n)
		for i := range s {
			s[i] = xn[i] - x[i]
			y[i] = gn[i] - g[i]
		}
		if sy := dotv(s, y); sy > 1e-12 {
			S, Y, rhos = append(S, s), append(Y, y), append(rhos, 1/sy)
			if len(S) > mem {
				S, Y, rhos = S[1:], Y[1:], rhos[1:]
			}
		}
		rel := (fx - fn) / math.Max(math.Abs(fx), 1e-300)
		copy(x, xn)
		copy(g, gn)
		fx = fn
		if rel < 1e-12 {
			break
		}
	}
	return x, fx
}

func dotv(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func axpy(dst []float64, a float64, x []float64) {
	for i := range dst {
		dst[i] += a * x[i]
	}
}

// spectrumFreq returns, for the discrete closed-loop matrix A, |arg λ|/(2π dt)
// and |λ| of its complex eigenvalue of largest modulus (spec check 4), the
// spectral radius, and the complex modes with modulus ≥ 0.9.
func spectrumFreq(A *mat.Dense) (freq, modulus, rho float64, modes string, err error) {
	var eig mat.Eigen
	if !eig.Factorize(A, mat.EigenNone) {
		return 0, 0, 0, "", errors.New("kalidindi2021: closed-loop eigenvalues failed")
	}
	modulus = -1
	vals := eig.Values(nil)
	sort.Slice(vals, func(i, j int) bool { return cmplx.Abs(vals[i]) > cmplx.Abs(vals[j]) })
	for _, l := range vals {
		rho = math.Max(rho, cmplx.Abs(l))
		if math.Abs(imag(l)) < 1e-12 {
			continue
		}
		if imag(l) > 0 && cmplx.Abs(l) >= 0.9 {
			if modes != "" {
				modes += ", "
			}
			modes += fmt.Sprintf("%.2f Hz (|λ| = %.3f)", math.Abs(cmplx.Phase(l))/(2*math.Pi*dt), cmplx.Abs(l))
		}
		if m := cmplx.Abs(l); m > modulus {
			modulus = m
			freq = math.Abs(cmplx.Phase(l)) / (2 * math.Pi * dt)
		}
	}
	if modulus < 0 {
		return 0, 0, rho, modes, errors.New("kalidindi2021: closed loop has no complex eigenvalues")
	}
	return freq, modulus, rho, modes, nil
}
