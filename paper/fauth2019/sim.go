package fauth2019

import (
	"context"
	"math"
	"math/rand/v2"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/structural"
)

// protocol runs one network through the phases of the Methods: sensory
// phases, the learning phase and rest phases, and records what the checks
// and figures need.
type protocol struct {
	p     Params
	net   *structural.Network
	rng   *rand.Rand
	stim  []float64
	asm   []int // assembly of each neuron, −1 outside all
	other []int // non-assembly neurons (sensory targets)
	k     float64
	steps int64 // steps done by this protocol
	// progress counts steps of every branch (the rest and sensory clones
	// share it and run at once), out of the steps of the whole protocol.
	progress *num.Tally

	// Time series of synapses per pair, sampled every recEvery steps.
	recEvery           int
	tDays              []float64 // paper-equivalent days since the end of learning
	intra, control     []float64
	tLearnEnd          float64 // simulated s at the end of learning
	frames, framesOne  int     // rest frames with ≥ 1 / exactly 1 assembly at mean v > 0.5
	raster             bool    // record the raster during the current rest phase
	rasterT, rasterI   []float64
	rasterStart        float64
	rasterMax          float64 // s of rest recorded in the raster
	meanV              []float64
	lastRestStart      float64
	lastRestEnd        float64
	restPhases, phases int
	firstRestFrames    int // frames with an assembly at mean v > 0.5 in the first rest phase
}

func newProtocol(p Params, net *structural.Network, rng *rand.Rand, progress *num.Tally) *protocol {
	pr := &protocol{p: p, net: net, rng: rng, stim: make([]float64, p.N), asm: make([]int, p.N),
		k: p.Compression, progress: progress, rasterMax: 150,
		meanV: make([]float64, p.Assemblies)}
	for i := range pr.asm {
		pr.asm[i] = -1
		if i < p.Assemblies*p.AssemblySize {
			pr.asm[i] = i / p.AssemblySize
		} else {
			pr.other = append(pr.other, i)
		}
	}
	pr.recEvery = max(1, int(math.Round(p.RecordH*3600/p.Compression/net.P.Dt)))
	return pr
}

// clone copies pr onto a cloned network with its own stream.
func (pr *protocol) clone(rng *rand.Rand) *protocol {
	c := *pr
	c.net = pr.net.Clone(rng)
	c.rng = rng
	c.stim = make([]float64, len(pr.stim))
	c.meanV = make([]float64, len(pr.meanV))
	c.other = append([]int(nil), pr.other...) // shuffled in place by sensory phases
	c.tDays = append([]float64(nil), pr.tDays...)
	c.intra = append([]float64(nil), pr.intra...)
	c.control = append([]float64(nil), pr.control...)
	return &c
}

// counts returns the mean number of synapses per ordered intra-assembly pair
// and per control pair (pre and post in different assemblies or outside all).
func (pr *protocol) counts() (intra, control float64) {
	n := pr.p.N
	var si, sc, ni, nc float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			c := float64(pr.net.Count(i, j))
			if pr.asm[i] >= 0 && pr.asm[i] == pr.asm[j] {
				si += c
				ni++
			} else {
				sc += c
				nc++
			}
		}
	}
	return si / ni, sc / nc
}

// intraStrength returns, per ordered intra-assembly pair, the mean number of
// consolidated synapses (w > w_off) and the mean pair sum in units of w_max,
// S̄·w̄/w_max (spec check 4: members are recalled iff it exceeds 3.5/(1−c)).
func (pr *protocol) intraStrength() (consolidated, sw float64) {
	n := pr.p.N
	var ws []float64
	var pairs, cons, wsum float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j || pr.asm[i] < 0 || pr.asm[i] != pr.asm[j] {
				continue
			}
			pairs++
			ws = pr.net.Weights(ws[:0], i, j)
			for _, w := range ws {
				wsum += w
				if w > pr.net.P.WOff {
					cons++
				}
			}
		}
	}
	return cons / pairs, wsum / pairs / pr.net.P.WMax
}

