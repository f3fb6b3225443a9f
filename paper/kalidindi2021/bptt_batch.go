package kalidindi2021

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"neurolab/model/arm"
)

// bpttBatch is the workspace of one batched forward and backward pass of the
// faithful mode: B trials (rows: conditions, or trials of one condition)
// advanced together, so that every step's products with a weight matrix
// are one matrix–matrix product (one pass over W for all rows), and the
// weight gradients are single products over all steps and rows after the
// backward pass (Σ_t ga_tᵀ h_t = GAᵀ H), which replaces T·B rank-one
// updates. Block t of a time-major array holds the B rows at step t. It is
// allocated once and reused for every epoch (no allocation per step).
//
// Sums over rows (the batch) happen inside the matrix products in a fixed
// order, independent of the number of goroutines gonum uses, so results do
// not depend on cfg.Workers.
type bpttBatch struct {
	B, n, T             int
	cond                []int     // condition of each row
	x                   []float64 // T×B×4: θ − θ_home, θ̇ (pre-step state X_t)
	m                   []float64 // T×B×nu
	h1, h2              []float64 // T×B×n
	t1, t2              []float64 // (T−1)×B×n tanh outputs
	am                  []float64 // (T−1)×B×nu muscle drive (ReLU mask)
	in                  []float64 // (T−1)×B×nIn inputs
	xi1, xi2, xim       []float64 // noise draws, (T−1)×B×(n, n, nu)
	dAccTh, dAccV, minv []float64 // (T−1)×B×(2, 4, 4): ∂acc/∂θ2, ∂acc/∂θ̇, M⁻¹
	loss                []float64 // per row

	ga1, ga2, gam          []float64 // (T−1)×B×(n, n, nu): gradients of the pre-activations
	gx, gm                 []float64 // T×B×(4, nu)
	gs                     []float64 // B×nIn
	gh1c, gh1n, gh2c, gh2n []float64 // B×n: gradients of h at t and t+1
	acc                    []float64 // B×n scratch
}

func newBPTTBatch(B, n int) *bpttBatch {
	T := steps
	f := func(k int) []float64 { return make([]float64, k) }
	return &bpttBatch{B: B, n: n, T: T, cond: make([]int, B),
		x: f(T * B * 4), m: f(T * B * nu), h1: f(T * B * n), h2: f(T * B * n),
		t1: f((T - 1) * B * n), t2: f((T - 1) * B * n), am: f((T - 1) * B * nu), in: f((T - 1) * B * nIn),
		xi1: f((T - 1) * B * n), xi2: f((T - 1) * B * n), xim: f((T - 1) * B * nu),
		dAccTh: f((T - 1) * B * 2), dAccV: f((T - 1) * B * 4), minv: f((T - 1) * B * 4), loss: f(B),
		ga1: f((T - 1) * B * n), ga2: f((T - 1) * B * n), gam: f((T - 1) * B * nu),
		gx: f(T * B * 4), gm: f(T * B * nu), gs: f(B * nIn),
		gh1c: f(B * n), gh1n: f(B * n), gh2c: f(B * n), gh2n: f(B * n), acc: f(B * n)}
}

// gen views d as a rows×cols row-major matrix.
func gen(rows, cols int, d []float64) blas64.General {
	return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: d[:rows*cols]}
}

// layer advances one layer of the controller for the B rows of A (whose
// data is w.acc): A = in·W_inᵀ + h·W_recᵀ (recurrent term only with b.rec)
// + bias, tt = tanh(A), and the leaky update with multiplicative noise
// hn = tt/2 + h/2 + ξ h², ξ = sigma·N(0, 1) drawn from rngs[r] in element
// order (kept in xi for the backward pass).
func (b *bpttNet) layer(w *bpttBatch, A blas64.General, bias []float64, in, win blas64.General, h, wrec, tt, xi, hn []float64, sigma float64, rngs []*rand.Rand) {
	n, B := b.n, w.B
	for r := 0; r < B; r++ {
		copy(w.acc[r*n:(r+1)*n], bias)
	}
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, in, win, 1, A)
	if b.rec {
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, gen(B, n, h), gen(n, n, wrec), 1, A)
	}
	for r := 0; r < B; r++ {
		for i := r * n; i < (r+1)*n; i++ {
			tt[i] = math.Tanh(w.acc[i])
			x := 0.0
			if sigma > 0 {
				x = sigma * rngs[r].NormFloat64()
			}
			xi[i] = x
			hn[i] = 0.5*tt[i] + 0.5*h[i] + x*h[i]*h[i]
		}
	}
}

