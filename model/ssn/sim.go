package ssn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
)

// Sim integrates a batch of independent trials of a Network with the
// explicit Euler–Maruyama scheme of the authors' code (spec):
//
//	V   <- (1 - dt/tau) V + (dt/tau) (h + W r(V) + eta)
//	eta <- (1 - dt/tau_eta) eta + sqrt(2 dt/tau_eta) (F xi1 + d xi2)
//
// with xi1, xi2 standard normal. Trials are the columns of the N×Trials
// state matrices, stored column-major (trial j's units are contiguous); trial
// j draws all its noise from its own stream, so a trial's path does not
// depend on which other trials share its batch.
type Sim struct {
	Net    *Network
	Trials int
	V      []float64 // N×Trials membrane potentials (mV); V[j*N+i] is unit i, trial j
	Eta    []float64 // N×Trials noise (mV)
	H      []float64 // input h_i (mV), one per unit, shared by the trials
	T      float64   // simulated time (s)
	// Workers is the number of goroutines Step splits the trials between
	// (contiguous blocks of trials), ≥ 0: 0 and 1 both mean serial, and
	// Step panics on a negative count (it has no error result). Each
	// trial's arithmetic and noise stream are the same whatever the split,
	// so the results do not depend on Workers.
	Workers int

	rng            []*rand.Rand
	r, in, xi1, fx []float64
	xi2            []float64
	m              int
	dtCache        float64
	alpha          []float64
	// Parallel Step: one closure per extra worker, made once, so that a
	// step does not allocate; dtNow is the step being taken.
	jobs  []func()
	wg    sync.WaitGroup
	dtNow float64
}

// NewSim returns a batch of len(rngs) trials with V = 0 and eta = 0; trial j
// draws from rngs[j].
func NewSim(net *Network, rngs []*rand.Rand) *Sim {
	net.Validate()
	n, t := net.N(), len(rngs)
	if t == 0 {
		panic("ssn: NewSim needs at least one trial")
	}
	s := &Sim{
		Net: net, Trials: t, rng: rngs,
		V: make([]float64, n*t), Eta: make([]float64, n*t), H: make([]float64, n),
		r: make([]float64, n*t), in: make([]float64, n*t), fx: make([]float64, n*t),
		alpha: make([]float64, n),
	}
	if net.NoiseFactor != nil {
		_, s.m = net.NoiseFactor.Dims()
		s.xi1 = make([]float64, s.m*t)
	}
	if net.NoiseDiag != 0 {
		s.xi2 = make([]float64, n*t)
	}
	return s
}

// SetV sets every trial's V to v0 (length N).
func (s *Sim) SetV(v0 []float64) {
	n := s.Net.N()
	if len(v0) != n {
		panic("ssn: SetV length mismatch")
	}
	for j := 0; j < s.Trials; j++ {
		copy(s.V[j*n:(j+1)*n], v0)
	}
}

// DrawStationaryNoise draws every trial's eta from the stationary OU law
// N(0, Sigma_eta).
func (s *Sim) DrawStationaryNoise() {
	s.draw(0, s.Trials)
	s.noiseTo(s.Eta, 0, s.Trials)
}

// draw fills xi1 and xi2 of trials [lo, hi) with standard normals, trial by
// trial.
func (s *Sim) draw(lo, hi int) {
	n, m := s.Net.N(), s.m
	for j := lo; j < hi; j++ {
		rng := s.rng[j]
		x1 := s.xi1[j*m : (j+1)*m]
		for i := range x1 {
			x1[i] = rng.NormFloat64()
		}
		if s.xi2 != nil {
			x2 := s.xi2[j*n : (j+1)*n]
			for i := range x2 {
				x2[i] = rng.NormFloat64()
			}
		}
	}
}

// noiseTo sets dst = F xi1 + d xi2 for trials [lo, hi) (dst holds all
// trials).
func (s *Sim) noiseTo(dst []float64, lo, hi int) {
	n, m := s.Net.N(), s.m
	dst = dst[lo*n : hi*n]
	if s.Net.NoiseFactor != nil {
		s.Net.NoiseFactor.MulTo(dst, s.xi1[lo*m:hi*m], hi-lo)
	} else {
		for i := range dst {
			dst[i] = 0
		}
	}
	if s.xi2 != nil {
		d := s.Net.NoiseDiag
		for i, x := range s.xi2[lo*n : hi*n] {
			dst[i] += d * x
		}
	}
}