// survivalToStim is the fraction of synapses created uniformly in time that
// survive, at removal rate 1/tau, until their group's next stimulation, which
// comes every period s: (τ/T)(1 − e^{−T/τ}) (spec, default-scale notes).
func survivalToStim(tau, period float64) float64 {
	return tau / period * (1 - math.Exp(-period/tau))
}

func (pr *protocol) record() {
	ci, cc := pr.counts()
	pr.tDays = append(pr.tDays, (pr.net.Time()-pr.tLearnEnd)*pr.k/structural.Day)
	pr.intra = append(pr.intra, ci)
	pr.control = append(pr.control, cc)
}

// step advances one Euler step with the current stimulus and does the
// bookkeeping; rest marks rest frames for the one-at-a-time statistic.
func (pr *protocol) step(ctx context.Context, rest bool) error {
	pr.net.Step(pr.stim)
	pr.steps++
	if rest {
		pr.restFrame()
	}
	if pr.steps%int64(pr.recEvery) == 0 {
		pr.record()
	}
	if pr.steps%2000 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, u := range pr.net.U {
			if math.IsNaN(u) || math.IsInf(u, 0) {
				return &experiment.DivergedError{What: "reactivation network potential", T: pr.net.Time(), Unit: "s"}
			}
		}
		pr.progress.Add(2000)
	}
	return nil
}

func (pr *protocol) restFrame() {
	for a := range pr.meanV {
		pr.meanV[a] = 0
	}
	for i := 0; i < pr.p.Assemblies*pr.p.AssemblySize; i++ {
		pr.meanV[pr.asm[i]] += pr.net.V[i]
	}
	active := 0
	for _, s := range pr.meanV {
		if s/float64(pr.p.AssemblySize) > 0.5 {
			active++
		}
	}
	if active > 0 {
		pr.frames++
		if active == 1 {
			pr.framesOne++
		}
	}
	if pr.raster && pr.net.Time()-pr.rasterStart < pr.rasterMax {
		for i, v := range pr.net.V {
			if v > 0.5 {
				pr.rasterT = append(pr.rasterT, pr.net.Time()-pr.rasterStart)
				pr.rasterI = append(pr.rasterI, float64(i))
			}
		}
	}
}

// nSteps converts a compressed duration in s to Euler steps.
func (pr *protocol) nSteps(sec float64) int { return int(math.Round(sec / pr.net.P.Dt)) }

// sensory runs a sensory phase of sec simulated seconds: each second a fresh
// set of random non-assembly neurons gets the sensory current (Methods).
func (pr *protocol) sensory(ctx context.Context, sec float64) error {
	perSecond := pr.nSteps(1)
	for s := 0; s < pr.nSteps(sec); s++ {
		if s%perSecond == 0 {
			clear(pr.stim)
			m := min(pr.p.SensoryNeurons, len(pr.other))
			// Partial Fisher–Yates over the non-assembly neurons.
			for a := 0; a < m; a++ {
				b := a + pr.rng.IntN(len(pr.other)-a)
				pr.other[a], pr.other[b] = pr.other[b], pr.other[a]
				pr.stim[pr.other[a]] = pr.p.SensoryStim
			}
		}
		if err := pr.step(ctx, false); err != nil {
			return err
		}
	}
	clear(pr.stim)
	pr.phases++
	return nil
}

// rest runs a rest phase (no input) of sec simulated seconds.
func (pr *protocol) rest(ctx context.Context, sec float64, raster bool) error {
	clear(pr.stim)
	pr.raster = raster
	pr.rasterStart = pr.net.Time()
	pr.lastRestStart = pr.net.Time()
	for s := 0; s < pr.nSteps(sec); s++ {
		if err := pr.step(ctx, true); err != nil {
			return err
		}
	}
	pr.raster = false
	pr.lastRestEnd = pr.net.Time()
	pr.phases++
	pr.restPhases++
	if pr.restPhases == 1 {
		pr.firstRestFrames = pr.frames
	}
	return nil
}

