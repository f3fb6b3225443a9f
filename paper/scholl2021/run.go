package scholl2021

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/model/boltzmann"
	"neurolab/synth/patches"
)

// Stream tags.
const (
	tagData = iota + 1
	tagInit
	tagTrain
	tagSample
	tagHeur
	tagRandom
	tagRetrain
)

// Acceptance thresholds (spec pruning.md).
const (
	maxUnitsFI     = 20.0 // P1: variance- and heuristic-FI, reference 9 and 10 (calibrate once): spec value kept; measured 16.7 and 16.0 at default scale, seed 1 (seed 2: 13.7 and 12.7)
	minUnitsW      = 25.0 // P1: |w|, reference 35
	minUnitsRandom = 50.0 // P1: random, reference 60; analytic 70(1−(796/910)^13) ≈ 57.5
	specHidden     = 70.0 // hidden units the P1 bounds are stated for (spec); scaled with Params.Hidden
	minSloppy      = 5.0  // P3
	minPearson     = 0.99 // P4
	minSpearman    = 0.8  // P4 (calibrate once): spec value kept; measured min over seeds 0.835 at default scale, seed 1 (seed 2: 0.868; quick 0.896): a margin of 0.035
)

// Experiment is the pruning reproduction.
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
		ID:       "pruning",
		Title:    "The information theory of developmental pruning: Optimizing global network architectures using local synaptic rules",
		Citation: "Scholl, Rule & Hennig, PLoS Computational Biology 2021",
		Family:   "learning",
		Claim: "Pruning a 13x70 RBM of binarised image patches by the weights' Fisher information (exact, or its local " +
			"heuristic) removes far more hidden units than pruning by |w| or at random while keeping the model closer to the " +
			"data than anti-FI or random pruning; the Fisher information matrix is sloppy. Deviations: procedural Gabor/edge " +
			"images instead of CIFAR-10, exact (enumerated) FI for pruning, KL over all patterns with exact normalisation, " +
			"momentum step of the boltzmann-machines library the authors build on (Δ ← η(μΔ + g)).",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

// seedState is what the unpruned training of one seed leaves.
type seedState struct {
	data   [][]float64
	counts []float64
	m0     *boltzmann.RBM
	kl0    float64
	eig    []float64 // FIM eigenvalues, descending
	fExact []float64 // exact weight FI of m0
}

// chain is one criterion's pruning sessions on one seed.
type chain struct {
	units, weights []int
	kl             []float64 // exact KL after retraining, per session
	final          *boltzmann.RBM
}

// p4 is the sampled-against-exact comparison of one seed.
type p4 struct{ pearson, spearman float64 }

