package ssn

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ErrNoFixedPoint is returned when Newton's method does not converge.
var ErrNoFixedPoint = errors.New("ssn: no fixed point found")

// ErrUnstable is returned when a linearisation has an eigenvalue with a
// non-negative real part.
var ErrUnstable = errors.New("ssn: unstable linearisation")

// FixedPoint solves the deterministic fixed-point equation of Eq. 1,
//
//	F(V) = -V + h + W r(V) = 0,
//
// by Newton's method with a backtracking line search on |F|, starting from v0
// (h when v0 is nil). The Jacobian is J = -I + W diag(r'(V)). It panics if
// h, or a non-nil v0, does not have length N.
func (net *Network) FixedPoint(h, v0 []float64) ([]float64, error) {
	n := net.N()
	if len(h) != n {
		panic("ssn: FixedPoint input length mismatch")
	}
	if v0 != nil && len(v0) != n {
		panic(fmt.Sprintf("ssn: FixedPoint start v0 has length %d, want %d", len(v0), n))
	}
	w := ToDense(net.W)
	v := make([]float64, n)
	if v0 != nil {
		copy(v, v0)
	} else {
		copy(v, h)
	}
	f := make([]float64, n)
	trial := make([]float64, n)
	ftrial := make([]float64, n)
	residual := func(dst, v []float64) float64 {
		r := make([]float64, n)
		net.RatesTo(r, v)
		wr := mat.NewVecDense(n, dst)
		wr.MulVec(w, mat.NewVecDense(n, r))
		for i := range dst {
			dst[i] += h[i] - v[i]
		}
		return floats.Norm(dst, 2)
	}
	res := residual(f, v)
	jac := mat.NewDense(n, n, nil)
	var delta mat.VecDense
	for iter := 0; iter < 200; iter++ {
		if res <= 1e-12*(1+floats.Norm(v, math.Inf(1))) {
			return v, nil
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				jac.Set(i, j, w.At(i, j)*net.Gain(v[j]))
			}
			jac.Set(i, i, jac.At(i, i)-1)
		}
		if err := delta.SolveVec(jac, mat.NewVecDense(n, f)); err != nil {
			var cond mat.Condition
			if !errors.As(err, &cond) {
				return nil, fmt.Errorf("%w: singular Jacobian at iteration %d", ErrNoFixedPoint, iter)
			}
		}
		lambda := 1.0
		accepted := false
		for ls := 0; ls < 40; ls++ {
			for i := range trial {
				trial[i] = v[i] - lambda*delta.AtVec(i)
			}
			rt := residual(ftrial, trial)
			if rt < (1-1e-4*lambda)*res || rt <= 1e-13*(1+floats.Norm(trial, math.Inf(1))) {
				copy(v, trial)
				copy(f, ftrial)
				res = rt
				accepted = true
				break
			}
			lambda /= 2
		}
		if !accepted {
			return nil, fmt.Errorf("%w: line search failed at iteration %d (|F| = %g)", ErrNoFixedPoint, iter, res)
		}
	}
	return nil, fmt.Errorf("%w: Newton did not converge (|F| = %g)", ErrNoFixedPoint, res)
}

// Linearize returns the drift matrix A and diffusion matrix D of the joint
// (dV, eta) system linearised around V (2N×2N):
//
//	d dV  = T^-1 (-I + W G) dV dt + T^-1 eta dt
//	d eta = -eta/tau_eta dt + sqrt(2/tau_eta) Sigma_eta^(1/2) dB
//
// with T = diag(tau), G = diag(r'(V)), so A = [[T^-1(-I+WG), T^-1], [0,
// -I/tau_eta]] and D = [[0, 0], [0, (2/tau_eta) Sigma_eta]].
func (net *Network) Linearize(v []float64) (a *mat.Dense, d *mat.SymDense) {
	n := net.N()
	a = mat.NewDense(2*n, 2*n, nil)
	net.driftTo(a, ToDense(net.W), v)
	d = mat.NewSymDense(2*n, nil)
	s := net.NoiseCov()
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			d.SetSym(n+i, n+j, 2/net.TauEta*s.At(i, j))
		}
	}
	return a, d
}

// driftTo writes the drift matrix at v into a (2N×2N), given W's matrix w.
func (net *Network) driftTo(a *mat.Dense, w *mat.Dense, v []float64) {
	n := net.N()
	for i := 0; i < n; i++ {
		ti := 1 / net.Tau[i]
		for j := 0; j < n; j++ {
			a.Set(i, j, ti*w.At(i, j)*net.Gain(v[j]))
		}
		a.Set(i, i, a.At(i, i)-ti)
		a.Set(i, n+i, ti)
		a.Set(n+i, n+i, -1/net.TauEta)
	}
}

// MaxRealEig returns the largest real part of the eigenvalues of a.
func MaxRealEig(a mat.Matrix) (float64, error) {
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenNone) {
		return 0, errors.New("ssn: eigendecomposition failed")
	}
	m := math.Inf(-1)
	for _, l := range eig.Values(nil) {
		m = math.Max(m, real(l))
	}
	return m, nil
}

