package valente2022

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/model/lds"
	"neurolab/model/lrlds"
)

// Experiment is the lds-lowrank reproduction.
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
		ID:       "lds-lowrank",
		Title:    "Probing the relationship between latent linear dynamical systems and low-rank recurrent neural network models",
		Citation: "Valente, Ostojic & Pillow, Neural Comput 2022",
		Family:   "dynamics",
		Claim: "A linear rank-R RNN is exactly a latent LDS of dimension ≤ 2R, the converse holds only in limits, " +
			"and a partially observed RNN is better fitted by an LDS than by an RNN on the observed units.",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

// excessNs are the observed-population sizes of the excess-error curve
// (spec table).
var excessNs = []int{1, 2, 5, 10, 20, 50, 100, 200}

// excessMs is the measured cost of one draw of (c) at each of excessNs, in
// milliseconds (progress weights only; see Run).
var excessMs = []float64{0.25, 0.14, 0.08, 0.06, 0.05, 0.07, 0.16, 0.49}

// excessRef is the spec's reference mean excess (2000 draws of C).
var excessRef = []float64{0.1145, 0.1271, 0.0866, 0.0439, 0.0174, 0.0040, 0.0012, 0.0003}

// Stream tags.
const (
	tagRNN = iota + 1
	tagLL
	tagExcess
	tagFit
)

type covResult struct {
	maxErr     float64
	rnn, model [][]float64 // [pair][lag]
	relDLL     float64
	llLDS      float64
}

type fitResult struct {
	dim                 int
	llTrue, llEM, llVAR float64 // per step, held out
	trainLL             []float64
}

// setups builds the two rank-2 RNNs of the spec: (0) N = M (MᵀM)⁻¹ Bᵀ, so
// NᵀM = B = radius·Rot(angle) and col(N) = col(M) (exact latent dimension
// R = 2); (1) N ~ N(0,1) independent of M, rescaled so that the spectral
// radius of NᵀM is radius (exact dimension 2R = 4).
func setups(p Params, seed uint64) ([2]lrlds.RNN, error) {
	rng := num.Stream(seed, tagRNN)
	n := p.Units
	M := randn(rng, n, 2)
	var MtM, inv mat.Dense
	MtM.Mul(M.T(), M)
	if err := inv.Inverse(&MtM); err != nil {
		return [2]lrlds.RNN{}, err
	}
	c, s := math.Cos(p.Angle), math.Sin(p.Angle)
	B := mat.NewDense(2, 2, []float64{p.Radius * c, -p.Radius * s, p.Radius * s, p.Radius * c})
	var N mat.Dense
	N.Mul(M, &inv)
	N.Mul(&N, B.T())
	N2 := randn(rng, n, 2)
	var NtM mat.Dense
	NtM.Mul(N2.T(), M)
	var eig mat.Eigen
	if !eig.Factorize(&NtM, mat.EigenNone) {
		return [2]lrlds.RNN{}, fmt.Errorf("eigenvalues of NᵀM failed")
	}
	rho := 0.0
	for _, l := range eig.Values(nil) {
		rho = math.Max(rho, math.Hypot(real(l), imag(l)))
	}
	N2.Scale(p.Radius/rho, N2)
	return [2]lrlds.RNN{{M: M, N: &N, Sigma: p.Sigma}, {M: M, N: N2, Sigma: p.Sigma}}, nil
}

func randn(rng *rand.Rand, r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range m.RawMatrix().Data {
		m.RawMatrix().Data[i] = rng.NormFloat64()
	}
	return m
}

// Validate checks cross-parameter constraints before any work.
func (Experiment) Validate(cfg experiment.Config) error {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return err
	}
	return validate(p)
}

