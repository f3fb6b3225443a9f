package kallekossio2021

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/experiment"
	"neurolab/model/spiking"
)

// unitsPerSecond converts s to the engine's 10-ms units.
const unitsPerSecond = 100

// network is the surrogate's recurrent network: a linear Hawkes network
// with symmetric STDP, homeostatic normalisation of each neuron's summed
// input, and spontaneous turnover of single synapses (rate λ_turn) and of
// all of a neuron's synapses at once (rate λ_neuron).
type network struct {
	p       Params
	h       *spiking.Hawkes
	stdp    *spiking.STDP
	rng     *rand.Rand
	cap     float64 // cap on Σ_j W_ij
	spikes  int64
	nextTO  float64 // time of the next synaptic turnover event
	nextNE  float64 // time of the next neuron-level turnover event
	resets  int64
	nresets int64
	// checkAt is the time of the last runaway check (every runawayEvery
	// spikes; see run).
	checkAt float64
}

// runawayEvery and maxRateHz set the runaway guard of run: a mean rate
// above maxRateHz per neuron over runawayEvery spikes (default runs: about
// 0.25 Hz; probe stimuli 40 Hz) means the Hawkes network has gone
// supercritical and its spike count explodes, so the run would never end.
const (
	runawayEvery = 1 << 16
	maxRateHz    = 1000
)

func newNetwork(p Params, rng *rand.Rand) *network {
	n := p.N
	h := spiking.NewHawkes(n, 1, rng)
	size := n / p.M
	for i := 0; i < n; i++ {
		h.SetBase(i, p.Rho)
		for j := 0; j < n; j++ {
			if i != j && i/size == j/size && i < p.M*size && j < p.M*size {
				h.W[i*n+j] = p.WMax
			}
		}
	}
	nw := &network{p: p, h: h, rng: rng,
		stdp: spiking.NewSTDP(n, p.TauP, p.TauD, p.AP, p.AD, p.Mu, 0, p.WMax),
		cap:  p.NormTarget * float64(size-1) * p.WMax}
	nw.nextTO = nw.drawTurnover(0)
	nw.nextNE = nw.drawNeuronEvent(0)
	return nw
}

// drawNeuronEvent returns the time of the next neuron-level turnover event
// after t (total rate λ_neuron·N).
func (nw *network) drawNeuronEvent(t float64) float64 {
	r := nw.p.LamNeuron * float64(nw.p.N)
	if r <= 0 {
		return math.Inf(1)
	}
	return t + nw.rng.ExpFloat64()/r
}

// resetNeuron is a neuron-level turnover event: every input and output
// synapse of neuron i (row i and column i of W) is replaced by a new one
// of weight U(0, reset_max·w_max), so the neuron loses its assembly and is
// recruited anew by the activity (our choice; the homeostatic
// normalisation then scales its row, and in mode fixrc its column, to the
// target).
func (nw *network) resetNeuron(i int) {
	n := nw.p.N
	W := nw.h.W
	a := nw.p.ResetMax * nw.p.WMax
	for j := 0; j < n; j++ {
		if j == i {
			continue
		}
		W[i*n+j] = a * nw.rng.Float64()
		W[j*n+i] = a * nw.rng.Float64()
	}
	nw.nresets++
}

func (nw *network) drawTurnover(t float64) float64 {
	r := nw.p.LamTurn * float64(nw.p.N*(nw.p.N-1))
	if r <= 0 {
		return math.Inf(1)
	}
	return t + nw.rng.ExpFloat64()/r
}

