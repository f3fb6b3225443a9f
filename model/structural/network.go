package structural

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Adaptation selects the activity-dependent negative feedback of a Network.
type Adaptation int

const (
	// Depression is presynaptic short-term depression (paper's default):
	// df_j/dt = (1 − f_j)/τ_relax − F f_j v_j.
	Depression Adaptation = iota
	// SpikeFrequency is spike-frequency adaptation with f fixed at 1:
	// τ_ad dI_ad/dt = −I_ad − α v.
	SpikeFrequency
)

// Params are the constants of a Network. Times are in s and rates in s⁻¹;
// the defaults (Default) are the paper's Methods values, uncompressed.
type Params struct {
	N    int // number of rate neurons (Methods: 240)
	SMax int // potential synapses per ordered pair (Methods: 16)

	Tau     float64 // membrane and inhibition time constant τ, s (Methods: 0.155)
	NoiseSD float64 // SD of the Gaussian noise current, held over a step (Methods: 1.5)
	WMax    float64 // maximal synaptic weight w_max (Methods: 0.7)
	WInh    float64 // global inhibition weight w_inh (Methods: 3.5·w_max)

	Adapt    Adaptation
	TauRelax float64 // STD recovery time τ_relax, s (Methods: 5)
	F        float64 // STD depletion rate F, s⁻¹ (Methods: 1)
	Alpha    float64 // SFA strength α (Methods: 33)
	TauAd    float64 // SFA time constant τ_ad, s (Methods: 5)

	DeltaDecay float64 // weight decay rate Δ_decay when both rates < 0.5, s⁻¹ (Methods: (2 d)⁻¹)
	DeltaLTP   float64 // LTP rate Δ_LTP when both rates > 0.5, s⁻¹ (Methods: 0.1)
	DeltaLTD   float64 // LTD rate Δ_LTD otherwise, s⁻¹ (Methods: 0.01)

	B    float64 // creation rate b per vacant site, s⁻¹ (Methods: 1 d⁻¹)
	D0   float64 // removal rate of weak synapses d0, s⁻¹ (Methods: 24 d⁻¹)
	D1   float64 // removal rate of strong synapses d1, s⁻¹ (Methods: 0.03 d⁻¹)
	WOff float64 // removal-rate switch weight w_off (Methods: 0.35·w_max)
	Beta float64 // steepness β of the removal sigmoid, per unit weight (Methods: 20)
	W0   float64 // weight of a new synapse w₀ (Methods: 0.001)

	Dt  float64 // plasticity and structural step, s (Methods: 0.1)
	Sub int     // forward-Euler sub-steps of the neural variables per Dt (Methods: 1; see Default)
}

// Day is one day in seconds.
const Day = 86400.0

// Default returns the paper's parameters (eLife 2019, Methods), uncompressed,
// except Sub = 4: forward Euler at the paper's dt = 100 ms (dt/τ = 0.65) is
// unstable for the global-inhibition loop of 240 neurons. Linearised around
// the quiescent state the loop has gain g = w_inh·Σ_i σ'(u_i) ≈ 5 and the
// Euler map has |λ|² = (1 − dt/τ)² + (dt/τ)²·g ≈ 2.2 > 1, which turns into
// network-wide oscillations that co-activate all neurons; four sub-steps of
// the leak and the inhibition (|λ|² ≈ 0.83) remove them.
func Default() Params {
	const wmax = 0.7
	return Params{
		N: 240, SMax: 16,
		Tau: 0.155, NoiseSD: 1.5, WMax: wmax, WInh: 3.5 * wmax,
		Adapt: Depression, TauRelax: 5, F: 1, Alpha: 33, TauAd: 5,
		DeltaDecay: 1 / (2 * Day), DeltaLTP: 0.1, DeltaLTD: 0.01,
		B: 1 / Day, D0: 24 / Day, D1: 0.03 / Day, WOff: 0.35 * wmax, Beta: 20, W0: 0.001,
		Dt: 0.1, Sub: 4,
	}
}

// Compressed returns p with the slow rates (b, d0, d1, Δ_decay) multiplied by
// k, so that one day of structural turnover takes Day/k seconds (spec's time
// compression; k = 1 is the paper).
func (p Params) Compressed(k float64) Params {
	p.B *= k
	p.D0 *= k
	p.D1 *= k
	p.DeltaDecay *= k
	return p
}

