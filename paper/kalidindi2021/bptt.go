package kalidindi2021

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/jpca"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/arm"
)

// Faithful mode (--set mode=bptt): the authors' posture controller
// (NetworkClass.py, optimizingscript_posturetask.py) trained end to end by
// hand-written backpropagation through time (BPTT) through the network,
// the muscles and the arm, with Adam:
//
//	s_t    = [target (2), 2(θ − θ_home), 0.5 θ̇, m] at t − 5 (clamped at t = 0),
//	h1_t+1 = ½ tanh(W_in s_t + W_11 h1_t + b1) + ½ h1_t + ξ ⊙ h1_t²,
//	h2_t+1 = ½ tanh(W_12 h1_t+1 + W_22 h2_t + b2) + ½ h2_t + ξ ⊙ h2_t²,
//	m_t+1  = 0.2 ReLU(W_m h2_t+1) + 0.8 m_t + ξ ⊙ m_t²,
//	θ_t+1 = θ_t + dt θ̇_t,  θ̇_t+1 = θ̇_t + dt M⁻¹(τ − h + τ_ext), τ = A·FL·m_t+1,
//
// loss (authors' costcriterionPosture): position and ½·velocity errors before
// 1 s and after 2 s, muscle activity (1e-2 before the load, 1e-5 during),
// neural activity (1e-5), scaled as in the code. Deviations: the states
// start at zero (the code starts them at the network's response to zero
// input, which is zero for its zero-initialised biases); the Jacobian of
// the arm step in θ2 and θ̇ is taken by central differences.
type bpttNet struct {
	n                  int
	rec                bool
	win, w11, w12, w22 []float64
	b1, b2             []float64
	wm                 []float64 // nu×n
}

// params lists the trainable slices (W_11, W_22 only when recurrent).
func (b *bpttNet) params() [][]float64 {
	ps := [][]float64{b.win, b.b1, b.w12, b.b2, b.wm}
	if b.rec {
		ps = append(ps, b.w11, b.w22)
	}
	return ps
}

// newBPTTNet initialises like PyTorch's nn.Linear: U(−1/√fan_in, 1/√fan_in),
// biases of the two layers zero (authors' code).
func newBPTTNet(rng *rand.Rand, n int, rec bool) *bpttNet {
	u := func(k, fan int) []float64 {
		out := make([]float64, k)
		s := 1 / math.Sqrt(float64(fan))
		for i := range out {
			out[i] = s * (2*rng.Float64() - 1)
		}
		return out
	}
	b := &bpttNet{n: n, rec: rec, win: u(n*nIn, nIn), w12: u(n*n, n), wm: u(nu*n, n),
		b1: make([]float64, n), b2: make([]float64, n), w11: make([]float64, n*n), w22: make([]float64, n*n)}
	if rec {
		b.w11, b.w22 = u(n*n, n), u(n*n, n)
	}
	return b
}

// bpttTrace is one condition's forward pass, kept for the backward pass.
type bpttTrace struct {
	T             int
	x             []float64 // (T)×4: θ − θ_home, θ̇ (pre-step state X_t)
	m, h1, h2     []float64 // (T)×nu, (T)×n, (T)×n
	t1, t2        []float64 // tanh outputs at each step (T−1)×n
	am            []float64 // (T−1)×nu muscle drive (ReLU mask)
	in            []float64 // (T−1)×nIn inputs
	xi1, xi2, xim []float64 // noise draws (T−1)×n, ×n, ×nu
	dAccTh, dAccV []float64 // (T−1)×2 (∂acc/∂θ2), (T−1)×4 (∂acc/∂θ̇, row-major)
	minv          []float64 // (T−1)×4 M⁻¹ at the step
	loss          float64
}

// lossWeights are the authors' cost coefficients (costcriterionPosture).
func lossScale(T int) (pos, vel, musPre, musDur, neur float64) {
	k := (0.1 / 0.05) / float64(nCond)
	w := 1 / float64(T-200)
	return k * 0.5 * w, k * 0.25 * w, k * 1e-2 * w, k * 1e-5 * w, k * 1e-5 / float64(T)
}