func lrSchedule(p Params) []float64 {
	lr := make([]float64, p.Epochs)
	for e := range lr {
		f := 0.0
		if p.Epochs > 1 {
			f = float64(e) / float64(p.Epochs-1)
		}
		lr[e] = math.Pow(10, math.Log10(p.LRStart)+f*(math.Log10(p.LREnd)-math.Log10(p.LRStart)))
	}
	return lr
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
	disc := patches.Disc(p.Radius)
	nv := len(disc)
	res := experiment.NewResult(e.Meta(), cfg, &p)
	w := cfg.NumWorkers()
	sch := boltzmann.Schedule{K: 1, LR: lrSchedule(p), Momentum: p.Momentum, Batch: 1,
		ScaledMomentum: p.MomentumRule == "scaled"}
	style := patches.DefaultStyle()
	centres := patches.Grid(6, 5, 4)

	nCrit := len(boltzmann.Criteria)
	tick := num.NewTally(p.Seeds*(2+nCrit), cfg.Progress).Step
	fail := func(what string, err error) error {
		if ce := ctx.Err(); ce != nil {
			return ce
		}
		return &experiment.DivergedError{What: what + ": " + err.Error(), T: 0, Unit: "sessions", Hint: "learning rate too large?"}
	}

	// Phase A: data, unpruned training, exact quantities.
	seeds := make([]seedState, p.Seeds)
	err := num.ParallelFor(ctx, w, p.Seeds, func(s int) error {
		st := &seeds[s]
		st.data = style.Set(p.Train, disc, centres, num.Stream(cfg.Seed, tagData, uint64(s)))
		st.counts = boltzmann.Histogram(st.data, nv)
		mean := make([]float64, nv)
		for _, v := range st.data {
			for i, x := range v {
				mean[i] += x / float64(len(st.data))
			}
		}
		m := boltzmann.New(nv, p.Hidden, p.SdW, mean, p.HiddenBias, num.Stream(cfg.Seed, tagInit, uint64(s)))
		if err := m.TrainContext(ctx, st.data, sch, num.Stream(cfg.Seed, tagTrain, uint64(s))); err != nil {
			return fail("RBM training", err)
		}
		st.m0 = m
		ex := boltzmann.Enumerate(m)
		st.kl0 = ex.KL(st.counts)
		st.fExact = ex.FisherDiag()
		F, _ := ex.FIM()
		var es mat.EigenSym
		if !es.Factorize(F, false) {
			return fmt.Errorf("scholl2021: FIM eigendecomposition failed (seed %d)", s)
		}
		vals := es.Values(nil)
		sort.Sort(sort.Reverse(sort.Float64Slice(vals)))
		st.eig = vals
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Phase B: sampled FI (P4) and the six criteria's pruning sessions.
	chains := make([]chain, p.Seeds*nCrit)
	p4s := make([]p4, p.Seeds)
	nJobs := p.Seeds * (nCrit + 1)
	err = num.ParallelFor(ctx, w, nJobs, func(job int) error {
		s := job / (nCrit + 1)
		c := job % (nCrit + 1)
		st := &seeds[s]
		if c == nCrit {
			smp, err := sampleJoint(ctx, st.m0, p.Chains, p.GibbsSteps, num.Stream(cfg.Seed, tagSample, uint64(s)))
			if err != nil {
				return err
			}
			fs := boltzmann.SampleFisher(nv, p.Hidden, smp)
			vm, hm := boltzmann.SampleMeans(nv, p.Hidden, smp)
			fh := st.m0.Heuristic(vm, hm)
			p4s[s] = p4{pearson: stats.Pearson(fs, st.fExact), spearman: stats.Pearson(ranks(fh), ranks(st.fExact))}
			tick()
			return nil
		}
		crit := boltzmann.Criteria[c]
		m := st.m0.Clone()
		ch := chain{}
		for sess := 0; sess < p.Sessions; sess++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			score, err := criterion(ctx, m, crit, p, num.Stream(cfg.Seed, tagHeur, uint64(s), uint64(c), uint64(sess)),
				num.Stream(cfg.Seed, tagRandom, uint64(s), uint64(c), uint64(sess)))
			if err != nil {
				return err
			}
			m.PruneWeights(score, p.Percentile)
			m, _ = m.RemoveDeadHidden()
			if m.NH > 0 {
				if err := m.TrainContext(ctx, st.data, sch, num.Stream(cfg.Seed, tagRetrain, uint64(s), uint64(c), uint64(sess))); err != nil {
					return fail(crit.String()+" retraining", err)
				}
			}
			ch.units = append(ch.units, m.NH)
			ch.weights = append(ch.weights, m.LiveWeights())
			ch.kl = append(ch.kl, boltzmann.Enumerate(m).KL(st.counts))
		}
		ch.final = m
		chains[s*nCrit+c] = ch
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Aggregate.
	names := []string{"variance_fi", "heuristic_fi", "eigenvector_fi", "abs_w", "random", "anti_fi"}
	last := p.Sessions - 1
	units := make([][]float64, nCrit) // [criterion][session] mean over seeds
	unitsSD := make([][]float64, nCrit)
	kls := make([][]float64, nCrit)
	klsSD := make([][]float64, nCrit)
	for c := range names {
		for sess := 0; sess < p.Sessions; sess++ {
			var u, k []float64
			for s := 0; s < p.Seeds; s++ {
				ch := chains[s*nCrit+c]
				u = append(u, float64(ch.units[sess]))
				k = append(k, ch.kl[sess])
			}
			mu, sd := stats.MeanSD(u)
			units[c] = append(units[c], mu)
			unitsSD[c] = append(unitsSD[c], sd)
			mk, sk := stats.MeanSD(k)
			kls[c] = append(kls[c], mk)
			klsSD[c] = append(klsSD[c], sk)
		}
		res.Metric("units_left_"+names[c], units[c][last])
		res.Metric("kl_"+names[c], kls[c][last])
	}
	var kl0s, ratios, pears, spears []float64
	for s := range seeds {
		kl0s = append(kl0s, seeds[s].kl0)
		ratios = append(ratios, seeds[s].eig[0]/seeds[s].eig[1])
		pears = append(pears, p4s[s].pearson)
		spears = append(spears, p4s[s].spearman)
	}
	kl0, _ := stats.MeanSD(kl0s)
	res.Metric("kl_unpruned", kl0)
	res.Metric("fim_lambda1", seeds[0].eig[0])
	res.Metric("fim_lambda2", seeds[0].eig[1])
	res.Metric("fim_lambda1_over_lambda2_min", stats.Min(ratios))
	res.Metric("sampled_fi_pearson_min", stats.Min(pears))
	res.Metric("heuristic_fi_spearman_min", stats.Min(spears))
	res.Metric("weights_left", float64(chains[0].weights[last]))
	if err := undefinedMetrics(res.Metrics, kls, p); err != nil {
		return nil, err
	}

	// The unit-count bounds are the spec's for its 70 hidden units, scaled
	// with the hidden layer's size when --set hidden changes it (the same
	// fractions of the hidden units; identical at the default 70).
	sc := float64(p.Hidden) / specHidden
	res.AddCheck(experiment.NewCheck("P1_variance_fi_units",
		fmt.Sprintf("variance-FI pruning leaves ≤ %.3g of %d hidden units after %d sessions (mean over seeds; paper 9 of 70)", maxUnitsFI*sc, p.Hidden, p.Sessions),
		units[0][last], "<=", maxUnitsFI*sc))
	res.AddCheck(experiment.NewCheck("P1_heuristic_fi_units",
		fmt.Sprintf("heuristic-FI pruning leaves ≤ %.3g of %d hidden units (paper 10 of 70)", maxUnitsFI*sc, p.Hidden), units[1][last], "<=", maxUnitsFI*sc))
	res.AddCheck(experiment.NewCheck("P1_abs_w_units",
		fmt.Sprintf("|w| pruning leaves ≥ %.3g of %d hidden units (paper 35 of 70)", minUnitsW*sc, p.Hidden), units[3][last], ">=", minUnitsW*sc))
	res.AddCheck(experiment.NewCheck("P1_random_units",
		fmt.Sprintf("random pruning leaves ≥ %.3g of %d hidden units (paper 60 of 70)", minUnitsRandom*sc, p.Hidden), units[4][last], ">=", minUnitsRandom*sc))
	// P2 ("calibrate once"; the spec gives only the order, bound 0 kept).
	// Measured at default scale (mean over 3 seeds): KL anti − variance 1.17
	// and 0.59, random − variance 0.34 and 0.45 (runs with seed 1 and 2;
	// variance-FI KL 0.147 and 0.344). The spec's weaker "FI ≲ |w|" is not a
	// check; at seed 2 variance-FI KL exceeds |w| (0.309).
	res.AddCheck(experiment.NewCheck("P2_kl_anti_minus_variance",
		"exact KL(data‖model) after retraining: anti-FI minus variance-FI > 0 (mean over seeds)",
		kls[5][last]-kls[0][last], ">", 0))
	res.AddCheck(experiment.NewCheck("P2_kl_random_minus_variance",
		"exact KL(data‖model) after retraining: random minus variance-FI > 0 (mean over seeds)",
		kls[4][last]-kls[0][last], ">", 0))
	res.AddCheck(experiment.NewCheck("P3_sloppy_fim",
		"full exact FIM (b, c, W) of the trained unpruned RBM: λ1/λ2 ≥ 5 (every seed)", stats.Min(ratios), ">=", minSloppy))
	res.AddCheck(experiment.NewCheck("P4_sampled_fi_pearson",
		"Pearson r of sampled against exact F_ij ≥ 0.99 (every seed)", stats.Min(pears), ">=", minPearson))
	res.AddCheck(experiment.NewCheck("P4_heuristic_fi_spearman",
		"Spearman ρ of the local heuristic against exact F_ij ≥ 0.8 (every seed)", stats.Min(spears), ">=", minSpearman))

	res.Figures = figures(p, names, units, unitsSD, kls, klsSD, kl0, seeds[0].eig, chains[0].final, disc)
	res.Notes = append(res.Notes,
		"Deviations from the authors' code: procedural images (Gabor blobs + step edges) instead of CIFAR-10; exact FI (enumeration) "+
			"for the variance, anti-FI and eigenvector criteria; eigenvector criterion over the remaining parameters; KL over all "+patternCount(nv)+" "+
			"patterns with exact normalisation; momentum step "+p.MomentumRule+" (scaled: Δ ← η(μΔ + g) as in the boltzmann-machines library the code builds on).",
		fmt.Sprintf("Units left per session (mean over %d seeds): variance FI %v, heuristic FI %v, eigenvector FI %v, |w| %v, random %v, anti-FI %v; paper (one CIFAR run) 9, 10, 9, 35, 60, 35 after session 3.",
			p.Seeds, fmtv(units[0]), fmtv(units[1]), fmtv(units[2]), fmtv(units[3]), fmtv(units[4]), fmtv(units[5])))
	res.Finish()
	return res, nil
}

// undefinedMetrics reports the metrics that are NaN or Inf, all of them in
// sorted order, at the first session where a criterion's KL divergence
// (kls[criterion][session], mean over seeds) is not finite, or at session 0
// when the unpruned RBM's is not. A KL is +Inf when
// the retrained RBM gives an observed patch probability 0: its weights grew
// without overflowing (classic momentum = 0.999999 multiplies the step by up
// to 10⁶). That was a DivergedError naming one metric, in map order (it
// changed from run to run), at t = sessions, with no hint.
func undefinedMetrics(m map[string]float64, kls [][]float64, p Params) error {
	var bad []string
	for k, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	first := p.Sessions
	if v := m["kl_unpruned"]; math.IsNaN(v) || math.IsInf(v, 0) {
		first = 0 // the unpruned training, before any session
	}
	for _, kc := range kls {
		for sess, v := range kc {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				first = min(first, sess+1)
			}
		}
	}
	return &experiment.DivergedError{What: "metric(s) " + strings.Join(bad, ", "), T: float64(first), Unit: "sessions",
		Hint: fmt.Sprintf("RBM weights too large after training: learning rates lr_start = %g, lr_end = %g too large, or momentum = %g too near 1 (momentum_rule = %s)?", p.LRStart, p.LREnd, p.Momentum, p.MomentumRule)}
}

// criterion returns the score of every weight (NV × NH) under c; the lowest
// are pruned. The heuristic's Gibbs sampling (0.6 s at default scale) checks
// ctx between chunks of chains; it returns ctx.Err() when cancelled.
func criterion(ctx context.Context, m *boltzmann.RBM, c boltzmann.Criterion, p Params, rh, rr *rand.Rand) ([]float64, error) {
	n := m.NV * m.NH
	score := make([]float64, n)
	switch c {
	case boltzmann.VarianceFI, boltzmann.AntiFI:
		f := boltzmann.Enumerate(m).FisherDiag()
		for k, x := range f {
			if c == boltzmann.AntiFI {
				x = -x
			}
			score[k] = x
		}
	case boltzmann.HeuristicFI:
		smp, err := sampleJoint(ctx, m, p.HeurChains, p.GibbsSteps, rh)
		if err != nil {
			return nil, err
		}
		vm, hm := boltzmann.SampleMeans(m.NV, m.NH, smp)
		copy(score, m.Heuristic(vm, hm))
	case boltzmann.EigenvectorFI:
		F, pi := boltzmann.Enumerate(m).FIM()
		_, u := boltzmann.LeadingEigen(F, 1e-10, 5000)
		for q, w := range pi.Weight {
			score[w] = math.Abs(u[pi.NV+pi.NH+q])
		}
	case boltzmann.WeightMagnitude:
		for k, x := range m.W {
			score[k] = math.Abs(x)
		}
	case boltzmann.Random:
		for k := range score {
			score[k] = rr.Float64()
		}
	}
	return score, nil
}

func fmtv(x []float64) string {
	s := "["
	for i, v := range x {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%.1f", v)
	}
	return s + "]"
}

// ranks returns the ranks of x (ties get their average rank), so that
// pearson(ranks(a), ranks(b)) is Spearman's ρ.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

// sampleChunk is the number of chains sampleJoint runs between checks of its
// context: at paper scale (200 Gibbs steps) about 0.3 s.
const sampleChunk = 1000

// sampleJoint returns m.SampleJoint(chains, steps, r), drawn in chunks of
// sampleChunk chains with ctx checked between chunks (90,000 chains take
// ~30 s at paper scale). The chains run one after another on r, each from its
// own random start, so the samples are exactly those of a single call.
func sampleJoint(ctx context.Context, m *boltzmann.RBM, chains, steps int, r *rand.Rand) (boltzmann.Samples, error) {
	out := boltzmann.Samples{V: make([][]float64, 0, chains), H: make([][]float64, 0, chains)}
	for done := 0; done < chains; done += sampleChunk {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		smp := m.SampleJoint(min(sampleChunk, chains-done), steps, r)
		out.V = append(out.V, smp.V...)
		out.H = append(out.H, smp.H...)
	}
	return out, nil
}

// patternCount is the number of visible patterns, 2^nv, with commas between
// groups of three digits: the KL is exact over all of them (the note read
// 8,192, the count at the default 13 visible units, at any radius).
func patternCount(nv int) string {
	s := fmt.Sprint(1 << nv)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
