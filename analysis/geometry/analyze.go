package geometry

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"

	"neurolab/analysis/svm"
	"neurolab/experiment"
	"neurolab/internal/num"
)

// Tensor is a response array of Sessions × Trials × Cells values, row-major
// (cells fastest).
type Tensor struct {
	Sessions, Trials, Cells int
	Data                    []float64
}

// At returns the response vector of trial t in session s.
func (x Tensor) At(s, t int) []float64 {
	o := (s*x.Trials + t) * x.Cells
	return x.Data[o : o+x.Cells]
}

// Options configure Analyze.
type Options struct {
	// Lag is the session step Δ of the compared pairs (s, s+Lag), ≥ 0;
	// 0 means 1.
	Lag int
	// Stride is the step between the first sessions of successive pairs,
	// ≥ 0; 0 means 1 (every pair).
	Stride int
	// SVC trains linear SVCs (C = 1) between the first two stimulus labels
	// in each session of a pair; Folds-fold cross-validation (0 means 10;
	// otherwise ≥ 2) gives the within-session accuracy. Negative values are
	// input errors. The SVC is not scale-invariant: it classifies the
	// responses in their own units, except a tensor whose largest |value|
	// is below 2⁻⁴⁰⁰ or whose trial vectors' squared norms overflow, which
	// is classified (like the rest of the analysis) after an exact
	// power-of-two rescaling.
	SVC   bool
	Folds int
	// MinTrialsPerCell, if positive, requires every group to have at least
	// that many trials per cell (1 means trials ≥ cells: a covariance of
	// rank n, or n − 1 at trials = cells). Without it, a group of m ≤ n
	// trials has at most m − 1 PCs (see Fit).
	MinTrialsPerCell float64
	Seed             uint64 // seeds the SVC's coordinate order and folds
	// Progress, if not nil, is called with the fraction of the session
	// pairs analysed, after each pair (AnalyzeMany calls the first option
	// set's Progress with the fraction of all its sets' pairs). It is
	// called from the calling goroutine.
	Progress func(frac float64)
}

// PairGroup holds the metrics of one stimulus group between sessions
// (S, S+Lag).
type PairGroup struct {
	S, Label int
	D        float64 // participation ratio of the earlier group
	K        int     // ⌈D⌉
	Captured float64 // variance fraction in the earlier variational space
	Gamma    float64 // drift-in-variation ratio (Eq 9)
	Overlap  float64 // Γ between the two variational spaces (Eq 10)
	DriftRel float64 // ‖d‖/‖x̄_earlier‖
	// Ratio, Frac, Angle and PostVar have one value per PC of the earlier
	// group, Rank of them.
	Ratio []float64 // earlier v_i
	Frac  []float64 // |d·w_i|/‖d‖
	Angle []float64 // θ(d, w_i), degrees
	// PostVar is the later group's variance along w_i ÷ the earlier total
	// variance. With m trials the earlier PCs overfit their own sample, so
	// even without drift PostVar[0] falls below v_1 by O(n/m).
	PostVar []float64
	// Rank is the number of PCs of the earlier group (PCA.Rank): n with
	// more trials than cells (m − 1 ≥ n); otherwise those with variance,
	// at most m − 1 (fewer for duplicated or collinear trials; see Fit).
	Rank          int
	AngleFit      LinFit  // θ(d, w_i) against v_i over the Rank PCs (Eq 13)
	FracFit       LinFit  // |d·w_i|/‖d‖ against v_i
	PostVarPC1Rel float64 // PostVar[0]/v_1
}

// Pair holds the SVC metrics between sessions (S, S+Lag).
type Pair struct {
	S           int
	SVCAngle    float64 // angle between the two sessions' SVC normals, degrees
	CrossAcc    float64 // a^{s,s′}: trained on S, tested on S+Lag
	WithinAcc   float64 // a^{s′,s′}: cross-validated on S+Lag
	RelCrossAcc float64 // a^{s,s′}/a^{s′,s′} (Eq 14)
}