// forward runs condition c; sigma is the noise std (0 for none).
func (b *bpttNet) forward(a *arm.Arm, c int, load, sigma float64, rng *rand.Rand) *bpttTrace {
	n, T := b.n, steps
	tr := &bpttTrace{T: T, x: make([]float64, T*4), m: make([]float64, T*nu), h1: make([]float64, T*n), h2: make([]float64, T*n),
		t1: make([]float64, (T-1)*n), t2: make([]float64, (T-1)*n), am: make([]float64, (T-1)*nu), in: make([]float64, (T-1)*nIn),
		xi1: make([]float64, (T-1)*n), xi2: make([]float64, (T-1)*n), xim: make([]float64, (T-1)*nu),
		dAccTh: make([]float64, (T-1)*2), dAccV: make([]float64, (T-1)*4), minv: make([]float64, (T-1)*4)}
	for t := 0; t+1 < T; t++ {
		d := t - delay
		if d < 0 {
			d = 0
		}
		s := tr.in[t*nIn : (t+1)*nIn]
		xd := tr.x[d*4 : d*4+4]
		s[2], s[3], s[4], s[5] = 2*xd[0], 2*xd[1], 0.5*xd[2], 0.5*xd[3]
		copy(s[6:], tr.m[d*nu:(d+1)*nu])
		h1, h1n := tr.h1[t*n:(t+1)*n], tr.h1[(t+1)*n:(t+2)*n]
		h2, h2n := tr.h2[t*n:(t+1)*n], tr.h2[(t+1)*n:(t+2)*n]
		t1, t2 := tr.t1[t*n:(t+1)*n], tr.t2[t*n:(t+1)*n]
		for i := 0; i < n; i++ {
			v := b.b1[i]
			row := b.win[i*nIn : (i+1)*nIn]
			for j, x := range s {
				v += row[j] * x
			}
			if b.rec {
				r := b.w11[i*n : (i+1)*n]
				for j, x := range h1 {
					v += r[j] * x
				}
			}
			t1[i] = math.Tanh(v)
			xi := 0.0
			if sigma > 0 {
				xi = sigma * rng.NormFloat64()
			}
			tr.xi1[t*n+i] = xi
			h1n[i] = 0.5*t1[i] + 0.5*h1[i] + xi*h1[i]*h1[i]
		}
		for i := 0; i < n; i++ {
			v := b.b2[i]
			r := b.w12[i*n : (i+1)*n]
			for j, x := range h1n {
				v += r[j] * x
			}
			if b.rec {
				r2 := b.w22[i*n : (i+1)*n]
				for j, x := range h2 {
					v += r2[j] * x
				}
			}
			t2[i] = math.Tanh(v)
			xi := 0.0
			if sigma > 0 {
				xi = sigma * rng.NormFloat64()
			}
			tr.xi2[t*n+i] = xi
			h2n[i] = 0.5*t2[i] + 0.5*h2[i] + xi*h2[i]*h2[i]
		}
		m, mn := tr.m[t*nu:(t+1)*nu], tr.m[(t+1)*nu:(t+2)*nu]
		for k := 0; k < nu; k++ {
			v := 0.0
			r := b.wm[k*n : (k+1)*n]
			for j, x := range h2n {
				v += r[j] * x
			}
			tr.am[t*nu+k] = v
			xi := 0.0
			if sigma > 0 {
				xi = sigma * rng.NormFloat64()
			}
			tr.xim[t*nu+k] = xi
			mn[k] = 0.2*math.Max(v, 0) + 0.8*m[k] + xi*m[k]*m[k]
		}
		// Arm step with the torque of the new muscle state.
		t1q, t2q := a.MuscleTorque(mn)
		ext := loadOf(c, t, load)
		tau := [2]float64{t1q + ext[0], t2q + ext[1]}
		x, xn := tr.x[t*4:(t+1)*4], tr.x[(t+1)*4:(t+2)*4]
		th := [2]float64{x[0] + home[0], x[1] + home[1]}
		v := [2]float64{x[2], x[3]}
		acc := a.Accel(th, v, tau)
		xn[0], xn[1] = x[0]+dt*v[0], x[1]+dt*v[1]
		xn[2], xn[3] = v[0]+dt*acc[0], v[1]+dt*acc[1]
		// Jacobians of acc (central differences in θ2, θ̇; M⁻¹ exact).
		const h = 1e-6
		for j := 0; j < 3; j++ {
			thp, thm, vp, vm := th, th, v, v
			if j == 0 {
				thp[1] += h
				thm[1] -= h
			} else {
				vp[j-1] += h
				vm[j-1] -= h
			}
			ap, am := a.Accel(thp, vp, tau), a.Accel(thm, vm, tau)
			for i := 0; i < 2; i++ {
				dv := (ap[i] - am[i]) / (2 * h)
				if j == 0 {
					tr.dAccTh[t*2+i] = dv
				} else {
					tr.dAccV[t*4+i*2+(j-1)] = dv
				}
			}
		}
		m11, m12, m22 := a.Mass(th[1])
		det := m11*m22 - m12*m12
		copy(tr.minv[t*4:], []float64{m22 / det, -m12 / det, -m12 / det, m11 / det})
	}
	// Loss.
	pos, vel, musPre, musDur, neur := lossScale(T)
	L := 0.0
	for t := 0; t < T; t++ {
		x := tr.x[t*4 : (t+1)*4]
		if t < onset || t >= onset+100 {
			L += pos*(x[0]*x[0]+x[1]*x[1]) + vel*(x[2]*x[2]+x[3]*x[3])
		}
		mw := 0.0
		switch {
		case t < onset:
			mw = musPre
		case t < onset+100:
			mw = musDur
		}
		for _, v := range tr.m[t*nu : (t+1)*nu] {
			L += mw * v * v
		}
		for _, v := range tr.h1[t*n : (t+1)*n] {
			L += neur * v * v
		}
		for _, v := range tr.h2[t*n : (t+1)*n] {
			L += neur * v * v
		}
	}
	tr.loss = L
	return tr
}

