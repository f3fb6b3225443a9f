package rule2022

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/model/plasticity"
)

// Rule names a readout plasticity rule.
type Rule int

const (
	// Fixed keeps the GLM-fitted weights: no plasticity, no synaptic noise.
	Fixed Rule = iota
	// Homeostat adapts only each cell's gain γ and bias β (spec "homeostat").
	Homeostat
	// HebbHomeo is Hebbian learning gated by leakily integrated homeostatic
	// errors, without response normalisation (spec "hebbhomeo").
	HebbHomeo
	// HebbNorm is HebbHomeo with divisive response normalisation.
	HebbNorm
	// Recurrent is HebbNorm whose homeostatic and Hebbian signal is the
	// normalised output of a fixed recurrent map, y_r = N(φ(Rᵀy_n + b_R))
	// (spec "recurrent"; master.py replay_trial_recurrent).
	Recurrent
	// Predictive is HebbNorm whose signal comes from I_z steps of recurrent
	// error feedback, zh += ηz(−zh + Σz(y_n − φ(zh + μz))/zk), y_r =
	// N(φ(zh + μz)) (spec "predictive"; master.py replay_trial_predictive).
	Predictive
)

var ruleNames = []string{"fixed", "homeostat", "hebbhomeo", "hebbhomeo_norm", "recurrent", "predictive"}

func (r Rule) String() string { return ruleNames[r] }

// ruleLabels are the rules' names in figures (metric names keep ruleNames).
var ruleLabels = []string{"fixed readout", "homeostatic", "Hebbian + homeostatic", "Hebbian + homeostatic + normalisation",
	"recurrent feedback", "predictive feedback"}

// Label is the rule's name for figure legends and titles.
func (r Rule) Label() string { return ruleLabels[r] }

// trace is what one rule's simulation records per session.
type trace struct {
	Day     []float64 // session days
	NRMSE   []float64 // NRMSE of the session's final response vs targets
	MeanErr []float64 // per session: max over cells of |mean_L q − μ*|/μ*
	SDErr   []float64 // per session: max over cells of |std_L q − σ*|/σ*
	MeanMed []float64 // per session: median over cells of the mean error
	SDMed   []float64 // per session: median over cells of the SD error
	Final   []float64 // M×L response after the last session
	// DivergedDay is the day of the session whose response was NaN or Inf
	// when run reports false.
	DivergedDay int
}

// model holds what all rules share: day-0 features, targets, fitted W.
type model struct {
	p        Params
	X0       *mat.Dense   // day-0 features (K+1)×L
	Xs       []*mat.Dense // features on session days
	days     []int        // session days
	Y        *mat.Dense   // targets M×L
	W        *mat.Dense   // GLM weights (K+1)×M
	muY      float64      // mean of Y (normalisation level)
	R        *mat.Dense   // recurrent map (M+1)×M, GLM from [Y; 1] to Y (Recurrent only)
	Sz       *mat.Dense   // Σz, M×M covariance of the target activations (Predictive only)
	muZ      []float64    // μz, per-cell mean target activation (Predictive only)
	seed     uint64
	diverged bool
}

// replay holds one rule's state and scratch buffers: no allocation per
// iteration.
type replay struct {
	m          *model
	rule       Rule
	u          *mat.Dense // weights (K+1)×M
	gamma, bet []float64
	muT, sigT  float64
	Z, yf, yn  *mat.Dense // M×L
	H          *mat.Dense // K×M Hebbian term
	a          []float64  // per-cell mean activation (homeostat)
	uT         mat.Matrix // transposed views, made once (no allocation per iteration)
	yfT, ynT   mat.Matrix
	// Recurrent and Predictive only.
	yr, rz   *mat.Dense // M×L recurrent output y_r and its activation (Recurrent)
	zh, ferr *mat.Dense // M×L feedback state and error (Predictive)
	fb       *mat.Dense // M×L feedback drive Σz·err (Predictive)
	yrTv     mat.Matrix // transposed view of yr
	Rw       mat.Matrix // view of R's first M rows, transposed (M×M)
	last     *mat.Dense // response q returned by the last respond
}

