package kallekossio2021

import (
	"context"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"

	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/internal/num"
	"neurolab/model/assembly"
)

// Experiment is the drifting-assemblies surrogate reproduction.
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
		ID:       "drifting-assemblies",
		Title:    "Drifting assemblies for persistent memory: Neuron transitions and unsupervised compensation",
		Citation: "Kalle Kossio, Goedeke, Klos & Memmesheimer, PNAS 2021 (surrogate model)",
		Family:   "plasticity",
		Claim: "SURROGATE (the paper's equations are not public): in a Hawkes network with symmetric STDP, " +
			"homeostatic normalisation and synaptic turnover, assemblies persist while their members are exchanged " +
			"at exponentially distributed times, and Hebbian inputs and readouts follow the drift.",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

// Stream identifiers.
const (
	streamNet = iota + 1
	streamProbe
	streamLouvain
)

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
	n := p.N

	// Simulation with checkpoints; at each checkpoint, probes of the frozen
	// network and Louvain. The checkpoint work runs alongside the
	// simulation (pipelined): task 0 of the parallel loop is the
	// simulation, which publishes snapshot k by closing ready[k]; task
	// k+1 waits for it, runs Louvain and the fixed-code probes of
	// checkpoint k, then (after checkpoint k−1's) the plastic probes,
	// whose codes carry over from one checkpoint to the next. Every task
	// has its own streams and writes only its own index, so the results do
	// not depend on the number of workers (with one worker the tasks run
	// in index order: the whole simulation first).
	nw := newNetwork(p, num.Stream(cfg.Seed, streamNet))
	K := p.Checkpoints
	tEnd := p.DurationS * unitsPerSecond
	snaps := make([][]float64, K+1)
	snaps[0] = append([]float64(nil), nw.h.W...)
	times := make([]float64, K+1) // s
	plastic := initialCodes(p)
	fixed := initialCodes(p)
	accP := make([]float64, K+1)
	accF := make([]float64, K+1)
	raw := make([][]int, K+1)
	ratio := make([]float64, K+1)
	ready := make([]chan struct{}, K+1)
	plasticDone := make([]chan struct{}, K+1)
	for k := range ready {
		ready[k] = make(chan struct{})
		plasticDone[k] = make(chan struct{})
	}
	close(ready[0])
	abort := make(chan struct{}) // closed if the simulation fails
	wait := func(c chan struct{}) error {
		select {
		case <-c:
			return nil
		case <-abort:
			return context.Canceled // the simulation's error is reported
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	simulate := func() error {
		for k := 1; k <= K; k++ {
			t := tEnd * float64(k) / float64(K)
			if err := nw.run(ctx, t); err != nil {
				return err
			}
			if err := diverged(nw.h.W, t); err != nil {
				return err
			}
			snaps[k] = append([]float64(nil), nw.h.W...)
			times[k] = t / unitsPerSecond
			close(ready[k])
			cfg.Report(0.95 * float64(k) / float64(K))
		}
		return nil
	}
	checkpoint := func(k int) error {
		if err := wait(ready[k]); err != nil {
			return err
		}
		lab, _ := assembly.Louvain(snaps[k], n, p.Resolution, p.LouvainRuns, num.Stream(cfg.Seed, streamLouvain, uint64(k)))
		raw[k] = lab
		w, b := assembly.WithinBetween(snaps[k], n, lab)
		ratio[k] = w / math.Max(b, 1e-300)
		pf := newProber(p, snaps[k], num.Stream(cfg.Seed, streamProbe, uint64(k), 1))
		accF[k] = pf.session(fixed, false)
		if k > 0 {
			if err := wait(plasticDone[k-1]); err != nil {
				return err
			}
		}
		pr := newProber(p, snaps[k], num.Stream(cfg.Seed, streamProbe, uint64(k), 0))
		accP[k] = pr.session(plastic, true)
		close(plasticDone[k])
		return nil
	}
	err := num.ParallelFor(ctx, cfg.NumWorkers(), K+2, func(i int) error {
		if i == 0 {
			err := simulate()
			if err != nil {
				close(abort)
			}
			return err
		}
		return checkpoint(i - 1)
	})
	if err != nil {
		return nil, err
	}
	labels := make([][]int, K+1)
	labels[0] = raw[0]
	next := assembly.NumLabels(raw[0])
	for k := 1; k <= K; k++ {
		labels[k], next = assembly.Match(labels[k-1], raw[k], next)
	}

	// Statistics.
	inRange := 0
	minRatio := math.Inf(1)
	minSize, maxSize := n, 0 // community sizes over all checkpoints
	for k := 0; k <= K; k++ {
		sizes := make([]int, assembly.NumLabels(raw[k]))
		for _, l := range raw[k] {
			sizes[l]++
		}
		sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
		maxSize = max(maxSize, sizes[0])
		minSize = min(minSize, sizes[min(p.M, len(sizes))-1]) // smallest of the m largest
		if c := assembly.NumLabels(raw[k]); c >= p.M-1 && c <= p.M+1 {
			inRange++
		}
		minRatio = math.Min(minRatio, ratio[k])
	}
	ariEnd := stats.AdjustedRand(raw[0], raw[K])
	// First checkpoint at which ARI(t0, t) ≤ 0.1 (0 if none), and the mean
	// dwell time from the transition rate, N·t_end/transitions: the spec
	// requires t_end ≥ 3 mean dwell times for check 2 to be reachable.
	remodelT := 0.0
	for k := 1; k <= K; k++ {
		if stats.AdjustedRand(raw[0], raw[k]) <= 0.1 {
			remodelT = times[k]
			break
		}
	}
	intervals := transitionIntervals(labels, times)
	cv, meanInt := cvOf(intervals)
	nTrans := countTransitions(labels)
	spacing := times[1] - times[0]
	spacingRatio := math.Inf(1)
	if meanInt > 0 {
		spacingRatio = spacing / meanInt
	}
	first := K - int(math.Ceil(p.FinalFrac*float64(K))) + 1
	var aP, aF float64
	for k := first; k <= K; k++ {
		aP += accP[k]
		aF += accF[k]
	}
	aP /= float64(K - first + 1)
	aF /= float64(K - first + 1)

	res.Metric("checkpoints_with_m_pm1", float64(inRange))
	res.Metric("checkpoints", float64(K+1))
	res.Metric("min_within_between_ratio", finiteOr(minRatio, 0))
	res.Metric("min_assembly_size", float64(minSize))
	res.Metric("max_assembly_size", float64(maxSize))
	res.Metric("ari_t0_tend", ariEnd)
	res.Metric("transitions", float64(nTrans))
	res.Metric("remodelling_time_s", remodelT)
	dwell := 0.0
	if nTrans > 0 {
		dwell = float64(n) * p.DurationS / float64(nTrans)
	}
	res.Metric("mean_dwell_s", dwell)
	res.Metric("t_end_over_mean_dwell", float64(nTrans)/float64(n)) // = t_end/mean_dwell_s
	res.Metric("intervals", float64(len(intervals)))
	res.Metric("interval_cv", cv)
	res.Metric("mean_interval_s", meanInt)
	short := 0 // intervals of one checkpoint spacing: flicker, if in excess
	for _, x := range intervals {
		if x <= 1.5*(times[1]-times[0]) {
			short++
		}
	}
	res.Metric("intervals_one_spacing", float64(short))
	res.Metric("checkpoint_spacing_s", spacing)
	res.Metric("spacing_over_mean_interval", finiteOr(spacingRatio, 0))
	res.Metric("accuracy_plastic", aP)
	res.Metric("accuracy_fixed", aF)
	res.Metric("spikes", float64(nw.spikes))
	res.Metric("rate_hz", float64(nw.spikes)/p.DurationS/float64(n))
	res.Metric("turnover_resets", float64(nw.resets))
	res.Metric("neuron_resets", float64(nw.nresets))

	res.AddCheck(experiment.NewCheck("m_assemblies",
		fmt.Sprintf("Louvain finds m ± 1 = %d ± 1 assemblies at every checkpoint (fraction of checkpoints)", p.M),
		float64(inRange)/float64(K+1), ">=", 1))
	res.AddCheck(experiment.NewCheck("within_between",
		"within/between assembly weight ratio ≥ 5 at every checkpoint (minimum)", finiteOr(minRatio, 0), ">=", 5))
	res.AddCheck(experiment.NewCheck("complete_remodelling",
		"adjusted Rand index of membership at t0 versus t_end ≤ 0.1", ariEnd, "<=", 0.1))
	res.AddCheck(experiment.NewCheck("readout_plastic",
		"stimulus i drives readout i with ≥ 90% accuracy with plastic inputs/outputs (last checkpoints)", aP, ">=", 0.9))
	res.AddCheck(experiment.NewCheck("readout_fixed",
		fmt.Sprintf("with input/output plasticity off, accuracy ≤ 1/m + 0.15 = %.3f", 1/float64(p.M)+0.15), aF, "<=", 1/float64(p.M)+0.15))
	res.AddCheck(experiment.NewCheck("interval_count", "≥ 300 inter-transition intervals pooled over neurons",
		float64(len(intervals)), ">=", 300))
	res.AddCheck(experiment.NewCheck("spacing", "checkpoint spacing ≤ 0.1× the mean inter-transition interval",
		finiteOr(spacingRatio, math.MaxFloat64), "<=", 0.1))
	// |CV − 1| ≤ 0.2 ⇔ CV ∈ [0.8, 1.2]; with fewer than two intervals there
	// is no CV and the check fails (value 1).
	cvDev := 1.0
	if len(intervals) >= 2 {
		cvDev = math.Abs(cv - 1)
	}
	res.AddCheck(experiment.NewCheck("interval_cv",
		"pooled CV of inter-transition intervals in [0.8, 1.2] (value |CV − 1|)", cvDev, "<=", 0.2))
	drift := ariEnd <= 0.1 && len(intervals) >= 300 && spacingRatio <= 0.1 && cvDev <= 0.2
	if !drift {
		res.Notes = append(res.Notes, fmt.Sprintf("Drift checks not all met in this run: ARI(t0, t_end) = %.3f, "+
			"%d transitions, %d intervals (CV %.2f, spacing/mean interval %.3f), t_end = %.2g mean dwell times "+
			"(N·t_end/transitions; the spec asks ≥ 3), minimum within/between ratio %.1f, m ± 1 communities at %.0f%% "+
			"of checkpoints. At default scale (7e5 s) seeds 1–3 met every check; quick scale simulates a tenth of "+
			"that, too short for complete remodelling or 300 intervals. Residual excess of one-spacing intervals "+
			"(%d here): a reset neuron's new membership can take a few thousand seconds to settle.",
			ariEnd, nTrans, len(intervals), cv, finiteOr(spacingRatio, 0), float64(nTrans)/float64(n),
			finiteOr(minRatio, 0), 100*float64(inRange)/float64(K+1), short))
	}
	if aP < 0.9 || aF > 1/float64(p.M)+0.15 {
		res.Notes = append(res.Notes, fmt.Sprintf("Readout: accuracy with plastic inputs/outputs %.2f, with fixed t0 "+
			"inputs/outputs %.2f (last %.0f%% of checkpoints). The fixed control falls to chance only with complete "+
			"remodelling, and even then stays above it (≈ 0.25 at default scale) because the fixed input and readout "+
			"select the same neurons, so the assemblies they share most respond most. The plastic codes can lose an "+
			"assembly when assemblies split or merge (assembly sizes drift, %d–%d neurons here): with the earlier "+
			"code rules (recruit=0 learn_win=echo) seeds 5 and 6 ended at 0.88 and 0.83 at default scale, and seed 1 "+
			"at 0.50 at paper scale. The recruiting code rules (the default, recruit=1 learn_win=trial: a channel "+
			"sharing its assembly moves onto unclaimed neurons; the readout that responds most over the whole trial "+
			"learns) kept seed 6 at 0.98 "+
			"and paper scale at 0.99, leaving the network unchanged; seed 5 stays at 0.88 with any code rule, its "+
			"network holding five communities at 14 of the last 18 checkpoints, so two stimuli share an assembly.",
			aP, aF, 100*p.FinalFrac, minSize, maxSize))
	}
	res.Notes = append(res.Notes, "Surrogate model: the paper's equations, parameters and sizes are not public; "+
		"this is our Hawkes/STDP surrogate built on the Drift2 parameter set of Manz & Memmesheimer (2023), with "+
		"drift from neuron-level synaptic turnover (all of a neuron's synapses replaced by silent ones at rate "+
		"lambda_neuron; it is recaptured by the first assembly it fires with) and fixed input sums (norm_mode fix). "+
		"The spec words the surrogate's turnover per synapse (lambda_turn); with that form no setting tried reached "+
		"the checks within the spec's run length (package doc), so per-neuron turnover is our deviation, and "+
		"lambda_neuron=0 with lambda_turn>0 selects the spec's form.")

	res.Figures = append(res.Figures,
		weightFigure(snaps[0], snaps[K], raw[0], raw[K], n, ariEnd),
		membershipFigure(labels, times, raw[0], n, ariEnd),
		overlapFigure(labels, times, p, ariEnd),
		accuracyFigure(accP, accF, times, p, aP, aF))
	res.Finish()
	cfg.Report(1)
	return res, nil
}

func finiteOr(x, alt float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return alt
	}
	return x
}

