package acker2019

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/synth/gridcells"
)

// nPos is the number of 1-cm position bins on the 1-m track (authors' code).
const nPos = 100

// Experiment is the rewiring-memory reproduction.
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
		ID:       "rewiring-memory",
		Title:    "Stable memory and computation in randomly rewiring neural networks",
		Citation: "Acker, Paradis & Miller, J Neurophysiol 2019",
		Family:   "plasticity",
		Claim: "Hebbian plasticity with synaptic scaling integrates randomly formed synapses into existing memories: " +
			"a memory survives turnover of its synapses, and place fields stay stable over 30 days of ~95 % turnover, drifting without learning.",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

// Model-1 conditions.
const (
	condLTP     = iota // pre- and post-training
	condNoPre          // no pre-training ("NMDAR block")
	condPostOff        // pre-training only
	nCond
)

var condNames = []string{"LTP (pre + post)", "no pre-training", "post-training off"}

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
	workers := cfg.NumWorkers()

	// ---- Model 1: memory survives turnover.
	lib := gridcells.Library(num.Stream(cfg.Seed, 9), p.Library, nPos)
	draw := drawer(newPool(num.Stream(cfg.Seed, 8)))
	const nLevels = 10
	corr := make([][]float64, nCond) // [cond][level*reps+rep]
	for c := range corr {
		corr[c] = make([]float64, nLevels*p.Reps)
	}
	tally1 := num.NewTally(nLevels*p.Reps, func(f float64) { cfg.Report(0.2 * f) })
	err := num.ParallelFor(ctx, workers, nLevels*p.Reps, func(t int) error {
		lv, rep := t/p.Reps, t%p.Reps
		n := replaced(p.Synapses, lv, nLevels)
		m := newModel1(lib, p.Library, nPos, p.Synapses, p.Eta, p.Budget, draw)
		for c := 0; c < nCond; c++ {
			if c == condPostOff && lv != 0 {
				corr[c][t] = math.NaN()
				continue
			}
			// The same stream for every condition: paired replicates.
			rng := num.Stream(cfg.Seed, 10, uint64(lv), uint64(rep))
			corr[c][t] = m.replicate(rng, n, c != condNoPre, c != condPostOff)
		}
		tally1.Step()
		return nil
	})
	if err != nil {
		return nil, err
	}
	med := func(c, lv int) float64 { return stats.Median(corr[c][lv*p.Reps : (lv+1)*p.Reps]) }
	ltp10, nopre10, post10, ltp100 := med(condLTP, 0), med(condNoPre, 0), med(condPostOff, 0), med(condLTP, nLevels-1)
	res.Metric("m1_median_r_ltp_10pct", ltp10)
	res.Metric("m1_median_r_nopretraining_10pct", nopre10)
	res.Metric("m1_median_r_posttraining_off_10pct", post10)
	res.Metric("m1_median_r_ltp_100pct", ltp100)
	res.Metric("m1_median_r_nopretraining_100pct", med(condNoPre, nLevels-1))
	// Thresholds are the spec's proposals ("calibrate once"), kept as
	// proposed. Measured at default scale (100 replicates), seeds 1 and 2:
	// LTP 10 % 0.646 and 0.616 (bound 0.45; the spec's NumPy port 0.653/0.670,
	// SD of a median 0.03); no pre-training −0.055 and −0.063 (bound 0.2);
	// difference 0.70 and 0.68 (bound 0.3); 100 % turnover −0.034 and −0.302
	// (bound 0.2). Every margin exceeds 5 SD of the median.
	// The lowest level replaces ⌊synapses/10⌋ inputs: 10 % at the default
	// 1200 synapses, less when synapses is not a multiple of 10 (6.7 % at 15).
	low := turnoverPct(p.Synapses, 0, nLevels)
	res.AddCheck(experiment.NewCheck("m1_ltp_10pct", fmt.Sprintf("model 1: median PSP correlation with pre- and post-training at %.3g %% turnover ≥ 0.45", low), ltp10, ">=", 0.45))
	res.AddCheck(experiment.NewCheck("m1_nopretraining", fmt.Sprintf("model 1: median PSP correlation without pre-training at %.3g %% turnover ≤ 0.2", low), nopre10, "<=", 0.2))
	res.AddCheck(experiment.NewCheck("m1_ltp_minus_nopretraining", fmt.Sprintf("model 1: median(LTP) − median(no pre-training) at %.3g %% turnover ≥ 0.3", low), ltp10-nopre10, ">=", 0.3))
	res.AddCheck(experiment.NewCheck("m1_full_turnover", "model 1: median PSP correlation at 100 % turnover ≤ 0.2", ltp100, "<=", 0.2))

	// ---- Model 2: place fields under daily turnover, η > 0 and η = 0.
	etas := []float64{p.Eta, 0}
	type runOut struct {
		days []dayResult
		maps [][]float64
	}
	runs := make([]runOut, 2*p.Seeds) // index: cond*Seeds + s
	libs := make([][]float64, p.Seeds)
	for s := range libs {
		libs[s] = gridcells.Library(num.Stream(cfg.Seed, 20, uint64(s)), p.Library, nPos)
	}
	tally := num.NewTally(len(runs)*(p.Days+1), func(f float64) { cfg.Report(0.2 + 0.8*f) })
	err = num.ParallelFor(ctx, workers, len(runs), func(i int) error {
		cond, s := i/p.Seeds, i%p.Seeds
		net := newNetwork(libs[s], p.Library, nPos, p.Cells, p.Synapses, p, etas[cond], cfg.Seed, uint64(s), draw)
		days, maps, err := net.run(ctx, p.Days, p.MinField, p.FieldFrac, tally.Step)
		if err == errDiverged {
			return &experiment.DivergedError{What: "place-cell rates", T: float64(p.Days), Unit: "days"}
		}
		if err != nil {
			return err
		}
		runs[i] = runOut{days, maps}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Pooled statistics per condition and day.
	type condStats struct{ recurring, medDrift, meanDrift, pcs, medCorr []float64 }
	st := make([]condStats, 2)
	for cond := range etas {
		for d := 0; d <= p.Days; d++ {
			var rec, pc0, pcs float64
			var drift, cors []float64
			for s := 0; s < p.Seeds; s++ {
				dr0, drd := runs[cond*p.Seeds+s].days[0], runs[cond*p.Seeds+s].days[d]
				for c := range dr0.centroid {
					c0, cd := dr0.centroid[c], drd.centroid[c]
					if !math.IsNaN(cd) {
						pcs++
					}
					if math.IsNaN(c0) {
						continue
					}
					pc0++
					if !math.IsNaN(cd) {
						rec++
						drift = append(drift, math.Abs(cd-c0))
						if d > 0 {
							cors = append(cors, drd.corr[c])
						}
					}
				}
			}
			st[cond].recurring = append(st[cond].recurring, rec/math.Max(pc0, 1))
			st[cond].pcs = append(st[cond].pcs, pcs)
			st[cond].medDrift = append(st[cond].medDrift, stats.Median(drift))
			st[cond].meanDrift = append(st[cond].meanDrift, stats.Mean(drift))
			st[cond].medCorr = append(st[cond].medCorr, stats.Median(cors))
		}
	}
	D := p.Days
	names := []string{"eta", "eta0"}
	for cond, nm := range names {
		res.Metric("m2_recurring_frac_day_last_"+nm, st[cond].recurring[D])
		res.Metric("m2_place_cells_day0_"+nm, st[cond].pcs[0])
		res.Metric("m2_place_cells_day_last_"+nm, st[cond].pcs[D])
		res.Metric("m2_median_drift_px_day_last_"+nm, zeroIfNaN(st[cond].medDrift[D]))
		res.Metric("m2_mean_drift_px_day_last_"+nm, zeroIfNaN(st[cond].meanDrift[D]))
		res.Metric("m2_median_map_corr_day_last_"+nm, zeroIfNaN(st[cond].medCorr[D]))
	}
	if st[0].pcs[0] == 0 && st[1].pcs[0] == 0 {
		// Every model-2 check is about day-0 place cells; with none (a
		// field_frac near 1 leaves no field min_field px long) their drift is
		// undefined, and the checks' values were NaN or +Inf (exit 3).
		return nil, experiment.Inputf("no cell of %d networks × %d cells is a place cell on day 0 (a field of at least min_field = %d px above field_frac = %g of its maximum): want a lower field_frac or min_field",
			p.Seeds, p.Cells, p.MinField, p.FieldFrac)
	}
	// Checks 4 and 5 are worded at day 30 (spec); a run of more days (paper
	// scale: the paper's 60) is checked on day 30 and its last day is in the
	// day_last metrics; a run of fewer days is checked on its last day.
	Dc := min(D, checkDay)
	if D > checkDay {
		res.Notes = append(res.Notes, fmt.Sprintf("Model 2 ran %d days; the checks are on day %d, as the spec words them. On day %d (metrics *_day_last_*): recurring fraction %.3f with η = %g and %.3f with η = 0; median drift of recurring cells %.3g px and %.3g px.",
			D, checkDay, D, st[0].recurring[D], p.Eta, st[1].recurring[D], zeroIfNaN(st[0].medDrift[D]), zeroIfNaN(st[1].medDrift[D])))
	}
	recL, driftL, drift0 := st[0].recurring[Dc], st[0].medDrift[Dc], st[1].medDrift[Dc]
	// Recurring-fraction bound (check 4), calibrated once: measured 0.690 at
	// default scale, seed 1 (3 networks × 500 cells pooled, ~300 day-0 place
	// cells; the spec's NumPy port gave 0.58–0.70 per seed, mean 0.64, pooled
	// SD ≈ 0.03); bound = 0.64 − 3 × 0.03 ≈ 0.55. Seed 2 gave 0.622. The
	// drift bounds are the spec's proposals, kept: median |Δc| 3.5 and 3.0 px
	// with η (bound 8), 25 and 23.5 px at η = 0 (bound 15), ratio 7.1 and 7.8
	// (bound 3), seeds 1 and 2. The spec's alternative "or recurring ≤ 0.4"
	// for η = 0 is not used (recurring 0.47 and 0.43): the check is the
	// stricter drift bound alone.
	res.AddCheck(experiment.NewCheck("m2_recurring_with_learning",
		fmt.Sprintf("model 2, day %d, η = %g: fraction of day-0 place cells still place cells (pooled over %d networks) ≥ %.2f", Dc, p.Eta, p.Seeds, recurringBound),
		recL, ">=", recurringBound))
	if math.IsNaN(driftL) {
		// No day-0 place cell recurs on the last day with learning: the
		// recurring check above fails (fraction 0) and the drift of
		// recurring cells is undefined; its value was +Inf, which no
		// result can hold (exit 3).
		res.Notes = append(res.Notes, fmt.Sprintf("Model 2 with η = %g: no day-0 place cell is a place cell on day %d, so the drift of recurring cells is undefined: checks m2_drift_with_learning and m2_drift_ratio are left out.", p.Eta, Dc))
	} else {
		res.AddCheck(experiment.NewCheck("m2_drift_with_learning",
			fmt.Sprintf("model 2, day %d, η = %g: median |Δcentroid| of recurring place cells ≤ 8 px", Dc, p.Eta), driftL, "<=", 8))
	}
	res.AddCheck(experiment.NewCheck("m2_drift_without_learning",
		fmt.Sprintf("model 2, day %d, η = 0: median |Δcentroid| ≥ 15 px (fields drift without Hebbian replay)", Dc), nanTo(drift0, 0), ">=", 15))
	if !math.IsNaN(driftL) {
		ratio := nanTo(drift0, 0) / math.Max(driftL, 0.5)
		res.Metric("m2_drift_ratio", ratio)
		res.AddCheck(experiment.NewCheck("m2_drift_ratio", "model 2: median drift without learning ≥ 3 × with learning (denominator floored at 0.5 px)", ratio, ">=", 3))
	}

	res.Figures = append(res.Figures,
		pspFigure(corr, p.Reps, nLevels, p.Synapses),
		driftFigure(st[0].medDrift, st[1].medDrift, st[0].recurring, st[1].recurring, p.Eta),
		mapsFigure(runs[0].maps, runs[p.Seeds].maps, runs[0].days[0].centroid, runs[p.Seeds].days[0].centroid, p.Eta, D))
	res.Finish()
	return res, nil
}

// recurringBound is the lower bound of check 4 (calibrated once, see the
// comment at its use).
const recurringBound = 0.55

// checkDay is the day of Model 2 that checks 4 and 5 are worded at (spec).
const checkDay = 30

// fmtRate formats a learning rate for figure labels: %g between 10⁻³ and
// 10⁴, otherwise mantissa and a short exponent (1e-4, not 0.0001 or 1e-04).
func fmtRate(x float64) string {
	if a := math.Abs(x); x == 0 || (a >= 1e-3 && a < 1e4) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	s := strconv.FormatFloat(x, 'e', -1, 64)
	i := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[i+1:])
	return s[:i] + "e" + strconv.Itoa(exp)
}