// Report is Analyze's result; the scalar fields are means over all pairs
// and groups (the mean of the PairGroup or Pair field of the same name).
type Report struct {
	Sessions, Trials, Cells, Lag int   // the tensor's shape and Options.Lag
	Labels                       []int // stimulus labels analysed, ascending
	Groups                       []PairGroup
	Pairs                        []Pair // SVC metrics per session pair (nil without Options.SVC)

	D, DOverN, Captured   float64 // participation ratio D, D/n, variance fraction in the variational space
	Gamma, GammaRandom    float64 // GammaRandom = mean ⌈D⌉/n, E[γ] for random drift
	Overlap, DriftRel     float64 // Γ (Eq 10) and ‖d‖/‖x̄_earlier‖
	Theta1                float64 // mean θ(d, w_1), degrees
	AngleSlope, AngleR    float64 // mean of the per-group fits of θ against v
	FracSlope, FracR      float64 // mean of the per-group fits of |d·w_i|/‖d‖ against v
	PostVarPC1Rel         float64 // mean PostVar[0]/v_1
	SVCAngle, RelCrossAcc float64 // NaN-free: 0 when SVC is off
	CrossAcc, WithinAcc   float64 // a^{s,s′} and a^{s′,s′}; 0 when SVC is off
}

// Validate checks that x and labels (one per session and trial, or one per
// trial shared by all sessions) can be analysed with opt: at least two
// sessions, finite values, at least two trials per group in every session,
// and opt.MinTrialsPerCell. Its errors start with "geometry: " and wrap
// experiment.ErrInput.
func Validate(x Tensor, labels []int, opt Options) error {
	if x.Sessions < 2 {
		return experiment.Inputf("geometry: %d session(s), need at least 2", x.Sessions)
	}
	if x.Trials < 2 || x.Cells < 1 {
		return experiment.Inputf("geometry: shape %d×%d×%d: need at least 2 trials and 1 cell", x.Sessions, x.Trials, x.Cells)
	}
	if len(x.Data) != x.Sessions*x.Trials*x.Cells {
		return experiment.Inputf("geometry: %d values for shape %d×%d×%d, want %d", len(x.Data), x.Sessions, x.Trials, x.Cells, x.Sessions*x.Trials*x.Cells)
	}
	for i, v := range x.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			c := i % x.Cells
			t := (i / x.Cells) % x.Trials
			return experiment.Inputf("geometry: response of session %d, trial %d, cell %d is %v, must be finite", i/(x.Cells*x.Trials), t, c, v)
		}
	}
	if len(labels) != x.Trials && len(labels) != x.Sessions*x.Trials {
		return experiment.Inputf("geometry: %d labels, want %d (one per trial) or %d (per session and trial)",
			len(labels), x.Trials, x.Sessions*x.Trials)
	}
	switch {
	case opt.Lag < 0:
		return experiment.Inputf("geometry: Options.Lag = %d: want ≥ 0 (0 means 1)", opt.Lag)
	case opt.Stride < 0:
		return experiment.Inputf("geometry: Options.Stride = %d: want ≥ 0 (0 means 1)", opt.Stride)
	case opt.Folds < 0 || opt.Folds == 1:
		return experiment.Inputf("geometry: Options.Folds = %d: want 0 (meaning 10) or ≥ 2", opt.Folds)
	case !(opt.MinTrialsPerCell >= 0) || math.IsInf(opt.MinTrialsPerCell, 0):
		return experiment.Inputf("geometry: Options.MinTrialsPerCell = %g: want a finite number ≥ 0 (0: no requirement)", opt.MinTrialsPerCell)
	}
	lag := max(opt.Lag, 1)
	if lag >= x.Sessions {
		return experiment.Inputf("geometry: lag %d with %d sessions: no pair to compare", lag, x.Sessions)
	}
	for s := 0; s < x.Sessions; s++ {
		counts := map[int]int{}
		for t := 0; t < x.Trials; t++ {
			counts[label(labels, x, s, t)]++
		}
		for l, c := range counts {
			if c < 2 {
				return experiment.Inputf("geometry: session %d has %d trial(s) of label %d, need at least 2", s, c, l)
			}
			if opt.MinTrialsPerCell > 0 && float64(c) < opt.MinTrialsPerCell*float64(x.Cells) {
				return experiment.Inputf("geometry: session %d has %d trials of label %d for %d cells: fewer trials than cells, so the group's PCA is rank-deficient",
					s, c, l, x.Cells)
			}
		}
	}
	if opt.SVC && len(distinct(labels)) < 2 {
		return experiment.Inputf("geometry: SVC needs at least two stimulus labels, got %d", len(distinct(labels)))
	}
	return nil
}