// transitionIntervals returns, pooled over neurons, the times between
// consecutive label changes of the same neuron (s).
func transitionIntervals(labels [][]int, times []float64) []float64 {
	var out []float64
	n := len(labels[0])
	for i := 0; i < n; i++ {
		last := math.NaN()
		for k := 1; k < len(labels); k++ {
			if labels[k][i] != labels[k-1][i] {
				if !math.IsNaN(last) {
					out = append(out, times[k]-last)
				}
				last = times[k]
			}
		}
	}
	return out
}

func countTransitions(labels [][]int) int {
	c := 0
	for k := 1; k < len(labels); k++ {
		for i := range labels[k] {
			if labels[k][i] != labels[k-1][i] {
				c++
			}
		}
	}
	return c
}

func cvOf(x []float64) (cv, mean float64) {
	if len(x) < 2 {
		return 0, 0
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - mean) * (v - mean)
	}
	return math.Sqrt(s/float64(len(x)-1)) / mean, mean
}

// order returns the neurons sorted by label (stable in index).
func order(lab []int) []int {
	idx := make([]int, 0, len(lab))
	for l := 0; l < assembly.NumLabels(lab); l++ {
		for i, x := range lab {
			if x == l {
				idx = append(idx, i)
			}
		}
	}
	return idx
}

