package tlaie2024

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/averages"
	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/synth/templates"
)

// Experiment is the average-test reproduction.
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
		ID:       "average-test",
		Title:    "What does the mean mean? A simple test for neuroscience",
		Citation: "Tlaie et al., PLoS Comput Biol 2024 (bioRxiv 2021)",
		Family:   "population analysis",
		Claim:    "Single trials match their class average as well as count-matched down-sampled templates only when responses are template-Poisson; SI predicts behaviour only when behaviour depends on it.",
		About:    about,
		Params:   experiment.Describe(Default(experiment.Default)),
	}
}

// Stream tags.
const (
	tagA = iota + 1
	tagB
	tagBehaviour
	tagOutcome
	tagKappa0
	tagPerm
	tagSurrogate
	tagSubsample
	tagPopulation
)

// maxDraws bounds the surrogate work of one average test, counted in
// single-spike draws (~11 ns each: 10¹¹ take some minutes on 2 cores) by
// averages.SurrogateCost: a trial's spike count on the alias route (up to
// 8 spikes per neuron), 8 per neuron on the conditional-binomial route
// above. The quick and default scales do about 10⁷; κ = 3.9 at quick scale
// (trials of ~1.2·10⁵ spikes over 60 neurons) about 2·10⁷ in 0.7 s.
const maxDraws = 1e11