func validate(p Params) error {
	if p.Observed >= p.Units {
		return experiment.Inputf("k_obs = %d must be smaller than n_units = %d (partial observation)", p.Observed, p.Units)
	}
	if p.Observed <= 4 {
		return experiment.Inputf("k_obs = %d must exceed the latent dimension 2R = 4", p.Observed)
	}
	// The fits of (d) estimate k_obs × k_obs matrices (the VAR(1)
	// initialisation's transition and covariance, then EM's): with fewer than
	// about 3 samples per observed dimension they come out singular or
	// unstable and the run failed (exit 3; k_obs = 10, seed 1: t_train = 10,
	// 12, 20 failed, 30 ran at seeds 1-4).
	if p.TTrain < 3*p.Observed {
		return experiment.Inputf("bad value %d for parameter t_train: want at least 3·k_obs = %d steps (the fits of (d) estimate k_obs × k_obs matrices)", p.TTrain, 3*p.Observed)
	}
	return nil
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
	rnns, err := setups(p, cfg.Seed)
	if err != nil {
		return nil, err
	}
	var cov covResult
	excess := make([][]float64, len(excessNs)) // [N][draw]
	fits := make([]fitResult, 2)
	// Jobs: 0 = (a)+(b), 1..len(Ns) = (c) per N, then the two fits (d).
	nJobs := 1 + len(excessNs) + 2
	// Progress counts each job by its cost, in milliseconds measured once
	// at default scale (seed 1, 2-core AMD EPYC): (a)+(b) 0.07 per step of
	// t_ll (0.70 s at 10⁴); (c) 0.05–0.5 per draw depending on N (excessMs);
	// (d) 0.28 and 0.42 µs per (training step × EM iteration) for the two
	// setups (0.28 s and 0.42 s at 10⁴ × 100). At paper scale (t_train =
	// 10⁵) this model gives the two EM fits ~90 % of the work; inside a fit
	// job the bar moves with every EM iteration (fitPre, fitEM).
	cost := func(j int) float64 {
		switch {
		case j == 0:
			return 0.07 * float64(p.TLL)
		case j <= len(excessNs):
			return excessMs[j-1] * float64(p.Draws)
		}
		return []float64{0.28e-3, 0.42e-3}[j-1-len(excessNs)] * float64(p.TTrain) * float64(p.EMIters)
	}
	var totalCost float64
	for j := 0; j < nJobs; j++ {
		totalCost += cost(j)
	}
	tally := num.NewWeightedTally(totalCost, cfg.Progress)
	err = num.ParallelFor(ctx, cfg.NumWorkers(), nJobs, func(j int) error {
		// advance moves job j's part of the bar to frac ∈ [0, 1] of its
		// share (never back); advance(1) adds the whole share.
		var added float64 // of cost(j)
		advance := func(frac float64) {
			if n := frac * cost(j); n > added {
				tally.Add(n - added)
				added = n
			}
		}
		var err error
		switch {
		case j == 0:
			cov, err = covAndLL(p, rnns[0], cfg.Seed)
		case j <= len(excessNs):
			excess[j-1], err = excessDraws(ctx, excessNs[j-1], p.Draws, cfg.Seed)
		default:
			fits[j-1-len(excessNs)], err = fitPartial(ctx, p, rnns[j-1-len(excessNs)], j-1-len(excessNs), cfg.Seed, advance)
		}
		advance(1)
		return err
	})
	if err != nil {
		return nil, err
	}

	// (a), (b).
	res.Metric("max_abs_dcov", cov.maxErr)
	res.Metric("rel_dll", cov.relDLL)
	res.Metric("ll_per_step_b", cov.llLDS/float64(p.TLL))
	res.AddCheck(experiment.NewCheck("lagged_cov_exact",
		fmt.Sprintf("constructed LDS reproduces the RNN's lagged covariances, lags 0–%d: max |ΔCov| < 1e-9", p.MaxLag),
		cov.maxErr, "<", 1e-9))
	res.AddCheck(experiment.NewCheck("loglik_exact",
		"Kalman LL of the constructed LDS equals the RNN's exact AR(1) LL: |ΔLL| < 1e-6 |LL|",
		cov.relDLL, "<", 1e-6))

	// (c).
	means := make([]float64, len(excessNs))
	sems := make([]float64, len(excessNs))
	for i, xs := range excess {
		m, sd := stats.MeanSD(xs)
		means[i], sems[i] = m, sd/math.Sqrt(float64(len(xs)))
		res.Metric(fmt.Sprintf("excess_mean_N%d", excessNs[i]), means[i])
	}
	maxInc := math.Inf(-1) // largest step up over N ≥ 2
	for i := 2; i < len(means); i++ {
		maxInc = math.Max(maxInc, means[i]-means[i-1])
	}
	res.Metric("excess_max_increase", maxInc)
	res.AddCheck(experiment.NewCheck("excess_monotone",
		"mean excess error of the Markov predictor decreases monotonically over N = 2…200 (largest step up < 0)",
		maxInc, "<", 0))
	i100, i2 := indexOf(excessNs, 100), indexOf(excessNs, 2)
	res.AddCheck(experiment.NewCheck("excess_n100", "mean excess error at N = 100 is below 1%", means[i100], "<", 0.01))
	res.AddCheck(experiment.NewCheck("excess_n2", "mean excess error at N = 2 is above 5%", means[i2], ">", 0.05))

	// (d).
	for s, f := range fits {
		tag := fmt.Sprintf("d%d", f.dim)
		res.Metric("ll_true_"+tag, f.llTrue)
		res.Metric("ll_em_"+tag, f.llEM)
		res.Metric("ll_var_"+tag, f.llVAR)
		gap := f.llTrue - f.llVAR
		ratio := (f.llTrue - f.llEM) / gap
		res.Metric("em_gap_fraction_"+tag, ratio)
		// Finite-sample expectation (Akaike): a maximum-likelihood fit of k
		// free parameters on T steps loses about k/(2T) nats/step on held-out
		// data relative to the truth. The LDS has k = d² (A) + Kd (C) +
		// d(d+1)/2 (Q) + K(K+1)/2 (R) + K (offset) − d² (the GL(d) gauge);
		// the measured gap LL_true − LL_VAR already includes VAR(1)'s own
		// overfitting. Seed 1, default: d = 2 predicts 0.040 (measured 0.038);
		// d = 4 predicts 0.44 (measured 0.67), so at T = 10⁴ no efficient
		// estimator is expected to meet the 0.2 bound in setup 2.
		k := float64(p.Observed*f.dim + f.dim*(f.dim+1)/2 + p.Observed*(p.Observed+1)/2 + p.Observed)
		expected := k / (2 * float64(p.TTrain)) / gap
		res.Metric("em_gap_fraction_expected_"+tag, expected)
		res.AddCheck(experiment.NewCheck("em_beats_var_"+tag,
			fmt.Sprintf("setup %d (latent dim %d): held-out LL of the EM-fitted LDS exceeds the VAR(1) RNN's (nats/step)", s+1, f.dim),
			f.llEM-f.llVAR, ">", 0))
		res.AddCheck(experiment.NewCheck("em_near_true_"+tag,
			fmt.Sprintf("setup %d (latent dim %d): LL_true − LL_EM ≤ 0.2 (LL_true − LL_VAR) on held-out data", s+1, f.dim),
			ratio, "<=", 0.2))
	}
	if f := fits[1]; f.llTrue-f.llEM > 0.2*(f.llTrue-f.llVAR) {
		res.Notes = append(res.Notes, fmt.Sprintf(
			"Setup 2 (N independent of M, latent dimension 2R = %d): the true LDS beats VAR(1) by only %.4f nats/step "+
				"on held-out data and the EM fit loses %.4f nats/step to the truth (%.2f of the gap, check wants ≤ 0.2). "+
				"The loss is finite-sample overfitting of the LDS's parameters (EM started at the true parameters "+
				"reaches the same held-out LL at seed 1), not an EM failure; the LDS still beats VAR(1) (%.4f nats/step). "+
				"The Akaike expectation for a maximum-likelihood fit of the LDS's %d free parameters on %d steps, k/(2T), "+
				"is already %.2f of this gap (metric em_gap_fraction_expected_d%d), so the 0.2 bound needs a longer "+
				"training sequence (--set t_train=100000) rather than a better fit.",
			f.dim, f.llTrue-f.llVAR, f.llTrue-f.llEM, (f.llTrue-f.llEM)/(f.llTrue-f.llVAR), f.llEM-f.llVAR,
			p.Observed*f.dim+f.dim*(f.dim+1)/2+p.Observed*(p.Observed+1)/2+p.Observed, p.TTrain,
			float64(p.Observed*f.dim+f.dim*(f.dim+1)/2+p.Observed*(p.Observed+1)/2+p.Observed)/(2*float64(p.TTrain))/(f.llTrue-f.llVAR), f.dim))
	}
	res.Figures = append(res.Figures,
		covFigure(cov, p),
		excessFigure(means, sems, p),
		llFigure(fits, p.Observed))
	res.Finish()
	return res, nil
}

