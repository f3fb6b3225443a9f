package luczak2022

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/model/predictive"
	"neurolab/synth/glyphs"
)

// Stream tags.
const (
	tagData  = 1
	tagInit  = 2
	tagTrain = 3
	tagSpont = 4
	tagShuf  = 5
)

// Acceptance thresholds (spec predictive-learning.md).
const (
	minR2        = 0.95 // L1
	minAcc       = 0.85 // L2, calibrate once: see accuracy check below
	maxOracleGap = 0.03 // L2
	minShufGap   = 0.20 // L3
	minSpontR    = 0.8  // L4
	minSpontGap  = 0.3  // L4
	minSurpDrop  = 0.5  // L5
)

var modeNames = []string{"predictive", "oracle", "shuffled"}

// Experiment is the predictive-learning reproduction.
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
		ID:       "predictive-learning",
		Title:    "Neurons learn by predicting future activity",
		Citation: "Luczak, McNaughton & Kubo, Nature Machine Intelligence 2022",
		Family:   "learning",
		Claim: "A 196-100-10 sigmoid network whose neurons update their weights by the difference between their clamped " +
			"activity and their own linear prediction of their free steady state (from their first 12 steps) learns " +
			"procedural glyph digits as well as contrastive Hebbian learning; shuffled predictions do not learn; predictors " +
			"fit on spontaneous activity predict evoked activity; surprise falls with learning. Deviations from the authors' " +
			"code: glyphs instead of MNIST, a smaller net and schedule, bias step from the mean error of the update samples " +
			"(the code uses the first sample only).",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