func newReplay(m *model, rule Rule) *replay {
	K1, M := m.W.Dims()
	_, L := m.X0.Dims()
	r := &replay{m: m, rule: rule, u: mat.DenseCopyOf(m.W),
		gamma: make([]float64, M), bet: make([]float64, M),
		Z: mat.NewDense(M, L, nil), yf: mat.NewDense(M, L, nil), yn: mat.NewDense(M, L, nil),
		H: mat.NewDense(K1-1, M, nil), a: make([]float64, M)}
	r.uT, r.yfT, r.ynT = r.u.T(), r.yf.T(), r.yn.T()
	if rule == Recurrent || rule == Predictive {
		r.yr = mat.NewDense(M, L, nil)
		r.yrTv = r.yr.T()
	}
	if rule == Recurrent {
		r.rz = mat.NewDense(M, L, nil)
		r.Rw = m.R.Slice(0, M, 0, M).T()
	}
	if rule == Predictive {
		r.zh, r.ferr, r.fb = mat.NewDense(M, L, nil), mat.NewDense(M, L, nil), mat.NewDense(M, L, nil)
	}
	for i := range r.gamma {
		r.gamma[i] = 1
	}
	// Homeostatic targets from the response to day-0 features with the
	// fitted W, γ = 1, β = 0 (spec: μt, σt of Y0).
	q := r.respond(m.X0)
	r.muT, r.sigT = plasticity.MeanSD(q.RawMatrix().Data)
	return r
}

// respond computes the rule's response to features X with the current
// weights, gain and bias, and returns the homeostatic and Hebbian source q
// (y_r for Recurrent and Predictive, y_n for the other normalising rules,
// y_f otherwise). a = WᵀX; z = γa + β for the homeostat, z = a otherwise;
// y_f = φ(z); y_n = μ_Y(ε + y_f)/(ε + mean_cells y_f).
func (r *replay) respond(X *mat.Dense) *mat.Dense {
	r.Z.Mul(r.uT, X)
	M, L := r.Z.Dims()
	zd, fd := r.Z.RawMatrix().Data, r.yf.RawMatrix().Data
	for m := 0; m < M; m++ {
		g, b := 1.0, 0.0
		if r.rule == Homeostat {
			g, b = r.gamma[m], r.bet[m]
		}
		var s float64
		for l := 0; l < L; l++ {
			s += zd[m*L+l]
			fd[m*L+l] = phi(g*zd[m*L+l] + b)
		}
		r.a[m] = s / float64(L)
	}
	if r.rule == HebbHomeo || r.rule == Fixed {
		r.last = r.yf
		return r.yf
	}
	normalise(r.yn.RawMatrix().Data, fd, M, L, r.m.muY)
	r.last = r.yn
	switch r.rule {
	case Recurrent:
		r.recurrentMap()
		r.last = r.yr
	case Predictive:
		r.feedback()
		r.last = r.yr
	}
	return r.last
}

// normEps is ε of the response normalisation (master.py eps).
const normEps = 1e-6

// normalise writes the divisive response normalisation of the M×L
// responses y to dst: dst = μ_Y(ε + y)/(ε + mean_cells y), per location
// (spec; master.py nrmlz).
func normalise(dst, y []float64, M, L int, muY float64) {
	for l := 0; l < L; l++ {
		var s float64
		for m := 0; m < M; m++ {
			s += y[m*L+l]
		}
		s /= float64(M)
		for m := 0; m < M; m++ {
			dst[m*L+l] = muY * (normEps + y[m*L+l]) / (normEps + s)
		}
	}
}

