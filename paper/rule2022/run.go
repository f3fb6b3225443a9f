package rule2022

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/internal/num"
	"neurolab/internal/stats"
)

// Experiment is the self-healing reproduction.
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
		ID:       "self-healing",
		Title:    "Self-healing codes: How stable neural populations can track continually reconfiguring neural representations",
		Citation: "Rule & O'Leary, PNAS 2022",
		Family:   "plasticity",
		Claim: "Under continual drift of an encoding population a fixed readout and gain/bias homeostasis decay " +
			"towards chance, while Hebbian learning gated by homeostasis tracks the drift, best with response normalisation.",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
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
	workers := cfg.NumWorkers()

	// Encoding drift on day 0 and the session days.
	days := []int{0}
	for t := p.Delta - 1; t < p.Days; t += p.Delta {
		days = append(days, t)
	}
	fs, err := features(ctx, p, cfg.Seed, days, workers)
	if err != nil {
		return nil, err
	}
	cfg.Report(0.1)
	L, K := p.L, p.K
	m := &model{p: p, seed: cfg.Seed, days: days[1:]}
	m.X0 = mat.NewDense(K+1, L, fs[0])
	for _, f := range fs[1:] {
		m.Xs = append(m.Xs, mat.NewDense(K+1, L, f))
	}
	for _, v := range fs[0] {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &experiment.DivergedError{What: "encoding features", T: 0, Unit: "days"}
		}
	}
	m.Y = targets(L, p.Nu*float64(L), p.Height)
	m.muY = mat.Sum(m.Y) / float64(L*L)
	if m.W, err = fitGLM(ctx, m.X0, m.Y, p.Rho, p.GLMIter); err != nil {
		return nil, err
	}
	rules := []Rule{Fixed, Homeostat, HebbHomeo, HebbNorm}
	if p.Variants == "recurrent" || p.Variants == "both" {
		if m.R, err = fitRecurrent(ctx, m.Y, p.Rho, p.RecGLMIter); err != nil {
			return nil, err
		}
		rules = append(rules, Recurrent)
	}
	if p.Variants == "predictive" || p.Variants == "both" {
		m.Sz, m.muZ = activationCov(m.Y)
		rules = append(rules, Predictive)
	}
	cfg.Report(0.2)

	traces := make([]*trace, len(rules))
	y0 := make([][]float64, len(rules))
	// The replays share the last 80 % of the bar, each rule weighted by its
	// cost (ruleCost) and reporting per session; the rules run in parallel
	// and the Tally delivers their sum in order.
	var totalCost float64
	for _, rule := range rules {
		totalCost += ruleCost(rule, p)
	}
	tally := num.NewWeightedTally(totalCost, func(f float64) { cfg.Report(0.2 + 0.8*f) })
	err = num.ParallelFor(ctx, workers, len(rules), func(i int) error {
		r := newReplay(m, rules[i])
		y0[i] = append([]float64(nil), r.respond(m.X0).RawMatrix().Data...)
		cost := ruleCost(rules[i], p)
		var reported float64 // of cost
		tr, ok, err := r.run(ctx, func(frac float64) {
			if u := frac * cost; u > reported {
				tally.Add(u - reported)
				reported = u
			}
		})
		if err != nil {
			return err
		}
		if !ok {
			return &experiment.DivergedError{What: "readout under rule " + rules[i].String(), T: float64(tr.DivergedDay), Unit: "days",
				Hint: "learning rates too large?"}
		}
		traces[i] = tr
		return nil
	})
	if err != nil {
		return nil, err
	}

	final := make([]float64, len(rules))
	for i, tr := range traces {
		n := len(tr.NRMSE)
		var s float64
		for _, v := range tr.NRMSE[n-p.Final:] {
			s += v
		}
		final[i] = s / float64(p.Final)
		res.Metric("final_nrmse_"+rules[i].String(), final[i])
		res.Metric("day0_nrmse_"+rules[i].String(), nrmse(y0[i], m.Y.RawMatrix().Data, L))
		// Final-day tuning: peak displacement along the ring and the NRMSE
		// left once each cell's displacement is undone (feedback.go).
		shift, corr := tuningShift(tr.Final, m.Y.RawMatrix().Data, L)
		res.Metric("final_peak_shift_bins_"+rules[i].String(), shift)
		res.Metric("final_shift_corrected_nrmse_"+rules[i].String(), corr)
	}
	fx, ho, hh, hn := final[0], final[1], final[2], final[3]

	// Check 1: final NRMSE levels. The thresholds are the spec's proposed
	// ones, deliberately not recalibrated: the paper prints no numbers, and
	// hebbnorm_tracks / hebbnorm_vs_homeostat fail for the verified model
	// (seed 1: 0.592 and 0.60 at default scale, 0.622 and 0.65 at quick
	// scale; doc.go). Relaxing them would only restate our own result.
	res.AddCheck(experiment.NewCheck("fixed_decays", "fixed readout final NRMSE ≥ 0.8 (decays to chance)", fx, ">=", 0.8))
	res.AddCheck(experiment.NewCheck("homeostat_decays", "homeostat-only final NRMSE ≥ 0.6", ho, ">=", 0.6))
	res.AddCheck(experiment.NewCheck("hebbnorm_tracks", "Hebbian-homeostatic + normalisation final NRMSE ≤ 0.35", hn, "<=", 0.35))
	res.AddCheck(experiment.NewCheck("hebbnorm_vs_homeostat", "final NRMSE of hebbhomeo+norm ≤ 0.5 × homeostat (ratio)", hn/ho, "<=", 0.5))
	// Check 2: ordering with 0.05 slack; the value is the smallest margin.
	ord := math.Min(fx-ho+0.05, math.Min(ho-hh, hh-hn+0.05))
	res.Metric("ordering_margin", ord)
	res.AddCheck(experiment.NewCheck("ordering", "fixed ≥ homeostat > hebbhomeo ≥ hebbhomeo+norm with 0.05 slack (smallest margin)", ord, ">", 0))

	// Check 3: homeostatic targets met after each session (homeostat and the
	// hebbhomeo variants). Statistic: over sessions, the largest median-over-cells
	// relative error of the per-cell mean and SD. The max over cells is recorded
	// as a metric. The 10 % threshold is the spec's proposal, kept: the
	// homeostat's own rate cannot meet it under drift (doc.go).
	hMed := make([]float64, len(rules)-1)
	for i, r := range rules[1:] {
		tr := traces[i+1]
		worstMed := math.Max(stats.Max(tr.MeanMed), stats.Max(tr.SDMed))
		hMed[i] = worstMed
		worstMax := math.Max(stats.Max(tr.MeanErr), stats.Max(tr.SDErr))
		res.Metric("homeo_err_median_"+r.String(), worstMed)
		res.Metric("homeo_err_maxcell_"+r.String(), worstMax)
		if r > HebbNorm {
			continue // the spec's check 3 covers the four compared rules only
		}
		res.AddCheck(experiment.NewCheck("homeostasis_"+r.String(),
			fmt.Sprintf("%s: per-cell mean and SD of y within 10%% of targets after each session (median cell, worst session)", r),
			worstMed, "<=", 0.10))
	}

	// The recurrent and predictive variants: the paper's claim is that
	// recurrent feedback of the partially stabilised readout improves
	// tracking further. Check: each variant's final NRMSE is below that of
	// hebbhomeo + normalisation (value: the difference). No level is
	// checked: the spec proposes none for these variants.
	for i, r := range rules {
		if r <= HebbNorm {
			continue
		}
		res.AddCheck(experiment.NewCheck(r.String()+"_improves",
			fmt.Sprintf("final NRMSE of %s below hebbhomeo+norm (difference hebbhomeo+norm − %s)", r, r), hn-final[i], ">", 0))
	}

	// Notes: every failing check, then what was verified (see doc.go).
	var failed []string
	for _, c := range res.Checks {
		if !c.Pass {
			failed = append(failed, fmt.Sprintf("%s = %.3f (want %s %g)", c.Name, c.Value, c.Op, c.Threshold))
		}
	}
	if len(failed) > 0 {
		res.Notes = append(res.Notes, "Not reproduced: "+strings.Join(failed, "; ")+".")
	}
	if hn > 0.35 {
		res.Notes = append(res.Notes, fmt.Sprintf("Hebbian-homeostatic readouts only slow the decay (final NRMSE hebbhomeo %.3f, "+
			"+normalisation %.3f, against fixed %.3f and homeostat %.3f): their NRMSE rises steadily over days. The rules were "+
			"checked equation by equation against the spec and the authors' master.py; on stationary features without "+
			"synaptic noise every rule holds the fitted readout; drift scaling, code statistics, learning-rate units, weight "+
			"decay, NRMSE and learning sources were re-checked (see doc.go). On the final day its error is mostly displacement: "+
			"with each cell's tuning shifted back along the ring the NRMSE is %.3f, and the peaks have moved %.1f bins on "+
			"average (target width ν = %.1f bins): Hebbian homeostasis keeps cells tuned but does not stop their tuning from "+
			"diffusing along the ring.", hh, hn, fx, ho,
			res.Metrics["final_shift_corrected_nrmse_hebbhomeo_norm"], res.Metrics["final_peak_shift_bins_hebbhomeo_norm"], p.Nu*float64(L)))
	}
	for i, r := range rules {
		if r <= HebbNorm {
			continue
		}
		verdict := "recurrent feedback of the partially stabilised readout improves tracking, as the paper claims"
		if final[i] >= hn {
			verdict = "it does not improve on hebbhomeo+normalisation here"
		}
		res.Notes = append(res.Notes, fmt.Sprintf("The %s variant (recurrent feedback among readout cells) reaches a final "+
			"NRMSE of %.3f against %.3f for hebbhomeo+normalisation (final-day peak shift %.1f bins): %s.", r, final[i], hn,
			res.Metrics["final_peak_shift_bins_"+r.String()], verdict))
	}
	if stats.Max(hMed) > 0.1 {
		res.Notes = append(res.Notes, fmt.Sprintf("Per-cell response statistics lag their targets under drift (median cell, worst "+
			"session: homeostat %.2f, hebbhomeo %.2f, +normalisation %.2f, mostly the SD): the homeostat's rate η = %g moves γ by "+
			"only η·I·ε_σ per session, and the hebbhomeo gate γ → ε_σ/(1−ι) needs a standing SD deficit to drive Hebbian "+
			"learning; on stationary features the same rules converge to the targets.", hMed[0], hMed[1], hMed[2], p.HomEta))
	}
	// Panel titles state each rule's measured final NRMSE and peak shift
	// (they read "tuned, but displaced", "tuning lost", "tuning kept"
	// whatever the run gave, e.g. with L = 8 where no rule keeps tuning).
	state := func(r Rule) string {
		return fmt.Sprintf("Final day, %s: NRMSE %.2f, peak shift %.1f bins", r.Label(), res.Metrics["final_nrmse_"+r.String()],
			res.Metrics["final_peak_shift_bins_"+r.String()])
	}
	titles := []string{state(rules[3]), state(rules[1])}
	for _, r := range rules[4:] {
		titles = append(titles, state(r))
	}
	res.Figures = append(res.Figures, nrmseFigure(rules, traces), tuningFigure(y0[3], traces[3].Final, traces[1].Final, traces[4:], titles, L))
	res.Finish()
	cfg.Report(1)
	return res, nil
}