type training struct {
	acc      []float64 // test accuracy per epoch (epoch 0 = before training)
	surprise []float64 // mean surprise per epoch (epochs 1..E)
	net      *predictive.Net
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
	w := cfg.NumWorkers()

	style := glyphs.DefaultStyle()
	xtr, ytr := style.Set(p.Train, num.Stream(cfg.Seed, tagData, 0))
	xte, yte := style.Set(p.Test, num.Stream(cfg.Seed, tagData, 1))
	ttr := oneHot(ytr)

	sizes := []int{style.Size * style.Size, p.Hidden, glyphs.Classes}
	// Progress: each epoch of each of the three trainings is one unit, and
	// the held-out R² and spontaneous-activity analyses one unit each. An
	// epoch's unit is shared by its batches and its test-accuracy pass,
	// the latter counted as Test/Batch batches (a forward pass per test
	// glyph against a training pass per batch glyph: a rough cost model,
	// enough for the bar to move per batch rather than per ~40-s epoch).
	total := float64(3*p.Epochs + 2)
	done := 0.0
	batchesPerEpoch := float64(p.Train / p.Batch)
	accBatches := float64(p.Test) / float64(p.Batch)
	epochUnits := batchesPerEpoch + accBatches
	report := func(units float64) {
		done += units
		cfg.Report(math.Min(1, done/total))
	}
	runs := make([]training, 3)
	for m := range runs {
		net := predictive.New(sizes, p.Dt, p.Gamma, num.Stream(cfg.Seed, tagInit))
		sch := predictive.Schedule{Steps: p.Steps, K: p.K, Delay: p.Delay, Update: p.Update, Ridge: p.Ridge,
			Eta: []float64{p.Eta0, p.Eta1}, BiasFirstOnly: p.BiasRule == "first", Target: predictive.Target(m)}
		tr := predictive.NewTrainer(net, sch, p.Batch)
		tr.ShuffleRand = num.Stream(cfg.Seed, tagShuf)
		// The three trainings share their batch order and update-sample
		// choices (common random numbers), so they differ only in x̂.
		r := num.Stream(cfg.Seed, tagTrain)
		acc0, err := accuracy(ctx, w, net, p.Steps, xte, yte)
		if err != nil {
			return nil, err
		}
		t := training{acc: []float64{acc0}, net: net}
		order := make([]int, p.Train)
		for i := range order {
			order[i] = i
		}
		bx := make([][]float64, p.Batch)
		bt := make([][]float64, p.Batch)
		for ep := 0; ep < p.Epochs; ep++ {
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			sur, nb := 0.0, 0
			for s := 0; s+p.Batch <= p.Train; s += p.Batch {
				for i := range bx {
					bx[i], bt[i] = xtr[order[s+i]], ttr[order[s+i]]
				}
				st, err := tr.Batch(ctx, w, bx, bt, r)
				if err != nil {
					if ce := ctx.Err(); ce != nil {
						return nil, ce
					}
					return nil, &experiment.DivergedError{What: modeNames[m] + " training: " + err.Error(),
						T: float64(ep + 1), Unit: "epochs", Hint: "learning rates eta_0/eta_1 too large?"}
				}
				sur += st.Surprise
				nb++
				report(1 / epochUnits)
			}
			t.surprise = append(t.surprise, sur/float64(nb))
			a, err := accuracy(ctx, w, net, p.Steps, xte, yte)
			if err != nil {
				return nil, err
			}
			t.acc = append(t.acc, a)
			report(accBatches / epochUnits)
		}
		runs[m] = t
	}
	rule, oracle, shuf := runs[0], runs[1], runs[2]
	last := func(v []float64) float64 { return v[len(v)-1] }

	// L1: held-out predictor quality of the trained net on the test set.
	r2h, r2o, tr1, err := heldOutR2(ctx, w, rule.net, p, xte)
	if err != nil {
		return nil, err
	}
	report(1)
	// L4: predictors fit on spontaneous activity, tested on evoked activity.
	spR, spCtl, err := spontaneous(ctx, w, rule.net, p, xte, num.Stream(cfg.Seed, tagSpont))
	if err != nil {
		return nil, err
	}
	report(1)

	for m, t := range runs {
		res.Metric("acc_"+modeNames[m], last(t.acc))
		res.Metric("surprise_first_"+modeNames[m], t.surprise[0])
		res.Metric("surprise_last_"+modeNames[m], last(t.surprise))
	}
	drop := 1 - last(rule.surprise)/rule.surprise[0]
	dropShuf := 1 - last(shuf.surprise)/shuf.surprise[0]
	res.Metric("surprise_drop_predictive", drop)
	res.Metric("surprise_drop_shuffled", dropShuf)
	res.Metric("r2_median_hidden", r2h)
	res.Metric("r2_median_output", r2o)
	res.Metric("spont_r_median", spR)
	res.Metric("spont_r_shuffled_median", spCtl)
	if bad := undefinedMetrics(res.Metrics); bad != "" {
		return nil, &experiment.DivergedError{What: "metric(s) " + bad, T: float64(p.Epochs), Unit: "epochs"}
	}

	res.AddCheck(experiment.NewCheck("L1_predictor_r2",
		"median held-out R² of each neuron's prediction of its free steady state from its first k steps ≥ 0.95 (worse of hidden and output layers)",
		math.Min(r2h, r2o), ">=", minR2))
	// L2 threshold: the spec's 0.85 ("calibrate once"), kept: measured at
	// default scale, seed 1: 0.927 (oracle 0.932, shuffled 0.191); quick
	// scale, seed 1: 0.913 (2026-12-01, after closed glyph strokes were
	// closed: 0.925 and 0.930 before). The NumPy replica of the spec reached
	// 0.88–0.89.
	res.AddCheck(experiment.NewCheck("L2_accuracy",
		"test accuracy (fraction correct) of the predictive rule ≥ 0.85 after the spec's schedule", last(rule.acc), ">=", minAcc))
	res.AddCheck(experiment.NewCheck("L2_vs_oracle",
		"predictive accuracy minus oracle (true free steady state, CHL) accuracy ≥ −0.03 (3 points)",
		last(rule.acc)-last(oracle.acc), ">=", -maxOracleGap))
	res.AddCheck(experiment.NewCheck("L3_shuffled_control",
		"predictive accuracy minus the shuffled-prediction control ≥ 0.20 (20 points)",
		last(rule.acc)-last(shuf.acc), ">=", minShufGap))
	res.AddCheck(experiment.NewCheck("L4_spontaneous_r",
		"predictors fit on spontaneous activity predict evoked steady states: median r ≥ 0.8", spR, ">=", minSpontR))
	res.AddCheck(experiment.NewCheck("L4_spontaneous_vs_shuffled",
		"median r of the spontaneous-activity predictors exceeds the sample-shuffled control by ≥ 0.3",
		spR-spCtl, ">=", minSpontGap))
	res.AddCheck(experiment.NewCheck("L5_surprise_drop",
		"output-layer surprise mean|x^c − x̂| falls by ≥ 0.5 of its first-epoch value by the last epoch (fractional drop)", drop, ">=", minSurpDrop))

	res.Figures = figures(p, runs, tr1)
	res.Notes = append(res.Notes,
		deviationNote(p, style.Size),
		fmt.Sprintf("Shuffled-control surprise dropped by %.0f%% (predictive %.0f%%).", 100*dropShuf, 100*drop))
	res.Finish()
	return res, nil
}

