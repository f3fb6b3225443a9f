package kalidindi2021

import (
	"errors"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"neurolab/model/arm"
)

// Task timing (spec): 3 s trials (300 steps), step load from 1 s.
const (
	steps   = 300
	onset   = 100
	nIn     = 12 // target (2), angle error (2), 0.5·velocity (2), muscles (6)
	warmup  = 50 // noise-free steps that settle the network at rest before t = 0
	nCond   = 9  // 8 load directions + null
	nullIdx = 8
)

// home is the posture task's home joint configuration (rad, spec).
var home = arm.Home()

// loadOf returns condition c's external torque (N·m) at step t: a step of
// magnitude load along direction 2πc/8 in (shoulder, elbow) torque space
// from 1 s on; condition 8 is the unperturbed null condition.
func loadOf(c, t int, load float64) [2]float64 {
	if c == nullIdx || t < onset {
		return [2]float64{}
	}
	phi := 2 * math.Pi * float64(c) / 8
	return [2]float64{load * math.Cos(phi), load * math.Sin(phi)}
}

// network is the student: two leaky tanh layers (spec NetworkClass),
//
//	h1_t = 0.5 tanh(W_in s_t + W_11 h1_{t−1} + b1) + 0.5 h1_{t−1} + ξ ⊙ h1_{t−1}²,
//	h2_t = 0.5 tanh(W_12 h1_t + W_22 h2_{t−1} + b2) + 0.5 h2_{t−1} + ξ ⊙ h2_{t−1}²,
//
// and a linear readout u_t = W_out [h2_t; 1] (the muscle command; the arm's
// muscles rectify and filter it). W_11 = W_22 = nil is the NOREC network.
type network struct {
	n             int
	win           []float64 // n×nIn
	w12, w11, w22 []float64 // n×n (w11, w22 nil in NOREC)
	b1, b2        []float64
	wout          []float64 // nu×(n+1), set by fit
}

func newNetwork(rng *rand.Rand, p Params, recurrent bool) *network {
	n := p.Units
	nw := &network{n: n, win: make([]float64, n*nIn), w12: make([]float64, n*n),
		b1: make([]float64, n), b2: make([]float64, n)}
	for i := range nw.win {
		nw.win[i] = rng.NormFloat64() * p.GainIn / math.Sqrt(nIn)
	}
	for i := range nw.w12 {
		nw.w12[i] = rng.NormFloat64() * p.GainFF / math.Sqrt(float64(n))
	}
	for i := 0; i < n; i++ {
		nw.b1[i] = 0.1 * rng.NormFloat64()
		nw.b2[i] = 0.1 * rng.NormFloat64()
	}
	if recurrent {
		nw.w11 = make([]float64, n*n)
		nw.w22 = make([]float64, n*n)
		for i := range nw.w11 {
			nw.w11[i] = rng.NormFloat64() * p.GainRec / math.Sqrt(float64(n))
			nw.w22[i] = rng.NormFloat64() * p.GainRec / math.Sqrt(float64(n))
		}
	}
	return nw
}

// step advances the network state (h1, h2 updated in place; buf is 2n
// scratch) with input s and noise std sigma (rng may be nil when sigma = 0).
// The matrix–vector products go through BLAS (Dgemv).
func (nw *network) step(h1, h2, buf, s []float64, sigma float64, rng *rand.Rand) {
	n := nw.n
	a := buf[:n]
	copy(a, nw.b1)
	vec := func(v []float64) blas64.Vector { return blas64.Vector{N: len(v), Inc: 1, Data: v} }
	blas64.Gemv(blas.NoTrans, 1, gen(n, nIn, nw.win), vec(s), 1, vec(a))
	if nw.w11 != nil {
		blas64.Gemv(blas.NoTrans, 1, gen(n, n, nw.w11), vec(h1), 1, vec(a))
	}
	for i := 0; i < n; i++ {
		old := h1[i]
		h1[i] = 0.5*math.Tanh(a[i]) + 0.5*old
		if sigma > 0 {
			h1[i] += sigma * rng.NormFloat64() * old * old
		}
	}
	b := buf[n : 2*n]
	copy(b, nw.b2)
	if nw.w22 != nil {
		blas64.Gemv(blas.NoTrans, 1, gen(n, n, nw.w22), vec(h2), 1, vec(b))
	}
	blas64.Gemv(blas.NoTrans, 1, gen(n, n, nw.w12), vec(h1), 1, vec(b))
	for i := 0; i < n; i++ {
		old := h2[i]
		h2[i] = 0.5*math.Tanh(b[i]) + 0.5*old
		if sigma > 0 {
			h2[i] += sigma * rng.NormFloat64() * old * old
		}
	}
}

