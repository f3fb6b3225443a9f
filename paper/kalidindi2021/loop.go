package kalidindi2021

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/jpca"
	"neurolab/model/arm"
)

// Spec check 4 needs "the discrete closed-loop matrix ... (independently
// linearized closed loop)". This file linearises the whole trained loop
// numerically, from the same step functions the simulations use (arm.Step
// with its muscle filter, the 5-step sensory delay line, and both network
// layers' states), about its noise-free resting state, and relates its
// modes to the jPCA planes of the activity.

// loopSys is a closed loop z_{t+1} = f(z_t, τ_ext) seen from outside.
type loopSys struct {
	dim   int
	step  func(dst, z []float64, ext [2]float64) // noise-free, ext the external torque
	h2off int                                    // offset of the L2 activity (n entries) in z
	n     int
	lag   int // z_{k+1}'s L2 block is the activity recorded at step onset+k−lag
}

// studentLoop is the fast mode's NOREC (or REC) student driving the arm:
// z = [x_t, x_{t−1}, …, x_{t−5}, h1_{t−1}, h2_{t−1}] with x = [θ − θ_home,
// θ̇, m − u0] (10 each), advanced exactly as sim.rollout does without noise.
func studentLoop(s *sim, nw *network) loopSys {
	n := nw.n
	L := delay + 1
	buf := make([]float64, 2*n)
	in := make([]float64, nIn)
	u := make([]float64, nu)
	step := func(dst, z []float64, ext [2]float64) {
		xd := z[delay*nxs : L*nxs]
		in[0], in[1] = 0, 0
		in[2], in[3] = 2*xd[0], 2*xd[1]
		in[4], in[5] = 0.5*xd[2], 0.5*xd[3]
		for k := 0; k < nu; k++ {
			in[6+k] = xd[4+k] + s.u0[k]
		}
		h1, h2 := dst[L*nxs:L*nxs+n], dst[L*nxs+n:L*nxs+2*n]
		copy(h1, z[L*nxs:L*nxs+n])
		copy(h2, z[L*nxs+n:L*nxs+2*n])
		nw.step(h1, h2, buf, in, 0, nil)
		nw.readout(u, h2)
		x := z[:nxs]
		var st armState
		st.set(x, s.u0)
		s.a.Step(&st.s, u, ext, dt)
		copy(dst[nxs:L*nxs], z[:delay*nxs]) // shift the delay line
		st.get(dst[:nxs], s.u0)
	}
	return loopSys{dim: L*nxs + 2*n, step: step, h2off: L*nxs + n, n: n, lag: 1}
}

// restState iterates the noise-free, unloaded loop from z until it settles
// and returns the state and the last step's change (max norm; +Inf when
// the loop runs away).
func (ls loopSys) restState(z []float64, iters int) ([]float64, float64) {
	z = append([]float64(nil), z...)
	zn := make([]float64, ls.dim)
	res := 0.0
	for it := 0; it < iters; it++ {
		ls.step(zn, z, [2]float64{})
		res = 0
		for i := range z {
			res = math.Max(res, math.Abs(zn[i]-z[i]))
		}
		z, zn = zn, z
		if math.IsNaN(res) || math.IsInf(res, 0) || res > 1e3 {
			return z, math.Inf(1)
		}
	}
	return z, res
}

// jacobian returns ∂f/∂z at z (central differences) and the load input
// b_j = ∂f/∂τ_ext,j (exact: f is affine in τ_ext).
func (ls loopSys) jacobian(z []float64) (*mat.Dense, [2][]float64) {
	d := ls.dim
	J := mat.NewDense(d, d, nil)
	zp := append([]float64(nil), z...)
	fp := make([]float64, d)
	fm := make([]float64, d)
	for j := 0; j < d; j++ {
		h := 1e-7 * math.Max(1, math.Abs(z[j]))
		zp[j] = z[j] + h
		ls.step(fp, zp, [2]float64{})
		zp[j] = z[j] - h
		ls.step(fm, zp, [2]float64{})
		zp[j] = z[j]
		for i := 0; i < d; i++ {
			J.Set(i, j, (fp[i]-fm[i])/(2*h))
		}
	}
	var b [2][]float64
	ls.step(fm, z, [2]float64{})
	for j := 0; j < 2; j++ {
		var ext [2]float64
		ext[j] = 1
		ls.step(fp, z, ext)
		b[j] = make([]float64, d)
		for i := range b[j] {
			b[j][i] = fp[i] - fm[i]
		}
	}
	return J, b
}