// learning stimulates the groups in turn: group g gets learn_stim for
// learn_on_s, then nothing for learn_off_s, then group g+1 (Methods).
func (pr *protocol) learning(ctx context.Context, sec float64) error {
	on, off := pr.nSteps(pr.p.LearnOnS), pr.nSteps(pr.p.LearnOffS)
	slot := on + off
	for s := 0; s < pr.nSteps(sec); s++ {
		clear(pr.stim)
		if s%slot < on {
			g := (s / slot) % pr.p.Assemblies
			for i := g * pr.p.AssemblySize; i < (g+1)*pr.p.AssemblySize; i++ {
				pr.stim[i] = pr.p.LearnStim
			}
		}
		if err := pr.step(ctx, false); err != nil {
			return err
		}
	}
	clear(pr.stim)
	return nil
}

// duration draws a phase duration from a normal with the given mean and SD
// sd·mean, truncated at 0 (Methods).
func (pr *protocol) duration(mean float64) float64 {
	for {
		d := mean * (1 + pr.p.PhaseSD*pr.rng.NormFloat64())
		if d > 0 {
			return d
		}
	}
}

// maintain alternates sensory and rest phases until at least total seconds
// have passed since the start, ending with a rest phase (whose first
// rasterMax seconds are recorded in the raster).
func (pr *protocol) maintain(ctx context.Context, total float64) error {
	start := pr.net.Time()
	sMean := pr.p.SensoryMeanH * 3600 / pr.k
	rMean := pr.p.RestMeanH * 3600 / pr.k
	for {
		if err := pr.sensory(ctx, pr.duration(sMean)); err != nil {
			return err
		}
		d := pr.duration(rMean)
		last := pr.net.Time()+d-start >= total
		if err := pr.rest(ctx, d, last); err != nil {
			return err
		}
		if last {
			return nil
		}
	}
}

// recall measures pattern completion on the pair sums W (N×N, row = post):
// for each assembly and cue, round(c·size) random members are switched off
// and as many random non-members on (v = 1 for the cue, 0 otherwise, f = 1);
// neuron i is active iff Σ_j W_ij v_j − w_inh Σ_j v_j > 0 (spec, check 4). It
// returns the fraction of the N neurons classified correctly and the fraction
// of members active, averaged over cues and assemblies.
func recall(W []float64, n, assemblies, size int, wInh, c float64, cues int, rng *rand.Rand) (correct, members float64) {
	off := int(math.Round(c * float64(size)))
	v := make([]float64, n)
	mem := make([]int, size)
	non := make([]int, 0, n)
	for a := 0; a < assemblies; a++ {
		non = non[:0]
		for i := 0; i < n; i++ {
			if i < a*size || i >= (a+1)*size {
				non = append(non, i)
			}
		}
		for q := 0; q < cues; q++ {
			for k := range mem {
				mem[k] = a*size + k
			}
			clear(v)
			// The first size−off members after a partial shuffle stay on.
			for k := 0; k < off; k++ {
				b := k + rng.IntN(size-k)
				mem[k], mem[b] = mem[b], mem[k]
			}
			for _, i := range mem[off:] {
				v[i] = 1
			}
			for k := 0; k < off; k++ {
				b := k + rng.IntN(len(non)-k)
				non[k], non[b] = non[b], non[k]
				v[non[k]] = 1
			}
			inh := wInh * float64(size)
			var ok, mOK int
			for i := 0; i < n; i++ {
				s := -inh
				row := W[i*n : i*n+n]
				for j, x := range v {
					s += row[j] * x
				}
				isMem := i >= a*size && i < (a+1)*size
				if (s > 0) == isMem {
					ok++
					if isMem {
						mOK++
					}
				}
			}
			correct += float64(ok) / float64(n)
			members += float64(mOK) / float64(size)
		}
	}
	tot := float64(assemblies * cues)
	return correct / tot, members / tot
}