// recurrentMap sets yr = N(φ(R[:M]ᵀ·y_n + R[M])), the recurrent
// linear–nonlinear map applied to the normalised forward response, then
// normalised (spec "recurrent"; master.py replay_trial_recurrent).
func (r *replay) recurrentMap() {
	M, L := r.yr.Dims()
	r.rz.Mul(r.Rw, r.yn)
	b := r.m.R.RawRowView(M)
	zd := r.rz.RawMatrix().Data
	for m := 0; m < M; m++ {
		for l := 0; l < L; l++ {
			zd[m*L+l] = phi(zd[m*L+l] + b[m])
		}
	}
	normalise(r.yr.RawMatrix().Data, zd, M, L, r.m.muY)
}

// feedback runs I_z Euler steps of the predictive feedback dynamics
// zh ← zh + ηz(−zh + Σz(y_n − φ(zh + μz))/zk) from zh = z = wᵀx, then sets
// yr = N(φ(zh + μz)) (spec "predictive"; master.py replay_trial_predictive,
// recurrent weights Σz as in standard_options.py rec = 0).
func (r *replay) feedback() {
	p := r.m.p
	M, L := r.yr.Dims()
	r.zh.Copy(r.Z)
	zh, e, fb := r.zh.RawMatrix().Data, r.ferr.RawMatrix().Data, r.fb.RawMatrix().Data
	yn := r.yn.RawMatrix().Data
	mu := r.m.muZ
	for it := 0; it < p.IterZ; it++ {
		for m := 0; m < M; m++ {
			for l := 0; l < L; l++ {
				e[m*L+l] = yn[m*L+l] - phi(zh[m*L+l]+mu[m])
			}
		}
		r.fb.Mul(r.m.Sz, r.ferr)
		for i := range zh {
			zh[i] += p.EtaZ * (-zh[i] + fb[i]/p.Zk)
		}
	}
	for m := 0; m < M; m++ {
		for l := 0; l < L; l++ {
			e[m*L+l] = phi(zh[m*L+l] + mu[m])
		}
	}
	normalise(r.yr.RawMatrix().Data, e, M, L, r.m.muY)
}

// rates returns the rule's learning rates η, ηβ, ηγ (standard_options.py:
// hebb_rates and map_rates share η = 1, ηβ = 0.1, ηγ = 1e-3; feedback_rates
// for the predictive rule are η = 1, ηβ = 5, ηγ = 5e-3).
func (r *replay) rates() (eta, etaBeta, etaGamma float64) {
	p := r.m.p
	if r.rule == Predictive {
		return p.PredEta, p.PredEtaBeta, p.PredEtaGamma
	}
	return p.Eta, p.EtaBeta, p.EtaGamma
}

// step is one replay iteration on features X, whose first K rows are xs
// (spec, rules homeostat and hebbhomeo). It returns the response q before
// the update.
func (r *replay) step(X, xs *mat.Dense) *mat.Dense {
	p := r.m.p
	q := r.respond(X)
	M, L := q.Dims()
	qd := q.RawMatrix().Data
	switch r.rule {
	case Homeostat:
		for m := 0; m < M; m++ {
			mu, sd := plasticity.MeanSD(qd[m*L : (m+1)*L])
			eMu, eSig := r.muT-mu, 1-sd/r.sigT
			r.bet[m] += p.HomEta * (p.HomBeta*eMu - r.a[m]*eSig)
			r.gamma[m] += p.HomEta * eSig
		}
	case HebbHomeo, HebbNorm, Recurrent, Predictive:
		for m := 0; m < M; m++ {
			mu, sd := plasticity.MeanSD(qd[m*L : (m+1)*L])
			r.bet[m] = p.Iota*r.bet[m] + (r.muT - mu)
			eSig := 1 - sd/r.sigT
			if r.rule == Recurrent || r.rule == Predictive {
				// master.py replay_trial_recurrent/predictive: ε_σ = (σt − std + ε)/(σt + ε)
				eSig = (r.sigT - sd + normEps) / (r.sigT + normEps)
			}
			r.gamma[m] = p.Iota*r.gamma[m] + eSig
		}
		K1, _ := r.u.Dims()
		K := K1 - 1
		eta, etaBeta, etaGamma := r.rates()
		// Hebbian term x qᵀ/L over the non-bias features, q the rule's
		// Hebbian source (heb = 2: y_f, y_n or y_r)
		var qT mat.Matrix
		switch q {
		case r.yf:
			qT = r.yfT
		case r.yn:
			qT = r.ynT
		default:
			qT = r.yrTv
		}
		r.H.Mul(xs, qT)
		ud, hd := r.u.RawMatrix().Data, r.H.RawMatrix().Data
		decay := 2 * p.Rho / float64(K)
		for k := 0; k < K; k++ {
			for m := 0; m < M; m++ {
				w := ud[k*M+m]
				dw := etaGamma * r.gamma[m] * (hd[k*M+m]/float64(L) - w)
				ud[k*M+m] = w + eta*(dw-decay*w)
			}
		}
		for m := 0; m < M; m++ {
			ud[K*M+m] += eta * etaBeta * r.bet[m]
		}
	}
	return q
}