// Validate reports an inconsistent parameter set.
func (p Params) Validate() error {
	switch {
	case p.N < 2:
		return fmt.Errorf("structural: N = %d, want ≥ 2", p.N)
	case p.SMax < 1 || p.SMax > 255:
		return fmt.Errorf("structural: S_max = %d, want in [1, 255]", p.SMax)
	case p.Sub < 1:
		return fmt.Errorf("structural: Sub = %d, want ≥ 1", p.Sub)
	case !(p.Dt > 0) || !(p.Tau > 0) || !(p.TauRelax > 0) || !(p.TauAd > 0):
		return fmt.Errorf("structural: time constants and dt must be > 0")
	case p.Dt*p.DeltaLTP >= 1 || p.Dt*p.DeltaLTD >= 1 || p.Dt*p.DeltaDecay >= 1:
		return fmt.Errorf("structural: dt·Δ must be < 1 for the Euler weight update")
	case p.D0 < p.D1 || p.D1 < 0 || p.B < 0:
		return fmt.Errorf("structural: need 0 ≤ d1 ≤ d0 and b ≥ 0")
	}
	return nil
}

// RemovalRate is the removal rate of a synapse of weight w (Methods):
// d(w) = d1 + (d0 − d1)/(1 + exp(−β(w_off − w))), in s⁻¹.
func (p Params) RemovalRate(w float64) float64 {
	return p.D1 + (p.D0-p.D1)/(1+math.Exp(-p.Beta*(p.WOff-w)))
}

// Network is the rate network of the paper with potential synapses. Pair
// (post i, pre j) has index i·N + j; its k-th synapse lives at site
// (i·N + j)·S_max + k, k < count.
type Network struct {
	P Params

	U, V, Fd, Iad []float64 // membrane potential, rate, STD variable f, SFA current
	Inh           float64   // global inhibition I_inh

	// Synaptic and Structural switch weight plasticity and creation/removal.
	Synaptic, Structural bool

	count []uint8   // synapses per pair
	ws    []float64 // stored weights per site: true weight is G·ws
	wsum  []float64 // stored pair sums Σ_k ws: true W_ij is G·wsum
	g     float64   // global decay factor G
	rf    []float64 // per-post factor R_i (LTD while i is active)
	cf    []float64 // per-pre factor C_j (LTD while j is active)
	syn   []int32   // sites holding a synapse, in arbitrary order
	pos   []int32   // site -> index in syn (valid where a synapse exists)

	rng     *rand.Rand
	x, in   []float64 // scratch: f·v and recurrent input
	noise   []float64 // noise current of the current step
	hi      []int     // scratch: neurons with v > 0.5
	isHi    []bool
	nPairs  float64 // N(N−1): ordered pairs without self-pairs
	created int64
	removed int64
	t       float64
}

// New returns a network with no synapses, u = 0 (v = 0.5), f = 1 and no
// adaptation current; rng drives the noise and the structural events. It
// panics if p is invalid (a programmer error: callers validate user input).
func New(p Params, rng *rand.Rand) *Network {
	if err := p.Validate(); err != nil {
		panic(err)
	}
	n := p.N
	nt := &Network{
		P: p, U: make([]float64, n), V: make([]float64, n), Fd: make([]float64, n), Iad: make([]float64, n),
		Synaptic: true, Structural: true,
		count: make([]uint8, n*n), ws: make([]float64, n*n*p.SMax), wsum: make([]float64, n*n),
		g: 1, rf: make([]float64, n), cf: make([]float64, n), pos: make([]int32, n*n*p.SMax),
		rng: rng, x: make([]float64, n), in: make([]float64, n), noise: make([]float64, n), hi: make([]int, 0, n), isHi: make([]bool, n),
		nPairs: float64(n * (n - 1)),
	}
	for i := range nt.V {
		nt.rf[i], nt.cf[i] = 1, 1
		nt.V[i] = 0.5
		nt.Fd[i] = 1
	}
	return nt
}