func indexOf(xs []int, v int) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	panic("valente2022: missing N")
}

// covPairs are the unit pairs (i, j) drawn in the covariance figure.
var covPairs = [][2]int{{0, 0}, {0, 1}, {1, 2}, {3, 5}}

// covAndLL runs (a) and (b) on setup rnn.
func covAndLL(p Params, rnn lrlds.RNN, seed uint64) (covResult, error) {
	var out covResult
	m, err := lrlds.FromRNN(rnn)
	if err != nil {
		return out, err
	}
	out.rnn = make([][]float64, len(covPairs))
	out.model = make([][]float64, len(covPairs))
	for lag := 0; lag <= p.MaxLag; lag++ {
		cr, err := rnn.LaggedCov(lag)
		if err != nil {
			return out, err
		}
		cm, err := m.LaggedCov(lag)
		if err != nil {
			return out, err
		}
		var d mat.Dense
		d.Sub(cr, cm)
		out.maxErr = math.Max(out.maxErr, math.Max(mat.Max(&d), -mat.Min(&d)))
		for k, pr := range covPairs {
			out.rnn[k] = append(out.rnn[k], cr.At(pr[0], pr[1]))
			out.model[k] = append(out.model[k], cm.At(pr[0], pr[1]))
		}
	}
	X, err := rnn.Sample(num.Stream(seed, tagLL), p.TLL)
	if err != nil {
		return out, err
	}
	llLDS, err := m.LogLikelihood(lds.Sequence{Y: X})
	if err != nil {
		return out, fmt.Errorf("lds-lowrank (b): %w", err)
	}
	n := p.Units
	S := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		S.SetSym(i, i, p.Sigma*p.Sigma)
	}
	llAR, err := lrlds.VAR1{J: rnn.J(), Sigma: S}.LogLikelihood(X)
	if err != nil {
		return out, err
	}
	out.llLDS = llLDS
	out.relDLL = math.Abs(llLDS-llAR) / math.Abs(llAR)
	return out, nil
}