// backward accumulates ∂loss/∂params of trace tr into grads (same layout
// as b.params()).
func (b *bpttNet) backward(a *arm.Arm, tr *bpttTrace, grads [][]float64) {
	n, T := b.n, tr.T
	gwin, gb1, gw12, gb2, gwm := grads[0], grads[1], grads[2], grads[3], grads[4]
	var gw11, gw22 []float64
	if b.rec {
		gw11, gw22 = grads[5], grads[6]
	}
	pos, vel, musPre, musDur, neur := lossScale(T)
	gx := make([]float64, T*4)
	gm := make([]float64, T*nu)
	gh1 := make([]float64, T*n)
	gh2 := make([]float64, T*n)
	for t := 0; t < T; t++ {
		x := tr.x[t*4 : (t+1)*4]
		if t < onset || t >= onset+100 {
			gx[t*4+0] = 2 * pos * x[0]
			gx[t*4+1] = 2 * pos * x[1]
			gx[t*4+2] = 2 * vel * x[2]
			gx[t*4+3] = 2 * vel * x[3]
		}
		mw := 0.0
		switch {
		case t < onset:
			mw = musPre
		case t < onset+100:
			mw = musDur
		}
		for k := 0; k < nu; k++ {
			gm[t*nu+k] = 2 * mw * tr.m[t*nu+k]
		}
		for i := 0; i < n; i++ {
			gh1[t*n+i] = 2 * neur * tr.h1[t*n+i]
			gh2[t*n+i] = 2 * neur * tr.h2[t*n+i]
		}
	}
	AF := [2][nu]float64{}
	for i := 0; i < 2; i++ {
		for k := 0; k < nu; k++ {
			AF[i][k] = a.A[i][k] * a.FL[k]
		}
	}
	ga1 := make([]float64, n)
	ga2 := make([]float64, n)
	for t := T - 2; t >= 0; t-- {
		// Arm step t: X_{t+1} from X_t and m_{t+1}.
		g := gx[(t+1)*4 : (t+2)*4]
		gt := gx[t*4 : (t+1)*4]
		dth := tr.dAccTh[t*2 : t*2+2]
		dv := tr.dAccV[t*4 : t*4+4]
		mi := tr.minv[t*4 : t*4+4]
		gt[0] += g[0]
		gt[1] += g[1] + dt*(dth[0]*g[2]+dth[1]*g[3])
		gt[2] += dt*g[0] + g[2] + dt*(dv[0]*g[2]+dv[2]*g[3])
		gt[3] += dt*g[1] + g[3] + dt*(dv[1]*g[2]+dv[3]*g[3])
		gtau := [2]float64{dt * (mi[0]*g[2] + mi[2]*g[3]), dt * (mi[1]*g[2] + mi[3]*g[3])}
		gmn := gm[(t+1)*nu : (t+2)*nu]
		for k := 0; k < nu; k++ {
			gmn[k] += AF[0][k]*gtau[0] + AF[1][k]*gtau[1]
		}
		// Muscles.
		h2n := tr.h2[(t+1)*n : (t+2)*n]
		gh2n := gh2[(t+1)*n : (t+2)*n]
		m := tr.m[t*nu : (t+1)*nu]
		for k := 0; k < nu; k++ {
			gam := 0.0
			if tr.am[t*nu+k] > 0 {
				gam = 0.2 * gmn[k]
			}
			if gam != 0 {
				r := b.wm[k*n : (k+1)*n]
				gr := gwm[k*n : (k+1)*n]
				for j := 0; j < n; j++ {
					gr[j] += gam * h2n[j]
					gh2n[j] += r[j] * gam
				}
			}
			gm[t*nu+k] += (0.8 + 2*tr.xim[t*nu+k]*m[k]) * gmn[k]
		}
		// Layer 2.
		h1n := tr.h1[(t+1)*n : (t+2)*n]
		h2 := tr.h2[t*n : (t+1)*n]
		gh1n := gh1[(t+1)*n : (t+2)*n]
		gh2t := gh2[t*n : (t+1)*n]
		t2 := tr.t2[t*n : (t+1)*n]
		for i := 0; i < n; i++ {
			ga2[i] = 0.5 * (1 - t2[i]*t2[i]) * gh2n[i]
			gh2t[i] += (0.5 + 2*tr.xi2[t*n+i]*h2[i]) * gh2n[i]
			gb2[i] += ga2[i]
		}
		for i := 0; i < n; i++ {
			gi := ga2[i]
			if gi == 0 {
				continue
			}
			accumRow(gw12[i*n:(i+1)*n], gh1n, b.w12[i*n:(i+1)*n], gi, h1n)
			if b.rec {
				accumRow(gw22[i*n:(i+1)*n], gh2t, b.w22[i*n:(i+1)*n], gi, h2)
			}
		}
		// Layer 1.
		h1 := tr.h1[t*n : (t+1)*n]
		gh1t := gh1[t*n : (t+1)*n]
		t1 := tr.t1[t*n : (t+1)*n]
		s := tr.in[t*nIn : (t+1)*nIn]
		var gs [nIn]float64
		for i := 0; i < n; i++ {
			ga1[i] = 0.5 * (1 - t1[i]*t1[i]) * gh1n[i]
			gh1t[i] += (0.5 + 2*tr.xi1[t*n+i]*h1[i]) * gh1n[i]
			gb1[i] += ga1[i]
		}
		for i := 0; i < n; i++ {
			gi := ga1[i]
			if gi == 0 {
				continue
			}
			accumRow(gwin[i*nIn:(i+1)*nIn], gs[:], b.win[i*nIn:(i+1)*nIn], gi, s)
			if b.rec {
				accumRow(gw11[i*n:(i+1)*n], gh1t, b.w11[i*n:(i+1)*n], gi, h1)
			}
		}
		// Delayed inputs feed back to X_{t−5}, m_{t−5} (constants when
		// clamped at t = 0).
		if d := t - delay; d > 0 {
			gx[d*4+0] += 2 * gs[2]
			gx[d*4+1] += 2 * gs[3]
			gx[d*4+2] += 0.5 * gs[4]
			gx[d*4+3] += 0.5 * gs[5]
			for k := 0; k < nu; k++ {
				gm[d*nu+k] += gs[6+k]
			}
		}
	}
}