func oneHot(y []int) [][]float64 {
	out := make([][]float64, len(y))
	for i, c := range y {
		out[i] = make([]float64, glyphs.Classes)
		out[i][c] = 1
	}
	return out
}

func accuracy(ctx context.Context, w int, net *predictive.Net, steps int, x [][]float64, y []int) (float64, error) {
	got, err := net.Classify(ctx, w, steps, x)
	if err != nil {
		return 0, err
	}
	ok := 0
	for i := range y {
		if got[i] == y[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(y)), nil
}

// trajectories runs the free phase on every input, recording the first
// rec steps, in chunks over workers.
func trajectories(ctx context.Context, w int, net *predictive.Net, steps, rec int, x [][]float64) (early, final [][]float64, err error) {
	u := net.Units()
	early = make([][]float64, len(x))
	final = make([][]float64, len(x))
	const chunk = 50
	nc := (len(x) + chunk - 1) / chunk
	err = num.ParallelFor(ctx, w, nc, func(c int) error {
		ws := net.NewWorkspace()
		for i := c * chunk; i < min(len(x), (c+1)*chunk); i++ {
			early[i] = make([]float64, rec*u)
			final[i] = make([]float64, u)
			net.Run(ws, x[i], nil, 0, steps, early[i], final[i])
		}
		return nil
	})
	return early, final, err
}

// trace is one test sample's trajectory of one hidden neuron and its prediction.
type trace struct {
	x    []float64 // x(t), t = 0..T
	pred float64
}

// heldOutR2 predicts every test sample's free steady state from predictors
// fit on the other samples of its block of p.Batch (p.Update held out at a
// time), and returns the median over neurons of R² per layer, plus example
// traces for the figure.
func heldOutR2(ctx context.Context, w int, net *predictive.Net, p Params, x [][]float64) (hid, out float64, tr []trace, err error) {
	early, final, err := trajectories(ctx, w, net, p.Steps, p.Steps, x)
	if err != nil {
		return 0, 0, nil, err
	}
	u := net.Units()
	n := len(x) / p.Batch * p.Batch
	pred := make([][]float64, n)
	feat := make([][]float64, n)
	for i := range feat {
		feat[i] = early[i][:p.K*u]
	}
	pr := predictive.Predictor{K: p.K, Units: u}
	for b := 0; b < n; b += p.Batch {
		for f := 0; f+p.Update <= p.Batch; f += p.Update {
			var fit []int
			for i := b; i < b+p.Batch; i++ {
				if i < b+f || i >= b+f+p.Update {
					fit = append(fit, i)
				}
			}
			if err := pr.Fit(feat, final, fit, p.Ridge, nil); err != nil {
				return 0, 0, nil, err
			}
			for i := b + f; i < b+f+p.Update; i++ {
				pred[i] = make([]float64, u)
				pr.Predict(pred[i], feat[i])
			}
		}
	}
	var r2 [2][]float64
	for i := 0; i < u; i++ {
		var ys, ps []float64
		for s := 0; s < n; s++ {
			if pred[s] != nil {
				ys = append(ys, final[s][i])
				ps = append(ps, pred[s][i])
			}
		}
		mean := 0.0
		for _, y := range ys {
			mean += y
		}
		mean /= float64(len(ys))
		var ssr, sst float64
		for k, y := range ys {
			ssr += (y - ps[k]) * (y - ps[k])
			sst += (y - mean) * (y - mean)
		}
		if sst < 1e-12*float64(len(ys)) {
			continue // a neuron whose steady state does not vary
		}
		layer := 0
		if i >= p.Hidden {
			layer = 1
		}
		r2[layer] = append(r2[layer], 1-ssr/sst)
	}
	if len(r2[0]) == 0 || len(r2[1]) == 0 {
		return 0, 0, nil, errors.New("luczak2022: no neuron with varying steady state")
	}
	// example traces: the hidden neuron with the largest steady-state spread, 3 samples.
	best, bestSD := 0, -1.0
	for i := 0; i < p.Hidden; i++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for s := 0; s < n; s++ {
			lo, hi = math.Min(lo, final[s][i]), math.Max(hi, final[s][i])
		}
		if hi-lo > bestSD {
			best, bestSD = i, hi-lo
		}
	}
	for _, s := range []int{0, 1, 2} {
		xs := []float64{0}
		for t := 0; t < p.Steps; t++ {
			xs = append(xs, early[s][t*u+best])
		}
		tr = append(tr, trace{x: xs, pred: pred[s][best]})
	}
	return stats.Median(r2[0]), stats.Median(r2[1]), tr, nil
}