// readout sets u = W_out [h2; 1].
func (nw *network) readout(u, h2 []float64) {
	n := nw.n
	for k := 0; k < nu; k++ {
		row := nw.wout[k*(n+1) : (k+1)*(n+1)]
		v := row[n]
		for j, x := range h2 {
			v += row[j] * x
		}
		u[k] = v
	}
}

// controller says who drives the arm in a rollout.
type controller int

const (
	byTeacher controller = iota
	byStudent
)

// trajectory is one rollout's record.
type trajectory struct {
	theta   []float64 // steps×2, θ − θ_home (rad)
	h2      []float64 // steps×n, L2 activity
	label   []float64 // steps×nu, the teacher's command u0 + δu at the visited state
	clipped int       // commands rectified by the muscles (entries u_k < 0)
	bad     bool      // non-finite state
	badT    float64   // when bad: the time (s) of the runaway or non-finite state
}

// sim bundles what a rollout needs.
type sim struct {
	a  arm.Arm
	tc *teacher
	u0 []float64
	p  Params
}

func newSim(a arm.Arm, tc *teacher, u0 []float64, p Params) *sim {
	return &sim{a: a, tc: tc, u0: u0, p: p}
}

// rollout runs condition c for steps steps under ctrl, with the student
// network nw advanced alongside (its features are recorded whoever drives).
func (s *sim) rollout(nw *network, c int, ctrl controller, rng *rand.Rand) trajectory {
	n := nw.n
	tr := trajectory{theta: make([]float64, steps*2), h2: make([]float64, steps*n), label: make([]float64, steps*nu)}
	st := arm.State{Theta: home}
	copy(st.M[:], s.u0)
	// Histories: x_t (nx) and applied δu_t (nu), with x_t = x_0 and δu = 0
	// before t = 0 (the arm rests).
	xs := make([]float64, (steps+1)*nx)
	dus := make([]float64, steps*nu)
	h1 := make([]float64, n)
	h2 := make([]float64, n)
	buf := make([]float64, 2*n)
	in := make([]float64, nIn)
	uT := make([]float64, nu)
	// Teacher filter states, at their rest values (x_0 = 0 deviations).
	ty1 := make([]float64, nxs)
	ty2 := make([]float64, nxs)
	uS := make([]float64, nu)
	integ := [2]float64{}
	setX := func(t int) {
		x := xs[t*nx : (t+1)*nx]
		x[0], x[1] = st.Theta[0]-home[0], st.Theta[1]-home[1]
		x[2], x[3] = st.DTheta[0], st.DTheta[1]
		for k := 0; k < nu; k++ {
			x[4+k] = st.M[k] - s.u0[k]
		}
		x[10], x[11] = integ[0], integ[1]
	}
	setX(0)
	input := func(t int) {
		td := t - delay
		if td < 0 {
			td = 0
		}
		x := xs[td*nx : (td+1)*nx]
		in[0], in[1] = 0, 0           // target: the home posture (relative coordinates)
		in[2], in[3] = 2*x[0], 2*x[1] // ×2 as in the authors' code
		in[4], in[5] = 0.5*x[2], 0.5*x[3]
		for k := 0; k < nu; k++ {
			in[6+k] = x[4+k] + s.u0[k]
		}
	}
	input(0)
	for w := 0; w < warmup; w++ {
		nw.step(h1, h2, buf, in, 0, nil)
	}
	for t := 0; t < steps; t++ {
		input(t)
		nw.step(h1, h2, buf, in, s.p.Noise, rng)
		copy(tr.h2[t*n:(t+1)*n], h2)
		// Teacher: δu = −K y2_t, y filtering the delayed state (x before
		// t = 0 is x_0, where the filters start at rest).
		td := t - delay
		if td < 0 {
			td = 0
		}
		for i := 0; i < nxs; i++ {
			ty1[i] = 0.5*xs[td*nx+i] + 0.5*ty1[i]
			ty2[i] = 0.5*ty1[i] + 0.5*ty2[i]
		}
		for k := 0; k < nu; k++ {
			row := s.tc.K[k*nxs : (k+1)*nxs]
			v := 0.0
			for i, yi := range ty2 {
				v += row[i] * yi
			}
			uT[k] = s.u0[k] - v
		}
		copy(tr.label[t*nu:(t+1)*nu], uT)
		u := uT
		if ctrl == byStudent {
			nw.readout(uS, h2)
			u = uS
		}
		for k := 0; k < nu; k++ {
			if u[k] < 0 {
				tr.clipped++
			}
			dus[t*nu+k] = math.Max(u[k], 0) - s.u0[k]
		}
		e0, e1 := st.Theta[0]-home[0], st.Theta[1]-home[1]
		s.a.Step(&st, u, loadOf(c, t, s.p.Load), dt)
		if s.p.Noise > 0 {
			// Multiplicative muscle noise (spec: noise ⊙ m_{t−1}²).
			for k := 0; k < nu; k++ {
				st.M[k] = math.Max(0, st.M[k]+s.p.Noise*rng.NormFloat64()*st.M[k]*st.M[k])
			}
		}
		integ[0] += dt * e0
		integ[1] += dt * e1
		setX(t + 1)
		tr.theta[2*t], tr.theta[2*t+1] = st.Theta[0]-home[0], st.Theta[1]-home[1]
		if math.IsNaN(st.Theta[0]+st.Theta[1]) || math.Abs(st.Theta[0]-home[0])+math.Abs(st.Theta[1]-home[1]) > 10 {
			tr.bad, tr.badT = true, float64(t+1)*dt
			return tr
		}
	}
	return tr
}