// loopMode is one complex-conjugate pair (or real mode) of the linearised
// loop with its share of the load-driven activity.
type loopMode struct {
	freq, mod float64 // |arg λ|/(2π dt) (Hz) and |λ|
	pair      bool    // a complex-conjugate pair (else a real mode, or the fast remainder)
	pcE, j1E  float64 // load-driven energy of the mode in the jPCA PC space and in the jPC1 plane
	// Geometry of the mode's L2 eigenvector v (soft-normalised like the
	// activity): inPC = ‖Pᵀv‖²/‖v‖², the fraction inside the kept PCs, and
	// inJ1 = ‖Uᵀ Pᵀv‖²/‖Pᵀv‖², the fraction of that inside the jPC1 plane.
	inPC, inJ1 float64
}

// loopAnalysis is what check 4 and its notes need.
type loopAnalysis struct {
	freq, mod, rho float64 // largest-modulus complex pair (spec check 4) and spectral radius
	modes          string  // slow complex modes (|λ| ≥ 0.9), for notes
	ranked         []loopMode
	j1Freq         float64 // frequency of the complex pair with the most load-driven energy in the jPC1 plane
	j1Share        float64 // that mode's share of the summed per-mode jPC1-plane energy
	refShare       float64 // the largest-modulus pair's share of it
	ref, dom       loopMode
	linR2          float64 // R² of the linear response against the jPCA input (PC space)
}

