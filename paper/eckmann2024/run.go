package eckmann2024

import (
	"context"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"sort"
	"strconv"

	"gonum.org/v1/plot"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/model/plasticity"
)

// Experiment is the competitive-hebbian reproduction.
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
		ID:       "competitive-hebbian",
		Title:    "Synapse-type-specific competitive Hebbian learning forms functional recurrent networks",
		Citation: "Eckmann, Young & Gjorgjieva, PNAS 2024",
		Family:   "plasticity",
		Claim: "Hebbian learning with synapse-type-specific normalisation makes E and I cells selective, tiles orientation " +
			"space, co-tunes E and I inputs and forms like-to-like assemblies; without normalisation it diverges.",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

// nProbe is the number of probe orientations (analysis code: 25).
const nProbe = 25

// inputRates writes the L4 rates for orientation s (rad):
// y_k = peak·exp(−d(s, s_k)²/(2σ²)), s_k = kπ/N_in, d circular with period π.
func inputRates(dst []float64, s, peak, sigma float64) {
	n := len(dst)
	for k := range dst {
		d := math.Mod(math.Abs(s-float64(k)*math.Pi/float64(n)), math.Pi)
		d = math.Min(d, math.Pi-d)
		dst[k] = peak * math.Exp(-d*d/(2*sigma*sigma))
	}
}

// newNet builds the network with the spec's initialisation: W, K ~ |N(0.2,
// 0.1)|, M, P ~ |N(2e-4, 1e-4)|, each normalised alone to its budget; U and Q
// scaled to norm 0, i.e. exactly zero (plasticity.EINetConfig.New).
func newNet(p Params, rng *rand.Rand) *plasticity.EINet {
	return p.einet().New(rng)
}

// probe is the outcome of a tuning probe.
type probe struct {
	yE, yI   [][]float64 // [cell][θ] mean rates
	exc, inh [][]float64 // [E cell][θ] mean excitatory / inhibitory input
	prefE    []float64   // preferred orientation (rad) of E cells
	prefI    []float64
	osiE     []float64
	rayleigh float64
	bins     int
	cotune   float64 // median over E cells of corr_θ(exc, inh)
	selFrac  float64 // fraction of E cells with OSI ≥ 0.5
}

// runProbe sweeps nProbe orientations θ_k = kπ/25 on a copy of the network's
// state with plasticity frozen, 20 steps each (TSeq), averaging steps 10–19
// (the second half) of each presentation. steps is the number of steps
// taken: where the network diverged when ok is false.
func runProbe(n *plasticity.EINet, p Params, yin []float64) (pr *probe, steps int, ok bool) {
	// A copy of the state with the same (read-only) weights and fresh scratch.
	c2 := plasticity.NewEINet(p.NE, p.NI, p.NIn)
	c2.W, c2.U, c2.M, c2.K, c2.Q, c2.P = n.W, n.U, n.M, n.K, n.Q, n.P
	copy(c2.XE, n.XE)
	copy(c2.XI, n.XI)
	copy(c2.YE, n.YE)
	copy(c2.YI, n.YI)
	c2.DtTauE, c2.DtTauI, c2.Gain, c2.Power = n.DtTauE, n.DtTauI, n.Gain, n.Power
	pr = &probe{yE: mat2(p.NE, nProbe), yI: mat2(p.NI, nProbe), exc: mat2(p.NE, nProbe), inh: mat2(p.NE, nProbe)}
	exc, inh := make([]float64, p.NE), make([]float64, p.NE)
	half := p.TSeq / 2
	sigma := p.SigmaDeg * math.Pi / 180
	for k := 0; k < nProbe; k++ {
		inputRates(yin, float64(k)*math.Pi/nProbe, p.Peak, sigma)
		for s := 0; s < p.TSeq; s++ {
			if !c2.Step(yin, false) {
				return nil, k*p.TSeq + s + 1, false
			}
			if s < half {
				continue
			}
			c2.InputE(exc, inh, yin)
			w := 1 / float64(p.TSeq-half)
			for i := 0; i < p.NE; i++ {
				pr.yE[i][k] += w * c2.YE[i]
				pr.exc[i][k] += w * exc[i]
				pr.inh[i][k] += w * inh[i]
			}
			for i := 0; i < p.NI; i++ {
				pr.yI[i][k] += w * c2.YI[i]
			}
		}
	}
	pr.prefE, pr.osiE = prefs(pr.yE)
	pr.prefI, _ = prefs(pr.yI)
	var z complex128
	occupied := make([]bool, 10)
	sel := 0
	for i, th := range pr.prefE {
		z += cmplx.Exp(complex(0, 2*th))
		occupied[int(th/(math.Pi/10))%10] = true
		if pr.osiE[i] >= 0.5 {
			sel++
		}
	}
	pr.rayleigh = cmplx.Abs(z) / float64(len(pr.prefE))
	for _, o := range occupied {
		if o {
			pr.bins++
		}
	}
	pr.selFrac = float64(sel) / float64(p.NE)
	cors := make([]float64, p.NE)
	for i := range cors {
		cors[i] = stats.Pearson(pr.exc[i], pr.inh[i])
	}
	pr.cotune = stats.Median(cors)
	return pr, nProbe * p.TSeq, true
}

