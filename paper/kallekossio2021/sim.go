package kallekossio2021

import (
	"context"
	"math"
	"math/rand/v2"

	"neurolab/experiment"
	"neurolab/model/spiking"
)

// unitsPerSecond converts s to the engine's 10-ms units.
const unitsPerSecond = 100

// network is the surrogate's recurrent network: a linear Hawkes network
// with symmetric STDP, a homeostatic cap on each neuron's summed input and
// spontaneous synaptic turnover.
type network struct {
	p      Params
	h      *spiking.Hawkes
	stdp   *spiking.STDP
	rng    *rand.Rand
	cap    float64 // cap on Σ_j W_ij
	spikes int64
	nextTO float64 // time of the next turnover event
	resets int64
}

func newNetwork(p Params, rng *rand.Rand) *network {
	n := p.N
	h := spiking.NewHawkes(n, 1, rng)
	size := n / p.M
	for i := 0; i < n; i++ {
		h.Base[i] = p.Rho
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
	return nw
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
// draws U(0, reset_max·w_max)), and every norm_every spikes the homeostatic
// cap (rows whose sum exceeds the cap are scaled down to it).
func (nw *network) run(ctx context.Context, tEnd float64) error {
	n := nw.p.N
	for {
		j, ok := nw.h.Next(math.Min(tEnd, nw.nextTO))
		// Turnover events up to the current time.
		for nw.nextTO <= nw.h.Time() {
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
		nw.h.Fire(j)
		nw.stdp.Spike(nw.h.W, j, nw.h.Time())
		nw.spikes++
		if nw.spikes%int64(nw.p.NormEvery) == 0 {
			nw.normalise()
			if nw.spikes%(1<<16) == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
	}
}

// normalise scales every row whose summed input exceeds the target down to
// it (mode cap), or every row to the target (mode fix).
func (nw *network) normalise() {
	n := nw.p.N
	for i := 0; i < n; i++ {
		row := nw.h.W[i*n : i*n+n]
		s := 0.0
		for _, w := range row {
			s += w
		}
		if s > nw.cap || (nw.p.NormMode == "fix" && s > 0) {
			f := nw.cap / s
			for k := range row {
				row[k] = min(row[k]*f, nw.p.WMax)
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
	count []float64
}

func newProber(p Params, W []float64, rng *rand.Rand) *prober {
	h := spiking.NewHawkes(p.N, 1, rng)
	copy(h.W, W)
	return &prober{p: p, h: h, count: make([]float64, p.N)}
}

// trial presents stimulus m through input weights v: for stim_dur units the
// baseline of neuron i is ρ + stim_rate·v_i; then it counts the spikes of
// each neuron in [offset + read_delay, offset + read_delay + read_window],
// the echo carried by the recurrent weights.
func (pr *prober) trial(v []float64) []float64 {
	p := pr.p
	h := pr.h
	h.Reset()
	t0 := h.Time()
	for i := range h.Base {
		h.Base[i] = p.Rho + p.StimRate*v[i]
	}
	for {
		j, ok := h.Next(t0 + p.StimDur)
		if !ok {
			break
		}
		h.Fire(j)
	}
	for i := range h.Base {
		h.Base[i] = p.Rho
	}
	clear(pr.count)
	a, b := t0+p.StimDur+p.ReadDelay, t0+p.StimDur+p.ReadDelay+p.ReadWindow
	for {
		j, ok := h.Next(b)
		if !ok {
			break
		}
		h.Fire(j)
		if h.Time() >= a {
			pr.count[j]++
		}
	}
	return pr.count
}

// session runs probe_trials presentations of every stimulus through c and
// returns the fraction whose winning readout (largest Σ_i R_ki·count_i) is
// the stimulus. With learn, after each trial the channel's input weights and
// the winner's readout weights move towards the echo (hebb).
func (pr *prober) session(c codes, learn bool) float64 {
	p := pr.p
	correct := 0
	for r := 0; r < p.ProbeTrials; r++ {
		for m := 0; m < p.M; m++ {
			cnt := pr.trial(c.V[m])
			win, best := -1, 0.0
			for k := 0; k < p.M; k++ {
				a := 0.0
				for i, x := range cnt {
					a += c.R[k][i] * x
				}
				if a > best {
					win, best = k, a
				}
			}
			if win == m {
				correct++
			}
			if learn && win >= 0 {
				hebb(c.V[m], cnt, p.EtaIn)
				hebb(c.R[win], cnt, p.EtaOut)
			}
		}
	}
	return float64(correct) / float64(p.ProbeTrials*p.M)
}

// hebb moves w (summing to 1) towards the normalised squared activity:
// w ← (1 − η) w + η x²/Σx², a supralinear Hebbian rule with multiplicative
// normalisation keeping Σw = 1 (no change when x is all zero). The square
// favours the neurons that respond most, so the weights settle on the
// assembly that dominates the echo instead of spreading over the background.
func hebb(w, x []float64, eta float64) {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	if s <= 0 {
		return
	}
	for i := range w {
		w[i] = (1-eta)*w[i] + eta*x[i]*x[i]/s
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
