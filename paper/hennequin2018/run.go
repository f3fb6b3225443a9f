package hennequin2018

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/model/ssn"
)

const (
	sampleDt   = 1e-3 // sampling interval (s; authors' code sampling_dt)
	vBound     = 1e3  // |V| beyond this (mV) counts as divergence
	hGridMax   = 20   // input grid h = 0, 1, ..., 20 mV (spec)
	hLow       = 2    // mV, peak of the linear std (spec)
	hHigh      = 15   // mV, quenched input (spec)
	stepPre    = 200  // ms recorded before the 2 -> 15 mV step (spec check 4)
	stepPost   = 300  // ms recorded after the step (spec check 4)
	fanoWindow = 100  // samples (ms) per spike-count window (authors' code)
	popBatch   = 50   // two-population trials per job (columns of one Sim)
	stepBatch  = 50   // step-protocol trials per job

	// Stream tags: one num.Stream per (tag, condition, trial).
	tagPop  = 1
	tagStep = 2
	tagRing = 3
)

// Reference values (spec, derived from the code's defaults).
const (
	refUE15    = 6.113 // mV, fixed point u_E at h = 15
	refUI15    = 10.837
	refStd15   = 0.299 // mV, linear std of V_E at h = 15
	refStd2    = 0.957 // mV, linear std of V_E at h = 2
	tolFP      = 0.01  // mV (check 1)
	tolStd15   = 0.05  // relative (check 2)
	tolStd2    = 0.15  // relative (check 2)
	minRatio   = 2.5   // check 3
	maxT50     = 30.0  // ms (check 4)
	maxRingPre = 0.5   // check 5, see ringPrefRatio below
)

// ringContrasts are the stimulus contrasts of the ring model (spec).
var ringContrasts = []float64{0, 0.5, 1}

// Experiment is the ssn-variability reproduction.
type Experiment struct{}

// ParamsAt returns the parameters with their values at scale s.
func (Experiment) ParamsAt(s experiment.Scale) []experiment.Param {
	return experiment.Describe(Default(s))
}

// New returns the experiment.
func New() Experiment { return Experiment{} }

// Meta describes the experiment.
func (Experiment) Meta() experiment.Meta {
	return experiment.Meta{
		ID:       "ssn-variability",
		Title:    "The dynamical regime of sensory cortex: stable dynamics around a single stimulus-tuned attractor account for patterns of noise variability",
		Citation: "Hennequin et al., Neuron 2018",
		Family:   "dynamics",
		Claim:    "In a stochastic stabilized supralinear network, input first increases and then quickly (tens of ms) quenches membrane-potential variability, most strongly in the neurons tuned to the stimulus.",
		About:    about,
		Params:   experiment.Describe(Default(experiment.Default)),
	}
}

// stepsPerMs returns the number of steps of dt (ms) in 1 ms, or an input
// error if dt does not divide 1 ms.
func stepsPerMs(name string, dt float64) (int, error) {
	k := math.Round(1 / dt)
	if k < 1 || math.Abs(k*dt-1) > 1e-9 {
		return 0, experiment.Inputf("bad value %g for parameter %s: want a step that divides the 1 ms sampling interval to 1e-9 (1, 0.5, 0.2, 0.1, ... ms; for 1/3 or 1/6 ms type 10 digits: 0.3333333333, 0.1666666667)", dt, name)
	}
	return int(k), nil
}

// validate checks the cross-parameter constraints.
func validate(p Params) error {
	if _, err := stepsPerMs("dt", p.Dt); err != nil {
		return err
	}
	if _, err := stepsPerMs("ring_dt", p.RingDt); err != nil {
		return err
	}
	tmin := math.Min(p.TauE, math.Min(p.TauI, p.TauEta))
	if p.Dt > tmin/10 {
		return experiment.Inputf("bad value %g for parameter dt: want at most a tenth of the shortest time constant (%g ms) for a stable Euler step", p.Dt, tmin)
	}
	if p.RingDt > tmin/10 {
		return experiment.Inputf("bad value %g for parameter ring_dt: want at most a tenth of the shortest time constant (%g ms) for a stable Euler step", p.RingDt, tmin)
	}
	if p.SigmaE == 0 && p.SigmaI == 0 {
		return experiment.Inputf("bad values sigma_E = sigma_I = 0: want at least one positive noise std (without noise there is no variability to measure)")
	}
	if p.RingM%2 != 0 {
		return experiment.Inputf("bad value %d for parameter ring_m: want an even number (the stimulus-preferring unit sits at theta = 180 deg)", p.RingM)
	}
	return nil
}

