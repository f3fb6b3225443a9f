package spiking

import (
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/experiment"
)

// LIFParams are the parameters of the LIF benchmark networks of Brette et
// al. 2007: conductance-based (COBA, benchmark 1, after Vogels & Abbott
// 2005) or, with Current set, current-based (CUBA, benchmark 2). Times are
// in ms, potentials in mV. COBA: conductances are dimensionless, in units of
// the leak conductance g_L = 10 nS, so WE = 0.6 is the benchmark's 6 nS and
// WI = 6.7 its 67 nS. CUBA: the synaptic variables are in mV and WE, WI are
// their jumps (WI < 0); EE and EI are unused.
type LIFParams struct {
	N, NE      int     // neurons; the first NE are excitatory
	P          float64 // connection probability of each ordered pair
	TauM       float64 // membrane time constant
	TauE, TauI float64 // synaptic conductance decay time constants
	VRest      float64 // leak reversal potential
	VThresh    float64 // spike when V > VThresh
	VReset     float64 // V after a spike, held for Refractory
	Refractory float64 // absolute refractory period
	EE, EI     float64 // synaptic reversal potentials
	WE, WI     float64 // jumps per presynaptic spike (COBA: in g_L; CUBA: mV)
	I          float64 // constant drive (mV), 0 in the benchmark
	Dt         float64 // time step
	Current    bool    // current-based synapses (CUBA) instead of conductances
}

// COBAParams returns the benchmark's values: 4000 neurons, 80/20 E/I, 2 %
// connectivity, τ_m = 20 ms, τ_e = 5 ms, τ_i = 10 ms, V_rest = −60 mV,
// threshold −50 mV, reset −60 mV, 5 ms refractory, E_e = 0 mV,
// E_i = −80 mV, Δg_e = 6 nS, Δg_i = 67 nS (g_L = 10 nS), dt = 0.1 ms.
// These match the constants of Brian's COBA benchmark script (confirmed
// against a public port of it).
func COBAParams() LIFParams {
	return LIFParams{
		N: 4000, NE: 3200, P: 0.02,
		TauM: 20, TauE: 5, TauI: 10,
		VRest: -60, VThresh: -50, VReset: -60, Refractory: 5,
		EE: 0, EI: -80, WE: 0.6, WI: 6.7,
		Dt: 0.1,
	}
}

// Validate checks the parameters' ranges and consistency.
func (p LIFParams) Validate() error {
	switch {
	case p.N <= 0 || p.NE < 0 || p.NE > p.N:
		return fmt.Errorf("spiking: LIF needs 0 ≤ NE ≤ N, N > 0; got N=%d NE=%d", p.N, p.NE)
	case !(p.P >= 0 && p.P <= 1):
		return fmt.Errorf("spiking: LIF connection probability %g not in [0, 1]", p.P)
	case !(p.TauM > 0 && p.TauE > 0 && p.TauI > 0 && p.Dt > 0):
		return fmt.Errorf("spiking: LIF time constants and dt must be > 0")
	case !(p.Dt < p.TauM):
		return fmt.Errorf("spiking: LIF dt=%g must be below τ_m=%g for Euler", p.Dt, p.TauM)
	case !(p.VReset < p.VThresh):
		return fmt.Errorf("spiking: LIF reset %g must lie below threshold %g", p.VReset, p.VThresh)
	case !(p.Refractory >= 0):
		return fmt.Errorf("spiking: LIF refractory period %g < 0", p.Refractory)
	}
	return nil
}

// CSR is a sparse connectivity in compressed-row form indexed by the
// presynaptic neuron: the targets of neuron i are Col[RowPtr[i]:RowPtr[i+1]].
type CSR struct {
	RowPtr []int32
	Col    []int32
}