func sortedGrid(W []float64, n int, ord []int) fig.Grid {
	g := fig.Grid{Rows: n, Cols: n, Data: make([]float64, n*n)}
	for r, i := range ord {
		for c, j := range ord {
			g.Data[r*n+c] = W[i*n+j]
		}
	}
	return g
}

// remodelled reports whether the complete_remodelling check passes
// (ARI(t0, t_end) ≤ 0.1); the figure titles state the claim only then.
func remodelled(ariEnd float64) bool { return ariEnd <= 0.1 }

func weightFigure(W0, WK []float64, lab0, labK []int, n int, ariEnd float64) experiment.Figure {
	ta := fmt.Sprintf("Final W in t0 order: t0 blocks survive (ARI %.2f; paper: erased)", ariEnd)
	if remodelled(ariEnd) {
		ta = fmt.Sprintf("Final W in t0 order: drift erased the t0 blocks (ARI %.2f)", ariEnd)
	}
	a := fig.New(ta, "presynaptic neuron (initial-assembly order)", "postsynaptic neuron")
	fig.HeatMapLabel(a, sortedGrid(WK, n, order(lab0)), false, "weight (per 10-ms unit)")
	b := fig.New("Final W in final-assembly order: assemblies persist",
		"presynaptic neuron (final-assembly order)", "postsynaptic neuron")
	fig.HeatMapLabel(b, sortedGrid(WK, n, order(labK)), false, "weight (per 10-ms unit)")
	return experiment.Figure{Name: "weights", Panels: [][]*plot.Plot{{a, b}},
		Caption: "Weight matrix W at t_end (colour: coupling per 10-ms unit), rows and columns ordered by the Louvain assemblies at t0 (left) and t_end (right)."}
}