// run simulates the rule over all days and returns its trace. report, if
// not nil, is called with the fraction of days done after each session. ctx
// is checked once per simulated day; on cancellation run returns ctx.Err().
func (r *replay) run(ctx context.Context, report func(frac float64)) (*trace, bool, error) {
	p, m := r.m.p, r.m
	K1, M := r.u.Dims()
	K := K1 - 1
	_, L := m.X0.Dims()
	tr := &trace{}
	rng := num.Stream(m.seed, 2)
	ud := r.u.RawMatrix().Data
	meanErr, sdErr := make([]float64, M), make([]float64, M)
	sess := 0
	for t := 0; t < p.Days; t++ {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		if r.rule != Fixed && p.Noise > 0 {
			// u ← √(1−n)u + √n·std(u)·ξ on the non-bias rows
			_, sd := plasticity.MeanSD(ud[:K*M])
			a, b := math.Sqrt(1-p.Noise), math.Sqrt(p.Noise)*sd
			for i := 0; i < K*M; i++ {
				ud[i] = a*ud[i] + b*rng.NormFloat64()
			}
		}
		if t%p.Delta != p.Delta-1 {
			continue
		}
		X := m.Xs[sess]
		sess++
		var q *mat.Dense
		if r.rule == Fixed {
			q = r.respond(X)
		} else {
			xs := X.Slice(0, K, 0, L).(*mat.Dense)
			for i := 0; i < p.Iters; i++ {
				if err := ctx.Err(); err != nil {
					return nil, false, err
				}
				q = r.step(X, xs)
			}
		}
		qd := q.RawMatrix().Data
		for _, v := range qd {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &trace{DivergedDay: t}, false, nil
			}
		}
		tr.Day = append(tr.Day, float64(t))
		tr.NRMSE = append(tr.NRMSE, nrmse(qd, m.Y.RawMatrix().Data, L))
		for c := 0; c < M; c++ {
			mu, sd := plasticity.MeanSD(qd[c*L : (c+1)*L])
			meanErr[c] = math.Abs(mu-r.muT) / r.muT
			sdErr[c] = math.Abs(sd-r.sigT) / r.sigT
		}
		tr.MeanErr = append(tr.MeanErr, stats.Max(meanErr))
		tr.SDErr = append(tr.SDErr, stats.Max(sdErr))
		tr.MeanMed = append(tr.MeanMed, stats.Median(meanErr))
		tr.SDMed = append(tr.SDMed, stats.Median(sdErr))
		if report != nil {
			report(float64(t+1) / float64(p.Days))
		}
	}
	tr.Final = append([]float64(nil), r.respondFinal()...)
	return tr, true, nil
}

// respondFinal returns the last computed response (q of the final session).
func (r *replay) respondFinal() []float64 { return r.last.RawMatrix().Data }