// RandomCSR draws an Erdős–Rényi connectivity on n neurons: each ordered
// pair (i, j), autapses included (as Brian's connect(p=…)), is connected
// independently with probability p. Targets are drawn by geometric skips,
// so the cost is O(n + synapses); rows are sorted.
func RandomCSR(n int, p float64, rng *rand.Rand) CSR {
	c := CSR{RowPtr: make([]int32, n+1)}
	c.Col = make([]int32, 0, int(float64(n)*float64(n)*p*1.05)+16)
	if p > 0 {
		lq := math.Log1p(-p)
		for i := 0; i < n; i++ {
			j := -1
			for {
				if p >= 1 {
					j++
				} else {
					// Skip to the next success of a Bernoulli(p) sequence.
					j += 1 + int(math.Floor(math.Log(1-rng.Float64())/lq))
				}
				if j >= n || j < 0 {
					break
				}
				c.Col = append(c.Col, int32(j))
			}
			c.RowPtr[i+1] = int32(len(c.Col))
		}
	}
	return c
}

// LIFNet is the state of a COBA or CUBA network. One Step advances dt:
//
//	COBA: dV/dt = (V_rest − V + I + g_e (E_e − V) + g_i (E_i − V)) / τ_m   (not refractory)
//	CUBA: dV/dt = (V_rest − V + I + g_e + g_i) / τ_m                       (not refractory)
//	dg_e/dt = −g_e/τ_e,   dg_i/dt = −g_i/τ_i,
//
// COBA integrates V with forward Euler (as Brian's COBA benchmark script,
// "clock-driven implementation with Euler integration"); CUBA, whose
// equations are linear, with their exact propagator over dt (Brian's
// method="exact" in its CUBA example; see cubaProp). Both use the exact
// decay g ← g·exp(−dt/τ) for the synaptic variables. V is held at VReset
// for the refractory period: after a spike at step s, V is frozen for steps
// s+1 … s+R−1 (R = round(Refractory/dt)) and integrated again at s+R,
// Brian's (t − lastspike ≥ refractory) rule. A neuron spikes when it is not
// refractory and V > VThresh after the update; every spike of step s raises
// its targets' g_e (excitatory source) by WE or g_i by WI after all neurons
// have been updated, so it acts from step s+1 on.
type LIFNet struct {
	P      LIFParams
	Conn   CSR
	V      []float64
	GE, GI []float64
	refr   []int32 // remaining refractory steps
	rSteps int32
	decE   float64
	decI   float64
	cuba   cubaProp // exact CUBA propagator (Current only)
	Spikes []int32  // neurons that spiked in the last Step
	Steps  int      // steps taken
}

// NewLIFNet returns a network at V = VRest, g = 0 on the given connectivity.
func NewLIFNet(p LIFParams, conn CSR) (*LIFNet, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(conn.RowPtr) != p.N+1 {
		return nil, fmt.Errorf("spiking: LIF connectivity has %d rows, want %d", len(conn.RowPtr)-1, p.N)
	}
	for _, j := range conn.Col {
		if j < 0 || int(j) >= p.N {
			return nil, fmt.Errorf("spiking: LIF connectivity target %d out of [0, %d)", j, p.N)
		}
	}
	n := &LIFNet{
		P: p, Conn: conn,
		V: make([]float64, p.N), GE: make([]float64, p.N), GI: make([]float64, p.N),
		refr:   make([]int32, p.N),
		rSteps: int32(math.Round(p.Refractory / p.Dt)),
		decE:   math.Exp(-p.Dt / p.TauE),
		decI:   math.Exp(-p.Dt / p.TauI),
		Spikes: make([]int32, 0, p.N),
	}
	if p.Current {
		n.cuba = newCUBAProp(p)
	}
	for i := range n.V {
		n.V[i] = p.VRest
	}
	return n, nil
}

// NewCOBA draws the benchmark network from rng: the connectivity, then
// V uniform in [VReset, VThresh), g_e ~ N(4, 1.5²) and g_i ~ N(20, 12²)
// (in units of g_L, the kick-start of Brian's COBA script; a few g_i are
// negative, as there).
func NewCOBA(p LIFParams, rng *rand.Rand) (*LIFNet, error) {
	n, err := newRandomLIF(p, rng)
	if err != nil {
		return nil, err
	}
	for i := range n.V {
		n.V[i] = p.VReset + (p.VThresh-p.VReset)*rng.Float64()
		n.GE[i] = 4 + 1.5*rng.NormFloat64()
		n.GI[i] = 20 + 12*rng.NormFloat64()
	}
	return n, nil
}