// Run runs the experiment.
func (e Experiment) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	res := experiment.NewResult(e.Meta(), cfg, &p)
	gen := templates.Config{Neurons: p.Neurons, Classes: 2, TrialsPerClass: p.TrialsPerClass,
		Mu0: p.Mu0, Kappa: p.Kappa, GainShape: p.GainShape}

	// Progress: conditions (a) and (b) dominate (surrogates); the rest is small.
	step := num.NewTally(6, cfg.Progress).Step
	test := func(tag uint64, c templates.Config) (templates.Session, *averages.Result, error) {
		s := templates.Generate(num.Stream(cfg.Seed, tag), c)
		// The surrogates redistribute every spike of every trial: with a
		// large κ (μ = μ0·e^{κz}: κ = 10 gave trials of 3·10¹⁰ spikes) the
		// test would run for years.
		// A trial beyond averages.MaxTrialSpikes (κ = 10 gives ~10¹⁰) is
		// refused here, naming the parameters, rather than by Test.
		var draws, most float64
		for i := 0; i < s.Counts.RawMatrix().Rows; i++ {
			k := floats.Sum(s.Counts.RawRowView(i))
			most = math.Max(most, k)
			if k <= averages.MaxTrialSpikes {
				draws += averages.SurrogateCost(int(k), s.Counts.RawMatrix().Cols) * float64(p.Surrogates)
			}
		}
		if most > averages.MaxTrialSpikes {
			return s, nil, experiment.Inputf("kappa = %g, mu0 = %g and pattern_sigma = %g give a trial of %.3g spikes (neurons = %d), over the %d a trial can hold; want a smaller kappa, mu0 or pattern_sigma (spec: 1, 2, 0.8)",
				p.Kappa, p.Mu0, p.PatternSigma, most, p.Neurons, averages.MaxTrialSpikes)
		}
		if draws > maxDraws {
			return s, nil, experiment.Inputf("kappa = %g, mu0 = %g and pattern_sigma = %g give %.3g spikes in %d trials (neurons = %d, trials_per_class = %d), each redistributed by %d surrogates: work of %.2g spike draws, over the %.0e this test can do in reasonable time; want fewer surrogates, trials_per_class or neurons, or a smaller kappa, mu0 or pattern_sigma (spec: 200, 300, 60, 1, 2, 0.8)",
				p.Kappa, p.Mu0, p.PatternSigma, mat.Sum(s.Counts), 2*p.TrialsPerClass, p.Neurons, p.TrialsPerClass, p.Surrogates, draws, maxDraws)
		}
		r, err := averages.Test(ctx, s.Counts, s.Labels, 2, averages.Options{
			Surrogates: p.Surrogates, Seed: seedOf(cfg.Seed, tagSurrogate, tag), Workers: cfg.NumWorkers()})
		return s, r, err
	}

	// Checks 1–2: percentile of ρ among surrogates, conditions (a) and (b).
	sa, ra, err := test(tagA, gen)
	if err != nil {
		return nil, err
	}
	step()
	genB := gen
	genB.PatternSigma = p.PatternSigma
	sb, rb, err := test(tagB, genB)
	if err != nil {
		return nil, err
	}
	step()
	percA, percB := finiteOnly(ra.Perc), finiteOnly(rb.Perc)
	if len(percA) == 0 || len(percB) == 0 {
		return nil, &experiment.DivergedError{What: "average-test percentiles (no trial with a defined correlation)", Unit: "trials", Hint: "mu0 too small?"}
	}
	meanA, meanB := stats.MeanNaN(percA), stats.MeanNaN(percB)
	_, ksP := stats.KSUniform(percA)
	res.Metric("mean_perc_template_poisson", meanA)
	res.Metric("ks_p_template_poisson", ksP)
	res.Metric("mean_perc_unreliable", meanB)
	res.Metric("mean_rho_template_poisson", stats.MeanNaN(ra.Rho))
	res.Metric("mean_rho_unreliable", stats.MeanNaN(rb.Rho))
	res.AddCheck(experiment.NewCheck("perc_a_mean", "template-Poisson: |mean percentile − 0.5| ≤ 0.05 (spec: 0.499 ± 0.010)", math.Abs(meanA-0.5), "<=", 0.05))
	res.AddCheck(experiment.NewCheck("perc_a_uniform", "template-Poisson: percentiles uniform, KS p > 1e-3", ksP, ">", 1e-3))
	res.AddCheck(experiment.NewCheck("perc_b_low", "pattern noise: mean percentile < 0.2 (spec: 0.036)", meanB, "<", 0.2))

	// Checks 3–4: behaviour pooled over sessions.
	siHitR, siMissR, siHitI, siMissI, err := behaviour(ctx, cfg, p, gen)
	if err != nil {
		return nil, err
	}
	step()
	_, aucR, pR := stats.MannWhitney(siHitR, siMissR)
	_, aucI, pI := stats.MannWhitney(siHitI, siMissI)
	res.Metric("auc_relevant", aucR)
	res.Metric("mw_p_relevant", pR)
	res.Metric("auc_irrelevant", aucI)
	res.Metric("mw_p_irrelevant", pI)
	// auc_relevant keeps the spec's 0.65. Measured at default scale, seeds
	// 1–8: 0.740, 0.718, 0.782, 0.679, 0.764, 0.726, 0.734, 0.716 (mean
	// 0.732, SD 0.031); seeds 1–40: 0.755 ± 0.032, min 0.668, none below
	// 0.65; spec replica 0.748 ± 0.039 (6 seeds). Drawing new preferences for
	// every session instead (one population per session) gave 0.686 ± 0.027
	// over seeds 1–40, 4 of them below 0.65: pooling sessions whose SI levels
	// differ dilutes the AUC.
	res.AddCheck(experiment.NewCheck("auc_relevant", "relevant behaviour: AUC(SI → hit) ≥ 0.65 (spec: 0.748 ± 0.039)", aucR, ">=", 0.65))
	res.AddCheck(experiment.NewCheck("mw_relevant", "relevant behaviour: Mann–Whitney p < 1e-3", pR, "<", 1e-3))
	res.AddCheck(experiment.NewCheck("auc_irrelevant", "irrelevant behaviour: |AUC − 0.5| ≤ 0.05 (null SD 0.0085 pooled)", math.Abs(aucI-0.5), "<=", 0.05))

	// Check 5: κ = 0, SI against its label-permutation control.
	g0 := gen
	g0.Kappa = 0
	s0 := templates.Generate(num.Stream(cfg.Seed, tagKappa0), g0)
	tm0, err := averages.Templates(s0.Counts, s0.Labels, 2)
	if err != nil {
		return nil, err
	}
	T0 := len(s0.Labels)
	rho0, ro0, si0 := make([]float64, T0), make([]float64, T0), make([]float64, T0)
	averages.Reliability(rho0, ro0, si0, s0.Counts, tm0, s0.Labels)
	meanSI0 := stats.MeanNaN(si0)
	var perm float64
	for k := 0; k < p.Permutations; k++ {
		v, err := averages.PermutedSI(num.Stream(cfg.Seed, tagPerm, uint64(k)), s0.Counts, s0.Labels, 2)
		if err != nil {
			return nil, err
		}
		perm += v
	}
	perm /= float64(p.Permutations)
	step()
	if math.IsNaN(meanSI0) || math.IsNaN(perm) {
		// SI is undefined on a trial without spikes or with a zero template
		// correlation; with none defined, there is nothing to compare.
		res.Notes = append(res.Notes, fmt.Sprintf("κ = 0: no trial has a defined SI (silent trials, e.g. most trial gains near 0 with gain_shape = %g, or mu0 = %g too small), so mean_si_kappa0 and check si_kappa0 are left out.", p.GainShape, p.Mu0))
	} else {
		res.Metric("mean_si_kappa0", meanSI0)
		res.Metric("mean_si_kappa0_permuted", perm)
		res.AddCheck(experiment.NewCheck("si_kappa0", "κ = 0: |mean SI − mean SI with permuted labels| < 0.02 (spec: 0.002 ± 0.006)", math.Abs(meanSI0-perm), "<", 0.02))
	}
	if v := stats.MeanNaN(ra.SI); !math.IsNaN(v) {
		res.Metric("mean_si_template_poisson", v)
	}

	// Neuron subsampling (no check in the spec): mean percentile against the
	// number of neurons kept, for both conditions.
	sub := make([][]float64, 2)
	var sizes []int
	for i, s := range []templates.Session{sa, sb} {
		sz, mp, err := averages.Subsample(ctx, s.Counts, s.Labels, 2, p.SubSteps, p.SubRepeats, averages.Options{
			Surrogates: p.SubSurrogates, Seed: seedOf(cfg.Seed, tagSubsample, uint64(i)), Workers: cfg.NumWorkers()})
		if err != nil {
			return nil, err
		}
		sizes, sub[i] = sz, mp
		step()
	}
	for k, n := range sizes {
		res.Metric(fmt.Sprintf("subsample_mean_perc_template_poisson_n%d", n), sub[0][k])
		res.Metric(fmt.Sprintf("subsample_mean_perc_unreliable_n%d", n), sub[1][k])
	}

	var undefined []string
	for k, v := range res.Metrics {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			undefined = append(undefined, k)
		}
	}
	if len(undefined) > 0 {
		sort.Strings(undefined)
		return nil, fmt.Errorf("average-test: metrics undefined (NaN or Inf): %s", strings.Join(undefined, ", "))
	}
	res.Figures = figures(ra, rb, siHitR, siMissR, siHitI, siMissI, sizes, sub)
	res.Finish()
	return res, nil
}