// samples returns the number of 1 ms samples in d seconds.
func samples(d float64) int { return int(math.Round(d / sampleDt)) }

// diverged builds the error for a batch whose V left the valid range.
func diverged(s *ssn.Sim, unit, nE int, model string) error {
	pop := "excitatory"
	if unit >= nE {
		pop = "inhibitory"
	}
	return &experiment.DivergedError{
		What: fmt.Sprintf("SSN %s%s voltage", model, pop),
		T:    math.Round(s.T*1e9) / 1e9, Unit: "s",
		Hint: "runaway excitation: is w_EE too strong for the inhibition (w_EI, w_IE, w_II), or dt too large?",
	}
}

// advance runs nSamples samples of stepsPerSample steps each, checking for
// divergence and cancellation after every sample, and calls rec after each.
func advance(ctx context.Context, s *ssn.Sim, dt float64, stepsPerSample, nSamples, nE int, model string, rec func(k int)) error {
	for k := 0; k < nSamples; k++ {
		for i := 0; i < stepsPerSample; i++ {
			s.Step(dt)
		}
		if ok, unit := s.Bounded(vBound); !ok {
			return diverged(s, unit, nE, model)
		}
		if k%100 == 99 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if rec != nil {
			rec(k)
		}
	}
	return nil
}

// streams returns one stream per trial in [lo, hi) of condition c.
func streams(seed uint64, tag, c uint64, lo, hi int) []*rand.Rand {
	r := make([]*rand.Rand, hi-lo)
	for j := range r {
		r[j] = num.Stream(seed, tag, c, uint64(lo+j))
	}
	return r
}

// popStats are the sums of one batch of two-population trials: deviations
// x = V - ref pooled over trials and samples, and spike counts of E in
// 100 ms windows.
type popStats struct {
	n, sE, sI, sEE, sII, sEI float64
	kN, kS, kSS              float64
}

func (a *popStats) add(b popStats) {
	a.n += b.n
	a.sE += b.sE
	a.sI += b.sI
	a.sEE += b.sEE
	a.sII += b.sII
	a.sEI += b.sEI
	a.kN += b.kN
	a.kS += b.kS
	a.kSS += b.kSS
}

func (a popStats) stdE() float64 { m := a.sE / a.n; return math.Sqrt(math.Max(a.sEE/a.n-m*m, 0)) }
func (a popStats) stdI() float64 { m := a.sI / a.n; return math.Sqrt(math.Max(a.sII/a.n-m*m, 0)) }
func (a popStats) corrEI() float64 {
	mE, mI := a.sE/a.n, a.sI/a.n
	c := a.sEI/a.n - mE*mI
	return c / (a.stdE() * a.stdI())
}

// fano returns 1 + Var(kappa)/Mean(kappa) over the 100 ms count windows
// (authors' code), or false when no count was recorded.
func (a popStats) fano() (float64, bool) {
	if a.kN < 2 || a.kS <= 0 {
		return 0, false
	}
	m := a.kS / a.kN
	return 1 + math.Max(a.kSS/a.kN-m*m, 0)/m, true
}

