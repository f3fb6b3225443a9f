package zhang2022

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/attractor"
)

// Experiment is the cross-attractor reproduction.
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
		ID:       "cross-attractor",
		Title:    "Cross-attractor repertoire provides new perspective on structure-function relationship in the brain",
		Citation: "Zhang, Sun & Saggar, NeuroImage 2022",
		Family:   "dynamics",
		Claim: "A connectome-coupled E/I synaptic-gating model has a repertoire of attractors that changes with the " +
			"global coupling; the coordination of regions across attractors differs from noise-driven FC within one.",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

// Stream tags.
const (
	tagSC = iota + 1
	tagSeeds
	tagProduct
	tagBlockSC
	tagBlockSeeds
	tagNoise
)

// regimes are Table 1's local (w_EE, w_EI) settings.
var regimes = [][2]float64{{0.7, 0.35}, {2, 1}, {2.8, 1}}

// Validate checks the parameters and the connectome file before any work.
func (Experiment) Validate(cfg experiment.Config) error {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return err
	}
	_, err := prepare(p, cfg.Seed)
	return err
}

func prepare(p Params, seed uint64) (*connectome, error) {
	if p.GStep > p.GMax {
		return nil, experiment.Inputf("g_step = %g exceeds g_max = %g", p.GStep, p.GMax)
	}
	if p.Dt > p.MaxTime {
		return nil, experiment.Inputf("dt = %g s exceeds t_max = %g s", p.Dt, p.MaxTime)
	}
	// The noise-driven FC samples the state every 10 steps (noiseFC): fewer
	// than 3 samples give no correlation (one sample: 0/0, the metrics were
	// NaN and the run failed with exit 3; two: always ±1).
	if rec := int(math.Round(p.TNoise / p.Dt)); (rec+9)/10 < 3 {
		return nil, experiment.Inputf("bad value %g for parameter t_noise: want at least 21·dt = %g s (3 samples of the noise-driven state, one every 10 steps)", p.TNoise, 21*p.Dt)
	}
	if p.SC != "" {
		c, err := loadSC(p.SC)
		if err != nil {
			return nil, err
		}
		c.scale(p.SCNorm, filepath.Base(p.SC))
		return c, nil
	}
	return syntheticSC(num.Stream(seed, tagSC), p.Regions, p.Between), nil
}