func label(labels []int, x Tensor, s, t int) int {
	if len(labels) == x.Trials {
		return labels[t]
	}
	return labels[s*x.Trials+t]
}

func distinct(labels []int) []int {
	l := slices.Clone(labels)
	slices.Sort(l)
	return slices.Compact(l)
}

// group returns the responses of label l in session s (m × cells).
func group(x Tensor, labels []int, s, l int) ([]float64, int) {
	var g []float64
	m := 0
	for t := 0; t < x.Trials; t++ {
		if label(labels, x, s, t) == l {
			g = append(g, x.At(s, t)...)
			m++
		}
	}
	return g, m
}

// Analyze computes the drift geometry of every stimulus group between
// sessions (s, s+Lag), and optionally the SVC metrics, and their means.
func Analyze(ctx context.Context, x Tensor, labels []int, opt Options) (*Report, error) {
	r, err := AnalyzeMany(ctx, x, labels, []Options{opt})
	if err != nil {
		return nil, err
	}
	return r[0], nil
}

// AnalyzeMany is Analyze for several option sets (for example several lags)
// on the same data; each group's PCA is computed once.
func AnalyzeMany(ctx context.Context, x Tensor, labels []int, opts []Options) ([]*Report, error) {
	fits := make(map[[2]int]*PCA)
	var reps []*Report
	for _, opt := range opts {
		if err := Validate(x, labels, opt); err != nil {
			return nil, err
		}
	}
	// Every reported quantity is a ratio or an angle: a tensor of extreme
	// magnitude is analysed scaled by a power of two (exact), so that
	// variances and projections neither overflow nor underflow.
	// The SVC is not scale-invariant (C = 1 in the data's units, and its
	// bias is penalised too): it classifies the data as given wherever
	// that works, that is, while squared norms stay finite and the largest
	// |value| is at least 2⁻⁴⁰⁰ (below, products of weights and values
	// underflow); before, every tensor outside [2⁻⁶⁴, 2⁶⁴] was classified
	// rescaled, and its metrics jumped there and depended on the mantissa
	// of the largest value.
	svcX := x
	if f := num.Pow2Scale(x.Data); f != 1 {
		y := x
		y.Data = make([]float64, len(x.Data))
		floats.ScaleTo(y.Data, f, x.Data)
		x = y
		if f > 0x1p400 || !normsFinite(svcX) {
			svcX = x
		}
	}
	total, done := 0, 0
	for _, opt := range opts {
		total += pairCount(x.Sessions, opt)
	}
	progress := func() {}
	if p := opts[0].Progress; p != nil && total > 0 {
		progress = func() {
			done++
			p(float64(done) / float64(total))
		}
	}
	for i, opt := range opts {
		r, err := analyze(ctx, x, svcX, labels, opt, fits, progress, i == len(opts)-1)
		if err != nil {
			return nil, err
		}
		reps = append(reps, r)
	}
	return reps, nil
}

// pairCount is the number of session pairs (s, s+Lag) that opt compares
// among sessions sessions.
func pairCount(sessions int, opt Options) int {
	lag, stride := max(opt.Lag, 1), max(opt.Stride, 1)
	n := 0
	for s := 0; s+lag < sessions; s += stride {
		n++
	}
	return n
}

// groupError is Fit's error err for the group of label l in session s:
// "geometry: session s, label l: ..." (err's package prefix is not
// repeated). It unwraps to err.
type groupError struct {
	s, l int
	err  error
}