// excessDraws returns the excess error of draws random loadings C at
// population size n (spec setup (c): d = 2, A = 0.95 Rot(0.2),
// Q = (1 − 0.95²) I, C_ij ~ N(0,1), R = I).
func excessDraws(ctx context.Context, n, draws int, seed uint64) ([]float64, error) {
	c, s := math.Cos(0.2), math.Sin(0.2)
	A := mat.NewDense(2, 2, []float64{0.95 * c, -0.95 * s, 0.95 * s, 0.95 * c})
	q := 1 - 0.95*0.95
	Q := mat.NewSymDense(2, []float64{q, 0, 0, q})
	R := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		R.SetSym(i, i, 1)
	}
	out := make([]float64, draws)
	for k := range out {
		if k%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		C := randn(num.Stream(seed, tagExcess, uint64(n), uint64(k)), n, 2)
		x, err := lrlds.ExcessError(&lds.Model{A: A, Q: Q, C: C, R: R})
		if err != nil {
			return nil, err
		}
		out[k] = x
	}
	return out, nil
}

// Within a fit job's share of the bar, the EM iterations move it from
// fitPre to fitPre + fitEM (measured, seed 1, 2-core AMD EPYC: sampling,
// the true LDS's LL and InitPCA took 5-9 % of the job, EM 89-94 %, the
// held-out LLs and VAR(1) the rest, at t_train 10⁴ and 10⁵ alike).
const fitPre, fitEM = 0.06, 0.91

