package boltzmann

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// RBM is a Bernoulli–Bernoulli restricted Boltzmann machine.
//
// W is NV × NH, row-major (W[i*NH+j] couples visible i and hidden j); B are
// the visible biases, C the hidden biases. Mask, when not nil, has W's shape
// with 1 for a live weight and 0 for a pruned one; pruned weights are held at
// exactly 0 by every method that changes W.
type RBM struct {
	NV, NH int
	W      []float64
	B, C   []float64
	Mask   []float64
}

// New returns an RBM with the authors' initialisation: W ~ N(0, sdW²),
// visible biases logit of the data means (clipped to [1e−3, 1−1e−3]; zero if
// visMean is nil) and hidden biases c0.
func New(nv, nh int, sdW float64, visMean []float64, c0 float64, r *rand.Rand) *RBM {
	m := &RBM{NV: nv, NH: nh, W: make([]float64, nv*nh), B: make([]float64, nv), C: make([]float64, nh)}
	for i := range m.W {
		m.W[i] = sdW * r.NormFloat64()
	}
	for i := range m.B {
		if visMean != nil {
			p := math.Min(1-1e-3, math.Max(1e-3, visMean[i]))
			m.B[i] = math.Log(p / (1 - p))
		}
	}
	for j := range m.C {
		m.C[j] = c0
	}
	return m
}

// Clone returns a deep copy.
func (m *RBM) Clone() *RBM {
	c := &RBM{NV: m.NV, NH: m.NH, W: append([]float64(nil), m.W...),
		B: append([]float64(nil), m.B...), C: append([]float64(nil), m.C...)}
	if m.Mask != nil {
		c.Mask = append([]float64(nil), m.Mask...)
	}
	return c
}

// Live reports whether weight (i, j) is not pruned.
func (m *RBM) Live(i, j int) bool { return m.Mask == nil || m.Mask[i*m.NH+j] != 0 }