// run simulates until tEnd (units): spikes of the Hawkes network, STDP at
// each spike, turnover events at their exponential times (a reset synapse
// draws U(0, reset_max·w_max); a neuron-level event resets a whole row and
// column, resetNeuron), and every norm_every spikes the homeostatic
// normalisation (normalise).
func (nw *network) run(ctx context.Context, tEnd float64) error {
	n := nw.p.N
	for {
		j, ok := nw.h.Next(math.Min(tEnd, math.Min(nw.nextTO, nw.nextNE)))
		// Turnover events up to the current time, in time order (no spike
		// falls between them, so they only rewrite W).
		for math.Min(nw.nextNE, nw.nextTO) <= nw.h.Time() {
			if nw.nextNE <= nw.nextTO {
				nw.resetNeuron(nw.rng.IntN(n))
				nw.nextNE = nw.drawNeuronEvent(nw.nextNE)
				continue
			}
			a := nw.rng.IntN(n * (n - 1))
			i, k := a/(n-1), a%(n-1)
			if k >= i {
				k++
			}
			nw.h.W[i*n+k] = nw.p.ResetMax * nw.p.WMax * nw.rng.Float64()
			nw.resets++
			nw.nextTO = nw.drawTurnover(nw.nextTO)
		}
		if !ok {
			if nw.h.Time() >= tEnd {
				return nil
			}
			continue
		}
		nw.h.FireSTDP(j, nw.stdp)
		nw.spikes++
		if nw.spikes%runawayEvery == 0 {
			// Cancellation is checked here, every runawayEvery spikes,
			// whatever norm_every is (inside the normalisation branch it
			// ran only every lcm(norm_every, 2¹⁶) spikes: every 9.8·10⁵
			// spikes at the default 120, never in practice at 65537).
			if err := ctx.Err(); err != nil {
				return err
			}
			now := nw.h.Time()
			if rate := runawayEvery / (float64(n) * (now - nw.checkAt) / unitsPerSecond); rate > maxRateHz {
				return &experiment.DivergedError{What: fmt.Sprintf("network spike rate (%.3g Hz per neuron over the last %d spikes)", rate, runawayEvery),
					T: math.Round(10*now/unitsPerSecond) / 10, Unit: "s",
					Hint: "runaway excitation: the Hawkes network went supercritical, e.g. STDP potentiation (a_p·tau_p) outweighing depression (|a_d|·tau_d) between normalisations (lower a_p, norm_target or norm_every), or the baseline rho is far too high"}
			}
			nw.checkAt = now
		}
		if nw.spikes%int64(nw.p.NormEvery) == 0 {
			nw.normalise()
		}
	}
}

// normalise scales every row whose summed input exceeds the target down to
// it (mode cap), or every row to the target (modes fix and fixrc; with
// norm_up_max > 0 a row is scaled up by at most that factor), clipping at
// w_max. Rows that are all zero (a neuron just reset with silent synapses)
// stay zero until STDP gives them weight.
func (nw *network) normalise() {
	n := nw.p.N
	for i := 0; i < n; i++ {
		row := nw.h.W[i*n : i*n+n]
		s := sum(row)
		if s > nw.cap || (nw.p.NormMode != "cap" && s > 0) {
			f := nw.cap / s
			if up := nw.p.NormUpMax; up > 0 && f > up {
				f = up // slow upward scaling
			}
			for k := range row {
				row[k] = min(row[k]*f, nw.p.WMax)
			}
		}
	}
	if nw.p.NormMode != "fixrc" {
		return
	}
	// Mode fixrc: then every column (a neuron's summed output) to the
	// target too (one Sinkhorn step per normalisation).
	W := nw.h.W
	for j := 0; j < n; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += W[i*n+j]
		}
		if s > 0 {
			f := nw.cap / s
			for i := 0; i < n; i++ {
				W[i*n+j] = min(W[i*n+j]*f, nw.p.WMax)
			}
		}
	}
}

// codes are the input weights V (M×N: channel m's drive, rows summing to 1)
// and readout weights R (M×N, rows summing to 1).
type codes struct {
	V, R [][]float64
}

func initialCodes(p Params) codes {
	size := p.N / p.M
	c := codes{V: make([][]float64, p.M), R: make([][]float64, p.M)}
	for m := 0; m < p.M; m++ {
		c.V[m] = make([]float64, p.N)
		c.R[m] = make([]float64, p.N)
		for i := m * size; i < (m+1)*size; i++ {
			c.V[m][i] = 1 / float64(size)
			c.R[m][i] = 1 / float64(size)
		}
	}
	return c
}

func (c codes) clone() codes {
	d := codes{V: make([][]float64, len(c.V)), R: make([][]float64, len(c.R))}
	for m := range c.V {
		d.V[m] = append([]float64(nil), c.V[m]...)
		d.R[m] = append([]float64(nil), c.R[m]...)
	}
	return d
}

// prober presents stimuli to a frozen copy of the network (no STDP, no
// turnover) and reads the echo.
type prober struct {
	p     Params
	h     *spiking.Hawkes
	wt    []float64 // Wᵀ: row j is the kernel of a spike of j (contiguous)
	echo  []float64 // spikes per neuron in the readout window
	full  []float64 // spikes per neuron over the whole trial
	drive []float64 // recurrent input Σ_j W_ij full_j, raised to the 4th power
	sq    []float64 // full², the readouts' Hebbian target
}

func newProber(p Params, W []float64, rng *rand.Rand) *prober {
	h := spiking.NewHawkes(p.N, 1, rng)
	copy(h.W, W)
	n := p.N
	wt := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			wt[j*n+i] = W[i*n+j]
		}
	}
	return &prober{p: p, h: h, wt: wt, echo: make([]float64, p.N), full: make([]float64, p.N),
		drive: make([]float64, p.N), sq: make([]float64, p.N)}
}