func (e *groupError) Error() string {
	return fmt.Sprintf("geometry: session %d, label %d: %s", e.s, e.l, strings.TrimPrefix(e.err.Error(), "geometry: "))
}

func (e *groupError) Unwrap() error { return e.err }

// normsFinite reports whether 1 + ‖x‖² is finite for every trial vector of
// x, as the SVC needs (svm.Train refuses an example otherwise).
func normsFinite(x Tensor) bool {
	for i := 0; i+x.Cells <= len(x.Data); i += x.Cells {
		s := 1.0
		for _, v := range x.Data[i : i+x.Cells] {
			s += v * v
		}
		if math.IsInf(s, 0) {
			return false
		}
	}
	return true
}

// analyze computes one option set's report from x (scaled, if extreme, by a
// power of two); the SVC, with opt.SVC, classifies svcX (x unscaled where
// the SVC can take it).
//
// fits caches the groups' PCAs (r·n values each, r ≤ n the group's rank)
// for later pairs and option sets; with last (the last option set) each is
// dropped once no later pair needs it, so that a scan holds about Lag+1
// sessions' fits, not every session's (50 groups of 1000 cells with more
// trials than cells: 400 MB).
func analyze(ctx context.Context, x, svcX Tensor, labels []int, opt Options, fits map[[2]int]*PCA, progress func(), last bool) (*Report, error) {
	opt.Lag, opt.Stride = max(opt.Lag, 1), max(opt.Stride, 1)
	if opt.Folds == 0 {
		opt.Folds = 10
	}
	n := x.Cells
	rep := &Report{Sessions: x.Sessions, Trials: x.Trials, Cells: n, Lag: opt.Lag, Labels: distinct(labels)}
	pca := func(s, l int) (*PCA, []float64, int, error) {
		g, m := group(x, labels, s, l)
		if p, ok := fits[[2]int{s, l}]; ok {
			return p, g, m, nil
		}
		p, err := Fit(g, m, n)
		if err != nil {
			return nil, nil, 0, &groupError{s: s, l: l, err: err}
		}
		fits[[2]int{s, l}] = p
		return p, g, m, nil
	}
	for s := 0; s+opt.Lag < x.Sessions; s += opt.Stride {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, l := range rep.Labels {
			a, _, _, err := pca(s, l)
			if err != nil {
				return nil, err
			}
			b, gb, mb, err := pca(s+opt.Lag, l)
			if err != nil {
				return nil, err
			}
			d := Drift(a.Mean, b.Mean)
			pg := PairGroup{S: s, Label: l, D: a.D, K: a.K(), Captured: a.Captured(),
				Gamma: DriftRatio(a, d, a.K()), Overlap: Overlap(a, b), Ratio: a.Ratio}
			if nm := floats.Norm(a.Mean, 2); nm > 0 {
				pg.DriftRel = floats.Norm(d, 2) / nm
			}
			pg.Frac, pg.Angle = PerPC(a, d)
			total := floats.Sum(a.Var)
			pg.PostVar = variancesAlong(gb, mb, n, a.Dirs)
			for i := range pg.PostVar {
				pg.PostVar[i] /= total
			}
			// With fewer trials than cells, Fit keeps only the PCs with
			// variance (at most m−1): the fits run over those.
			pg.Rank = a.Rank()
			pg.AngleFit, pg.FracFit = Fit1(a.Ratio, pg.Angle), Fit1(a.Ratio, pg.Frac)
			pg.PostVarPC1Rel = pg.PostVar[0] / a.Ratio[0]
			rep.Groups = append(rep.Groups, pg)
		}
		if opt.SVC {
			p, err := svcPair(ctx, svcX, labels, s, s+opt.Lag, rep.Labels[:2], opt)
			if err != nil {
				return nil, err
			}
			rep.Pairs = append(rep.Pairs, p)
		}
		if last {
			// Later pairs (s′, s′+Lag) have s′ > s: sessions up to s are
			// done with.
			for key := range fits {
				if key[0] <= s {
					delete(fits, key)
				}
			}
		}
		progress()
	}
	rep.summarise()
	return rep, nil
}