// lossScale returns the authors' cost coefficients (costcriterionPosture)
// for a T-step trial: position, velocity, muscle activity before and during
// the load, neural activity.
func lossScale(T int) (pos, vel, musPre, musDur, neur float64) {
	k := (0.1 / 0.05) / float64(nCond)
	w := 1 / float64(T-200)
	return k * 0.5 * w, k * 0.25 * w, k * 1e-2 * w, k * 1e-5 * w, k * 1e-5 / float64(T)
}

// forward runs the rows (conditions w.cond) with noise std sigma (rngs[r]
// drives row r; nil entries when sigma = 0) and fills w.loss.
func (b *bpttNet) forward(a *arm.Arm, w *bpttBatch, load, sigma float64, rngs []*rand.Rand) {
	n, B, T := b.n, w.B, w.T
	for i := range w.x[:B*4] {
		w.x[i] = 0
	}
	for i := range w.m[:B*nu] {
		w.m[i] = 0
	}
	for i := range w.h1[:B*n] {
		w.h1[i], w.h2[i] = 0, 0
	}
	A := gen(B, n, w.acc)
	for t := 0; t+1 < T; t++ {
		d := max(t-delay, 0)
		S := w.in[t*B*nIn : (t+1)*B*nIn]
		for r := 0; r < B; r++ {
			s := S[r*nIn : (r+1)*nIn]
			xd := w.x[(d*B+r)*4 : (d*B+r)*4+4]
			s[0], s[1] = 0, 0
			s[2], s[3], s[4], s[5] = 2*xd[0], 2*xd[1], 0.5*xd[2], 0.5*xd[3]
			copy(s[6:], w.m[(d*B+r)*nu:(d*B+r+1)*nu])
		}
		h1, h1n := w.h1[t*B*n:(t+1)*B*n], w.h1[(t+1)*B*n:(t+2)*B*n]
		h2, h2n := w.h2[t*B*n:(t+1)*B*n], w.h2[(t+1)*B*n:(t+2)*B*n]
		t1, t2 := w.t1[t*B*n:(t+1)*B*n], w.t2[t*B*n:(t+1)*B*n]
		xi1, xi2 := w.xi1[t*B*n:(t+1)*B*n], w.xi2[t*B*n:(t+1)*B*n]
		// Layer 1: A = S W_inᵀ + H1 W_11ᵀ + b1; layer 2: A = H1' W_12ᵀ + H2 W_22ᵀ + b2.
		b.layer(w, A, b.b1, gen(B, nIn, S), gen(n, nIn, b.win), h1, b.w11, t1, xi1, h1n, sigma, rngs)
		b.layer(w, A, b.b2, gen(B, n, h1n), gen(n, n, b.w12), h2, b.w22, t2, xi2, h2n, sigma, rngs)
		// Muscles: drive = H2' W_mᵀ.
		am := w.am[t*B*nu : (t+1)*B*nu]
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, gen(B, n, h2n), gen(nu, n, b.wm), 0, gen(B, nu, am))
		for r := 0; r < B; r++ {
			m, mn := w.m[(t*B+r)*nu:(t*B+r+1)*nu], w.m[((t+1)*B+r)*nu:((t+1)*B+r+1)*nu]
			for k := 0; k < nu; k++ {
				xi := 0.0
				if sigma > 0 {
					xi = sigma * rngs[r].NormFloat64()
				}
				w.xim[(t*B+r)*nu+k] = xi
				mn[k] = 0.2*math.Max(am[r*nu+k], 0) + 0.8*m[k] + xi*m[k]*m[k]
			}
			w.armStep(a, t, r, mn, loadOf(w.cond[r], t, load))
		}
	}
	w.computeLoss()
}

// armStep advances row r's arm from X_t with the torque of the new muscle
// state mn and records the step's Jacobians (central differences in θ2 and
// θ̇; M⁻¹ exact) for the backward pass.
func (w *bpttBatch) armStep(a *arm.Arm, t, r int, mn []float64, ext [2]float64) {
	B := w.B
	t1q, t2q := a.MuscleTorque(mn)
	tau := [2]float64{t1q + ext[0], t2q + ext[1]}
	i := t*B + r
	x, xn := w.x[i*4:i*4+4], w.x[(i+B)*4:(i+B)*4+4]
	th := [2]float64{x[0] + home[0], x[1] + home[1]}
	v := [2]float64{x[2], x[3]}
	acc := a.Accel(th, v, tau)
	xn[0], xn[1] = x[0]+dt*v[0], x[1]+dt*v[1]
	xn[2], xn[3] = v[0]+dt*acc[0], v[1]+dt*acc[1]
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
		for k := 0; k < 2; k++ {
			dv := (ap[k] - am[k]) / (2 * h)
			if j == 0 {
				w.dAccTh[i*2+k] = dv
			} else {
				w.dAccV[i*4+k*2+(j-1)] = dv
			}
		}
	}
	m11, m12, m22 := a.Mass(th[1])
	det := m11*m22 - m12*m12
	mi := w.minv[i*4 : i*4+4]
	mi[0], mi[1], mi[2], mi[3] = m22/det, -m12/det, -m12/det, m11/det
}

