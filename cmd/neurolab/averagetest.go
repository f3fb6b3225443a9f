package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/averages"
	"neurolab/analysis/stats"
	"neurolab/dataio/alf"
	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

type avgFlags struct {
	counts, labels, outcome, alfDir, window, out string
	surrogates                                   int
	seed                                         uint64
	workers                                      int
}

// newAverageTestCmd returns `neurolab average-test`: the trial-average test
// of Tlaie et al. (PLoS Comput Biol 2024) on a user's trials × neurons counts,
// or on spikes binned from an ONE/ALF folder.
func newAverageTestCmd() *cobra.Command {
	var f avgFlags
	c := &cobra.Command{
		Use:   "average-test (--counts FILE.npy --labels FILE.npy | --alf DIR) [flags]",
		Short: "Test whether single trials match the class average as well as count-matched surrogates (Tlaie et al. 2024)",
		Long: "average-test correlates each trial's count vector with its class template (the class mean) and\n" +
			"ranks that correlation among multinomial surrogates that draw the trial's spike count from the\n" +
			"template; it writes per-trial correlations, percentiles and specificity indices (SI = ρ − ρ′, ρ′\n" +
			"the mean correlation with the other classes' templates), and with --outcome (per trial: > 0 hit,\n" +
			"≤ 0 miss) the AUC and Mann–Whitney p of SI and ρ for hits against misses, to DIR/average-test.json.\n" +
			"--alf reads spikes.times/spikes.clusters and trials.* files, counts spikes of every cluster in\n" +
			"--window seconds after stimulus onset, labels trials left/none/right by the contrast difference\n" +
			"(dropping equal non-zero contrasts) and takes the outcome from trials.feedbackType.",
		Args: noArgs,
		RunE: withProgress(func(c *cobra.Command, update func(float64)) error { return runAverageTest(c, f, update) }),
	}
	fs := newCmdFlags(c)
	fs.File(&f.counts, "counts", "FILE.npy", "spike counts, trials × neurons (with --labels)", false)
	fs.File(&f.labels, "labels", "FILE.npy", "class label of each trial, integers", false)
	fs.File(&f.outcome, "outcome", "FILE.npy", "behavioural outcome per trial: > 0 hit, ≤ 0 miss", false)
	fs.Dir(&f.alfDir, "alf", "ONE/ALF session instead of --counts/--labels: a flat folder, an IBL session with one spike collection, or a collection folder such as SESSION/alf/probe00", false)
	fs.String(&f.window, "window", "START,END", "0,0.2", "count window after stimulus onset for --alf, s", &windowRange)
	fs.Int(&f.surrogates, "surrogates", "N", 200, "multinomial surrogates per trial (reference: 50)", intAtLeast(1))
	fs.Out(&f.out, "average-test-out")
	fs.Seed(&f.seed, "random seed of the surrogates")
	fs.Workers(&f.workers)
	fs.finish("  neurolab average-test --counts counts.npy --labels labels.npy --outcome outcome.npy\n" +
		"  neurolab average-test --alf Steinmetz2019/Cori_2016-12-14 --window 0,0.2")
	return c
}

const windowWant = "START,END in seconds with START < END, e.g. 0,0.2"

// windowRange is the range of --window: START,END in seconds, START < END.
var windowRange = flagRange{windowWant, func(s string) bool {
	_, _, err := parseWindow(s)
	return err == nil
}}

type avgOutput struct {
	Input      string         `json:"input"`
	Trials     int            `json:"trials"`
	Neurons    int            `json:"neurons"`
	Classes    []int          `json:"class_values"`
	Surrogates int            `json:"surrogates"`
	Summary    map[string]any `json:"summary"`
	Rho        []any          `json:"rho"`
	RhoOther   []any          `json:"rho_other"`
	SI         []any          `json:"si"`
	Perc       []any          `json:"percentile"`
	Kept       []int          `json:"alf_trials_kept,omitempty"`
	Figures    []string       `json:"figures"`
	Notes      []string       `json:"notes,omitempty"`
}