// newRandomLIF validates p before it draws anything from rng, then returns
// a network at rest on RandomCSR(p.N, p.P, rng).
func newRandomLIF(p LIFParams, rng *rand.Rand) (*LIFNet, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return NewLIFNet(p, RandomCSR(p.N, p.P, rng))
}

// Step advances the network by dt; the neurons that spiked are in Spikes.
// It does not allocate.
func (n *LIFNet) Step() {
	p := &n.P
	a := p.Dt / p.TauM
	base := p.VRest + p.I
	cuba, prop := p.Current, n.cuba
	V, GE, GI, refr := n.V, n.GE, n.GI, n.refr
	GE, GI, refr = GE[:len(V)], GI[:len(V)], refr[:len(V)]
	n.Spikes = n.Spikes[:0]
	for i := range V {
		ge, gi := GE[i], GI[i]
		GE[i], GI[i] = ge*n.decE, gi*n.decI
		if refr[i] > 0 {
			refr[i]--
			if refr[i] > 0 {
				continue
			}
		}
		v := V[i]
		if cuba {
			// Exact step of the linear CUBA system (lif_cuba.go).
			v = base + (v-base)*prop.m + ge*prop.e + gi*prop.i
		} else {
			v += a * (base - v + ge*(p.EE-v) + gi*(p.EI-v))
		}
		if v > p.VThresh {
			v = p.VReset
			refr[i] = n.rSteps
			n.Spikes = append(n.Spikes, int32(i))
		}
		V[i] = v
	}
	rp, col := n.Conn.RowPtr, n.Conn.Col
	for _, s := range n.Spikes {
		tg := col[rp[s]:rp[s+1]]
		if int(s) < p.NE {
			for _, j := range tg {
				GE[j] += p.WE
			}
		} else {
			for _, j := range tg {
				GI[j] += p.WI
			}
		}
	}
	n.Steps++
}

// LIFStats summarises a run: mean rates (Hz) of the E and I populations and
// the mean coefficient of variation of the inter-spike intervals over the
// neurons with at least three spikes (NaN if none).
type LIFStats struct {
	RateE, RateI float64
	CV           float64
	CVCount      int // neurons entering CV
	Spikes       int
}

// Run advances the network by steps steps and returns its statistics over
// them (steps = 0 simulates nothing: the rates are then NaN). A negative
// steps is an error wrapping experiment.ErrInput. It allocates only the
// per-neuron bookkeeping, once.
func (n *LIFNet) Run(steps int) (LIFStats, error) {
	if steps < 0 {
		return LIFStats{}, experiment.Inputf("spiking: LIFNet.Run: steps = %d: want ≥ 0", steps)
	}
	N := n.P.N
	count := make([]int, N)
	last := make([]int, N)
	s1, s2 := make([]float64, N), make([]float64, N)
	for t := 0; t < steps; t++ {
		n.Step()
		for _, i := range n.Spikes {
			if count[i] > 0 {
				isi := float64(t - last[i])
				s1[i] += isi
				s2[i] += isi * isi
			}
			count[i]++
			last[i] = t
		}
	}
	for i, v := range n.V {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return LIFStats{}, fmt.Errorf("spiking: LIF neuron %d diverged (V=%g)", i, v)
		}
	}
	var st LIFStats
	T := float64(steps) * n.P.Dt / 1000 // seconds
	var nE, nI, cvSum float64
	for i, c := range count {
		st.Spikes += c
		if i < n.P.NE {
			nE += float64(c)
		} else {
			nI += float64(c)
		}
		if c >= 3 {
			k := float64(c - 1)
			m := s1[i] / k
			sd := math.Sqrt(math.Max(s2[i]/k-m*m, 0))
			cvSum += sd / m
			st.CVCount++
		}
	}
	if n.P.NE > 0 {
		st.RateE = nE / (float64(n.P.NE) * T)
	}
	if N > n.P.NE {
		st.RateI = nI / (float64(N-n.P.NE) * T)
	}
	st.CV = math.NaN()
	if st.CVCount > 0 {
		st.CV = cvSum / float64(st.CVCount)
	}
	return st, nil
}