// trainBPTT trains b with Adam (lr, β = 0.9/0.999, weight decay wd as an L2
// term) for epochs epochs over the 9 conditions, noise sigma. It returns the
// loss per epoch. Conditions run in parallel; gradients are reduced in
// condition order, so the result does not depend on workers.
func trainBPTT(ctx context.Context, cfg experiment.Config, b *bpttNet, a *arm.Arm, p Params, kind uint64, report func(float64)) ([]float64, error) {
	ps := b.params()
	mom := make([][]float64, len(ps))
	vel := make([][]float64, len(ps))
	for i, q := range ps {
		mom[i] = make([]float64, len(q))
		vel[i] = make([]float64, len(q))
	}
	condGrads := make([][][]float64, nCond)
	for c := range condGrads {
		condGrads[c] = make([][]float64, len(ps))
		for i, q := range ps {
			condGrads[c][i] = make([]float64, len(q))
		}
	}
	losses := make([]float64, p.Epochs)
	condLoss := make([]float64, nCond)
	const b1, b2, eps = 0.9, 0.999, 1e-8
	for ep := 0; ep < p.Epochs; ep++ {
		err := num.ParallelFor(ctx, cfg.NumWorkers(), nCond, func(c int) error {
			for _, g := range condGrads[c] {
				for i := range g {
					g[i] = 0
				}
			}
			tr := b.forward(a, c, p.Load, p.Noise, num.Stream(cfg.Seed, tagBPTT, kind, uint64(ep), uint64(c)))
			condLoss[c] = tr.loss
			if math.IsNaN(tr.loss) || math.IsInf(tr.loss, 0) {
				return &experiment.DivergedError{What: "BPTT training loss", T: float64(ep), Unit: "epochs", Hint: "lower lr"}
			}
			b.backward(a, tr, condGrads[c])
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, l := range condLoss {
			losses[ep] += l
		}
		bc1 := 1 - math.Pow(b1, float64(ep+1))
		bc2 := 1 - math.Pow(b2, float64(ep+1))
		for i, q := range ps {
			for j := range q {
				g := p.WeightDecay * q[j]
				for c := 0; c < nCond; c++ {
					g += condGrads[c][i][j]
				}
				mom[i][j] = b1*mom[i][j] + (1-b1)*g
				vel[i][j] = b2*vel[i][j] + (1-b2)*g*g
				q[j] -= p.LR * (mom[i][j] / bc1) / (math.Sqrt(vel[i][j]/bc2) + eps)
			}
		}
		if report != nil {
			report(float64(ep+1) / float64(p.Epochs))
		}
	}
	return losses, nil
}

// loopState is the closed loop's state for linearisation: h1, h2 (n each),
// m (nu), x (4), then (x, m) at t−1, …, t−5.
func (b *bpttNet) loopDim() int { return 2*b.n + nu + 4 + delay*(4+nu) }

// loopStep maps the closed-loop state z to its successor (no noise, no
// load): the network reads the t−5 entries of the buffer.
func (b *bpttNet) loopStep(a *arm.Arm, dst, z []float64) {
	n := b.n
	h1, h2 := z[:n], z[n:2*n]
	m := z[2*n : 2*n+nu]
	x := z[2*n+nu : 2*n+nu+4]
	buf := z[2*n+nu+4:]
	old := buf[(delay-1)*(4+nu):]
	var s [nIn]float64
	s[2], s[3], s[4], s[5] = 2*old[0], 2*old[1], 0.5*old[2], 0.5*old[3]
	copy(s[6:], old[4:4+nu])
	h1n, h2n := dst[:n], dst[n:2*n]
	for i := 0; i < n; i++ {
		v := b.b1[i]
		for j, xj := range s {
			v += b.win[i*nIn+j] * xj
		}
		if b.rec {
			for j, xj := range h1 {
				v += b.w11[i*n+j] * xj
			}
		}
		h1n[i] = 0.5*math.Tanh(v) + 0.5*h1[i]
	}
	for i := 0; i < n; i++ {
		v := b.b2[i]
		for j, xj := range h1n {
			v += b.w12[i*n+j] * xj
		}
		if b.rec {
			for j, xj := range h2 {
				v += b.w22[i*n+j] * xj
			}
		}
		h2n[i] = 0.5*math.Tanh(v) + 0.5*h2[i]
	}
	mn := dst[2*n : 2*n+nu]
	for k := 0; k < nu; k++ {
		v := 0.0
		for j, xj := range h2n {
			v += b.wm[k*n+j] * xj
		}
		mn[k] = 0.2*math.Max(v, 0) + 0.8*m[k]
	}
	t1, t2 := a.MuscleTorque(mn)
	th := [2]float64{x[0] + home[0], x[1] + home[1]}
	acc := a.Accel(th, [2]float64{x[2], x[3]}, [2]float64{t1, t2})
	xn := dst[2*n+nu : 2*n+nu+4]
	xn[0], xn[1] = x[0]+dt*x[2], x[1]+dt*x[3]
	xn[2], xn[3] = x[2]+dt*acc[0], x[3]+dt*acc[1]
	bn := dst[2*n+nu+4:]
	copy(bn[:4], x)
	copy(bn[4:4+nu], m)
	copy(bn[4+nu:], buf[:(delay-1)*(4+nu)])
}

// loopFreq linearises the trained closed loop (central differences) at the
// resting state reached by the unperturbed condition and returns, as for
// spec check 4, the frequency and modulus of its largest-modulus complex
// eigenvalue, the spectral radius and the list of slow complex modes.
func (b *bpttNet) loopFreq(a *arm.Arm) (freq, modulus, rho float64, modes string, err error) {
	d := b.loopDim()
	z := make([]float64, d)
	zn := make([]float64, d)
	for t := 0; t < 400; t++ {
		b.loopStep(a, zn, z)
		z, zn = zn, z
	}
	J := mat.NewDense(d, d, nil)
	zp := make([]float64, d)
	fp := make([]float64, d)
	fm := make([]float64, d)
	for j := 0; j < d; j++ {
		h := 1e-7 * math.Max(1, math.Abs(z[j]))
		copy(zp, z)
		zp[j] = z[j] + h
		b.loopStep(a, fp, zp)
		zp[j] = z[j] - h
		b.loopStep(a, fm, zp)
		for i := 0; i < d; i++ {
			J.Set(i, j, (fp[i]-fm[i])/(2*h))
		}
	}
	return spectrumFreq(J)
}

// runBPTTMode trains the NOREC and REC networks by BPTT and evaluates them
// on p.Trials noisy trials per condition; the closed-loop frequency is that
// of the trained NOREC loop, linearised.
func runBPTTMode(ctx context.Context, cfg experiment.Config, p Params, a *arm.Arm, res *experiment.Result) (
	studs []*student, fCL, modCL, rhoCL float64, slowModes string, err error) {
	var nets []*bpttNet
	for ki, kd := range []struct {
		name string
		rec  bool
	}{{"NOREC", false}, {"REC", true}} {
		b := newBPTTNet(num.Stream(cfg.Seed, tagBPTTInit, uint64(ki)), p.BPTTUnits, kd.rec)
		base := 0.02 + 0.45*float64(ki)
		losses, err := trainBPTT(ctx, cfg, b, a, p, uint64(ki), func(f float64) { cfg.Report(base + 0.4*f) })
		if err != nil {
			return nil, 0, 0, 0, "", err
		}
		tag := map[bool]string{false: "norec", true: "rec"}[kd.rec]
		res.Metric("bptt_initial_loss_"+tag, losses[0])
		res.Metric("bptt_final_loss_"+tag, losses[len(losses)-1])
		st, err := evalBPTT(ctx, cfg, p, a, b, kd.name, uint64(ki))
		if err != nil {
			return nil, 0, 0, 0, "", err
		}
		studs = append(studs, st)
		nets = append(nets, b)
	}
	fCL, modCL, rhoCL, slowModes, err = nets[0].loopFreq(a)
	if err != nil {
		return nil, 0, 0, 0, "", err
	}
	res.Notes = append(res.Notes, fmt.Sprintf(
		"Faithful mode: networks of %d units per layer trained by BPTT for %d Adam epochs (lr %g); the authors trained "+
			"500 units for 2000 epochs (lr 3e-4). Loss NOREC %.3g → %.3g, REC %.3g → %.3g. Short training can leave the "+
			"posture and rotation checks unmet.",
		p.BPTTUnits, p.Epochs, p.LR, res.Metrics["bptt_initial_loss_norec"], res.Metrics["bptt_final_loss_norec"],
		res.Metrics["bptt_initial_loss_rec"], res.Metrics["bptt_final_loss_rec"]))
	return studs, fCL, modCL, rhoCL, slowModes, nil
}

// evalBPTT runs p.Trials noisy trials per condition and averages angles
// and L2 activity (as the fast mode's evaluation).
func evalBPTT(ctx context.Context, cfg experiment.Config, p Params, a *arm.Arm, b *bpttNet, name string, kind uint64) (*student, error) {
	nRoll := nCond * p.Trials
	trs := make([]*bpttTrace, nRoll)
	err := num.ParallelFor(ctx, cfg.NumWorkers(), nRoll, func(i int) error {
		c, k := i/p.Trials, i%p.Trials
		trs[i] = b.forward(a, c, p.Load, p.Noise, num.Stream(cfg.Seed, tagEval, 10+kind, uint64(c), uint64(k)))
		if math.IsNaN(trs[i].loss) || math.IsInf(trs[i].loss, 0) {
			return &experiment.DivergedError{What: name + " BPTT-trained arm controller", Unit: "s"}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	n := b.n
	win := int(math.Round(p.WindowMS/10)) + 1
	st := &student{name: name, theta: make([][]float64, nCond), act: make([]*mat.Dense, nCond)}
	for c := 0; c < nCond; c++ {
		th := make([]float64, steps*2)
		X := mat.NewDense(win, n, nil)
		for k := 0; k < p.Trials; k++ {
			tr := trs[c*p.Trials+k]
			for t := 0; t < steps; t++ {
				th[2*t] += tr.x[t*4] / float64(p.Trials)
				th[2*t+1] += tr.x[t*4+1] / float64(p.Trials)
			}
			for t := 0; t < win; t++ {
				row := X.RawRowView(t)
				src := tr.h2[(onset+t)*n : (onset+t+1)*n]
				for j := range row {
					row[j] += src[j] / float64(p.Trials)
				}
			}
		}
		st.theta[c], st.act[c] = th, X
		if c == nullIdx {
			continue
		}
		for t := 0; t < steps; t++ {
			for j := 0; j < 2; j++ {
				d := math.Abs(th[2*t+j])
				st.peak = math.Max(st.peak, d)
				if t >= onset+100 {
					st.maxLate = math.Max(st.maxLate, d)
				}
			}
		}
	}
	jp, err := jpca.Fit(st.act, jpcaOpts(p))
	if err != nil {
		return nil, err
	}
	st.jp = jp
	return st, nil
}

// accumRow backpropagates through one row of a = W x: it adds g·x to the
// row's weight gradient gw and g·w to the input gradient gx.
func accumRow(gw, gx, w []float64, g float64, x []float64) {
	for j := range x {
		gw[j] += g * x[j]
		gx[j] += w[j] * g
	}
}