func nanTo(v, alt float64) float64 {
	if math.IsNaN(v) {
		return alt
	}
	return v
}

func zeroIfNaN(v float64) float64 { return nanTo(v, 0) }

func quartiles(x []float64) (q1, q2, q3 float64) {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	buf := make([]float64, len(s))
	return quantile7(buf, s, 0.25), quantile7(buf, s, 0.5), quantile7(buf, s, 0.75)
}

// replaced is the number of inputs model 1 replaces at turnover level lv
// (0-based) of nLevels: ⌊synapses·(lv+1)/nLevels⌋.
func replaced(synapses, lv, nLevels int) int { return synapses * (lv + 1) / nLevels }

// turnoverPct is the percentage of inputs replaced at level lv.
func turnoverPct(synapses, lv, nLevels int) float64 {
	return 100 * float64(replaced(synapses, lv, nLevels)) / float64(synapses)
}

// pspFigure plots the PSP correlation against the percentage of inputs
// actually replaced at each level (10, 20, ..., 100 % when synapses is a
// multiple of 10).
func pspFigure(corr [][]float64, reps, nLevels, synapses int) experiment.Figure {
	p := fig.New("Hebbian pre- and post-training carry the memory across synapse turnover",
		"turnover (% of inputs replaced)", "PSP correlation, replaced vs new (Pearson r)")
	for c := 0; c < nCond; c++ {
		var xs, ys, es []float64
		for lv := 0; lv < nLevels; lv++ {
			v := corr[c][lv*reps : (lv+1)*reps]
			if math.IsNaN(v[0]) {
				continue
			}
			q1, q2, q3 := quartiles(v)
			xs = append(xs, turnoverPct(synapses, lv, nLevels))
			ys = append(ys, q2)
			es = append(es, (q3-q1)/2)
		}
		fig.ErrorPoints(p, xs, ys, es, condNames[c]+" (median, IQR/2)", fig.Color(c))
		if len(xs) > 1 {
			fig.Line(p, xs, ys, "", fig.Color(c))
		}
	}
	fig.HLine(p, 0, 0, 100, "", fig.Gray)
	return experiment.Figure{Name: "psp-correlation-vs-turnover", Caption: "Model 1: correlation between the PSP carried by replaced synapses and by their replacements, against turnover.", Plot: p}
}