// analyseLoop linearises ls at rest and decomposes the linear response to
// the 8 step loads (magnitude load, conditions as loadOf) into the loop's
// modes, projected like the activity into jp's PC space and jPC1 plane.
// The modal coefficients use left eigenvectors: with J v_i = λ_i v_i and
// w_iᴴ J = λ_i w_iᴴ, δz_k = Σ_i c_i(k) v_i, c_i(k+1) = λ_i c_i(k) + w_iᴴb/w_iᴴv_i.
func analyseLoop(ls loopSys, z0 []float64, load float64, jp *jpca.Result, win int) (*loopAnalysis, error) {
	J, bl := ls.jacobian(z0)
	d := ls.dim
	var eig mat.Eigen
	if !eig.Factorize(J, mat.EigenBoth) {
		return nil, errors.New("kalidindi2021: closed-loop eigen-decomposition failed")
	}
	vals := eig.Values(nil)
	var V, W mat.CDense
	eig.VectorsTo(&V)
	eig.LeftVectorsTo(&W)
	la := &loopAnalysis{mod: -1}
	for _, l := range vals {
		m := cmplx.Abs(l)
		la.rho = math.Max(la.rho, m)
		if imag(l) > 1e-12 && m > la.mod { // spec check 4: complex pair of largest modulus
			la.mod, la.freq = m, math.Abs(cmplx.Phase(l))/(2*math.Pi*dt)
		}
	}
	if la.mod < 0 {
		return nil, errors.New("kalidindi2021: closed loop has no complex eigenvalues")
	}
	n, k := ls.n, jp.K
	// Map an L2 block to jPCA coordinates: PCᵀ diag(scale) h2.
	toPC := func(dst []complex128, h2 []complex128) {
		for j := 0; j < k; j++ {
			var s complex128
			for i := 0; i < n; i++ {
				s += complex(jp.PCs.At(i, j)*jp.Scale[i], 0) * h2[i]
			}
			dst[j] = s
		}
	}
	U := jp.Planes[0].InPC
	// The full linear response, by iterating δz_{k+1} = J δz_k + b.
	total := make([][]float64, nCond) // per condition, win×k in PC coordinates
	hc := make([]complex128, n)
	pc := make([]complex128, k)
	dz := mat.NewVecDense(d, nil)
	var nz mat.VecDense
	for c := 0; c < nullIdx; c++ {
		total[c] = make([]float64, win*k)
		ld := loadOf(c, onset, load)
		dz.Zero()
		for step := 1; step <= win+ls.lag; step++ {
			nz.MulVec(J, dz)
			for r := 0; r < d; r++ {
				nz.SetVec(r, nz.AtVec(r)+ld[0]*bl[0][r]+ld[1]*bl[1][r])
			}
			dz.CopyVec(&nz)
			if t := step - ls.lag; t >= 0 && t < win {
				for r := 0; r < n; r++ {
					hc[r] = complex(dz.AtVec(ls.h2off+r), 0)
				}
				toPC(pc, hc)
				for j := 0; j < k; j++ {
					total[c][t*k+j] = real(pc[j])
				}
			}
		}
	}
	// Slow modes (|λ| ≥ slowMod) one by one through their spectral
	// projectors; the fast rest (many near-degenerate eigenvalues at 0 and
	// ½: delay line and the network's leaks) is lumped as one remainder.
	const slowMod = 0.8
	h2 := make([]complex128, n)
	q := make([]complex128, k)
	slowSum := make([][]float64, nullIdx)
	for c := range slowSum {
		slowSum[c] = make([]float64, win*k)
	}
	for i, l := range vals {
		if imag(l) < -1e-12 || cmplx.Abs(l) < slowMod {
			continue // a conjugate is counted with its partner
		}
		pair := imag(l) > 1e-12
		var wv complex128
		for r := 0; r < d; r++ {
			wv += cmplx.Conj(W.At(r, i)) * V.At(r, i)
		}
		for r := 0; r < n; r++ {
			h2[r] = V.At(ls.h2off+r, i)
		}
		toPC(q, h2)
		nv, nq, nu1 := 0.0, 0.0, 0.0
		for r := 0; r < n; r++ {
			v := cmplx.Abs(h2[r]) * jp.Scale[r]
			nv += v * v
		}
		var p1, p2 complex128
		for j := 0; j < k; j++ {
			nq += real(q[j])*real(q[j]) + imag(q[j])*imag(q[j])
			p1 += complex(U[0][j], 0) * q[j]
			p2 += complex(U[1][j], 0) * q[j]
		}
		nu1 = real(p1)*real(p1) + imag(p1)*imag(p1) + real(p2)*real(p2) + imag(p2)*imag(p2)
		var beta [2]complex128
		for j := 0; j < 2; j++ {
			var s complex128
			for r := 0; r < d; r++ {
				s += cmplx.Conj(W.At(r, i)) * complex(bl[j][r], 0)
			}
			beta[j] = s / wv
		}
		mode := loopMode{freq: math.Abs(cmplx.Phase(l)) / (2 * math.Pi * dt), mod: cmplx.Abs(l), pair: pair}
		if nv > 0 && nq > 0 {
			mode.inPC, mode.inJ1 = nq/nv, nu1/nq
		}
		for c := 0; c < nullIdx; c++ {
			ld := loadOf(c, onset, load)
			b := complex(ld[0], 0)*beta[0] + complex(ld[1], 0)*beta[1]
			var coef complex128 // c_i(0) = 0: the load starts at onset
			for step := 1; step <= win+ls.lag; step++ {
				coef = l*coef + b
				t := step - ls.lag // row of the activity window
				if t < 0 || t >= win {
					continue
				}
				var u1, u2 float64
				for j := 0; j < k; j++ {
					y := real(coef * q[j])
					if pair {
						y *= 2
					}
					slowSum[c][t*k+j] += y
					mode.pcE += y * y
					u1 += U[0][j] * y
					u2 += U[1][j] * y
				}
				mode.j1E += u1*u1 + u2*u2
			}
		}
		la.ranked = append(la.ranked, mode)
	}
	rest := loopMode{freq: math.NaN(), mod: slowMod}
	for c := 0; c < nullIdx; c++ {
		for t := 0; t < win; t++ {
			var u1, u2 float64
			for j := 0; j < k; j++ {
				y := total[c][t*k+j] - slowSum[c][t*k+j]
				rest.pcE += y * y
				u1 += U[0][j] * y
				u2 += U[1][j] * y
			}
			rest.j1E += u1*u1 + u2*u2
		}
	}
	la.ranked = append(la.ranked, rest)
	sort.SliceStable(la.ranked, func(a, b int) bool { return la.ranked[a].j1E > la.ranked[b].j1E })
	sumJ1 := 0.0
	for _, m := range la.ranked {
		sumJ1 += m.j1E
	}
	for _, m := range la.ranked {
		if m.mod == la.mod {
			la.refShare, la.ref = m.j1E/sumJ1, m
		}
	}
	for _, m := range la.ranked {
		if m.pair { // rotating modes only (not real modes, not the fast remainder)
			la.j1Freq, la.j1Share, la.dom = m.freq, m.j1E/sumJ1, m
			break
		}
	}
	// Linear prediction against the data jPCA saw (cross-condition mean
	// removed; the null condition's linear response is zero).
	ss, sr := 0.0, 0.0
	for t := 0; t < win; t++ {
		for j := 0; j < k; j++ {
			mean := 0.0
			for c := 0; c < nullIdx; c++ {
				mean += total[c][t*k+j] / nCond
			}
			for c := 0; c < nCond; c++ {
				pred := -mean
				if c < nullIdx {
					pred += total[c][t*k+j]
				}
				y := jp.Reduced[c].At(t, j)
				ss += y * y
				sr += (y - pred) * (y - pred)
			}
		}
	}
	la.linR2 = 1 - sr/ss
	var sb strings.Builder
	for _, l := range sortedByModulus(vals) {
		if imag(l) > 1e-12 && cmplx.Abs(l) >= 0.9 {
			if sb.Len() > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "%.2f Hz (|λ| = %.3f)", math.Abs(cmplx.Phase(l))/(2*math.Pi*dt), cmplx.Abs(l))
		}
	}
	la.modes = sb.String()
	return la, nil
}