// fitPartial runs (d) on one setup: observe k_obs random units, fit an LDS
// by EM (PCA start, full R, latent dimension = the exact one) and a VAR(1)
// on the training half, and score the true LDS, the fit and the VAR(1) on
// the held-out half (nats per step). progress, if not nil, is called with
// the fraction of the job done as EM iterates.
func fitPartial(ctx context.Context, p Params, rnn lrlds.RNN, setup int, seed uint64, progress func(frac float64)) (fitResult, error) {
	var out fitResult
	rng := num.Stream(seed, tagFit, uint64(setup))
	idx := rng.Perm(p.Units)[:p.Observed]
	X, err := rnn.Sample(rng, 2*p.TTrain)
	if err != nil {
		return out, err
	}
	Y := mat.NewDense(2*p.TTrain, p.Observed, nil)
	for t := 0; t < 2*p.TTrain; t++ {
		for a, i := range idx {
			Y.Set(t, a, X.At(t, i))
		}
	}
	train := mat.DenseCopyOf(Y.Slice(0, p.TTrain, 0, p.Observed))
	test := mat.DenseCopyOf(Y.Slice(p.TTrain, 2*p.TTrain, 0, p.Observed))
	full, err := lrlds.FromRNN(rnn)
	if err != nil {
		return out, err
	}
	truth := lrlds.SelectUnits(full, idx)
	out.dim = exactDim(rnn)
	T := float64(p.TTrain)
	ll, err := truth.LogLikelihood(lds.Sequence{Y: test})
	if err != nil {
		return out, fmt.Errorf("lds-lowrank (d) true LDS: %w", err)
	}
	out.llTrue = ll / T
	m, err := lds.InitPCA([]lds.Sequence{{Y: train}}, out.dim)
	if err != nil {
		return out, err
	}
	opt := lds.Options{Iters: p.EMIters, FitOffset: true}
	if progress != nil {
		opt.Progress = func(done, iters int, _ float64) {
			progress(fitPre + fitEM*float64(done)/float64(iters))
		}
	}
	lls, err := lds.Fit(ctx, m, []lds.Sequence{{Y: train}}, opt)
	if err != nil {
		return out, fmt.Errorf("lds-lowrank (d) EM: %w", err)
	}
	for _, l := range lls {
		out.trainLL = append(out.trainLL, l/T)
	}
	ll, err = m.LogLikelihood(lds.Sequence{Y: test})
	if err != nil {
		return out, fmt.Errorf("lds-lowrank (d) EM fit on test data: %w", err)
	}
	out.llEM = ll / T
	v, err := lrlds.FitVAR1([]*mat.Dense{train})
	if err != nil {
		return out, err
	}
	ll, err = v.LogLikelihood(test)
	if err != nil {
		return out, err
	}
	out.llVAR = ll / T
	for _, x := range []float64{out.llTrue, out.llEM, out.llVAR} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return out, &experiment.DivergedError{What: "held-out log-likelihood", T: 0, Unit: "steps"}
		}
	}
	return out, nil
}

// exactDim is the minimal latent dimension: R when col(M) ⊆ col(N), else 2R.
func exactDim(r lrlds.RNN) int {
	_, R := r.M.Dims()
	var NtN, inv, proj, resid mat.Dense
	NtN.Mul(r.N.T(), r.N)
	if err := inv.Inverse(&NtN); err != nil {
		return 2 * R
	}
	proj.Mul(r.N, &inv)
	var coef mat.Dense
	coef.Mul(r.N.T(), r.M)
	proj.Mul(&proj, &coef)
	resid.Sub(r.M, &proj)
	if mat.Norm(&resid, 2) < 1e-8*mat.Norm(r.M, 2) {
		return R
	}
	return 2 * R
}