// behaviour simulates p.Sessions template-Poisson sessions of one population
// and returns the SI of hits and misses pooled over sessions, for relevant
// and irrelevant behaviour. The spec's generator has one set of preferences
// pref_{c,n} (no session index): the template rates are drawn once, and each
// session draws its own p.TrialsPerClass trials per class from them (gains,
// spikes), estimates its own templates and takes its own SI median.
func behaviour(ctx context.Context, cfg experiment.Config, p Params, gen templates.Config) (hitR, missR, hitI, missI []float64, err error) {
	mu := templates.Rates(num.Stream(cfg.Seed, tagPopulation), gen)
	sis := make([][]float64, p.Sessions)
	outR := make([][]bool, p.Sessions)
	outI := make([][]bool, p.Sessions)
	err = num.ParallelFor(ctx, cfg.NumWorkers(), p.Sessions, func(s int) error {
		ses := templates.Trials(num.Stream(cfg.Seed, tagBehaviour, uint64(s)), gen, mu)
		tm, err := averages.Templates(ses.Counts, ses.Labels, 2)
		if err != nil {
			return err
		}
		T := len(ses.Labels)
		rho, ro, si := make([]float64, T), make([]float64, T), make([]float64, T)
		averages.Reliability(rho, ro, si, ses.Counts, tm, ses.Labels)
		sis[s] = si
		outR[s] = templates.Outcomes(num.Stream(cfg.Seed, tagOutcome, uint64(s), 0), si, true, p.Slope, p.PHit)
		outI[s] = templates.Outcomes(num.Stream(cfg.Seed, tagOutcome, uint64(s), 1), si, false, p.Slope, p.PHit)
		return nil
	})
	if err != nil {
		return
	}
	for s := range sis {
		for i, v := range sis[s] {
			if math.IsNaN(v) {
				continue
			}
			if outR[s][i] {
				hitR = append(hitR, v)
			} else {
				missR = append(missR, v)
			}
			if outI[s][i] {
				hitI = append(hitI, v)
			} else {
				missI = append(missI, v)
			}
		}
	}
	if len(hitR) == 0 || len(missR) == 0 || len(hitI) == 0 || len(missI) == 0 {
		err = fmt.Errorf("average-test: a behavioural outcome never occurred")
	}
	return
}

func finiteOnly(x []float64) []float64 {
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

// seedOf derives a sub-seed for a nested stream family.
func seedOf(seed uint64, ids ...uint64) uint64 { return num.Stream(seed, ids...).Uint64() }