// Step advances every trial by dt (s). It does not allocate. It panics if
// s.Workers is negative.
func (s *Sim) Step(dt float64) {
	if s.Workers < 0 {
		panic(fmt.Sprintf("ssn: Sim.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", s.Workers))
	}
	net := s.Net
	if dt != s.dtCache {
		for i, tau := range net.Tau {
			s.alpha[i] = dt / tau
		}
		s.dtCache = dt
	}
	w := min(max(s.Workers, 1), s.Trials)
	if w == 1 {
		s.stepRange(0, s.Trials, dt)
		s.T += dt
		return
	}
	if len(s.jobs) != w-1 {
		s.jobs = make([]func(), w-1)
		for c := 1; c < w; c++ {
			lo, hi := c*s.Trials/w, (c+1)*s.Trials/w
			s.jobs[c-1] = func() {
				s.stepRange(lo, hi, s.dtNow)
				s.wg.Done()
			}
		}
	}
	s.dtNow = dt
	s.wg.Add(w - 1)
	for _, job := range s.jobs {
		go job()
	}
	s.stepRange(0, s.Trials/w, dt)
	s.wg.Wait()
	s.T += dt
}

// stepRange advances trials [lo, hi) by dt (s), touching only their state
// and streams.
func (s *Sim) stepRange(lo, hi int, dt float64) {
	if lo == hi || s.step2(lo, hi, dt) {
		return
	}
	net := s.Net
	n := net.N()
	v, in, r, eta := s.V[lo*n:hi*n], s.in[lo*n:hi*n], s.r[lo*n:hi*n], s.Eta[lo*n:hi*n]
	net.RatesTo(r, v)
	net.W.MulTo(in, r, hi-lo)
	alpha, h := s.alpha[:n], s.H[:n]
	for j := 0; j < hi-lo; j++ {
		vj, inj, etaj := v[j*n:(j+1)*n], in[j*n:(j+1)*n], eta[j*n:(j+1)*n]
		for i := range vj {
			vj[i] += alpha[i] * (-vj[i] + h[i] + inj[i] + etaj[i])
		}
	}
	s.draw(lo, hi)
	s.noiseTo(s.fx, lo, hi)
	a := 1 - dt/net.TauEta
	b := math.Sqrt(2 * dt / net.TauEta)
	for i, x := range s.fx[lo*n : hi*n] {
		eta[i] = a*eta[i] + b*x
	}
}

// step2 is stepRange fused into one pass over the trials for the
// two-population model (dense 2×2 W and noise factor, no independent noise,
// n = 2). It performs the same operations in the same order as the general
// path, so results are identical. It reports false when it does not apply.
func (s *Sim) step2(lo, hi int, dt float64) bool {
	net := s.Net
	w, okW := net.W.(Dense)
	f, okF := net.NoiseFactor.(Dense)
	if net.N() != 2 || !okW || !okF || f.A.Cols != 2 || s.xi2 != nil || net.Power != 2 {
		return false
	}
	w00, w01 := w.A.Data[0], w.A.Data[1]
	w10, w11 := w.A.Data[w.A.Stride], w.A.Data[w.A.Stride+1]
	f00, f01 := f.A.Data[0], f.A.Data[1]
	f10, f11 := f.A.Data[f.A.Stride], f.A.Data[f.A.Stride+1]
	a0, a1 := s.alpha[0], s.alpha[1]
	h0, h1 := s.H[0], s.H[1]
	k := net.K
	ae := 1 - dt/net.TauEta
	be := math.Sqrt(2 * dt / net.TauEta)
	v, eta := s.V[:2*s.Trials], s.Eta[:2*s.Trials]
	for j := lo; j < hi; j++ {
		rng := s.rng[j]
		v0, v1 := v[2*j], v[2*j+1]
		var r0, r1 float64
		if v0 > 0 {
			r0 = k * v0 * v0
		}
		if v1 > 0 {
			r1 = k * v1 * v1
		}
		in0 := w00*r0 + w01*r1
		in1 := w10*r0 + w11*r1
		e0, e1 := eta[2*j], eta[2*j+1]
		v[2*j] = v0 + a0*(-v0+h0+in0+e0)
		v[2*j+1] = v1 + a1*(-v1+h1+in1+e1)
		x0 := rng.NormFloat64()
		x1 := rng.NormFloat64()
		eta[2*j] = ae*e0 + be*(f00*x0+f01*x1)
		eta[2*j+1] = ae*e1 + be*(f10*x0+f11*x1)
	}
	return true
}

// Bounded reports whether every |V| ≤ bound; it is false when any V is NaN
// or infinite. It returns the first offending unit (or -1).
func (s *Sim) Bounded(bound float64) (ok bool, unit int) {
	for k, v := range s.V {
		if !(math.Abs(v) <= bound) {
			return false, k % s.Net.N()
		}
	}
	return true, -1
}

// String describes the batch.
func (s *Sim) String() string {
	return fmt.Sprintf("ssn.Sim{N: %d, Trials: %d, T: %g s}", s.Net.N(), s.Trials, s.T)
}
