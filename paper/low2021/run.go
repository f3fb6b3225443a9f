package low2021

import (
	"context"
	"math"
	"sort"
	"strings"

	"neurolab/analysis/remap"
	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/synth/mecmaps"
)

// Experiment is the mec-remapping reproduction.
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
		ID:       "mec-remapping",
		Title:    "Dynamic and reversible remapping of network representations in an unchanging environment",
		Citation: "Low et al., Neuron 2021",
		Family:   "population analysis",
		Claim:    "k-means on trial rate maps recovers reversible switches between two MEC maps, their events, ±1 distance-to-cluster scores, the remapping cells, and that map 1 is the slow map.",
		About:    about,
		Params:   experiment.Describe(Default(experiment.Default)),
	}
}

const (
	tagSession = iota + 1
	tagControl
	tagKMeans
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
	g := mecmaps.Default()
	g.Cells, g.Bins, g.Trials = p.Cells, p.Bins, p.Trials
	g.PeakMin, g.PeakMax, g.RemapFrac, g.PSwitch, g.MinStay = p.PeakMin, p.PeakMax, p.RemapFrac, p.PSwitch, p.MinTrials

	s := mecmaps.Generate(num.Stream(cfg.Seed, tagSession), g, false)
	if err := bothMaps(s, p, cfg.Seed); err != nil {
		return nil, err
	}
	x := remap.Tensor{Trials: s.Trials, Bins: s.Bins, Cells: s.Cells, Data: s.Y}
	prog := func(f float64) { cfg.Report(0.5 * f) }
	r, err := remap.Analyze(ctx, x, remap.Options{Maps: 2, Restarts: p.Restarts, MinTrials: p.MinTrials,
		Seed: num.Stream(cfg.Seed, tagKMeans).Uint64(), Workers: cfg.NumWorkers(), Speed: s.Speed, Progress: prog})
	if err != nil {
		return nil, err
	}
	sc := mecmaps.Generate(num.Stream(cfg.Seed, tagControl), g, true)
	xc := remap.Tensor{Trials: sc.Trials, Bins: sc.Bins, Cells: sc.Cells, Data: sc.Y}
	rc, err := remap.Analyze(ctx, xc, remap.Options{Maps: 2, Restarts: p.Restarts, MinTrials: p.MinTrials,
		Seed: num.Stream(cfg.Seed, tagKMeans, 1).Uint64(), Workers: cfg.NumWorkers(), Speed: sc.Speed,
		Progress: func(f float64) { cfg.Report(0.5 + 0.5*f) }})
	if err != nil {
		return nil, err
	}

	// 1. Accuracy against the true maps (up to permutation) and 6. map 1 is
	// the slow map (agreement without permutation: found map 1 is the slow map
	// by measured speed, true map 0 is the slow map by construction).
	agree := 0
	for t, l := range r.Labels {
		if l == s.Map[t] {
			agree++
		}
	}
	direct := float64(agree) / float64(s.Trials)
	acc := math.Max(direct, 1-direct)
	res.Metric("kmeans_accuracy", acc)
	res.Metric("slow_map_agreement", direct)
	res.Metric("speed_map1", r.MapSpeed[0])
	res.Metric("speed_map2", r.MapSpeed[1])
	res.AddCheck(experiment.NewCheck("kmeans_accuracy", "k-means labels match the true maps (up to permutation) ≥ 0.97 (spec measured 1.0)", acc, ">=", 0.97))

	// 2. Remap events within ±1 trial.
	truth := remap.Events(s.Map, p.MinTrials)
	prec, rec := remap.MatchEvents(r.Events, truth, 1)
	res.Metric("true_events", float64(len(truth)))
	res.Metric("found_events", float64(len(r.Events)))
	res.Metric("event_precision", prec)
	res.Metric("event_recall", rec)
	res.AddCheck(experiment.NewCheck("event_precision", "remap events: precision within ±1 trial ≥ 0.9", prec, ">=", 0.9))
	res.AddCheck(experiment.NewCheck("event_recall", "remap events: recall within ±1 trial ≥ 0.9", rec, ">=", 0.9))

	// 3. Within − across similarity, and the 1-map control.
	diff := r.Within - r.Across
	diffC := rc.Within - rc.Across
	res.Metric("within_similarity", r.Within)
	res.Metric("across_similarity", r.Across)
	res.Metric("within_minus_across", diff)
	res.Metric("control_within_minus_across", diffC)
	res.AddCheck(experiment.NewCheck("within_minus_across", "2-map session: within − across map similarity ≥ 0.1 (spec measured 0.36)", diff, ">=", 0.1))
	res.AddCheck(experiment.NewCheck("control_split", "1-map control: within − across similarity of the k-means split ≤ 0.02", diffC, "<=", 0.02))

	// 4. |score| ≥ 0.5 with the sign of the true map on ≥ 95% of trials.
	good := 0
	for t, v := range r.Score {
		want := 1.0
		if s.Map[t] == 1 {
			want = -1
		}
		if math.Abs(v) >= 0.5 && v*want > 0 {
			good++
		}
	}
	fs := float64(good) / float64(s.Trials)
	res.Metric("score_fraction", fs)
	res.AddCheck(experiment.NewCheck("score_sign", "|score| ≥ 0.5 with the sign of the true map on ≥ 95% of trials", fs, ">=", 0.95))

	// 5. Remap score separates remapping from stable cells.
	var remapping, stable []float64
	for c, v := range r.RemapScore {
		if math.IsNaN(v) {
			continue
		}
		if s.Remaps[c] {
			remapping = append(remapping, -v)
		} else {
			stable = append(stable, -v)
		}
	}
	_, auc, _ := stats.MannWhitney(remapping, stable)
	res.Metric("remap_score_auc", auc)
	res.Metric("remap_score_remapping_median", -stats.MedianNaN(remapping))
	res.Metric("remap_score_stable_median", -stats.MedianNaN(stable))
	res.AddCheck(experiment.NewCheck("remap_score_auc", "per-cell remap score −mean(ll) separates remapping from stable cells: AUC ≥ 0.9", auc, ">=", 0.9))

	res.AddCheck(experiment.NewCheck("map1_slow", "map 1 (the slower map by measured speed) is the true slow map on ≥ 97% of trials", direct, ">=", 0.97))

	if bad := undefinedMetrics(res.Metrics); bad != "" {
		return nil, &experiment.DivergedError{What: "mec-remapping metric(s) " + bad, Unit: "trials", Hint: "a map without trials?"}
	}
	res.Figures = figures(s, x, r)
	res.Finish()
	return res, nil
}

// bothMaps refuses a 2-map session whose trials all fell in one map: the map
// chain switches with probability p_switch per trial after min_trials, so
// with few trials or a small p_switch it may never switch (trials = 20 at
// the default p_switch: about half the seeds). Every claim compares two
// maps; such a session failed six checks with nothing to say why.
func bothMaps(s mecmaps.Session, p Params, seed uint64) error {
	var n [2]int
	for _, m := range s.Map {
		n[m]++
	}
	for m := range n {
		if n[m] == 0 {
			return experiment.Inputf("trials = %d and p_switch = %g gave no map switch at seed %d (all trials in map %d), and the claims compare two maps; want more trials or a larger p_switch", p.Trials, p.PSwitch, seed, 2-m)
		}
	}
	return nil
}

// undefinedMetrics returns the names of the metrics that are NaN or Inf,
// sorted and comma-separated, or "". The error named the first one met in
// map order, which could change from run to run for the same input.
func undefinedMetrics(m map[string]float64) string {
	var bad []string
	for k, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bad = append(bad, k)
		}
	}
	sort.Strings(bad)
	return strings.Join(bad, ", ")
}