// driftFigure's legends name eta, the learning rate of the η > 0 condition.
func driftFigure(dL, d0, rL, r0 []float64, eta float64) experiment.Figure {
	days := make([]float64, len(dL))
	for i := range days {
		days[i] = float64(i)
	}
	p := fig.New("Place fields stay put with Hebbian replay and drift without it", "day", "median |Δ centroid| vs day 0 (cm)")
	fig.Line(p, days, dL, "with Hebbian learning (η = "+fmtRate(eta)+")", fig.Color(0))
	fig.Line(p, days, d0, "without learning (η = 0)", fig.Color(1))
	q := fig.New("Fewer place fields recur without learning", "day", "recurring fraction of day-0 place cells")
	fig.Line(q, days, rL, "η = "+fmtRate(eta), fig.Color(0))
	fig.Line(q, days, r0, "η = 0", fig.Color(1))
	return experiment.Figure{Name: "centroid-drift", Caption: "Model 2: median place-field centroid drift and recurring fraction against day, with and without Hebbian learning.",
		Panels: [][]*plot.Plot{{p, q}}, Width: 10 * 72, Height: 3.6 * 72}
}

// mapsFigure shows day-0 place cells of network 0 sorted by day-0 centroid,
// each row scaled to its maximum, on day 0 and the last day (day D), with
// learning rate eta and with η = 0.
func mapsFigure(mL, m0 [][]float64, cL, c0 []float64, eta float64, D int) experiment.Figure {
	panel := func(title string, m []float64, cent []float64) *plot.Plot {
		var idx []int
		for c, v := range cent {
			if !math.IsNaN(v) {
				idx = append(idx, c)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return cent[idx[a]] < cent[idx[b]] })
		g := fig.Grid{Rows: max(len(idx), 1), Cols: nPos, Data: make([]float64, max(len(idx), 1)*nPos)}
		for r, c := range idx {
			row := m[c*nPos : (c+1)*nPos]
			mx := 0.0
			for _, v := range row {
				mx = math.Max(mx, v)
			}
			for i, v := range row {
				if mx > 0 {
					g.Data[r*nPos+i] = v / mx
				}
			}
		}
		p := fig.New(title, "position (cm)", "day-0 place cell (sorted)")
		fig.HeatMapLabel(p, g, false, "rate / cell's peak rate")
		return p
	}
	return experiment.Figure{Name: "rate-maps", Caption: "Model 2: rate maps of day-0 place cells (sorted by day-0 centroid) on day 0 and the last day.",
		Panels: [][]*plot.Plot{
			{panel("η = "+fmtRate(eta)+", day 0", mL[0], cL), panel(fmt.Sprintf("η = %s, day %d: fields kept", fmtRate(eta), D), mL[1], cL)},
			{panel("η = 0, day 0", m0[0], c0), panel(fmt.Sprintf("η = 0, day %d: fields drift", D), m0[1], c0)},
		}, Width: 10 * 72, Height: 7 * 72}
}