// Clone returns a deep copy of nt that draws its randomness from rng.
func (nt *Network) Clone(rng *rand.Rand) *Network {
	c := *nt
	c.U = append([]float64(nil), nt.U...)
	c.V = append([]float64(nil), nt.V...)
	c.Fd = append([]float64(nil), nt.Fd...)
	c.Iad = append([]float64(nil), nt.Iad...)
	c.count = append([]uint8(nil), nt.count...)
	c.ws = append([]float64(nil), nt.ws...)
	c.wsum = append([]float64(nil), nt.wsum...)
	c.syn = append([]int32(nil), nt.syn...)
	c.pos = append([]int32(nil), nt.pos...)
	c.rf = append([]float64(nil), nt.rf...)
	c.cf = append([]float64(nil), nt.cf...)
	c.x = make([]float64, len(nt.x))
	c.in = make([]float64, len(nt.in))
	c.noise = make([]float64, len(nt.noise))
	c.hi = make([]int, 0, nt.P.N)
	c.isHi = make([]bool, nt.P.N)
	c.rng = rng
	return &c
}

// Time returns the simulated time in s.
func (nt *Network) Time() float64 { return nt.t }

// Count returns the number of synapses from j onto i.
func (nt *Network) Count(i, j int) int { return int(nt.count[i*nt.P.N+j]) }

// PairWeight returns W_ij = Σ_k w_ij,k.
func (nt *Network) PairWeight(i, j int) float64 { return nt.scale(i, j) * nt.wsum[i*nt.P.N+j] }

// scale returns G·R_i·C_j, the factor from stored to true weights of pair (i, j).
func (nt *Network) scale(i, j int) float64 { return nt.g * nt.rf[i] * nt.cf[j] }

// Weights appends the weights of the synapses from j onto i to dst.
func (nt *Network) Weights(dst []float64, i, j int) []float64 {
	p := i*nt.P.N + j
	base := p * nt.P.SMax
	sc := nt.scale(i, j)
	for k := 0; k < int(nt.count[p]); k++ {
		dst = append(dst, sc*nt.ws[base+k])
	}
	return dst
}

// NumSynapses returns the number of existing synapses.
func (nt *Network) NumSynapses() int { return len(nt.syn) }

// Events returns the numbers of synapses created and removed so far.
func (nt *Network) Events() (created, removed int64) { return nt.created, nt.removed }

// PairWeights writes W (N×N, row i = post) into dst, which must have length N².
func (nt *Network) PairWeights(dst []float64) {
	if len(dst) != len(nt.wsum) {
		panic("structural: PairWeights: dst has wrong length")
	}
	n := nt.P.N
	for p, s := range nt.wsum {
		dst[p] = nt.scale(p/n, p%n) * s
	}
}

// AddSynapse creates a synapse of weight w from j onto i if a site is
// vacant, and reports whether it did. It panics on i == j.
func (nt *Network) AddSynapse(i, j int, w float64) bool {
	if i == j {
		panic("structural: no self-synapses")
	}
	return nt.add(i*nt.P.N+j, w)
}

func (nt *Network) add(p int, w float64) bool {
	c := int(nt.count[p])
	if c >= nt.P.SMax {
		return false
	}
	site := p*nt.P.SMax + c
	s := w / nt.scale(p/nt.P.N, p%nt.P.N)
	nt.ws[site] = s
	nt.wsum[p] += s
	nt.count[p]++
	nt.pos[site] = int32(len(nt.syn))
	nt.syn = append(nt.syn, int32(site))
	nt.created++
	return true
}

// remove deletes the synapse at site, keeping each pair's synapses in its
// first count slots and the syn list compact.
func (nt *Network) remove(site int) {
	sm := nt.P.SMax
	p := site / sm
	last := p*sm + int(nt.count[p]) - 1
	iR := nt.pos[site] // list entry of the removed synapse
	nt.wsum[p] -= nt.ws[site]
	// Move the pair's last synapse into the freed slot.
	if last != site {
		nt.ws[site] = nt.ws[last]
		iL := nt.pos[last]
		nt.syn[iL] = int32(site)
		nt.pos[site] = iL
	}
	nt.count[p]--
	if nt.count[p] == 0 {
		nt.wsum[p] = 0 // no rounding residue on empty pairs
	}
	// Delete list entry iR by swapping in the tail.
	tail := len(nt.syn) - 1
	if int(iR) != tail {
		moved := nt.syn[tail]
		nt.syn[iR] = moved
		nt.pos[moved] = iR
	}
	nt.syn = nt.syn[:tail]
	nt.removed++
}