// runPop simulates one batch of the two-population model at constant input
// h from v0 (burn-in, then sampling) and returns its sums.
func runPop(ctx context.Context, net *ssn.Network, p Params, h float64, v0, ref []float64, rngs []*rand.Rand) (popStats, error) {
	var st popStats
	spm, _ := stepsPerMs("dt", p.Dt)
	dt := p.Dt / 1000
	s := ssn.NewSim(net, rngs)
	s.H[0], s.H[1] = h, h
	s.SetV(v0)
	s.DrawStationaryNoise()
	if err := advance(ctx, s, dt, spm, samples(p.BurnIn), 1, "", nil); err != nil {
		return st, err
	}
	nt := len(rngs)
	kappa := make([]float64, nt)
	rec := func(k int) {
		for j := 0; j < nt; j++ {
			vE, vI := s.V[2*j], s.V[2*j+1]
			xE, xI := vE-ref[0], vI-ref[1]
			st.sE += xE
			st.sI += xI
			st.sEE += xE * xE
			st.sII += xI * xI
			st.sEI += xE * xI
			kappa[j] += sampleDt * net.Rate(vE)
		}
		st.n += float64(nt)
		if k%fanoWindow == fanoWindow-1 {
			for j, c := range kappa {
				st.kN++
				st.kS += c
				st.kSS += c * c
				kappa[j] = 0
			}
		}
	}
	err := advance(ctx, s, dt, spm, samples(p.Duration), 1, "", rec)
	return st, err
}

// stepStats are across-trial sums of V_E - ref per 1 ms bin of the step
// protocol (bins -stepPre..stepPost-1 ms around the step).
type stepStats struct {
	n     float64
	s, ss []float64
}

// runStep simulates one batch of the step protocol: burn-in at h = 2 from
// its fixed point, stepPre ms recorded at h = 2, then stepPost ms at h = 15.
// Bin k holds the sample at the end of [k, k+1) ms relative to the step.
func runStep(ctx context.Context, net *ssn.Network, p Params, v0 []float64, rngs []*rand.Rand) (stepStats, error) {
	st := stepStats{s: make([]float64, stepPre+stepPost), ss: make([]float64, stepPre+stepPost)}
	spm, _ := stepsPerMs("dt", p.Dt)
	dt := p.Dt / 1000
	s := ssn.NewSim(net, rngs)
	s.H[0], s.H[1] = hLow, hLow
	s.SetV(v0)
	s.DrawStationaryNoise()
	if err := advance(ctx, s, dt, spm, samples(p.BurnIn), 1, "", nil); err != nil {
		return st, err
	}
	nt := len(rngs)
	off := 0
	rec := func(k int) {
		for j := 0; j < nt; j++ {
			x := s.V[2*j] - v0[0]
			st.s[off+k] += x
			st.ss[off+k] += x * x
		}
	}
	if err := advance(ctx, s, dt, spm, stepPre, 1, "", rec); err != nil {
		return st, err
	}
	s.H[0], s.H[1] = hHigh, hHigh
	off = stepPre
	if err := advance(ctx, s, dt, spm, stepPost, 1, "", rec); err != nil {
		return st, err
	}
	st.n = float64(nt)
	return st, nil
}

// ringStats are per-unit sums of V - ref pooled over trials and samples.
type ringStats struct {
	n     float64
	s, ss []float64
}

// runRing simulates one batch of ring trials at input h from v0.
func runRing(ctx context.Context, net *ssn.Network, p Params, h, v0 []float64, rngs []*rand.Rand) (ringStats, error) {
	n := net.N()
	st := ringStats{s: make([]float64, n), ss: make([]float64, n)}
	spm, _ := stepsPerMs("ring_dt", p.RingDt)
	dt := p.RingDt / 1000
	s := ssn.NewSim(net, rngs)
	copy(s.H, h)
	s.SetV(v0)
	s.DrawStationaryNoise()
	if err := advance(ctx, s, dt, spm, samples(p.RingBurnIn), p.RingM, "ring ", nil); err != nil {
		return st, err
	}
	nt := len(rngs)
	rec := func(int) {
		for j := 0; j < nt; j++ {
			v := s.V[j*n : (j+1)*n]
			for i, x := range v {
				x -= v0[i]
				st.s[i] += x
				st.ss[i] += x * x
			}
		}
		st.n += float64(nt)
	}
	err := advance(ctx, s, dt, spm, samples(p.RingDuration), p.RingM, "ring ", rec)
	return st, err
}