// spontaneous fits every neuron's predictor on noise-driven trajectories of
// the trained net and scores it on evoked (test) trajectories: the median
// over neurons of Pearson r(x̂, x(T)) across samples, and the same with x̂
// of a randomly permuted sample (sample-shuffled control).
func spontaneous(ctx context.Context, w int, net *predictive.Net, p Params, x [][]float64, r *rand.Rand) (rTrue, rCtl float64, err error) {
	noise := make([][]float64, p.Spont)
	for i := range noise {
		noise[i] = make([]float64, len(x[0]))
		for j := range noise[i] {
			noise[i][j] = p.SpontSD * r.NormFloat64()
		}
	}
	se, sf, err := trajectories(ctx, w, net, p.Steps, p.K, noise)
	if err != nil {
		return 0, 0, err
	}
	ee, ef, err := trajectories(ctx, w, net, p.Steps, p.K, x)
	if err != nil {
		return 0, 0, err
	}
	u := net.Units()
	pr := predictive.Predictor{K: p.K, Units: u}
	all := make([]int, len(noise))
	for i := range all {
		all[i] = i
	}
	if err := pr.Fit(se, sf, all, p.Ridge, nil); err != nil {
		return 0, 0, err
	}
	pred := make([][]float64, len(x))
	for s := range x {
		pred[s] = make([]float64, u)
		pr.Predict(pred[s], ee[s])
	}
	perm := r.Perm(len(x))
	var rs, cs []float64
	a, b, c := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
	for i := 0; i < u; i++ {
		for s := range x {
			a[s], b[s], c[s] = pred[s][i], ef[s][i], pred[perm[s]][i]
		}
		// A neuron whose evoked steady state or prediction does not vary
		// (centred sum of squares ≤ 1e-24) has no defined r; PearsonTol
		// scores it 0 (the fit failed to track it).
		rt, _ := stats.PearsonTol(a, b, 1e-24)
		rc, _ := stats.PearsonTol(c, b, 1e-24)
		rs = append(rs, rt)
		cs = append(cs, rc)
	}
	return stats.Median(rs), stats.Median(cs), nil
}

// deviationNote states the run's deviations from the authors' code at the
// run's sizes (it quoted the default scale's net, batches and schedule
// whatever the scale and parameters were).
func deviationNote(p Params, side int) string {
	return fmt.Sprintf("Deviations from the authors' code (CHL_clamped.py): procedural %dx%d glyph digits and a %d-%d-%d net instead of MNIST 784-1000-10; "+
		"batches of %d with %d update samples and predictors fit on the other %d (code: 500/490); %d epochs of %s glyphs; "+
		"bias step rule %q (the code uses only the first update sample's error).",
		side, side, side*side, p.Hidden, glyphs.Classes, p.Batch, p.Update, p.Batch-p.Update, p.Epochs, thousands(p.Train), p.BiasRule)
}

// thousands formats n ≥ 0 with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