// scParamNote says which --set connectome parameters had no effect: regions
// and between shape only the synthetic connectome, sc_norm only a user's
// (sc). Empty when there are none.
func scParamNote(p Params, set map[string]string) string {
	var names []string
	has := func(n string) bool { _, ok := set[n]; return ok }
	if p.SC != "" {
		for _, n := range []string{"regions", "between"} {
			if has(n) {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			return fmt.Sprintf("%s shape(s) the synthetic connectome only; this run used %s (sc), so the value(s) set had no effect.",
				strings.Join(names, " and "), filepath.Base(p.SC))
		}
		return ""
	}
	if has("sc_norm") {
		return "sc_norm scales a user's connectome (sc) and none was given: the synthetic connectome is always divided by its largest row sum, so the value set had no effect."
	}
	return ""
}

// gResult is the search at one G.
type gResult struct {
	g      float64
	res    *attractor.Result
	stable []attractor.FixedPoint
}

// Run runs the experiment.
func (e Experiment) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	sc, err := prepare(p, cfg.Seed)
	if err != nil {
		return nil, err
	}
	res := experiment.NewResult(e.Meta(), cfg, &p)
	res.Notes = append(res.Notes, sc.notes...)
	if note := scParamNote(p, cfg.Set); note != "" {
		res.Notes = append(res.Notes, note)
	}
	w := cfg.NumWorkers()
	n := sc.n
	var gs []float64
	for k := 0; float64(k)*p.GStep <= p.GMax+1e-9; k++ {
		gs = append(gs, float64(k)*p.GStep)
	}
	seeds := seedsFor(num.Stream(cfg.Seed, tagSeeds), n, p.Seeds)
	sweep := make([]gResult, len(gs))
	for k, g := range gs {
		r, err := search(ctx, p, sc, g, p.IE, seeds, w)
		if err != nil {
			return nil, err
		}
		sweep[k] = gResult{g: g, res: r, stable: r.Stable()}
		cfg.Report(0.5 * float64(k+1) / float64(len(gs)))
	}

	// Check 1: single node against the nullcline scan.
	type nodeCase struct{ reg, ie int }
	var cases []nodeCase
	for r := range regimes {
		for k := 0; k <= 20; k++ {
			cases = append(cases, nodeCase{r, k})
		}
	}
	mism := make([]int, len(cases))
	errs := make([]float64, len(cases))
	err = num.ParallelFor(ctx, w, len(cases), func(i int) error {
		c := cases[i]
		q := p
		q.WEE, q.WEI = regimes[c.reg][0], regimes[c.reg][1]
		m := newModel(q, []float64{0}, 1, 0, 0.05*float64(c.ie))
		a, err := nodeNewton(ctx, m)
		if err != nil {
			return err
		}
		mism[i], errs[i] = compareNode(a, nullclineScan(m))
		return nil
	})
	if err != nil {
		return nil, err
	}
	totMism, maxErr := 0, 0.0
	for i := range cases {
		totMism += mism[i]
		if mism[i] == 0 {
			maxErr = math.Max(maxErr, errs[i])
		}
	}
	res.Metric("node_count_mismatches", float64(totMism))
	res.Metric("node_max_abs_diff", maxErr)
	res.AddCheck(experiment.NewCheck("node_counts",
		"single node, 3 regimes × I_E ∈ {0, 0.05, …, 1}: fixed-point counts of the Newton search equal the nullcline scan's (total mismatches)",
		float64(totMism), "==", 0))
	res.AddCheck(experiment.NewCheck("node_values",
		"single node: fixed points agree with the nullcline scan within 1e-6 (max |ΔS|)", maxErr, "<", 1e-6))
	cfg.Report(0.6)

	// Check 2: product rule.
	q := p
	q.WEE, q.WEI = 0.7, 0.35
	un := &connectome{n: 6, w: make([]float64, 36)}
	pr, err := search(ctx, q, un, 0, 0.2, seedsFor(num.Stream(cfg.Seed, tagProduct), 6, p.Seeds), w)
	if err != nil {
		return nil, err
	}
	nProd := len(pr.Stable())
	// The expected count is the single node's own number of stable fixed
	// points to the 6th power: 2 (bistable) at the paper's node parameters,
	// whatever --set makes it otherwise.
	kNode, err := nodeStable(ctx, newModel(q, []float64{0}, 1, 0, 0.2))
	if err != nil {
		return nil, err
	}
	want := math.Pow(float64(kNode), 6)
	res.Metric("product_rule_attractors", float64(nProd))
	res.Metric("product_rule_node_stable", float64(kNode))
	res.AddCheck(experiment.NewCheck("product_rule",
		fmt.Sprintf("6 uncoupled nodes ((w_EE, w_EI) = (0.7, 0.35), I_E = 0.2), each with %d stable fixed point(s) alone, have exactly %d^6 = %g stable fixed points", kNode, kNode, want),
		float64(nProd), "==", want))
	cfg.Report(0.65)

	// Check 3: block-diagonal connectome.
	blk, err := blockCheck(ctx, p, cfg.Seed, w)
	if err != nil {
		return nil, err
	}
	res.Metric("block_module_attractors_a", float64(blk.modA))
	res.Metric("block_module_attractors_b", float64(blk.modB))
	res.Metric("block_attractors", float64(blk.found))
	res.Metric("block_set_mismatch", float64(blk.mismatch))
	res.Metric("block_max_abs_rho_between", blk.between)
	res.Metric("block_mean_abs_rho_within", blk.within)
	res.AddCheck(experiment.NewCheck("block_product_set",
		fmt.Sprintf("two disconnected modules (G = %g): the 16-node attractor set equals the Cartesian product of the modules' sets (mismatched points)", p.GBlock),
		float64(blk.mismatch), "==", 0))
	res.AddCheck(experiment.NewCheck("block_between_rho",
		"disconnected modules: cross-attractor coordination between modules |ρ| < 1e-9", blk.between, "<", 1e-9))
	res.AddCheck(experiment.NewCheck("block_within_rho",
		"disconnected modules: coordination within modules is non-zero (mean |ρ| > 0.01)", blk.within, ">", 0.01))
	cfg.Report(0.75)

	// Check 4: noise-driven FC around the stable fixed point with the
	// slowest leading eigenvalue at G = g_fc. The spec states the protocol
	// as "at a G with ≥ 2 attractors" and measured its reference at
	// G = 1.0 (slowest attractor −5.6 s⁻¹, FC up to 0.63), so g_fc defaults
	// to that G; it is not chosen per run. The sweep's search is reused when
	// g_fc is one of its points, else the same seeds are searched at g_fc.
	fcStable, err := stableAt(ctx, p, sc, sweep, seeds, w)
	if err != nil {
		return nil, err
	}
	bestK := -1
	if len(fcStable) >= 2 {
		for j, f := range fcStable {
			if bestK < 0 || f.Leading > fcStable[bestK].Leading {
				bestK = j
			}
		}
	}
	var fcSim, fcPred []float64
	fcDiff, fcMax := 2.0, 0.0
	undefinedFC := false
	res.Metric("noise_fc_G", p.GFC)
	res.Metric("noise_fc_attractors", float64(len(fcStable)))
	if bestK >= 0 {
		fp := fcStable[bestK]
		m := newModel(p, sc.w, n, p.GFC, p.IE)
		fcPred, err = lyapunovFC(m, fp.X, p.Dt, p.Sigma)
		if err != nil {
			return nil, err
		}
		if !finiteVec(fcPred) {
			res.Notes = append(res.Notes, fmt.Sprintf("The linear-noise (Lyapunov) covariance around the slowest attractor at G = g_fc = %g is not finite: the noise-driven FC check could not run.", p.GFC))
			bestK, undefinedFC = -1, true
		}
	}
	if bestK >= 0 {
		fp := fcStable[bestK]
		m := newModel(p, sc.w, n, p.GFC, p.IE)
		fcSim, err = noiseFC(ctx, m, fp.X, p, num.Stream(cfg.Seed, tagNoise))
		if err != nil {
			return nil, err
		}
		fcDiff = 0
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				fcDiff = math.Max(fcDiff, math.Abs(fcSim[i*n+j]-fcPred[i*n+j]))
				fcMax = math.Max(fcMax, fcPred[i*n+j])
			}
		}
		res.Metric("noise_fc_leading_eig", fp.Leading)
	} else if !undefinedFC {
		res.Notes = append(res.Notes, fmt.Sprintf(
			"G = g_fc = %g has %d stable fixed point(s), fewer than the 2 the spec's check 4 asks for: the noise-driven FC check could not run.",
			p.GFC, len(fcStable)))
	}
	res.Metric("noise_fc_max_abs_diff", fcDiff)
	res.Metric("noise_fc_pred_max_offdiag", fcMax)
	res.AddCheck(experiment.NewCheck("noise_fc_lyapunov",
		fmt.Sprintf("σ = %g simulation around the slowest attractor at G = %g: every FC entry within 0.05 of the linear-noise (Lyapunov) prediction", p.Sigma, p.GFC),
		fcDiff, "<=", 0.05))
	if !res.AddCheck(experiment.NewCheck("noise_fc_nontrivial",
		"the predicted within-attractor FC is non-trivial: max off-diagonal ≥ 0.3", fcMax, ">=", 0.3)) && bestK >= 0 {
		agreement := "The simulation/Lyapunov agreement holds; the non-triviality does not."
		if fcDiff > 0.05 {
			agreement = "Neither holds: the simulated FC is more than 0.05 from the linear-noise prediction " +
				"(with so slow a leading eigenvalue the σ = 0.01 noise can carry the state away from the attractor's linear regime)."
		}
		source := "The synthetic connectome is drawn from the seed, and this check depends on the draw " +
			"(at default scale it passes at seeds 1 and 5 of 1-6; see the package doc)."
		if p.SC != "" {
			source = "This run used the connectome in " + filepath.Base(p.SC) + "."
		}
		res.Notes = append(res.Notes, fmt.Sprintf(
			"Within-attractor FC is weak for this connectome: around the slowest attractor at G = %g (leading eigenvalue %.3g s⁻¹) "+
				"the linear-noise FC peaks at %.3f (simulation within %.3f of it), below the spec's 0.3 bar, which was measured on "+
				"the spec's own synthetic connectome (FC up to 0.63). %s %s",
			p.GFC, fcStable[bestK].Leading, fcMax, fcDiff, source, agreement))
	}
	// Report the same non-triviality measure at every swept G, so that the
	// dependence of check 4 on the choice of G is visible.
	var perG []string
	for _, s := range sweep {
		if len(s.stable) < 2 {
			continue
		}
		k := 0
		for j, f := range s.stable {
			if f.Leading > s.stable[k].Leading {
				k = j
			}
		}
		pred, err := lyapunovFC(newModel(p, sc.w, n, s.g, p.IE), s.stable[k].X, p.Dt, p.Sigma)
		if err != nil {
			return nil, err
		}
		if !finiteVec(pred) {
			// A NaN in the linear-noise covariance (r_max = 0.5 at quick
			// scale, G = 0.5) leaves the prediction undefined: no metric.
			perG = append(perG, fmt.Sprintf("G = %g: undefined (non-finite linear-noise covariance)", s.g))
			continue
		}
		mx := 0.0
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				mx = math.Max(mx, pred[i*n+j])
			}
		}
		res.Metric("fc_pred_max_slowest_G"+gKey(s.g, p.GStep), mx)
		perG = append(perG, fmt.Sprintf("G = %g: %.3f", s.g, mx))
	}
	if len(perG) > 0 {
		res.Notes = append(res.Notes, "Check 4 uses the slowest attractor at G = g_fc (the spec's reference G = 1.0). "+
			"Predicted max off-diagonal FC around the slowest attractor at each swept G with ≥ 2 attractors: "+
			strings.Join(perG, "; ")+". The 0.3 bar depends on this choice of G.")
	}
	cfg.Report(0.95)

	// Check 5 (descriptive): attractors against G.
	for _, s := range sweep {
		res.Metric("attractors_G"+gKey(s.g, p.GStep), float64(len(s.stable)))
		res.Metric("limit_cycles_G"+gKey(s.g, p.GStep), float64(len(s.res.Cycles)))
	}
	// Coordination at the G with the most attractors; compare with the FC.
	most := 0
	for k, s := range sweep {
		if len(s.stable) > len(sweep[most].stable) {
			most = k
		}
	}
	coord := coordination(sweep[most].stable, n)
	res.Metric("coordination_G", sweep[most].g)
	if fcSim != nil {
		if r, ok := offDiagCorr(coord, fcSim, n); ok {
			res.Metric("coordination_vs_noise_fc_r", r)
		}
	}
	res.Figures = append(res.Figures, countFigure(sweep), bifurcationFigure(sweep))
	if len(sweep[most].stable) >= 2 {
		res.Figures = append(res.Figures, coordFigure(coord, fcSim, n, sweep[most].g, fcG(p.GFC, bestK), p.Sigma))
	} else {
		// Correlations across fewer than 2 attractors are undefined, and the
		// noise-driven FC needs 2 at g_fc: both panels would be blank.
		res.Notes = append(res.Notes, fmt.Sprintf("No swept G (0 to %g) has 2 or more stable fixed points: the cross-attractor coordination is undefined, so the coordination-vs-fc figure is left out.", p.GMax))
	}
	res.Finish()
	return res, nil
}