// lossWeights returns the weights of step t's position/velocity and muscle
// terms.
func lossWeights(t int, pos, vel, musPre, musDur float64) (wp, wv, wm float64) {
	if t < onset || t >= onset+100 {
		wp, wv = pos, vel
	}
	switch {
	case t < onset:
		wm = musPre
	case t < onset+100:
		wm = musDur
	}
	return
}

// computeLoss fills w.loss (authors' costcriterionPosture, per row).
func (w *bpttBatch) computeLoss() {
	n, B, T := w.n, w.B, w.T
	pos, vel, musPre, musDur, neur := lossScale(T)
	for r := 0; r < B; r++ {
		L := 0.0
		for t := 0; t < T; t++ {
			i := t*B + r
			wp, wv, wm := lossWeights(t, pos, vel, musPre, musDur)
			x := w.x[i*4 : i*4+4]
			L += wp*(x[0]*x[0]+x[1]*x[1]) + wv*(x[2]*x[2]+x[3]*x[3])
			for _, v := range w.m[i*nu : (i+1)*nu] {
				L += wm * v * v
			}
			for _, v := range w.h1[i*n : (i+1)*n] {
				L += neur * v * v
			}
			for _, v := range w.h2[i*n : (i+1)*n] {
				L += neur * v * v
			}
		}
		w.loss[r] = L
	}
}