func membershipFigure(labels [][]int, times []float64, lab0 []int, n int, ariEnd float64) experiment.Figure {
	K := len(labels)
	ord := order(lab0)
	g := fig.Grid{Rows: n, Cols: K, Data: make([]float64, n*K), X: make([]float64, K)}
	cats := 1
	for k := range labels {
		g.X[k] = times[k] / 3600
		for r, i := range ord {
			g.Data[r*K+k] = float64(labels[k][i])
			cats = max(cats, labels[k][i]+1)
		}
	}
	title := fmt.Sprintf("Few neurons change assembly (adjusted Rand index, t0 vs t_end %.2f; paper: all drift)", ariEnd)
	if remodelled(ariEnd) {
		title = fmt.Sprintf("Neurons drift between assemblies (adjusted Rand index, t0 vs t_end %.2f)", ariEnd)
	}
	pl := fig.New(title, "time (h)", "neuron (initial-assembly order)")
	fig.HeatMapCategories(pl, g, cats, "assembly label (matched across time)")
	caption := "Assembly label of each neuron at each checkpoint after matching labels across checkpoints (Hungarian, maximum overlap)."
	if cats > len(fig.Colors) {
		caption += fmt.Sprintf(" Labels beyond %d reuse the colours from 0 (%d labels in all).", len(fig.Colors)-1, cats)
	}
	return experiment.Figure{Name: "membership", Plot: pl, Caption: caption}
}