// fixedPoints solves for the stable fixed point at each input, starting
// Newton from the previous solution and, failing that, from the input
// itself. A failed or unstable point is nil, with its error.
func fixedPoints(net *ssn.Network, hs [][]float64) (fps [][]float64, errs []error) {
	fps = make([][]float64, len(hs))
	errs = make([]error, len(hs))
	solve := func(h, v0 []float64) ([]float64, error) {
		v, err := net.FixedPoint(h, v0)
		if err != nil {
			return nil, err
		}
		a, _ := net.Linearize(v)
		m, err := ssn.MaxRealEig(a)
		if err != nil {
			return nil, err
		}
		if !(m < 0) {
			return nil, fmt.Errorf("%w: fixed point at h = %g mV has an eigenvalue with real part %g s^-1", ssn.ErrUnstable, h[0], m)
		}
		return v, nil
	}
	var prev []float64
	for i, h := range hs {
		v, err := solve(h, prev)
		if err != nil && prev != nil {
			v, err = solve(h, nil)
		}
		if err != nil {
			errs[i] = err
			continue
		}
		fps[i], prev = v, v
	}
	return fps, errs
}

// Run runs the experiment.
func (e Experiment) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	if err := validate(p); err != nil {
		return nil, err
	}
	res := experiment.NewResult(e.Meta(), cfg, &p)
	mp := p.model()
	net := ssn.TwoPop(mp)
	rp, rc := p.ring()
	ring := ssn.Ring(rp, rc)

	// Phase 1: fixed points (two-population grid, ring contrasts).
	hs := make([][]float64, hGridMax+1)
	for i := range hs {
		hs[i] = []float64{float64(i), float64(i)}
	}
	fps, fpErrs := fixedPoints(net, hs)
	ringH := make([][]float64, len(ringContrasts))
	for i, c := range ringContrasts {
		ringH[i] = ssn.RingInput(p.RingM, p.RingBase, p.RingAmp, c, math.Pi, p.RingLStim)
	}
	ringFP, ringErrs := fixedPoints(ring, ringH)
	start := func(fp, h []float64) []float64 {
		if fp != nil {
			return fp
		}
		return h // no stable fixed point: start from the feedforward input
	}

	// Phase 2: simulations and the ring's Lyapunov solves, as independent
	// jobs writing to their own slots (results do not depend on workers).
	// The two-population jobs come first, so that a runaway network reports
	// the two-population divergence (ParallelFor returns the error of the
	// lowest failing index, and dispatches in index order).
	var jobs []func() error
	var costs []float64
	nPop := (p.Trials + popBatch - 1) / popBatch
	popOut := make([][]popStats, len(hs))
	for hi := range hs {
		popOut[hi] = make([]popStats, nPop)
		for b := 0; b < nPop; b++ {
			lo, up := b*popBatch, min((b+1)*popBatch, p.Trials)
			jobs = append(jobs, func() error {
				ref := start(fps[hi], hs[hi])
				st, err := runPop(ctx, net, p, hs[hi][0], ref, ref, streams(cfg.Seed, tagPop, uint64(hi), lo, up))
				popOut[hi][b] = st
				return err
			})
			costs = append(costs, float64(up-lo)*(p.BurnIn+p.Duration)/p.Dt)
		}
	}
	nStep := (p.StepTrials + stepBatch - 1) / stepBatch
	stepOut := make([]stepStats, nStep)
	for b := 0; b < nStep; b++ {
		lo, hi := b*stepBatch, min((b+1)*stepBatch, p.StepTrials)
		jobs = append(jobs, func() error {
			if fps[hLow] == nil {
				return nil
			}
			st, err := runStep(ctx, net, p, fps[hLow], streams(cfg.Seed, tagStep, 0, lo, hi))
			stepOut[b] = st
			return err
		})
		costs = append(costs, float64(hi-lo)*(p.BurnIn+0.5)/p.Dt)
	}
	ringCov := make([]*mat.SymDense, len(ringContrasts))
	ringCovErr := make([]error, len(ringContrasts))
	for ci := range ringContrasts {
		jobs = append(jobs, func() error {
			if ringFP[ci] == nil {
				return nil
			}
			// A failure only removes a theory curve; it is noted below.
			ringCov[ci], ringCovErr[ci] = ring.StationaryCov(ringFP[ci])
			return nil
		})
		costs = append(costs, 0)
	}
	ringBatches := min(2, p.RingTrials)
	ringOut := make([][]ringStats, len(ringContrasts))
	for ci := range ringContrasts {
		ringOut[ci] = make([]ringStats, ringBatches)
		for b := 0; b < ringBatches; b++ {
			lo, hi := b*p.RingTrials/ringBatches, (b+1)*p.RingTrials/ringBatches
			jobs = append(jobs, func() error {
				st, err := runRing(ctx, ring, p, ringH[ci], start(ringFP[ci], ringH[ci]), streams(cfg.Seed, tagRing, uint64(ci), lo, hi))
				ringOut[ci][b] = st
				return err
			})
			costs = append(costs, float64(hi-lo)*(p.RingBurnIn+p.RingDuration)/p.RingDt*float64(p.RingM)*7)
		}
	}
	var total float64
	for _, c := range costs {
		total += c
	}
	tally := num.NewWeightedTally(total, cfg.Progress)
	err := num.ParallelFor(ctx, cfg.NumWorkers(), len(jobs), func(i int) error {
		if err := jobs[i](); err != nil {
			return err
		}
		tally.Add(costs[i])
		return nil
	})
	if err != nil {
		return nil, err
	}
	cfg.Report(1)
	for i, err := range fpErrs {
		if err != nil {
			return nil, fmt.Errorf("hennequin2018: two-population model at h = %d mV: %w", i, err)
		}
	}
	for i, err := range ringErrs {
		if err != nil {
			return nil, fmt.Errorf("hennequin2018: ring model at contrast %g: %w", ringContrasts[i], err)
		}
	}

	for ci, err := range ringCovErr {
		if err != nil {
			ringCov[ci] = nil
			res.Notes = append(res.Notes, fmt.Sprintf("ring linear theory at contrast %g unavailable: %v", ringContrasts[ci], err))
		}
	}

	// Phase 3: theory, statistics, checks and figures.
	th, err := twoPopTheory(net, fps)
	if err != nil {
		return nil, err
	}
	pop := make([]popStats, len(hs))
	for hi := range hs {
		for _, b := range popOut[hi] {
			pop[hi].add(b)
		}
	}
	step := stepStats{s: make([]float64, stepPre+stepPost), ss: make([]float64, stepPre+stepPost)}
	for _, b := range stepOut {
		step.n += b.n
		for k := range step.s {
			step.s[k] += b.s[k]
			step.ss[k] += b.ss[k]
		}
	}
	rs := make([]ringStats, len(ringContrasts))
	for ci := range ringContrasts {
		rs[ci] = ringStats{s: make([]float64, ring.N()), ss: make([]float64, ring.N())}
		for _, b := range ringOut[ci] {
			rs[ci].n += b.n
			for k := range b.s {
				rs[ci].s[k] += b.s[k]
				rs[ci].ss[k] += b.ss[k]
			}
		}
	}
	if err := summarize(res, p, net, th, fps, pop, step, rs, ringCov); err != nil {
		return nil, err
	}
	res.Finish()
	return res, nil
}