// backward sets grads (layout of b.params()) to ∂(Σ_r loss_r)/∂params for
// the pass in w.
func (b *bpttNet) backward(a *arm.Arm, w *bpttBatch, grads [][]float64) {
	n, B, T := b.n, w.B, w.T
	gwin, gb1, gw12, gb2, gwm := grads[0], grads[1], grads[2], grads[3], grads[4]
	pos, vel, musPre, musDur, neur := lossScale(T)
	for t := 0; t < T; t++ {
		wp, wv, wm := lossWeights(t, pos, vel, musPre, musDur)
		for r := 0; r < B; r++ {
			i := t*B + r
			x, gx := w.x[i*4:i*4+4], w.gx[i*4:i*4+4]
			gx[0], gx[1], gx[2], gx[3] = 2*wp*x[0], 2*wp*x[1], 2*wv*x[2], 2*wv*x[3]
			for k := i * nu; k < (i+1)*nu; k++ {
				w.gm[k] = 2 * wm * w.m[k]
			}
		}
	}
	var AF [2][nu]float64
	for i := 0; i < 2; i++ {
		for k := 0; k < nu; k++ {
			AF[i][k] = a.A[i][k] * a.FL[k]
		}
	}
	last := (T - 1) * B * n
	for i := 0; i < B*n; i++ {
		w.gh1n[i] = 2 * neur * w.h1[last+i]
		w.gh2n[i] = 2 * neur * w.h2[last+i]
	}
	for t := T - 2; t >= 0; t-- {
		h1, h2 := w.h1[t*B*n:(t+1)*B*n], w.h2[t*B*n:(t+1)*B*n]
		for i := 0; i < B*n; i++ {
			w.gh1c[i] = 2 * neur * h1[i]
			w.gh2c[i] = 2 * neur * h2[i]
		}
		gam := w.gam[t*B*nu : (t+1)*B*nu]
		for r := 0; r < B; r++ {
			// Arm step t: X_{t+1} from X_t and m_{t+1}.
			i := t*B + r
			g := w.gx[(i+B)*4 : (i+B)*4+4]
			gt := w.gx[i*4 : i*4+4]
			dth := w.dAccTh[i*2 : i*2+2]
			dv := w.dAccV[i*4 : i*4+4]
			mi := w.minv[i*4 : i*4+4]
			gt[0] += g[0]
			gt[1] += g[1] + dt*(dth[0]*g[2]+dth[1]*g[3])
			gt[2] += dt*g[0] + g[2] + dt*(dv[0]*g[2]+dv[2]*g[3])
			gt[3] += dt*g[1] + g[3] + dt*(dv[1]*g[2]+dv[3]*g[3])
			gtau := [2]float64{dt * (mi[0]*g[2] + mi[2]*g[3]), dt * (mi[1]*g[2] + mi[3]*g[3])}
			gmn := w.gm[(i+B)*nu : (i+B+1)*nu]
			m := w.m[i*nu : (i+1)*nu]
			for k := 0; k < nu; k++ {
				gmn[k] += AF[0][k]*gtau[0] + AF[1][k]*gtau[1]
				// Muscles: m' = 0.2 ReLU(drive) + 0.8 m + ξ m².
				gam[r*nu+k] = 0
				if w.am[i*nu+k] > 0 {
					gam[r*nu+k] = 0.2 * gmn[k]
				}
				w.gm[i*nu+k] += (0.8 + 2*w.xim[i*nu+k]*m[k]) * gmn[k]
			}
		}
		// gh2' += GAm W_m.
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, gen(B, nu, gam), gen(nu, n, b.wm), 1, gen(B, n, w.gh2n))
		// Layer 2.
		ga2 := w.ga2[t*B*n : (t+1)*B*n]
		t2, xi2 := w.t2[t*B*n:(t+1)*B*n], w.xi2[t*B*n:(t+1)*B*n]
		for i := 0; i < B*n; i++ {
			ga2[i] = 0.5 * (1 - t2[i]*t2[i]) * w.gh2n[i]
			w.gh2c[i] += (0.5 + 2*xi2[i]*h2[i]) * w.gh2n[i]
		}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, gen(B, n, ga2), gen(n, n, b.w12), 1, gen(B, n, w.gh1n))
		if b.rec {
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, gen(B, n, ga2), gen(n, n, b.w22), 1, gen(B, n, w.gh2c))
		}
		// Layer 1.
		ga1 := w.ga1[t*B*n : (t+1)*B*n]
		t1, xi1 := w.t1[t*B*n:(t+1)*B*n], w.xi1[t*B*n:(t+1)*B*n]
		for i := 0; i < B*n; i++ {
			ga1[i] = 0.5 * (1 - t1[i]*t1[i]) * w.gh1n[i]
			w.gh1c[i] += (0.5 + 2*xi1[i]*h1[i]) * w.gh1n[i]
		}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, gen(B, n, ga1), gen(n, nIn, b.win), 0, gen(B, nIn, w.gs))
		if b.rec {
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, gen(B, n, ga1), gen(n, n, b.w11), 1, gen(B, n, w.gh1c))
		}
		// Delayed inputs feed back to X_{t−5}, m_{t−5} (constants when
		// clamped at t = 0).
		if d := t - delay; d > 0 {
			for r := 0; r < B; r++ {
				gs := w.gs[r*nIn : (r+1)*nIn]
				gx := w.gx[(d*B+r)*4 : (d*B+r)*4+4]
				gx[0] += 2 * gs[2]
				gx[1] += 2 * gs[3]
				gx[2] += 0.5 * gs[4]
				gx[3] += 0.5 * gs[5]
				gm := w.gm[(d*B+r)*nu : (d*B+r+1)*nu]
				for k := 0; k < nu; k++ {
					gm[k] += gs[6+k]
				}
			}
		}
		w.gh1c, w.gh1n = w.gh1n, w.gh1c
		w.gh2c, w.gh2n = w.gh2n, w.gh2c
	}
	// Weight gradients over all steps and rows at once: ∂L/∂W = Σ_t ga_tᵀ in_t.
	R := (T - 1) * B
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, gen(R, n, w.ga1), gen(R, nIn, w.in), 0, gen(n, nIn, gwin))
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, gen(R, n, w.ga2), gen(R, n, w.h1[B*n:]), 0, gen(n, n, gw12))
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, gen(R, nu, w.gam), gen(R, n, w.h2[B*n:]), 0, gen(nu, n, gwm))
	if b.rec {
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, gen(R, n, w.ga1), gen(R, n, w.h1), 0, gen(n, n, grads[5]))
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, gen(R, n, w.ga2), gen(R, n, w.h2), 0, gen(n, n, grads[6]))
	}
	for i := 0; i < n; i++ {
		gb1[i], gb2[i] = 0, 0
	}
	for r := 0; r < R; r++ {
		a1, a2 := w.ga1[r*n:(r+1)*n], w.ga2[r*n:(r+1)*n]
		for i := 0; i < n; i++ {
			gb1[i] += a1[i]
			gb2[i] += a2[i]
		}
	}
}