// StationaryCov returns the stationary covariance of the linearisation
// around the fixed point v (2N×2N; the top-left N×N block is Cov(V)). It
// returns ErrUnstable when the linearisation is not stable.
//
// Small networks solve the 2N×2N Lyapunov equation directly. Larger ones
// use its block structure (stationaryCovBlock), which leaves one N×N
// Lyapunov equation.
func (net *Network) StationaryCov(v []float64) (*mat.SymDense, error) {
	if 2*net.N() > kronMax {
		return net.stationaryCovBlock(v)
	}
	a, d := net.Linearize(v)
	return Lyapunov(a, d)
}

// stationaryCovBlock solves the Lyapunov equation of Linearize block by
// block. With A = [[A11, T^-1], [0, -I/tau_eta]] and D = [[0, 0], [0,
// (2/tau_eta) Sigma_eta]]:
//
//	P22 = Sigma_eta                                  (stationary OU noise)
//	(A11 - I/tau_eta) P12 = -T^-1 Sigma_eta
//	A11 P11 + P11 A11^T + T^-1 P12^T + P12 T^-1 = 0
func (net *Network) stationaryCovBlock(v []float64) (*mat.SymDense, error) {
	n := net.N()
	a, _ := net.Linearize(v)
	a11 := mat.DenseCopyOf(a.Slice(0, n, 0, n))
	if m, err := MaxRealEig(a11); err != nil {
		return nil, err
	} else if !(m < 0) {
		return nil, fmt.Errorf("%w: max real eigenvalue %g", ErrUnstable, m)
	}
	sigma := net.NoiseCov()
	shifted := mat.DenseCopyOf(a11)
	rhs := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		shifted.Set(i, i, shifted.At(i, i)-1/net.TauEta)
		for j := 0; j < n; j++ {
			rhs.Set(i, j, -sigma.At(i, j)/net.Tau[i])
		}
	}
	var p12 mat.Dense
	if err := p12.Solve(shifted, rhs); err != nil {
		return nil, fmt.Errorf("ssn: stationary covariance: %w", err)
	}
	d11 := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			d11.SetSym(i, j, p12.At(j, i)/net.Tau[i]+p12.At(i, j)/net.Tau[j])
		}
	}
	p11, err := Lyapunov(a11, d11)
	if err != nil {
		return nil, err
	}
	p := mat.NewSymDense(2*n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			p.SetSym(i, j, p11.At(i, j))
			p.SetSym(n+i, n+j, sigma.At(i, j))
		}
		for j := 0; j < n; j++ {
			p.SetSym(i, n+j, p12.At(i, j))
		}
	}
	return p, nil
}

// CovariancePath integrates, with Heun's method and step dt (s), the
// deterministic trajectory tau dV/dt = -V + h(t) + W r(V) from v0 together
// with the time-varying Lyapunov equation of its linearisation,
//
//	dP/dt = A(V(t)) P + P A(V(t))^T + D,
//
// from p0 (2N×2N), for steps steps. h(t, dst) writes the input at time t
// (s, from the start) into dst. After step k (time (k+1) dt) it calls
// record(k, v, p); v and p are reused between calls.
func (net *Network) CovariancePath(h func(t float64, dst []float64), v0 []float64, p0 mat.Symmetric, dt float64, steps int, record func(k int, v []float64, p *mat.Dense)) {
	n := net.N()
	w := ToDense(net.W)
	_, dd := net.Linearize(v0)
	v := append([]float64(nil), v0...)
	p := mat.NewDense(2*n, 2*n, nil)
	p.Copy(p0)
	a := mat.NewDense(2*n, 2*n, nil)
	hv := make([]float64, n)
	r := make([]float64, n)
	fv1 := make([]float64, n)
	fv2 := make([]float64, n)
	v1 := make([]float64, n)
	fp1 := mat.NewDense(2*n, 2*n, nil)
	fp2 := mat.NewDense(2*n, 2*n, nil)
	p1 := mat.NewDense(2*n, 2*n, nil)
	tmp := mat.NewDense(2*n, 2*n, nil)
	wr := mat.NewVecDense(n, nil)
	rv := mat.NewVecDense(n, r)
	// rhs sets fv = dV/dt and fp = dP/dt at time t.
	rhs := func(fv []float64, fp *mat.Dense, t float64, v []float64, p *mat.Dense) {
		h(t, hv)
		net.RatesTo(r, v)
		wr.MulVec(w, rv)
		for i := range fv {
			fv[i] = (-v[i] + hv[i] + wr.AtVec(i)) / net.Tau[i]
		}
		net.driftTo(a, w, v)
		tmp.Mul(a, p)
		fp.Copy(tmp)
		fp.Add(fp, tmp.T())
		fp.Add(fp, dd)
	}
	for k := 0; k < steps; k++ {
		t := float64(k) * dt
		rhs(fv1, fp1, t, v, p)
		for i := range v1 {
			v1[i] = v[i] + dt*fv1[i]
		}
		p1.Scale(dt, fp1)
		p1.Add(p1, p)
		rhs(fv2, fp2, t+dt, v1, p1)
		for i := range v {
			v[i] += dt / 2 * (fv1[i] + fv2[i])
		}
		fp1.Add(fp1, fp2)
		fp1.Scale(dt/2, fp1)
		p.Add(p, fp1)
		record(k, v, p)
	}
}