// trial presents a stimulus through input weights v: for stim_dur units
// the baseline of neuron i is ρ + stim_rate·v_i; then it counts the spikes
// of each neuron in [offset + read_delay, offset + read_delay +
// read_window] (pr.echo, the echo carried by the recurrent weights) and
// over the whole trial (pr.full).
func (pr *prober) trial(v []float64) {
	p := pr.p
	h := pr.h
	h.Reset()
	clear(pr.echo)
	clear(pr.full)
	t0 := h.Time()
	for i := 0; i < p.N; i++ {
		h.SetBase(i, p.Rho+p.StimRate*v[i])
	}
	for {
		j, ok := h.Next(t0 + p.StimDur)
		if !ok {
			break
		}
		h.FireWith(pr.wt[j*p.N : (j+1)*p.N])
		pr.full[j]++
	}
	for i := 0; i < p.N; i++ {
		h.SetBase(i, p.Rho)
	}
	a, b := t0+p.StimDur+p.ReadDelay, t0+p.StimDur+p.ReadDelay+p.ReadWindow
	for {
		j, ok := h.Next(b)
		if !ok {
			break
		}
		h.FireWith(pr.wt[j*p.N : (j+1)*p.N])
		pr.full[j]++
		if h.Time() >= a {
			pr.echo[j]++
		}
	}
}

// session runs probe_trials presentations of every stimulus through c and
// returns the fraction whose winning readout (largest y_k = Σ_i R_ki·echo_i,
// the recall read-out of the readout_plastic check) is the stimulus. With
// learn, after each trial (unsupervised; the stimulus identity is never
// used, only which channel was active):
//
//   - input channel m (the one presented) moves towards the 4th power of
//     the recurrent drive its stimulus evoked, d_i = Σ_j W_ij·full_j: a
//     neuron is strengthened in proportion to the input it receives from
//     the neurons the stimulus activated, not to its own directly driven
//     spikes, so the weights follow the assembly the stimulus recruits and
//     never reinforce themselves onto the neurons they already drive;
//   - one readout (competitive, winner-take-all learning) moves towards the
//     trial's squared spike counts, so a readout follows the neurons that
//     fire with the assembly it reads. With learn_win echo the learning
//     readout is the recall winner; with learn_win trial (default) it is
//     the readout with the largest response Σ_i R_ki·full_i over the whole
//     trial, stimulus included: the readout neuron that fires most while
//     the input drives the network learns, so a readout stays with the
//     neurons its channel drives even while two channels share an
//     assembly and their echoes are alike. (A soft competition, every
//     readout k learning at rate η_out·y_k²/Σ_l y_l², collapses all
//     readouts onto the mean response once the between-assembly weights
//     blur the echo: measured 0.15 accuracy at default scale, seed 1.)
//   - homeostasis: balance caps each neuron's summed weight over channels
//     (readouts), and recruit moves a channel that shares its neurons with
//     other channels towards the neurons no channel claims.
//
// The Hebbian steps use hebb (multiplicative normalisation, Σw = 1).
func (pr *prober) session(c codes, learn bool) float64 {
	p := pr.p
	n := p.N
	W := pr.h.W
	correct := 0
	for r := 0; r < p.ProbeTrials; r++ {
		for m := 0; m < p.M; m++ {
			pr.trial(c.V[m])
			win := bestReadout(c.R, pr.echo)
			if win == m {
				correct++
			}
			if !learn {
				continue
			}
			for i := 0; i < n; i++ {
				d := 0.0
				for j, x := range pr.full {
					d += W[i*n+j] * x
				}
				pr.drive[i] = d * d * d * d
			}
			hebb(c.V[m], pr.drive, p.EtaIn)
			if p.LearnWin == "trial" {
				win = bestReadout(c.R, pr.full)
			}
			if win >= 0 {
				for i, x := range pr.full {
					pr.sq[i] = x * x
				}
				hebb(c.R[win], pr.sq, p.EtaOut)
			}
			c.balance(p.CodeCap)
			if p.Recruit > 0 {
				recruit(c.V, m, p.Recruit, p.RecruitTheta, pr.sq)
			}
		}
	}
	return float64(correct) / float64(p.ProbeTrials*p.M)
}