func overlapFigure(labels [][]int, times []float64, p Params, ariEnd float64) experiment.Figure {
	title := "Overlap with the t0 assembly stays high (paper: decays to chance)"
	if remodelled(ariEnd) {
		title = "Overlap with the t0 assembly decays to chance"
	}
	pl := fig.New(title, "time (h)", "fraction of t0 members still in the assembly")
	K := len(labels)
	x := make([]float64, K)
	for k := range x {
		x[k] = times[k] / 3600
	}
	for m := 0; m < assembly.NumLabels(labels[0]) && m < 8; m++ {
		y := make([]float64, K)
		var members []int
		for i, l := range labels[0] {
			if l == m {
				members = append(members, i)
			}
		}
		for k := range labels {
			s := 0
			for _, i := range members {
				if labels[k][i] == m {
					s++
				}
			}
			y[k] = float64(s) / float64(len(members))
		}
		fig.Line(pl, x, y, fmt.Sprintf("assembly %d", m+1), fig.Color(m))
	}
	fig.HLine(pl, 1/float64(p.M), 0, x[K-1], fmt.Sprintf("chance (1/%d assemblies)", p.M), fig.Gray)
	pl.Y.Min, pl.Y.Max = 0, 1.02
	return experiment.Figure{Name: "overlap", Plot: pl,
		Caption: "Fraction of each initial assembly's members that carry its (matched) label at later checkpoints."}
}

func accuracyFigure(accP, accF, times []float64, p Params, aP, aF float64) experiment.Figure {
	// The title states the claim only when both readout checks pass.
	title := fmt.Sprintf("Readout: plastic %.2f, fixed %.2f (paper: fixed falls to chance)", aP, aF)
	if aP >= 0.9 && aF <= 1/float64(p.M)+0.15 {
		title = "Plastic inputs/outputs keep the readout; fixed ones fall towards chance"
	}
	pl := fig.New(title, "time (h)", "readout accuracy (fraction)")
	x := make([]float64, len(times))
	for k := range x {
		x[k] = times[k] / 3600
	}
	fig.Line(pl, x, accP, "plastic inputs/outputs", fig.Color(0))
	fig.Line(pl, x, accF, "fixed inputs/outputs", fig.Color(1))
	fig.HLine(pl, 1/float64(p.M), 0, x[len(x)-1], "chance", fig.Gray)
	pl.Y.Min, pl.Y.Max = 0, 1.02
	pl.Legend.Top = false // the accuracies sit near 1
	return experiment.Figure{Name: "readout", Plot: pl,
		Caption: fmt.Sprintf("Fraction of %d probe presentations per stimulus whose winning readout is the stimulus's, with Hebbian (plastic) or frozen input and readout weights.", p.ProbeTrials)}
}