func sortedByModulus(vals []complex128) []complex128 {
	v := append([]complex128(nil), vals...)
	sort.SliceStable(v, func(i, j int) bool { return cmplx.Abs(v[i]) > cmplx.Abs(v[j]) })
	return v
}

// topModes describes the modes with the most load-driven jPC1-plane energy.
func (la *loopAnalysis) topModes(m int) string {
	sum := 0.0
	for _, md := range la.ranked {
		sum += md.j1E
	}
	var sb strings.Builder
	for i, md := range la.ranked {
		if i == m {
			break
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		if math.IsNaN(md.freq) {
			fmt.Fprintf(&sb, "the modes with |λ| < %.1f together (%.0f%%)", md.mod, 100*md.j1E/sum)
			continue
		}
		if !md.pair {
			fmt.Fprintf(&sb, "a real mode (λ = %.3f, %.0f%%)", math.Cos(2*math.Pi*md.freq*dt)*md.mod, 100*md.j1E/sum)
			continue
		}
		fmt.Fprintf(&sb, "%.2f Hz (|λ| = %.3f, %.0f%%)", md.freq, md.mod, 100*md.j1E/sum)
	}
	return sb.String()
}

// armState converts between arm.State and the deviation vector x = [θ −
// θ_home, θ̇, m − u0].
type armState struct{ s arm.State }

func (a *armState) set(x, u0 []float64) {
	a.s.Theta = [2]float64{x[0] + home[0], x[1] + home[1]}
	a.s.DTheta = [2]float64{x[2], x[3]}
	for k := 0; k < nu; k++ {
		a.s.M[k] = x[4+k] + u0[k]
	}
}

func (a *armState) get(x, u0 []float64) {
	x[0], x[1] = a.s.Theta[0]-home[0], a.s.Theta[1]-home[1]
	x[2], x[3] = a.s.DTheta[0], a.s.DTheta[1]
	for k := 0; k < nu; k++ {
		x[4+k] = a.s.M[k] - u0[k]
	}
}