// Step advances the network by one step of dt with external input current
// stim (length N; nil means none). Dynamics (Methods):
//
//	τ du_i/dt = −u_i + Σ_j f_j W_ij v_j + I_inh + I_stim,i + I_noise,i (+ I_ad,i)
//	τ dI_inh/dt = −I_inh − w_inh Σ_i v_i
//	dw/dt = −Δ_decay w (both v < 0.5), +Δ_LTP (w_max − w) (both > 0.5), −Δ_LTD w (otherwise)
//
// The neural variables (u, I_inh, f, I_ad) take Sub forward-Euler sub-steps
// of dt/Sub with the recurrent excitation and the noise computed once per
// step and held (so the recurrent input costs one N² product per step);
// the weights take one
// forward-Euler step with the rates at the start of the step; then the
// structural events of the step are drawn. It does not allocate.
//
// A rate of exactly 0.5 (u = 0, as every neuron has at New, before any
// synapse exists) counts as below 0.5, so such a neuron's pairs decay
// where the Methods' rule would depress them; with noise, u is never
// exactly 0 again.
func (nt *Network) Step(stim []float64) {
	p := &nt.P
	n := p.N
	if stim != nil && len(stim) != n {
		panic("structural: Step: stim has wrong length")
	}
	nt.hi = nt.hi[:0]
	for j, v := range nt.V {
		h := v > 0.5
		nt.isHi[j] = h
		if h {
			nt.hi = append(nt.hi, j)
		}
	}
	for i := range nt.noise {
		nt.noise[i] = p.NoiseSD * nt.rng.NormFloat64()
	}
	sub := max(1, p.Sub)
	dt := p.Dt / float64(sub)
	a := dt / p.Tau
	// Recurrent input Σ_j f_j W_ij v_j at the start of the step, with
	// W = G·R_i·C_j·stored; held over the sub-steps.
	for j, v := range nt.V {
		nt.x[j] = nt.cf[j] * nt.Fd[j] * v
	}
	for i := 0; i < n; i++ {
		nt.in[i] = nt.g * nt.rf[i] * dot(nt.wsum[i*n:i*n+n], nt.x)
	}
	for range sub {
		sumV := 0.0
		for _, v := range nt.V {
			sumV += v
		}
		for i := 0; i < n; i++ {
			I := nt.in[i] + nt.Inh + nt.noise[i]
			if stim != nil {
				I += stim[i]
			}
			v := nt.V[i]
			if p.Adapt == SpikeFrequency {
				I += nt.Iad[i]
				nt.Iad[i] += dt / p.TauAd * (-nt.Iad[i] - p.Alpha*v)
			} else {
				f := nt.Fd[i]
				nt.Fd[i] = f + dt*((1-f)/p.TauRelax-p.F*f*v)
			}
			nt.U[i] += a * (I - nt.U[i])
		}
		nt.Inh += a * (-nt.Inh - p.WInh*sumV)
		for i, u := range nt.U {
			nt.V[i] = 1 / (1 + math.Exp(-u))
		}
	}
	if nt.Synaptic {
		nt.plasticity()
	}
	if nt.Structural {
		nt.structural()
	}
	nt.t += p.Dt
}

// plasticity applies one Euler step of the three-regime rule through the
// factors of w = G·R_i·C_j·ws: every pair decays through G; an active neuron
// multiplies its R and C by the LTD factor relative to decay, which gives
// exactly LTD to pairs with one active neuron; pairs with both neurons
// active, which that gives LTD twice, are set explicitly to the LTP map
// w' = (1 − Δ_LTP dt) w + Δ_LTP dt w_max.
func (nt *Network) plasticity() {
	p := &nt.P
	n, sm := p.N, p.SMax
	dt := p.Dt
	keep := 1 - p.DeltaDecay*dt
	aD := (1 - p.DeltaLTD*dt) / keep
	gNew := nt.g * keep
	aP := 1 - p.DeltaLTP*dt
	cP := p.DeltaLTP * dt * p.WMax
	for _, i := range nt.hi {
		for _, j := range nt.hi {
			if j == i {
				continue
			}
			q := i*n + j
			c := int(nt.count[q])
			if c == 0 {
				continue
			}
			// true w = s0·ws before, s1·ws after the factor updates.
			s0 := nt.scale(i, j)
			s1 := gNew * nt.rf[i] * aD * nt.cf[j] * aD
			nt.wsum[q] = affine(nt.ws[q*sm:q*sm+c], aP*s0/s1, cP/s1)
		}
	}
	nt.g = gNew
	for _, i := range nt.hi {
		nt.rf[i] *= aD
		nt.cf[i] *= aD
		if nt.rf[i] < 1e-3 {
			nt.foldRow(i)
		}
		if nt.cf[i] < 1e-3 {
			nt.foldCol(i)
		}
	}
	if nt.g < 1e-3 {
		nt.foldGlobal()
	}
}