func runAverageTest(c *cobra.Command, f avgFlags, update func(float64)) error {
	var counts *mat.Dense
	var raw []int
	var outcome []float64
	var labelSrc string // where the class labels came from, for errors about them
	out := avgOutput{Surrogates: f.surrogates, Summary: map[string]any{}}
	switch {
	case f.alfDir != "" && (f.counts != "" || f.labels != ""):
		return experiment.Inputf("--alf and --counts/--labels are alternatives: give one input %s", helpHint(c))
	case f.alfDir == "" && c.Flags().Changed("window"):
		return experiment.Inputf("--window %s applies only to --alf (the count window after stimulus onset); --counts holds counts already, so leave --window out", showValue(f.window))
	case f.alfDir != "" && f.outcome != "":
		return badFlag("outcome", f.outcome, "no file with --alf, which takes the outcome from trials.feedbackType (--outcome goes with --counts)")
	case f.alfDir != "":
		t0, t1, err := parseWindow(f.window)
		if err != nil {
			return err
		}
		s, err := alf.Load(f.alfDir)
		if err != nil {
			return err
		}
		st, err := s.StimulusCounts(t0, t1)
		if err != nil {
			return err
		}
		counts, raw, outcome, out.Kept = st.Counts, st.Labels, st.Outcome, st.Kept
		out.Input, labelSrc = f.alfDir, f.alfDir
		out.Notes = append(out.Notes, "classes from --alf: 0 left (contrast right − left < 0), 1 no difference, 2 right; all clusters are used")
	case f.counts == "" && f.labels == "":
		return requiredErr(c, "--counts FILE.npy with --labels FILE.npy, or --alf DIR,")
	case f.counts == "":
		return experiment.Inputf("--counts FILE.npy is required with --labels %s", helpHint(c))
	case f.labels == "":
		return experiment.Inputf("--labels FILE.npy is required with --counts %s", helpHint(c))
	default:
		a, err := readFinite(f.counts, 2, "trials × neurons")
		if err != nil {
			return err
		}
		for i, v := range a.Data {
			if v < 0 {
				return experiment.Inputf("%s: element %d is %v; spike counts must be ≥ 0", f.counts, i, v)
			}
			// The multinomial surrogates redistribute a trial's whole
			// spikes: rates or smoothed counts would shift the statistics.
			if v != math.Trunc(v) {
				return experiment.Inputf("%s: counts must be whole numbers of spikes; got %v at (%d, %d) (trial, neuron): give spike counts, not rates or smoothed counts",
					f.counts, v, i/a.Shape[1], i%a.Shape[1])
			}
		}
		counts = mat.NewDense(a.Shape[0], a.Shape[1], a.Data)
		l, err := npy.Read(f.labels)
		if err != nil {
			return err
		}
		if l.Len() != a.Shape[0] {
			return experiment.Inputf("%s: %d labels for %d trials in %s", f.labels, l.Len(), a.Shape[0], f.counts)
		}
		if raw, err = l.Ints(f.labels); err != nil {
			return err
		}
		out.Input, labelSrc = f.counts, f.labels
		if f.outcome != "" {
			o, err := readFinite(f.outcome, 0, "")
			if err != nil {
				return err
			}
			if o.Len() != a.Shape[0] {
				return experiment.Inputf("%s: %d outcomes for %d trials in %s", f.outcome, o.Len(), a.Shape[0], f.counts)
			}
			outcome = o.Data
		}
	}
	T, N := counts.Dims()
	if N < 3 {
		return experiment.Inputf("%s: %d neurons; want at least 3", out.Input, N)
	}
	// Map label values to classes 0..C−1 in increasing order.
	vals := map[int]int{}
	for _, v := range raw {
		vals[v]++
	}
	for v := range vals {
		out.Classes = append(out.Classes, v)
	}
	sort.Ints(out.Classes)
	switch len(out.Classes) {
	case 0:
		return experiment.Inputf("%s: no trials; the test needs at least 2 classes of at least 2 trials", labelSrc)
	case 1:
		return experiment.Inputf("%s: one class only (every label is %d); the test needs at least 2 classes", labelSrc, out.Classes[0])
	}
	for _, v := range out.Classes {
		if n := vals[v]; n < 2 {
			return experiment.Inputf("%s: class %d has %d trial(s); want at least 2 per class", labelSrc, v, n)
		}
	}
	idx := map[int]int{}
	for i, v := range out.Classes {
		idx[v] = i
	}
	labels := make([]int, T)
	for t, v := range raw {
		labels[t] = idx[v]
	}
	ctx := popCtx(c)
	r, err := averages.Test(ctx, counts, labels, len(out.Classes), averages.Options{Surrogates: f.surrogates, Seed: f.seed, Workers: f.workers, Progress: update})
	if err != nil {
		return analysisErr(ctx, c, f.out, out.Input, err)
	}
	out.Trials, out.Neurons = T, N
	out.Rho, out.RhoOther, out.SI, out.Perc = popNums(r.Rho), popNums(r.RhoOther), popNums(r.SI), popNums(r.Perc)
	var perc []float64
	below := 0
	for _, v := range r.Perc {
		if !math.IsNaN(v) {
			perc = append(perc, v)
			if v < 0.05 {
				below++
			}
		}
	}
	sm := out.Summary
	sm["trials_with_defined_percentile"] = len(perc)
	sm["mean_percentile"] = popNum(stats.MeanNaN(perc))
	if len(perc) > 0 {
		_, p := stats.KSUniform(perc)
		sm["ks_uniform_p"] = popNum(p)
		sm["fraction_below_5pct"] = float64(below) / float64(len(perc))
	}
	sm["mean_rho"] = popNum(stats.MeanNaN(r.Rho))
	sm["mean_si"] = popNum(stats.MeanNaN(r.SI))
	var hit, miss, hitR, missR []float64
	aucSI := math.NaN()
	if outcome != nil {
		for t, o := range outcome {
			if math.IsNaN(o) {
				continue
			}
			if o > 0 {
				hit, hitR = append(hit, r.SI[t]), append(hitR, r.Rho[t])
			} else {
				miss, missR = append(miss, r.SI[t]), append(missR, r.Rho[t])
			}
		}
		_, aucS, pS := stats.MannWhitney(hit, miss)
		aucSI = aucS
		_, aucR, pR := stats.MannWhitney(hitR, missR)
		sm["hits"], sm["misses"] = len(hit), len(miss)
		sm["auc_si_hit"], sm["mannwhitney_p_si"] = popNum(aucS), popNum(pS)
		sm["auc_rho_hit"], sm["mannwhitney_p_rho"] = popNum(aucR), popNum(pR)
	}
	ph := fig.New("Percentile of each trial's ρ among its surrogates", "percentile", "density")
	fig.StepHist(ph, r.Perc, 20, 0, 1, "", fig.Color(0))
	fig.HLine(ph, 1, 0, 1, "U(0,1): template-Poisson", fig.Gray)
	figs := []experiment.Figure{{Name: "percentiles", Caption: "Uniform percentiles mean single trials match the average as well as down-sampled templates.", Plot: ph}}
	if outcome != nil && len(hit) > 0 && len(miss) > 0 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range r.SI {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if lo < hi {
			ps := fig.New("Specificity index of hits and misses", "SI = ρ − ρ′", "density")
			fig.StepHist(ps, hit, 30, lo, hi, "hits", fig.Color(2))
			fig.StepHist(ps, miss, 30, lo, hi, "misses", fig.Color(3))
			figs = append(figs, experiment.Figure{Name: "si-hits-misses", Caption: "SI distributions of hit and miss trials.", Plot: ps})
		}
	}
	if err := writeResults(f.out, "average-test.json", figs, &out, &out.Figures); err != nil {
		return err
	}
	update(1)
	line := fmt.Sprintf("%d trials × %d neurons, %d classes: mean percentile %.3g (0.5 if trials match count-matched surrogates)",
		T, N, len(out.Classes), stats.MeanNaN(perc))
	if outcome != nil {
		line += fmt.Sprintf(", AUC(SI → hit) %.3g", aucSI)
	}
	printDone(c, line, f.out, []string{"average-test.json"}, len(out.Figures))
	return nil
}

// parseWindow parses "START,END" in seconds with START < END.
func parseWindow(s string) (t0, t1 float64, err error) {
	parts := strings.Split(s, ",")
	if len(parts) == 2 {
		a, e1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
		b, e2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		if e1 == nil && e2 == nil && a < b && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
			return a, b, nil
		}
	}
	return 0, 0, badFlag("window", s, windowWant)
}