func nrmseFigure(rules []Rule, traces []*trace) experiment.Figure {
	title := "Fixed readouts decay to chance; Hebbian homeostasis slows it"
	if len(rules) > 4 {
		title = "Readouts decay; Hebbian homeostasis slows it, feedback tracks it"
	}
	p := fig.New(title, "day", "NRMSE (0 = perfect, 1 = chance)")
	for i, tr := range traces {
		fig.Line(p, tr.Day, tr.NRMSE, rules[i].Label(), fig.Color(i))
	}
	// Headroom above chance (NRMSE 1) for the legend: the curves fill every
	// corner below it once the recurrent rule tracks near 0.2.
	p.Y.Min, p.Y.Max = 0, 1.45
	return experiment.Figure{Name: "nrmse-vs-day", Caption: "Readout NRMSE against day for each plasticity rule.", Plot: p}
}

// tuningFigure draws day 0 and the final day of hebbhomeo+norm, homeostat
// and the extra rules; titles are the final-day panels' titles, in that
// order.
func tuningFigure(day0, finalNorm, finalHomeo []float64, extra []*trace, titles []string, L int) experiment.Figure {
	mk := func(title string, data []float64) *plot.Plot {
		p := fig.New(title, "location (bin)", "readout cell")
		fig.HeatMapLabel(p, fig.Grid{Rows: L, Cols: L, Data: data}, false, "tuning (a.u.)")
		return p
	}
	row := []*plot.Plot{
		mk("Day 0 (GLM fit)", day0),
		mk(titles[0], finalNorm),
		mk(titles[1], finalHomeo),
	}
	for i, tr := range extra {
		row = append(row, mk(titles[2+i], tr.Final))
	}
	// Two panels per row keep the maps square enough to read.
	var grid [][]*plot.Plot
	for i := 0; i < len(row); i += 2 {
		grid = append(grid, row[i:min(i+2, len(row))])
	}
	return experiment.Figure{
		Name:    "readout-tuning",
		Caption: "Readout tuning curves (cells × locations) on day 0 and after the final session; each map has its own colour scale.",
		Panels:  grid,
		Width:   vg.Length(5 * 72 * len(grid[0])), Height: vg.Length(4.2 * 72 * float64(len(grid))),
	}
}

// ruleCost is the relative cost of one replay session under rule r, for
// progress only: milliseconds per replay iteration, measured once with
// benchReplay (K = 120, L = M = 60, the same at every scale; 2-core AMD
// EPYC, go test -bench): homeostat 0.15, hebbhomeo 0.25, hebbhomeo+norm 0.29,
// recurrent 0.34, predictive 8.8 at I_z = 100 feedback steps (taken as
// hebbhomeo+norm plus 0.085 per feedback step); the fixed readout computes
// one response per session (≤ 0.14). At paper scale the predictive rule is
// thus ~90 % of the replays' cost.
func ruleCost(r Rule, p Params) float64 {
	if r == Fixed {
		return 0.14
	}
	perIter := map[Rule]float64{Homeostat: 0.15, HebbHomeo: 0.25, HebbNorm: 0.29, Recurrent: 0.34,
		Predictive: 0.29 + 0.085*float64(p.IterZ)}
	return perIter[r] * float64(p.Iters)
}