// twoPop holds the linear theory of the two-population model.
type twoPop struct {
	stdE, stdI, corr []float64 // on the 21-point grid
	fineH, fineStd   []float64 // on a 0.25 mV grid, for the figure
	pathT, pathStd   []float64 // time-varying Lyapunov ODE after the step (ms, mV)
}

// twoPopTheory solves the Lyapunov equation at every grid point and on a
// fine grid, and integrates the time-varying Lyapunov ODE after the step.
func twoPopTheory(net *ssn.Network, fps [][]float64) (*twoPop, error) {
	th := &twoPop{}
	covAt := func(v []float64) (*mat.SymDense, error) {
		c, err := net.StationaryCov(v)
		if err != nil {
			return nil, fmt.Errorf("hennequin2018: linear theory: %w", err)
		}
		return c, nil
	}
	for _, v := range fps {
		c, err := covAt(v)
		if err != nil {
			return nil, err
		}
		sE, sI := math.Sqrt(c.At(0, 0)), math.Sqrt(c.At(1, 1))
		th.stdE = append(th.stdE, sE)
		th.stdI = append(th.stdI, sI)
		corr := 0.0
		if sE > 0 && sI > 0 {
			corr = c.At(0, 1) / (sE * sI)
		}
		th.corr = append(th.corr, corr)
	}
	var prev []float64
	for k := 0; k <= 4*hGridMax; k++ {
		h := float64(k) / 4
		v, err := net.FixedPoint([]float64{h, h}, prev)
		if err != nil {
			return nil, fmt.Errorf("hennequin2018: fixed point at h = %g mV: %w", h, err)
		}
		prev = v
		c, err := covAt(v)
		if err != nil {
			return nil, err
		}
		th.fineH = append(th.fineH, h)
		th.fineStd = append(th.fineStd, math.Sqrt(c.At(0, 0)))
	}
	p0, err := covAt(fps[hLow])
	if err != nil {
		return nil, err
	}
	const dtPath = 1e-5 // s; Heun step of the Lyapunov ODE
	per := int(math.Round(sampleDt / dtPath))
	net.CovariancePath(func(_ float64, dst []float64) {
		for i := range dst {
			dst[i] = hHigh
		}
	}, fps[hLow], p0, dtPath, stepPost*per, func(k int, _ []float64, p *mat.Dense) {
		if (k+1)%per == 0 {
			th.pathT = append(th.pathT, float64((k+1)/per))
			th.pathStd = append(th.pathStd, math.Sqrt(p.At(0, 0)))
		}
	})
	return th, nil
}