func (r *Report) summarise() {
	g := float64(len(r.Groups))
	for _, pg := range r.Groups {
		r.D += pg.D / g
		r.DOverN += pg.D / float64(r.Cells) / g
		r.Captured += pg.Captured / g
		r.Gamma += pg.Gamma / g
		r.GammaRandom += float64(pg.K) / float64(r.Cells) / g
		r.Overlap += pg.Overlap / g
		r.DriftRel += pg.DriftRel / g
		r.Theta1 += pg.Angle[0] / g
		r.AngleSlope += pg.AngleFit.Slope / g
		r.AngleR += pg.AngleFit.R / g
		r.FracSlope += pg.FracFit.Slope / g
		r.FracR += pg.FracFit.R / g
		r.PostVarPC1Rel += pg.PostVarPC1Rel / g
	}
	if len(r.Pairs) > 0 {
		p := float64(len(r.Pairs))
		for _, pr := range r.Pairs {
			r.SVCAngle += pr.SVCAngle / p
			r.RelCrossAcc += pr.RelCrossAcc / p
			r.CrossAcc += pr.CrossAcc / p
			r.WithinAcc += pr.WithinAcc / p
		}
	}
}

// PerPCMeans returns, per PC index, the mean over groups of v_i, θ(d, w_i),
// |d·w_i|/‖d‖ and the post-drift variance fraction, for the PC indices
// that every group has: the first min Rank over the groups (n when every
// group has more trials than cells; fewer when a group has fewer, since
// its PCs beyond its rank carry no variance and are not computed). Groups
// of unequal trial counts (labels with different numbers of trials) can
// have different ranks: their PCs beyond the smallest rank are left out of
// the means, so that each mean is over the same groups.
func (r *Report) PerPCMeans() (ratio, angle, frac, post []float64) {
	n := 0
	for i, pg := range r.Groups {
		if i == 0 || pg.Rank < n {
			n = pg.Rank
		}
	}
	ratio, angle, frac, post = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	g := float64(len(r.Groups))
	for _, pg := range r.Groups {
		for i := 0; i < n; i++ {
			ratio[i] += pg.Ratio[i] / g
			angle[i] += pg.Angle[i] / g
			frac[i] += pg.Frac[i] / g
			post[i] += pg.PostVar[i] / g
		}
	}
	return
}

// svcPair trains SVCs between labels ls[0] (−1) and ls[1] (+1) in sessions
// s and s2; ctx stops its cross-validation between folds.
func svcPair(ctx context.Context, x Tensor, labels []int, s, s2 int, ls []int, opt Options) (Pair, error) {
	data := func(s int) ([]float64, []int) {
		var X []float64
		var Y []int
		for t := 0; t < x.Trials; t++ {
			switch label(labels, x, s, t) {
			case ls[0]:
				X, Y = append(X, x.At(s, t)...), append(Y, -1)
			case ls[1]:
				X, Y = append(X, x.At(s, t)...), append(Y, 1)
			}
		}
		return X, Y
	}
	rng := rand.New(rand.NewPCG(opt.Seed, uint64(s)<<20|uint64(s2)))
	xa, ya := data(s)
	xb, yb := data(s2)
	o := svm.Options{C: 1, Tol: 1e-2, MaxIter: 2000}
	ma, err := svm.Train(xa, ya, x.Cells, o, rng)
	if err != nil {
		return Pair{}, err
	}
	mb, err := svm.Train(xb, yb, x.Cells, o, rng)
	if err != nil {
		return Pair{}, err
	}
	within, err := svm.CrossValidate(ctx, xb, yb, x.Cells, min(opt.Folds, len(yb)), o, rng)
	if err != nil {
		return Pair{}, err
	}
	p := Pair{S: s, SVCAngle: Angle(ma.W, mb.W), CrossAcc: ma.Accuracy(xb, yb), WithinAcc: within}
	if within > 0 {
		p.RelCrossAcc = p.CrossAcc / within
	}
	return p, nil
}