// foldRow folds R_i into the stored weights of row i and resets it to 1.
func (nt *Network) foldRow(i int) {
	nt.scalePairs(i*nt.P.N, 1, nt.rf[i])
	nt.rf[i] = 1
}

// foldCol folds C_j into the stored weights of column j and resets it to 1.
func (nt *Network) foldCol(j int) {
	nt.scalePairs(j, nt.P.N, nt.cf[j])
	nt.cf[j] = 1
}

// scalePairs multiplies by r the stored weights, and their sum, of the N
// pairs q0, q0 + stride, q0 + 2·stride, … (a row: stride 1; a column:
// stride N).
func (nt *Network) scalePairs(q0, stride int, r float64) {
	n, sm := nt.P.N, nt.P.SMax
	for t := 0; t < n; t++ {
		q := q0 + t*stride
		for k := 0; k < int(nt.count[q]); k++ {
			nt.ws[q*sm+k] *= r
		}
		nt.wsum[q] *= r
	}
}

// foldGlobal folds G into the stored weights and resets it to 1.
func (nt *Network) foldGlobal() {
	for _, s := range nt.syn {
		nt.ws[s] *= nt.g
	}
	for q := range nt.wsum {
		nt.wsum[q] *= nt.g
	}
	nt.g = 1
}

// structural draws the creation and removal events of one step: candidate
// events of total rate R = b·N(N−1)S_max + d0·(#synapses) arrive as a Poisson
// process; a creation candidate picks a site uniformly and succeeds if it is
// vacant; a removal candidate picks an existing synapse uniformly and succeeds
// with probability d(w)/d0 (thinning).
func (nt *Network) structural() {
	p := &nt.P
	n, sm := p.N, p.SMax
	rc := p.B * nt.nPairs * float64(sm)
	t := 0.0
	for {
		rr := p.D0 * float64(len(nt.syn))
		r := rc + rr
		if r <= 0 {
			return
		}
		t += nt.rng.ExpFloat64() / r
		if t >= p.Dt {
			return
		}
		if nt.rng.Float64()*r < rc {
			// Creation candidate: uniform ordered pair i≠j, uniform slot.
			k := nt.rng.IntN(n * (n - 1))
			i, j := k/(n-1), k%(n-1)
			if j >= i {
				j++
			}
			q := i*n + j
			if nt.rng.IntN(sm) >= int(nt.count[q]) {
				nt.add(q, p.W0)
			}
			continue
		}
		site := int(nt.syn[nt.rng.IntN(len(nt.syn))])
		q := site / sm
		w := nt.scale(q/n, q%n) * nt.ws[site]
		if nt.rng.Float64()*p.D0 < p.RemovalRate(w) {
			nt.remove(site)
		}
	}
}

// affine applies w ← α w + γ to every element of w and returns the new sum.
func affine(w []float64, alpha, gamma float64) float64 {
	s := 0.0
	for k := range w {
		w[k] = alpha*w[k] + gamma
		s += w[k]
	}
	return s
}

// dot returns Σ a_k b_k with four partial sums (len(b) ≥ len(a)).
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	k := 0
	for ; k+4 <= len(a); k += 4 {
		s0 += a[k] * b[k]
		s1 += a[k+1] * b[k+1]
		s2 += a[k+2] * b[k+2]
		s3 += a[k+3] * b[k+3]
	}
	for ; k < len(a); k++ {
		s0 += a[k] * b[k]
	}
	return (s0 + s1) + (s2 + s3)
}