// fcG is the G of the noise-driven FC, NaN when the check could not run.
func fcG(g float64, k int) float64 {
	if k < 0 {
		return math.NaN()
	}
	return g
}

// stableAt returns the stable fixed points at G = g_fc: the sweep's when
// g_fc is one of its points (within 1e-9), else a search with the same
// seeds.
func stableAt(ctx context.Context, p Params, sc *connectome, sweep []gResult, seeds [][]float64, w int) ([]attractor.FixedPoint, error) {
	for _, s := range sweep {
		if math.Abs(s.g-p.GFC) < 1e-9 {
			return s.stable, nil
		}
	}
	r, err := search(ctx, p, sc, p.GFC, p.IE, seeds, w)
	if err != nil {
		return nil, err
	}
	return r.Stable(), nil
}

// offDiagCorr is the Pearson correlation of the off-diagonal entries of a
// and b (skipping NaN).
func offDiagCorr(a, b []float64, n int) (float64, bool) {
	var xs, ys []float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if math.IsNaN(a[i*n+j]) || math.IsNaN(b[i*n+j]) {
				continue
			}
			xs = append(xs, a[i*n+j])
			ys = append(ys, b[i*n+j])
		}
	}
	if len(xs) < 3 {
		return 0, false
	}
	mx, my := 0.0, 0.0
	for i := range xs {
		mx += xs[i] / float64(len(xs))
		my += ys[i] / float64(len(xs))
	}
	sxy, sxx, syy := 0.0, 0.0, 0.0
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
		syy += (ys[i] - my) * (ys[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}

// blockResult is check 3's outcome.
type blockResult struct {
	modA, modB, found, mismatch int
	between, within             float64
}

// blockCheck builds a block-diagonal connectome (the synthetic generator
// with no between-module weights), finds each module's attractors alone,
// seeds the full search with their Cartesian product plus random seeds, and
// compares the sets; then measures coordination between and within modules.
func blockCheck(ctx context.Context, p Params, seed uint64, w int) (blockResult, error) {
	var out blockResult
	const N = 16
	const h = N / 2
	c := syntheticSC(num.Stream(seed, tagBlockSC), N, 0)
	sub := func(off int) *connectome {
		s := &connectome{n: h, w: make([]float64, h*h)}
		for i := 0; i < h; i++ {
			for j := 0; j < h; j++ {
				s.w[i*h+j] = c.w[(off+i)*N+off+j]
			}
		}
		return s
	}
	var mods [2][]attractor.FixedPoint
	for k := 0; k < 2; k++ {
		r, err := search(ctx, p, sub(k*h), p.GBlock, p.IE, seedsFor(num.Stream(seed, tagBlockSeeds, uint64(k)), h, p.Seeds), w)
		if err != nil {
			return out, err
		}
		mods[k] = r.Stable()
	}
	out.modA, out.modB = len(mods[0]), len(mods[1])
	var prod [][]float64
	for _, a := range mods[0] {
		for _, b := range mods[1] {
			x := make([]float64, 2*N)
			copy(x[:h], a.X[:h])
			copy(x[h:N], b.X[:h])
			copy(x[N:N+h], a.X[h:])
			copy(x[N+h:], b.X[h:])
			prod = append(prod, x)
		}
	}
	seeds := append(append([][]float64{}, prod...), seedsFor(num.Stream(seed, tagBlockSeeds, 2), N, p.Seeds)...)
	r, err := search(ctx, p, c, p.GBlock, p.IE, seeds, w)
	if err != nil {
		return out, err
	}
	st := r.Stable()
	out.found = len(st)
	matched := make([]bool, len(prod))
	for _, f := range st {
		hit := false
		for i, x := range prod {
			if !matched[i] && maxDiff(f.X, x) < 1e-6 {
				matched[i], hit = true, true
				break
			}
		}
		if !hit {
			out.mismatch++
		}
	}
	for _, m := range matched {
		if !m {
			out.mismatch++
		}
	}
	rho := coordination(st, N)
	nw := 0
	for i := 0; i < N; i++ {
		for j := i + 1; j < N; j++ {
			v := rho[i*N+j]
			if math.IsNaN(v) {
				continue
			}
			if (i < h) != (j < h) {
				out.between = math.Max(out.between, math.Abs(v))
			} else {
				out.within += math.Abs(v)
				nw++
			}
		}
	}
	if nw > 0 {
		out.within /= float64(nw)
	}
	return out, nil
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// meanSE returns the mean S_E of a state on n regions.
func meanSE(x []float64, n int) float64 {
	s := 0.0
	for i := 0; i < n; i++ {
		s += x[i]
	}
	return s / float64(n)
}

// gKey formats a swept G for a metric name: 2 decimals (attractors_G0.50 at
// the spec's step 0.5), more when the step needs them, so that a finer
// g_step (0.005 gave attractors_G0.01 for both 0.005 and 0.010, the second
// overwriting the first) keeps one metric per G; at most 6.
func gKey(g, step float64) string {
	d := 2
	for ; d < 6; d++ {
		x := step * math.Pow(10, float64(d))
		if math.Abs(x-math.Round(x)) < 1e-6*math.Max(1, x) {
			break
		}
	}
	return strconv.FormatFloat(g, 'f', d, 64)
}