func mat2(r, c int) [][]float64 {
	out := make([][]float64, r)
	for i := range out {
		out[i] = make([]float64, c)
	}
	return out
}

// prefs returns each cell's preferred orientation (argmax over the probe)
// and its OSI = |Σ_θ y(θ)e^{2iθ}| / Σ_θ y(θ) (0 for a silent cell).
func prefs(y [][]float64) (pref, osi []float64) {
	pref, osi = make([]float64, len(y)), make([]float64, len(y))
	for i, row := range y {
		best := 0
		var z complex128
		var s float64
		for k, v := range row {
			if v > row[best] {
				best = k
			}
			th := float64(k) * math.Pi / nProbe
			z += complex(v, 0) * cmplx.Exp(complex(0, 2*th))
			s += v
		}
		pref[i] = float64(best) * math.Pi / nProbe
		if s > 0 {
			osi[i] = cmplx.Abs(z) / s
		}
	}
	return pref, osi
}

// likeToLike returns corr over pairs (i, j), i ≠ j when square, of
// m_ij with cos 2(θpost_i − θpre_j), and 0 when the weights are all equal up
// to rounding: with a single I cell (n_I = 1) each M row is one weight
// normalised to budget_M, and the correlation of their last-bit rounding
// differences with the cosines came out as ±1 (assemblies_M passed with
// corr 1 at n_I = 1).
func likeToLike(m *plasticity.Dense, post, pre []float64, square bool) float64 {
	var a, b []float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			if square && i == j {
				continue
			}
			w := m.Data[i*m.Cols+j]
			a = append(a, w)
			b = append(b, math.Cos(2*(post[i]-pre[j])))
			lo, hi = math.Min(lo, w), math.Max(hi, w)
		}
	}
	if !(hi-lo > 1e-9*math.Max(math.Abs(lo), math.Abs(hi))) {
		return 0
	}
	return stats.Pearson(a, b)
}

// train runs the learning simulation and returns the probes taken at
// initialisation, at the final stretch (Probes of them, ProbeGap apart, the
// last after the final step) and the network.
func train(ctx context.Context, p Params, seed uint64, normalise bool, report func(float64)) (
	net *plasticity.EINet, init *probe, final []*probe, divergedAt int, err error) {
	net = newNet(p, num.Stream(seed, 2))
	net.Normalise = normalise
	rng := num.Stream(seed, 1)
	yin := make([]float64, p.NIn)
	scratch := make([]float64, p.NIn)
	sigma := p.SigmaDeg * math.Pi / 180
	if normalise {
		var ok bool
		var steps int
		if init, steps, ok = runProbe(net, p, scratch); !ok {
			// The untrained network, before any plasticity: with the default
			// weights the probe diverged from dt = 25 ms on (τ_I = 17 ms),
			// within validate's dt < 2·min(τ) bound, which covers the leak
			// alone; the recurrent loop narrows it. This was reported as
			// "probe diverged at initialisation", exit 3, with no cause. T
			// is rounded to the ns, without rounding noise in the message.
			return nil, nil, nil, 0, &experiment.DivergedError{
				What: "E/I rates of the untrained network (initial tuning probe)", T: math.Round(float64(steps)*p.Dt*1e6) / 1e9, Unit: "s",
				Hint: fmt.Sprintf("Euler step dt = %g ms too large against tau_E = %g ms and tau_I = %g ms for the recurrent loop, or rate gain a, power n, peak input or the budgets too strong?", p.Dt, p.TauE, p.TauI)}
		}
	}
	probeAt := map[int]bool{}
	for k := 0; k < p.Probes; k++ {
		probeAt[p.Steps-k*p.ProbeGap] = true
	}
	for t := 1; t <= p.Steps; t++ {
		if (t-1)%p.TSeq == 0 {
			inputRates(yin, rng.Float64()*math.Pi, p.Peak, sigma)
		}
		if !net.Step(yin, true) || runaway(net) {
			return net, init, final, t, nil
		}
		if t%10000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, nil, 0, err
			}
			if report != nil {
				report(float64(t) / float64(p.Steps))
			}
		}
		if normalise && probeAt[t] {
			pr, _, ok := runProbe(net, p, scratch)
			if !ok {
				return net, init, final, t, nil
			}
			final = append(final, pr)
		}
	}
	return net, init, final, 0, nil
}