// fitReadout sets nw.wout by ridge regression of the labels on the
// features (centred; penalty ridge × mean feature variance × samples).
func fitReadout(nw *network, trs []trajectory, ridge float64) error {
	n := nw.n
	rows := 0
	for _, tr := range trs {
		rows += len(tr.h2) / n
	}
	X := mat.NewDense(rows, n, nil)
	Y := mat.NewDense(rows, nu, nil)
	r := 0
	for _, tr := range trs {
		T := len(tr.h2) / n
		for t := 0; t < T; t++ {
			copy(X.RawRowView(r), tr.h2[t*n:(t+1)*n])
			copy(Y.RawRowView(r), tr.label[t*nu:(t+1)*nu])
			r++
		}
	}
	mx := make([]float64, n)
	my := make([]float64, nu)
	for i := 0; i < rows; i++ {
		for j, v := range X.RawRowView(i) {
			mx[j] += v / float64(rows)
		}
		for j, v := range Y.RawRowView(i) {
			my[j] += v / float64(rows)
		}
	}
	for i := 0; i < rows; i++ {
		xr, yr := X.RawRowView(i), Y.RawRowView(i)
		for j := range xr {
			xr[j] -= mx[j]
		}
		for j := range yr {
			yr[j] -= my[j]
		}
	}
	// NaN or Inf features mean a rollout diverged (noise = 0.3 at quick
	// scale: the signal-dependent motor noise n·ξ·M² runs away); the ridge
	// system was then reported as "singular".
	if !finiteAll(X.RawMatrix().Data) || !finiteAll(Y.RawMatrix().Data) {
		return errNotFinite
	}
	var G mat.SymDense
	G.SymOuterK(1, X.T())
	lam := 0.0
	for j := 0; j < n; j++ {
		lam += G.At(j, j) / float64(n)
	}
	lam *= ridge
	for j := 0; j < n; j++ {
		G.SetSym(j, j, G.At(j, j)+lam)
	}
	var XtY, W mat.Dense
	XtY.Mul(X.T(), Y)
	var ch mat.Cholesky
	if !ch.Factorize(&G) {
		return errSingular
	}
	if err := ch.SolveTo(&W, &XtY); err != nil {
		return err
	}
	nw.wout = make([]float64, nu*(n+1))
	for k := 0; k < nu; k++ {
		b := my[k]
		for j := 0; j < n; j++ {
			w := W.At(j, k)
			nw.wout[k*(n+1)+j] = w
			b -= w * mx[j]
		}
		nw.wout[k*(n+1)+n] = b
	}
	return nil
}

// errNotFinite reports training rollouts whose activity is NaN or Inf.
var errNotFinite = errors.New("kalidindi2021: the training rollouts' network activity is not finite (the closed loop diverged: noise, g_in, g_ff or g_rec too large?)")

// finiteAll reports whether every entry of x is finite.
func finiteAll(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