// LiveWeights returns the number of unpruned weights.
func (m *RBM) LiveWeights() int {
	if m.Mask == nil {
		return m.NV * m.NH
	}
	n := 0
	for _, v := range m.Mask {
		if v != 0 {
			n++
		}
	}
	return n
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// softplus is log(1 + e^z), computed without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// HiddenProb writes p(h_j = 1 | v) into dst (len NH).
func (m *RBM) HiddenProb(dst, v []float64) {
	nh := m.NH
	copy(dst, m.C)
	for i, vi := range v {
		if vi == 0 {
			continue
		}
		row := m.W[i*nh : (i+1)*nh]
		for j, w := range row {
			dst[j] += vi * w
		}
	}
	for j, a := range dst {
		dst[j] = sigmoid(a)
	}
}

// VisibleProb writes p(v_i = 1 | h) into dst (len NV).
func (m *RBM) VisibleProb(dst, h []float64) {
	nh := m.NH
	for i := range dst {
		s := m.B[i]
		row := m.W[i*nh : (i+1)*nh]
		for j, w := range row {
			s += w * h[j]
		}
		dst[i] = sigmoid(s)
	}
}

// visibleProbBinary is VisibleProb for a binary h given as the list on of
// its active units (hidden layers are sparse, so this is much cheaper).
func (m *RBM) visibleProbBinary(dst []float64, on []int) {
	nh := m.NH
	for i := range dst {
		s := m.B[i]
		row := m.W[i*nh : (i+1)*nh]
		for _, j := range on {
			s += row[j]
		}
		dst[i] = sigmoid(s)
	}
}

// sampleOn draws h_j ~ Bernoulli(p_j), writing h and returning the active
// units appended to on[:0].
func sampleOn(h, p []float64, on []int, r *rand.Rand) []int {
	on = on[:0]
	for k, pk := range p {
		if r.Float64() < pk {
			h[k] = 1
			on = append(on, k)
		} else {
			h[k] = 0
		}
	}
	return on
}

// FreeEnergy returns F(v) = −bᵀv − Σ_j softplus(c_j + Σ_i W_ij v_i).
func (m *RBM) FreeEnergy(v []float64) float64 {
	f := 0.0
	for i, vi := range v {
		f -= m.B[i] * vi
	}
	for j := 0; j < m.NH; j++ {
		a := m.C[j]
		for i, vi := range v {
			a += m.W[i*m.NH+j] * vi
		}
		f -= softplus(a)
	}
	return f
}

// bernoulli sets dst[k] = 1 with probability p[k], else 0.
func bernoulli(dst, p []float64, r *rand.Rand) {
	for k, pk := range p {
		if r.Float64() < pk {
			dst[k] = 1
		} else {
			dst[k] = 0
		}
	}
}

// Schedule holds the training settings.
type Schedule struct {
	K          int       // Gibbs steps per update (CD-k)
	LR         []float64 // learning rate of each epoch (len = number of epochs)
	Momentum   float64   // momentum coefficient
	Batch      int       // patterns per update
	Persistent bool      // PCD: negative chains persist across updates
	Chains     int       // persistent chains (PCD); 0 means Batch
	// ScaledMomentum selects the step Δ ← η(μΔ + g) of the boltzmann-machines
	// library the authors build on (the effective momentum is then ημ)
	// instead of the classical Δ ← μΔ + ηg.
	ScaledMomentum bool
}

// Train fits m to the binary patterns data (each len NV, entries 0 or 1)
// by CD-k (or PCD), visiting the patterns in a fresh random order every
// epoch. The update is the momentum step v ← μv + η·g (or v ← η(μv + g)
// with ScaledMomentum), θ ← θ + v with
// g the CD estimate of the log-likelihood gradient averaged over the batch:
// g_W = ⟨v p(h|v)ᵀ⟩_data − ⟨v p(h|v)ᵀ⟩_recon, g_b = ⟨v⟩_data − ⟨v⟩_recon,
// g_c = ⟨p(h|v)⟩_data − ⟨p(h|v)⟩_recon. Momentum buffers start at zero
// (they are reset at every call). Masked weights and their gradients stay
// exactly zero. It returns an error if a parameter becomes non-finite.
func (m *RBM) Train(data [][]float64, s Schedule, r *rand.Rand) error {
	return m.TrainContext(context.Background(), data, s, r)
}

// trainCheckEvery is the number of mini-batches TrainContext runs between
// checks of its context (at batch 1, 13 visible and 70 hidden units, a few
// milliseconds).
const trainCheckEvery = 256

// TrainContext is Train with ctx checked at the start of every epoch and
// every trainCheckEvery mini-batches: once ctx is done it returns ctx.Err()
// promptly, leaving m part-trained. Uncancelled, it makes exactly Train's
// updates and random draws.
func (m *RBM) TrainContext(ctx context.Context, data [][]float64, s Schedule, r *rand.Rand) error {
	nv, nh := m.NV, m.NH
	if s.Batch < 1 {
		s.Batch = 1
	}
	if s.K < 1 {
		s.K = 1
	}
	vW := make([]float64, nv*nh)
	vB := make([]float64, nv)
	vC := make([]float64, nh)
	gW := make([]float64, nv*nh)
	gB := make([]float64, nv)
	gC := make([]float64, nh)
	ph0 := make([]float64, nh)
	ph := make([]float64, nh)
	h := make([]float64, nh)
	pv := make([]float64, nv)
	on := make([]int, 0, nh)
	nChains := s.Batch
	if s.Persistent && s.Chains > 0 {
		nChains = s.Chains
	}
	chains := make([][]float64, nChains)
	for c := range chains {
		chains[c] = make([]float64, nv)
		for i := range chains[c] {
			if r.Float64() < 0.5 {
				chains[c][i] = 1
			}
		}
	}
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	next := 0
	for _, eta := range s.LR {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for batch, start := 0, 0; start < len(order); batch, start = batch+1, start+s.Batch {
			if batch%trainCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			end := min(start+s.Batch, len(order))
			nb := float64(end - start)
			clear(gW)
			clear(gB)
			clear(gC)
			// positive phase
			for _, idx := range order[start:end] {
				v0 := data[idx]
				m.HiddenProb(ph0, v0)
				accum(gW, gB, gC, v0, ph0, 1, nh)
			}
			// negative phase
			for b := 0; b < end-start; b++ {
				var v []float64
				if s.Persistent {
					v = chains[next%nChains]
					next++
				} else {
					v = chains[b]
					copy(v, data[order[start+b]])
				}
				for k := 0; k < s.K; k++ {
					m.HiddenProb(ph, v)
					on = sampleOn(h, ph, on, r)
					m.visibleProbBinary(pv, on)
					bernoulli(v, pv, r)
				}
				m.HiddenProb(ph, v)
				accum(gW, gB, gC, v, ph, -1, nh)
			}
			mu := s.Momentum
			sc := eta / nb
			if s.ScaledMomentum {
				mu *= eta
			}
			for k, g := range gW {
				if m.Mask != nil && m.Mask[k] == 0 {
					continue
				}
				vW[k] = mu*vW[k] + sc*g
				m.W[k] += vW[k]
			}
			for i, g := range gB {
				vB[i] = mu*vB[i] + sc*g
				m.B[i] += vB[i]
			}
			for j, g := range gC {
				vC[j] = mu*vC[j] + sc*g
				m.C[j] += vC[j]
			}
		}
		if !m.finite() {
			return fmt.Errorf("boltzmann: parameters became non-finite (learning rate %g)", eta)
		}
	}
	return nil
}

// accum adds sign·(v phᵀ, v, ph) to the gradient buffers.
func accum(gW, gB, gC, v, ph []float64, sign float64, nh int) {
	for i, vi := range v {
		if vi == 0 {
			continue
		}
		gB[i] += sign * vi
		row := gW[i*nh : (i+1)*nh]
		for j, p := range ph {
			row[j] += sign * vi * p
		}
	}
	for j, p := range ph {
		gC[j] += sign * p
	}
}

func (m *RBM) finite() bool {
	for _, s := range [][]float64{m.W, m.B, m.C} {
		for _, x := range s {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
	}
	return true
}

// Sample runs chains independent Gibbs chains for steps sweeps from uniform
// random visible states and returns the final visible and hidden samples
// (chains × NV and chains × NH, entries 0 or 1).
func (m *RBM) Sample(chains, steps int, r *rand.Rand) (vs, hs [][]float64) {
	ph := make([]float64, m.NH)
	pv := make([]float64, m.NV)
	on := make([]int, 0, m.NH)
	vs = make([][]float64, chains)
	hs = make([][]float64, chains)
	for c := range vs {
		v := make([]float64, m.NV)
		h := make([]float64, m.NH)
		for i := range v {
			if r.Float64() < 0.5 {
				v[i] = 1
			}
		}
		for t := 0; t < steps; t++ {
			m.HiddenProb(ph, v)
			on = sampleOn(h, ph, on, r)
			m.visibleProbBinary(pv, on)
			bernoulli(v, pv, r)
		}
		m.HiddenProb(ph, v)
		bernoulli(h, ph, r)
		vs[c], hs[c] = v, h
	}
	return vs, hs
}