// balance is the homeostatic normalisation of the input and readout
// weights: for each matrix X (V, then R), one Sinkhorn step that scales
// each neuron's summed weight over the M channels (readouts), Σ_m X_mi, to
// its t0 value M/N and then each channel's (readout's) weights back to
// Σ_i X_mi = 1. Channels and readouts thus compete for neurons: a neuron
// that one claims is less available to the others, so two of them do not
// converge on one assembly.
//
// With capFactor > 0 the neuron step only scales down neurons whose summed
// weight exceeds capFactor·M/N (a cap rather than a fixed value), so
// channels can follow assemblies of unequal size while two of them still
// cannot both claim one assembly in full.
func (c codes) balance(capFactor float64) {
	sinkhornStep(c.V, capFactor)
	sinkhornStep(c.R, capFactor)
}

func sinkhornStep(X [][]float64, capFactor float64) {
	M, n := len(X), len(X[0])
	target := float64(M) / float64(n)
	if capFactor > 0 {
		target *= capFactor
	}
	for i := 0; i < n; i++ {
		s := 0.0
		for m := 0; m < M; m++ {
			s += X[m][i]
		}
		if s > 0 && (capFactor <= 0 || s > target) {
			f := target / s
			for m := 0; m < M; m++ {
				X[m][i] *= f
			}
		}
	}
	for m := 0; m < M; m++ {
		s := 0.0
		for _, v := range X[m] {
			s += v
		}
		if s > 0 {
			for i := range X[m] {
				X[m][i] /= s
			}
		}
	}
}

// hebb moves w (summing to 1) towards the normalised activity:
// w ← (1 − η) w + η x/Σx, a Hebbian rule with multiplicative normalisation
// keeping Σw = 1 (no change when x is all zero).
func hebb(w, x []float64, eta float64) {
	s := 0.0
	for _, v := range x {
		s += v
	}
	if s <= 0 || eta <= 0 {
		return
	}
	for i := range w {
		w[i] = (1-eta)*w[i] + eta*x[i]/s
	}
}

func diverged(W []float64, t float64) error {
	for _, w := range W {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return &experiment.DivergedError{What: "drifting-assemblies weights", T: t / unitsPerSecond, Unit: "s"}
		}
	}
	return nil
}

// sum returns Σx with four partial sums (independent dependency chains).
func sum(x []float64) float64 {
	var s0, s1, s2, s3 float64
	k := 0
	for ; k+4 <= len(x); k += 4 {
		s0 += x[k]
		s1 += x[k+1]
		s2 += x[k+2]
		s3 += x[k+3]
	}
	for ; k < len(x); k++ {
		s0 += x[k]
	}
	return (s0 + s1) + (s2 + s3)
}

// recruit is the homeostatic recruitment of input channel m (our choice,
// for the abstract's "homeostatic plasticity" of inputs that keeps inputs
// and assemblies consistent): with S_i = Σ_l X_li the summed weight of
// neuron i over all channels,
//
//	c = Σ_i X_mi·(S_i − X_mi) / Σ_i X_mi·S_i
//
// is the fraction of the input to m's neurons that other channels supply
// (≈ 0 for a channel alone on its assembly, ≈ 1/2 for two channels on one,
// after a merge), and u_i = max(0, 1 − S_i/(θ·M/N)) marks the neurons that
// no channel claims (with θ = 1/2, a neuron is fully claimed at the weight
// one channel gives each member of an assembly of 2N/M neurons, twice the
// nominal size). X_m moves the fraction rate·c² towards u/Σu (Σ_i X_mi
// stays 1; no change without unclaimed neurons or with c = 0). A channel
// that has lost its own assembly thus puts weight on an assembly that no
// channel drives; its stimulus then evokes that assembly, and the Hebbian
// step (drive⁴) captures it. The quadratic gate keeps a channel with a
// little overlap at its borders (c ≲ 0.1) almost still. buf (length N) is
// scratch.
func recruit(X [][]float64, m int, rate, theta float64, buf []float64) {
	M, n := len(X), len(X[0])
	lo := theta * float64(M) / float64(n)
	num, den, us := 0.0, 0.0, 0.0
	for i := 0; i < n; i++ {
		s := 0.0
		for l := 0; l < M; l++ {
			s += X[l][i]
		}
		x := X[m][i]
		num += x * (s - x)
		den += x * s
		buf[i] = max(0, 1-s/lo)
		us += buf[i]
	}
	if den <= 0 || us <= 0 {
		return
	}
	c := num / den
	f := rate * c * c
	for i := 0; i < n; i++ {
		X[m][i] = (1-f)*X[m][i] + f*buf[i]/us
	}
}

// bestReadout returns the readout k with the largest response
// y_k = Σ_i R_ki·x_i (the first on ties), or −1 if every y_k is 0.
func bestReadout(R [][]float64, x []float64) int {
	win, best := -1, 0.0
	for k := range R {
		a := 0.0
		for i, v := range x {
			a += R[k][i] * v
		}
		if a > best {
			win, best = k, a
		}
	}
	return win
}