// runawayRate is the rate (Hz) above which the network counts as diverged
// (overflow guard; the trained network's rates are below ~100 Hz).
const runawayRate = 1e8

func runaway(n *plasticity.EINet) bool {
	for _, v := range n.YE {
		if v > runawayRate {
			return true
		}
	}
	return false
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

	var net *plasticity.EINet
	var init *probe
	var final []*probe
	var divMain, divCtrl int
	ctrlSteps := p.Control
	err := num.ParallelFor(ctx, cfg.NumWorkers(), 2, func(i int) error {
		var err error
		if i == 0 {
			net, init, final, divMain, err = train(ctx, p, cfg.Seed, true, cfg.Report)
			return err
		}
		q := p
		q.Steps = ctrlSteps
		_, _, _, divCtrl, err = train(ctx, q, cfg.Seed, false, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	if divMain > 0 {
		return nil, &experiment.DivergedError{What: "E/I rates", T: float64(divMain) * p.Dt / 1000, Unit: "s",
			Hint: "learning rate e too large, rate gain a or power n too high, or inhibition too weak (budget_M, budget_P against budget_WU, budget_KQ)?"}
	}
	last := final[len(final)-1]

	// Check 1: invariants at every step.
	res.Metric("max_norm_deviation", net.MaxNormDev)
	res.AddCheck(experiment.NewCheck("norm_invariant", fmt.Sprintf("every step: row L1 sums W+U = %g, M = %g, K+Q = %g, P = %g (max deviation)", p.BudgetWU, p.BudgetM, p.BudgetKQ, p.BudgetP), net.MaxNormDev, "<=", 1e-9))
	minW := math.Inf(1)
	for _, m := range []*plasticity.Dense{net.W, net.U, net.M, net.K, net.Q, net.P} {
		for _, w := range m.Data {
			minW = math.Min(minW, w)
		}
	}
	res.Metric("min_weight", minW)
	res.AddCheck(experiment.NewCheck("nonnegative", "all weights ≥ 0 (clipping each step; final minimum)", minW, ">=", 0))

	// Check 2: selectivity (final probe). Checks 2, 4 and 5 keep the spec's
	// proposed thresholds ("calibrate once"); measured at default scale,
	// seeds 1/2/3: OSI ≥ 0.5 for 100 % of E cells at all three; co-tuning
	// 0.980/0.972/0.986 after learning, −0.099/0.028/0.122 at
	// initialisation; like-to-like U 0.887/0.955/0.892, M 0.887/0.898/0.879,
	// Q 0.905/0.914/0.888. All margins are far larger than the seed-to-seed
	// spread.
	res.Metric("frac_E_osi_ge_0.5", last.selFrac)
	res.AddCheck(experiment.NewCheck("selectivity", "fraction of E cells with OSI ≥ 0.5 is ≥ 0.8", last.selFrac, ">=", 0.8))
	// Check 3: tiling, median over the final probes. Thresholds are the
	// spec's proposals ("calibrate once"), kept as proposed: measured at
	// default scale, Rayleigh median 0.264 (seed 1), 0.306 (seed 2, fails)
	// and 0.458 (seed 3, fails); 8, 8 and 9 bins. The Rayleigh margin (0.04
	// at seed 1) is far smaller than the seed-to-seed spread, and the spec
	// itself measured 0.22–0.50 over one run: this check is seed-fragile
	// (see doc.go).
	var ray, bins []float64
	for _, pr := range final {
		ray = append(ray, pr.rayleigh)
		bins = append(bins, float64(pr.bins))
	}
	res.Metric("rayleigh_median", stats.Median(ray))
	res.Metric("bins_occupied_median", stats.Median(bins))
	res.AddCheck(experiment.NewCheck("tiling_rayleigh", fmt.Sprintf("E preferred orientations spread: Rayleigh length ≤ 0.3 (median of %d final probes)", len(final)), stats.Median(ray), "<=", 0.3))
	res.AddCheck(experiment.NewCheck("tiling_bins", fmt.Sprintf("E preferred orientations occupy ≥ 7 of 10 18° bins (median of %d final probes)", len(final)), stats.Median(bins), ">=", 7))
	// Check 4: E–I co-tuning after learning, well below at initialisation.
	res.Metric("cotuning_median_final", last.cotune)
	res.Metric("cotuning_median_init", init.cotune)
	res.AddCheck(experiment.NewCheck("cotuning_final", "median over E cells of corr_θ(excitatory, inhibitory input) ≥ 0.8 after learning", last.cotune, ">=", 0.8))
	res.AddCheck(experiment.NewCheck("cotuning_init", "median co-tuning at initialisation ≤ 0.5 (random, tiny M)", init.cotune, "<=", 0.5))
	// Check 5: like-to-like connectivity.
	cu := likeToLike(net.U, last.prefE, last.prefE, true)
	cm := likeToLike(net.M, last.prefE, last.prefI, false)
	cq := likeToLike(net.Q, last.prefI, last.prefE, false)
	res.Metric("corr_U_like_to_like", cu)
	res.Metric("corr_M_like_to_like", cm)
	res.Metric("corr_Q_like_to_like", cq)
	res.AddCheck(experiment.NewCheck("assemblies_U", "corr(U_ij, cos 2(θ_i − θ_j)), i ≠ j, ≥ 0.3", cu, ">=", 0.3))
	res.AddCheck(experiment.NewCheck("assemblies_M", "corr(M_ij, cos 2(θE_i − θI_j)) ≥ 0.3", cm, ">=", 0.3))
	res.AddCheck(experiment.NewCheck("assemblies_Q", "corr(Q_ij, cos 2(θI_i − θE_j)) ≥ 0.3", cq, ">=", 0.3))
	// Check 6: negative control.
	ctrl := float64(divCtrl)
	if divCtrl == 0 {
		ctrl = math.Inf(1)
		res.Notes = append(res.Notes, fmt.Sprintf("negative control: no divergence within %d steps without normalisation", ctrlSteps))
	}
	res.Metric("control_steps_to_divergence", math.Min(ctrl, float64(ctrlSteps+1)))
	res.AddCheck(experiment.NewCheck("control_diverges", fmt.Sprintf("without normalisation the run is detected diverging (NaN or rate > 1e8 Hz) within %d steps", ctrlSteps),
		math.Min(ctrl, float64(ctrlSteps+1)), "<=", float64(ctrlSteps)))

	res.Figures = append(res.Figures, tuningFigure(last), tilingFigure(last), cotuneFigure(last, init), weightFigure(net, last))
	res.Finish()
	return res, nil
}

func thetasDeg() []float64 {
	x := make([]float64, nProbe)
	for k := range x {
		x[k] = float64(k) * 180 / nProbe
	}
	return x
}

// orientationAxis puts x on [0°, 180°] with ticks every 45°.
func orientationAxis(p *plot.Plot) {
	var ts []plot.Tick
	for d := 0.0; d <= 180; d += 15 {
		t := plot.Tick{Value: d}
		if math.Mod(d, 45) == 0 {
			t.Label = strconv.Itoa(int(d))
		}
		ts = append(ts, t)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ts)
	p.X.Min, p.X.Max = 0, 180
}

func tuningFigure(pr *probe) experiment.Figure {
	th := thetasDeg()
	pe := fig.New("E cells become orientation selective", "orientation (deg)", "E rate (Hz)")
	for i := 0; i < len(pr.yE); i += max(1, len(pr.yE)/8) {
		fig.Line(pe, th, pr.yE[i], "", fig.Color(i))
	}
	pi := fig.New("I cells become orientation selective", "orientation (deg)", "I rate (Hz)")
	for i := 0; i < len(pr.yI); i += max(1, len(pr.yI)/8) {
		fig.Line(pi, th, pr.yI[i], "", fig.Color(i))
	}
	orientationAxis(pe)
	orientationAxis(pi)
	return experiment.Figure{Name: "tuning-curves", Caption: "Tuning curves of example E and I cells after learning (plasticity frozen probe).",
		Panels: [][]*plot.Plot{{pe, pi}}, Width: 10 * 72, Height: 3.6 * 72}
}

func tilingFigure(pr *probe) experiment.Figure {
	counts := make([]float64, 10)
	for _, th := range pr.prefE {
		counts[int(th/(math.Pi/10))%10]++
	}
	x := make([]float64, 10)
	for i := range x {
		x[i] = 9 + 18*float64(i)
	}
	p := fig.New(fmt.Sprintf("E preferred orientations: %d of 10 bins, Rayleigh length %.2f (0 = uniform)", pr.bins, pr.rayleigh),
		"preferred orientation (deg, 18° bins)", "E cells")
	// A step histogram over the 18° bins.
	var sx, sy []float64
	for i, c := range counts {
		sx = append(sx, x[i]-9, x[i]+9)
		sy = append(sy, c, c)
	}
	fig.Line(p, sx, sy, "E cells per bin", fig.Color(0))
	fig.HLine(p, float64(len(pr.prefE))/10, 0, 180, "uniform", fig.Gray)
	p.Y.Min = 0
	orientationAxis(p)
	return experiment.Figure{Name: "orientation-tiling", Caption: "Histogram of E cells' preferred orientations after learning.", Plot: p}
}

func cotuneFigure(last, init *probe) experiment.Figure {
	th := thetasDeg()
	p := fig.New(fmt.Sprintf("E and I inputs become co-tuned (median r %.2f, init %.2f)", last.cotune, init.cotune),
		"orientation (deg)", "input to E cell (a.u.)")
	for k, i := range []int{0, len(last.exc) / 2} {
		fig.Line(p, th, last.exc[i], fmt.Sprintf("E cell %d: excitation", i), fig.Color(2*k))
		fig.Dashed(p, th, last.inh[i], fmt.Sprintf("E cell %d: inhibition", i), fig.Color(2*k+1))
	}
	orientationAxis(p)
	return experiment.Figure{Name: "ei-cotuning", Caption: "Excitatory (W y_in + U y_E) and inhibitory (M y_I) input to two E cells across orientations.", Plot: p}
}

func weightFigure(n *plasticity.EINet, pr *probe) experiment.Figure {
	order := func(pref []float64) []int {
		idx := make([]int, len(pref))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return pref[idx[a]] < pref[idx[b]] })
		return idx
	}
	oe, oi := order(pr.prefE), order(pr.prefI)
	sorted := func(m *plasticity.Dense, rows, cols []int) fig.Grid {
		g := fig.Grid{Rows: len(rows), Cols: len(cols), Data: make([]float64, len(rows)*len(cols))}
		for r, i := range rows {
			for c, j := range cols {
				g.Data[r*len(cols)+c] = m.Data[i*m.Cols+j]
			}
		}
		return g
	}
	mk := func(title, xl, yl string, g fig.Grid) *plot.Plot {
		p := fig.New(title, xl, yl)
		fig.HeatMapLabel(p, g, false, "weight (a.u.)")
		return p
	}
	return experiment.Figure{Name: "recurrent-weights-sorted", Caption: "Recurrent weights with cells sorted by preferred orientation: diagonal bands are like-to-like assemblies.",
		Panels: [][]*plot.Plot{{
			mk("U (E→E): like-to-like", "presynaptic E (sorted)", "postsynaptic E (sorted)", sorted(n.U, oe, oe)),
			mk("M (I→E)", "presynaptic I (sorted)", "postsynaptic E (sorted)", sorted(n.M, oe, oi)),
			mk("Q (E→I)", "presynaptic E (sorted)", "postsynaptic I (sorted)", sorted(n.Q, oi, oe)),
		}}, Width: 15 * 72, Height: 4.5 * 72}
}