// t50 returns the first time (ms after t0) at which std falls to or below
// the midpoint of s0 and s1, or NaN if it never does.
func t50(t, std []float64, s0, s1 float64) float64 {
	mid := (s0 + s1) / 2
	for k, s := range std {
		if t[k] > 0 && s <= mid {
			return t[k]
		}
	}
	return math.NaN()
}

var errNaN = errors.New("hennequin2018: non-finite statistic")

// summarize fills res with metrics, checks and figures.
func summarize(res *experiment.Result, p Params, net *ssn.Network, th *twoPop, fps [][]float64, pop []popStats, step stepStats, rs []ringStats, ringCov []*mat.SymDense) error {
	// Check 1: fixed points.
	for _, h := range []int{hLow, hHigh} {
		res.Metric(fmt.Sprintf("u_E_h%d", h), fps[h][0])
		res.Metric(fmt.Sprintf("u_I_h%d", h), fps[h][1])
		res.Metric(fmt.Sprintf("r_E_h%d", h), net.Rate(fps[h][0]))
		res.Metric(fmt.Sprintf("r_I_h%d", h), net.Rate(fps[h][1]))
	}
	// The reference fixed point is the spec's, at the paper's weights and
	// gain: the check applies only there (with other w, k or n there is no
	// reference, and the check is left out with a note).
	m0 := ssn.TwoPopParams()
	if p.WEE == m0.WEE && p.WEI == m0.WEI && p.WIE == m0.WIE && p.WII == m0.WII && p.K == m0.K && p.N == m0.Power {
		fpErr := math.Max(math.Abs(fps[hHigh][0]-refUE15), math.Abs(fps[hHigh][1]-refUI15))
		res.Metric("fixed_point_err_h15", fpErr)
		res.AddCheck(experiment.NewCheck("fixed_point_h15",
			"fixed point at h = 15 mV within 0.01 mV of (u_E, u_I) = (6.113, 10.837) mV", fpErr, "<=", tolFP))
	} else {
		res.Notes = append(res.Notes, fmt.Sprintf("Check fixed_point_h15 left out: it compares with the spec's fixed point "+
			"(6.113, 10.837) mV at the paper's weights and gain, which were changed; the fixed point found at h = 15 mV is "+
			"(%.4g, %.4g) mV.", fps[hHigh][0], fps[hHigh][1]))
	}

	// Linear std table, simulated std and Fano factors on the grid.
	simStd := make([]float64, len(pop))
	hgrid := make([]float64, len(pop))
	argmax := 0
	minCorr := 1.0
	for h := range pop {
		hgrid[h] = float64(h)
		simStd[h] = pop[h].stdE()
		res.Metric(fmt.Sprintf("std_E_lin_h%d", h), th.stdE[h])
		res.Metric(fmt.Sprintf("std_E_sim_h%d", h), simStd[h])
		if th.stdE[h] > th.stdE[argmax] {
			argmax = h
		}
		if h >= hLow {
			minCorr = math.Min(minCorr, th.corr[h])
		}
	}
	res.Metric("corr_EI_lin_min_h2plus", minCorr)
	for _, h := range []int{hLow, hHigh} {
		res.Metric(fmt.Sprintf("std_I_sim_h%d", h), pop[h].stdI())
		if c := pop[h].corrEI(); !math.IsNaN(c) && !math.IsInf(c, 0) {
			res.Metric(fmt.Sprintf("corr_EI_sim_h%d", h), c)
		}
		if ff, ok := pop[h].fano(); ok {
			res.Metric(fmt.Sprintf("fano_E_sim_h%d", h), ff)
		}
	}
	for _, v := range simStd {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errNaN
		}
	}
	// Check 2: simulated std at h = 15 and h = 2. Default scale, 200 trials:
	// seeds 1/2/3 give 0.3020/0.3048/0.3041 (h = 15) and 0.8507/0.8553/0.8506
	// (h = 2), against the spec's NumPy port (2000 trials) 0.2986 and 0.868.
	// These gaps are sampling error, not a deviation: the SD of a 200-trial
	// estimate is 0.0028 and 0.0107 (200 blocks; the spec's 0.002/0.009
	// omit the factor 2 of Var(s^2) = (2/T)∫C(τ)^2 dτ), and 40000 trials of
	// the same simulator (seeds 1-20 × 2000) give 0.29933 ± 0.0002 and
	// 0.8658 ± 0.0008, the port's values within its own SE (0.0009, 0.0034).
	// The Euler step (+0.1%/+0.05% at dt = 0.1 ms), an exact OU update
	// (−0.04%/−0.02%), the V/eta update order, eta's initial state and the
	// rectification (V rarely dips below 0 at h = 2 or 15) each move the std
	// by < 0.1%.
	// The reference is the linear theory at the run's own parameters (th):
	// 0.299 and 0.957 mV at the paper's (the spec's values; the constants
	// refStd15 and refStd2 are kept in the test that checks th against them).
	e15 := math.Abs(simStd[hHigh]/th.stdE[hHigh] - 1)
	e2 := math.Abs(simStd[hLow]/th.stdE[hLow] - 1)
	res.Metric("std_E_rel_err_h15", e15)
	res.Metric("std_E_rel_err_h2", e2)
	res.AddCheck(experiment.NewCheck("std_h15",
		fmt.Sprintf("simulated std of V_E at h = 15 mV within 5%% of the linear %.3f mV", th.stdE[hHigh]), e15, "<=", tolStd15))
	res.AddCheck(experiment.NewCheck("std_h2",
		fmt.Sprintf("simulated std of V_E at h = 2 mV within 15%% of the linear %.3f mV", th.stdE[hLow]), e2, "<=", tolStd2))
	// Check 3: quenching ratio and the peak of the linear std.
	ratio := 0.0 // no variability at h = 15 cannot show quenching
	if simStd[hHigh] > 0 {
		ratio = simStd[hLow] / simStd[hHigh]
	}
	res.Metric("quench_ratio_sim", ratio)
	res.Metric("quench_ratio_lin", th.stdE[hLow]/th.stdE[hHigh])
	res.Metric("argmax_h_lin", float64(argmax))
	res.AddCheck(experiment.NewCheck("quench_ratio",
		"simulated std_E(h = 2) / std_E(h = 15) at least 2.5 (variability is quenched)", ratio, ">=", minRatio))
	res.AddCheck(experiment.NewCheck("argmax_linear",
		"linear std of V_E on h = 0..20 mV peaks at h = 2 mV (non-monotonic)", float64(argmax), "==", hLow))

	// Check 4: quenching speed.
	tStep := make([]float64, stepPre+stepPost)
	sdStep := make([]float64, stepPre+stepPost)
	for k := range tStep {
		tStep[k] = float64(k - stepPre + 1)
		m := step.s[k] / step.n
		sdStep[k] = math.Sqrt(math.Max(step.ss[k]/step.n-m*m, 0) * step.n / (step.n - 1))
	}
	s0 := stats.Mean(sdStep[:stepPre])
	s1 := stats.Mean(sdStep[stepPre+200 : stepPre+300])
	t50Sim := t50(tStep, sdStep, s0, s1)
	t50Lin := t50(th.pathT, th.pathStd, th.stdE[hLow], th.stdE[hHigh])
	if math.IsNaN(t50Sim) {
		t50Sim = stepPost // never crossed within the window: report its end
		res.Notes = append(res.Notes, "the across-trial std never fell halfway within 300 ms of the step; t50 reported as 300 ms")
	}
	if math.IsNaN(t50Lin) {
		t50Lin = stepPost
	}
	res.Metric("step_std_before", s0)
	res.Metric("step_std_after", s1)
	res.Metric("t50_sim_ms", t50Sim)
	res.Metric("t50_lin_ms", t50Lin)
	res.AddCheck(experiment.NewCheck("t50",
		"after the 2 -> 15 mV step, the across-trial std of V_E is halfway to its final value in under 30 ms", t50Sim, "<", maxT50))

	// Check 5: ring model.
	m := p.RingM
	ci0, ci1 := 0, len(ringContrasts)-1
	varOf := func(st ringStats, i int) float64 {
		mu := st.s[i] / st.n
		return math.Max(st.ss[i]/st.n-mu*mu, 0)
	}
	pref, orth := m/2, 0 // theta = 180 deg (stimulus) and 0 deg
	ratioAt := func(ci, i int) float64 { return varOf(rs[ci], i) / varOf(rs[ci0], i) }
	prefRatio, orthRatio := ratioAt(ci1, pref), ratioAt(ci1, orth)
	if math.IsNaN(prefRatio) || math.IsNaN(orthRatio) || math.IsInf(prefRatio, 0) || math.IsInf(orthRatio, 0) {
		return errNaN
	}
	res.Metric("ring_var_pref_c0", varOf(rs[ci0], pref))
	res.Metric("ring_var_pref_c1", varOf(rs[ci1], pref))
	res.Metric("ring_var_orth_c0", varOf(rs[ci0], orth))
	res.Metric("ring_var_orth_c1", varOf(rs[ci1], orth))
	res.Metric("ring_ratio_pref_sim", prefRatio)
	res.Metric("ring_ratio_orth_sim", orthRatio)
	linRatio := func(ci, i int) float64 {
		if ringCov[ci] == nil || ringCov[ci0] == nil {
			return math.NaN()
		}
		return ringCov[ci].At(i, i) / ringCov[ci0].At(i, i)
	}
	if r := linRatio(ci1, pref); !math.IsNaN(r) {
		res.Metric("ring_ratio_pref_lin", r)
		res.Metric("ring_ratio_orth_lin", linRatio(ci1, orth))
	}
	// Threshold 0.5 (spec: proposed, calibrate once on the nonlinear run).
	// Measured at default scale, seed 1: 0.193 (linear theory 0.091; the
	// rectification lowers the c = 0 variance from 7.2 to about 3.5 mV^2),
	// so 0.5 leaves a factor 2.6; at quick scale, seeds 1-10: 0.12-0.27.
	res.AddCheck(experiment.NewCheck("ring_pref_ratio",
		"ring: V variance at contrast 1 over contrast 0 below 0.5 for the neuron preferring the stimulus (180 deg)", prefRatio, "<", maxRingPre))
	res.AddCheck(experiment.NewCheck("ring_tuned_quenching",
		"ring: the preferred neuron's variance ratio is lower than the orthogonal (0 deg) neuron's (ratio of ratios < 1)", prefRatio/orthRatio, "<", 1))

	res.Figures = append(res.Figures,
		figStdVsInput(th, hgrid, simStd, p.Trials, p.Duration),
		figQuench(tStep, sdStep, th, s0, s1, t50Sim, p.StepTrials),
		figRing(p, rs, ringCov, ratioAt, linRatio))
	return nil
}