func covFigure(c covResult, p Params) experiment.Figure {
	pl := fig.New("Rank-2 RNN and its constructed LDS have identical lagged covariances",
		"lag (steps)", "Cov(x_i(t+lag), x_j(t)) (a.u.)")
	lags := make([]float64, p.MaxLag+1)
	for i := range lags {
		lags[i] = float64(i)
	}
	for k, pr := range covPairs {
		fig.Line(pl, lags, c.rnn[k], fmt.Sprintf("RNN (%d,%d)", pr[0], pr[1]), fig.Color(k))
		fig.Points(pl, lags, c.model[k], "", fig.Color(k))
	}
	pl.Legend.Add("dots: LDS")
	return experiment.Figure{Name: "lagged-covariances",
		Caption: "Lines: the RNN's lagged covariances for four unit pairs; dots: the 2R-dimensional LDS built from it.",
		Plot:    pl}
}

func excessFigure(means, sems []float64, p Params) experiment.Figure {
	pl := fig.New("The Markov (RNN) predictor of an LDS approaches Kalman only as N grows",
		"observed units N (log scale)", "excess one-step MSE over Kalman (%)")
	pl.X.Scale = plot.LogScale{}
	pl.X.Tick.Marker = plot.LogTicks{Prec: -1}
	x := make([]float64, len(excessNs))
	m := make([]float64, len(means))
	e := make([]float64, len(means))
	ref := make([]float64, len(means))
	for i, n := range excessNs {
		x[i] = float64(n)
		m[i], e[i], ref[i] = 100*means[i], 100*sems[i], 100*excessRef[i]
	}
	fig.Line(pl, x, m, fmt.Sprintf("mean ± s.e.m. over %d draws of C", p.Draws), fig.Color(0))
	fig.ErrorPoints(pl, x, m, e, "", fig.Color(0))
	fig.Dashed(pl, x, ref, "reference (2000 draws of C)", fig.Gray)
	pl.Y.Min = 0 // an excess error is ≥ 0; the axis starts at a labelled 0
	return experiment.Figure{Name: "excess-error",
		Caption: "Relative excess one-step error of the best Markov predictor over the steady-state Kalman predictor (d = 2 LDS, R = I).",
		Plot:    pl}
}

// llFigure's title adds, for the setups failing check em_near_true (EM
// loses more than 0.2 of the true LDS's gain over VAR(1)), that EM falls
// short of the true LDS there.
func llFigure(fits []fitResult, observed int) experiment.Figure {
	title := "Partially observed RNN: LDS fits beat a VAR(1) on the observed units"
	var short []string
	for _, f := range fits {
		if f.llTrue-f.llEM > 0.2*(f.llTrue-f.llVAR) {
			short = append(short, fmt.Sprintf("d = %d", f.dim))
		}
	}
	if len(short) > 0 {
		title = "LDS fits beat a VAR(1); EM falls short of the true LDS at " + strings.Join(short, ", ")
	}
	pl := fig.New(title, "setup (exact latent dimension)", "held-out LL − LL_VAR(1) (nats/step)")
	names := make([]string, len(fits))
	for s, f := range fits {
		names[s] = fmt.Sprintf("d = %d", f.dim)
	}
	var yt, ye []float64
	for _, f := range fits {
		yt = append(yt, f.llTrue-f.llVAR)
		ye = append(ye, f.llEM-f.llVAR)
	}
	fig.GroupedBars(pl, names, [][]float64{yt, ye}, []string{"true LDS", "EM-fitted LDS"}, vg.Points(14))
	return experiment.Figure{Name: "heldout-loglik",
		Caption: fmt.Sprintf("Held-out log-likelihood per step relative to the VAR(1) fit on the %d observed units, for the R- and 2R-dimensional setups.", observed),
		Plot:    pl}
}
