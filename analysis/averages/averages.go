package averages

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/num"
)

// Result holds the per-trial quantities of the test.
type Result struct {
	Templates *mat.Dense // classes × neurons mean counts
	Rho       []float64  // ρ_i = corr(r_i, T_own); NaN for a constant trial
	RhoOther  []float64  // ρ'_i, correlation with the other class(es)
	SI        []float64  // SI_i = ρ_i − ρ'_i
	Perc      []float64  // percentile of ρ_i among its surrogates; NaN when undefined
	// SurrMean is the mean surrogate correlation of each trial (for figures).
	SurrMean []float64
}

// MaxTrialSpikes is the largest total spike count of one trial that Test
// and Subsample accept. A surrogate of k spikes over N neurons draws the
// spikes one by one up to k = 8·N (the alias route of Multinomial), so
// there the work grows with the count; above, it costs O(N) whatever k
// (conditional binomials). The limit bounds the first, refuses scaled
// values (rates, smoothed counts) passed as counts, and keeps counts far
// from 2⁶³ (int) and 2⁵³ (exact in float64). Real recordings stay orders of
// magnitude below it.
const MaxTrialSpikes = 10_000_000

// checkInput validates a trials × neurons matrix and its labels: counts
// present and finite, one label per trial in [0, classes), classes ≥ 1, and
// with spikes set every value a whole number ≥ 0 (the multinomial surrogates
// redistribute a trial's spikes) and each trial's total at most
// MaxTrialSpikes. Errors wrap experiment.ErrInput.
func checkInput(counts *mat.Dense, labels []int, classes int, spikes bool) error {
	if counts == nil || counts.IsEmpty() {
		return experiment.Inputf("averages: no counts (want a trials × neurons matrix)")
	}
	T, _ := counts.Dims()
	if len(labels) != T {
		return experiment.Inputf("averages: %d labels for %d trials (want one label per row of the trials × neurons counts)", len(labels), T)
	}
	if classes < 1 {
		return experiment.Inputf("averages: %d classes, want at least 1", classes)
	}
	for i, c := range labels {
		if c < 0 || c >= classes {
			return experiment.Inputf("averages: label %d of trial %d is outside [0, %d) (classes)", c, i, classes)
		}
	}
	for i := 0; i < T; i++ {
		var total float64
		for j, v := range counts.RawRowView(i) {
			total += v
			switch {
			case math.IsNaN(v) || math.IsInf(v, 0):
				return experiment.Inputf("averages: count at (%d, %d) (trial, neuron) is %g; values must be finite", i, j, v)
			case spikes && v < 0:
				return experiment.Inputf("averages: count at (%d, %d) (trial, neuron) is %g; spike counts must be ≥ 0", i, j, v)
			case spikes && v != math.Trunc(v):
				return experiment.Inputf("averages: count at (%d, %d) (trial, neuron) is %g; give whole numbers of spikes, not rates or smoothed counts", i, j, v)
			}
		}
		if spikes && total > MaxTrialSpikes {
			return experiment.Inputf("averages: trial %d holds %g spikes in total, more than the %d the surrogates can redistribute; give spike counts per trial, not scaled values", i, total, MaxTrialSpikes)
		}
	}
	return nil
}

// Templates returns the classes × neurons mean count vectors. labels must be
// in [0, classes), one per row of counts; a class without trials, a label
// out of range, a label count that differs from the trials and a NaN or ±Inf
// count are errors wrapping experiment.ErrInput.
func Templates(counts *mat.Dense, labels []int, classes int) (*mat.Dense, error) {
	if err := checkInput(counts, labels, classes, false); err != nil {
		return nil, err
	}
	_, N := counts.Dims()
	tm := mat.NewDense(classes, N, nil)
	n := make([]int, classes)
	for i, c := range labels {
		n[c]++
		row := tm.RawRowView(c)
		for j, v := range counts.RawRowView(i) {
			row[j] += v
		}
	}
	for c := 0; c < classes; c++ {
		if n[c] == 0 {
			return nil, experiment.Inputf("averages: class %d has no trials (labels must cover 0..%d)", c, classes-1)
		}
		row := tm.RawRowView(c)
		for j := range row {
			row[j] /= float64(n[c])
		}
	}
	return tm, nil
}

// Reliability fills rho, rhoOther and si (length trials) from the templates:
// ρ_i = corr(r_i, T_{c_i}), ρ'_i = mean over c ≠ c_i of corr(r_i, T_c),
// SI_i = ρ_i − ρ'_i.
// It is the low-level kernel of Test: the slices must have one entry per
// row of counts and the labels must index rows of templates (it panics
// otherwise; Templates checks the labels).
func Reliability(rho, rhoOther, si []float64, counts, templates *mat.Dense, labels []int) {
	classes, _ := templates.Dims()
	// Correlations are scale-invariant: rows of extreme magnitude, whose
	// squares overflow or underflow, are correlated scaled by a power of
	// two (exact; ordinary rows are used as they are).
	tmRow := make([][]float64, classes)
	for k := range tmRow {
		tmRow[k] = pow2Scaled(templates.RawRowView(k))
	}
	for i, c := range labels {
		r := pow2Scaled(counts.RawRowView(i))
		rho[i] = stats.Pearson(r, tmRow[c])
		var s float64
		var n int
		for k := 0; k < classes; k++ {
			if k == c {
				continue
			}
			if v := stats.Pearson(r, tmRow[k]); !math.IsNaN(v) {
				s += v
				n++
			}
		}
		rhoOther[i] = math.NaN()
		if n > 0 {
			rhoOther[i] = s / float64(n)
		}
		si[i] = rho[i] - rhoOther[i]
	}
}

// Alias is Vose's alias table for drawing indices with probability
// proportional to non-negative weights in O(1).
type Alias struct {
	prob  []float64
	alias []int
	// thresh[i] = prob[i]·2³², compared with the low 32 bits of one 64-bit
	// draw whose high 32 bits pick the column.
	thresh []uint64
}

// NewAlias builds the table for weights w (at least one positive).
func NewAlias(w []float64) *Alias {
	n := len(w)
	a := &Alias{prob: make([]float64, n), alias: make([]int, n)}
	num.AliasTable(a.prob, a.alias, w)
	a.thresh = make([]uint64, n)
	for i, p := range a.prob {
		a.thresh[i] = uint64(math.Round(p * (1 << 32)))
	}
	return a
}

// Draw returns one index from a single 64-bit draw: the high 32 bits pick a
// column by multiply-shift (Lemire 2019; bias below 2⁻³² · n), the low 32
// bits decide between the column and its alias.
func (a *Alias) Draw(rng *rand.Rand) int {
	u := rng.Uint64()
	i := int((u >> 32) * uint64(len(a.thresh)) >> 32)
	if u&0xffffffff < a.thresh[i] {
		return i
	}
	return a.alias[i]
}

// binomialPerNeuron sets the route of the multinomial surrogates: a trial
// of k spikes over N neurons is drawn as conditional binomials when
// k > binomialPerNeuron·N, one spike at a time through the alias table
// otherwise. The choice depends on k and N only, never on the workers.
//
// Measured (BenchmarkSurrogateRoutes: one surrogate, draw and Pearson
// correlation, log-normal template 2·e^z as at κ = 1; one core of the
// 2-core development machine), µs per surrogate, alias/binomial:
//
//	k/N        1          4          8          32         128
//	N = 6      0.16/0.28  0.41/0.38  0.74/0.37  2.3/0.53   9.2/0.45
//	N = 60     1.2/2.8    3.8/4.0    6.1/4.4    23.5/5.1   90/5.3
//	N = 1000   16.5/44    50/62      96/70      375/86     1510/90
//
// The alias route costs ~11 ns per spike, the binomial route 45–90 ns per
// neuron, so the two cross at k/N ≈ 5 (3.5 at N = 6, 6 at N = 1000).
//
// binomialPerNeuron is set just above that crossover, at 8, where the
// binomial route is already the faster at every N measured (0.37 against
// 0.74, 4.4 against 6.1, 70 against 96 µs), so that machine noise in the
// crossover cannot make a trial slower than the alias route would. The two
// routes draw different (equally distributed) surrogates: at the
// experiment's default scale (seed 1), 3264 of its 22,766 tested trials
// (k/N up to 96) moved to the binomial route when it was introduced, and
// its surrogate metrics changed within their sampling error
// (mean_perc_template_poisson 0.4995 → 0.4990); every check still passes.
const binomialPerNeuron = 8

// useBinomial reports whether a trial of k spikes over n neurons is drawn
// as conditional binomials (see binomialPerNeuron).
func useBinomial(k, n int) bool { return k > binomialPerNeuron*n }

// SurrogateCost returns the work of one surrogate of k spikes over n
// neurons in single-spike draws: k on the alias route, binomialPerNeuron·n
// on the binomial route (its 45–90 ns per neuron are 4–8 alias draws of
// ~11 ns). Callers bound a test's run time with it.
func SurrogateCost(k, n int) float64 {
	if useBinomial(k, n) {
		return float64(binomialPerNeuron * n)
	}
	return float64(k)
}

// Multinomial draws count vectors of k spikes over neurons with
// probabilities p_n = w_n / Σ w for fixed weights w (a class template), by
// one of two exact routes chosen from k and the number of neurons N:
//
//   - k ≤ 8·N: k independent draws of a neuron from Vose's
//     alias table (O(k));
//   - otherwise conditional binomials (the standard conditional method for
//     the multinomial, e.g. Devroye 1986, "Non-Uniform Random Variate
//     Generation"): x_1 ~ Bin(k, p_1), then
//     x_j ~ Bin(k − Σ_{i<j} x_i, p_j / Σ_{i≥j} p_i), stopping when no spikes
//     are left; O(N) binomial draws (num.Binomial: inversion or BTPE).
//
// For the binomial route the neurons with w > 0 are taken in descending
// order of weight (ties by index; fixed per template), so the large counts
// come first and the loop often stops early. The remaining mass Σ_{i≥j} w_i
// is a suffix sum accumulated from the smallest weights (not 1 − a prefix
// sum), so each conditional probability lies in [0, 1] whatever the
// rounding; the last neuron with positive weight has probability 1 and
// takes every remaining spike. Neurons of weight 0 get no spikes on either
// route. Measured, the alias route costs ~11 ns per spike and the binomial
// route 45–90 ns per neuron, so they cross near k = 5·N; the switch sits at
// 8·N (the comment of binomialPerNeuron has the measurements).
type Multinomial struct {
	alias *Alias
	order []int           // neurons with w > 0, descending weight
	cond  []num.BinomialP // P(order[j] | not order[<j]) = w_j / Σ_{i≥j} w_i
	n     int             // N, all neurons
}

// NewMultinomial builds the sampler for weights w (non-negative, at least
// one positive).
func NewMultinomial(w []float64) *Multinomial {
	m := &Multinomial{alias: NewAlias(w), n: len(w)}
	for i, v := range w {
		if v > 0 {
			m.order = append(m.order, i)
		}
	}
	sort.SliceStable(m.order, func(a, b int) bool { return w[m.order[a]] > w[m.order[b]] })
	m.cond = make([]num.BinomialP, len(m.order))
	var rest float64 // Σ_{i≥j} w_i, from the smallest up
	for j := len(m.order) - 1; j >= 0; j-- {
		v := w[m.order[j]]
		rest += v
		q := math.Min(1, v/rest)
		if j == len(m.order)-1 {
			q = 1
		}
		m.cond[j] = num.NewBinomialP(q)
	}
	return m
}

// Draw writes into dst (length N) one multinomial count vector of k ≥ 0
// spikes, as conditional binomials when k > 8·N and by alias draws
// otherwise. It panics if len(dst) is not N.
func (m *Multinomial) Draw(rng *rand.Rand, dst []float64, k int) {
	if len(dst) != m.n {
		panic("averages: Multinomial.Draw: dst length differs from the weights")
	}
	if useBinomial(k, m.n) {
		m.drawBinomial(rng, dst, k)
	} else {
		m.drawAlias(rng, dst, k)
	}
}

// drawAlias draws the k spikes one at a time from the alias table.
func (m *Multinomial) drawAlias(rng *rand.Rand, dst []float64, k int) {
	for j := range dst {
		dst[j] = 0
	}
	for i := 0; i < k; i++ {
		dst[m.alias.Draw(rng)]++
	}
}

// drawBinomial draws the counts as conditional binomials.
func (m *Multinomial) drawBinomial(rng *rand.Rand, dst []float64, k int) {
	for j := range dst {
		dst[j] = 0
	}
	left := k
	for j, b := range m.cond {
		if left == 0 {
			return
		}
		x := b.Draw(rng, left)
		dst[m.order[j]] = float64(x)
		left -= x
	}
}

// SurrogatePercentile draws nSurr multinomial surrogates of k spikes from
// table (built on template) into buf (length neurons), correlates each with
// template, and returns the mid-rank percentile of rho among them and the
// mean surrogate correlation. surr is scratch of length nSurr.
func SurrogatePercentile(rng *rand.Rand, rho float64, k int, template []float64, table *Multinomial, nSurr int, buf, surr []float64) (perc, mean float64) {
	for s := 0; s < nSurr; s++ {
		table.Draw(rng, buf, k)
		surr[s] = stats.Pearson(buf, template)
	}
	return stats.Percentile(rho, surr[:nSurr]), stats.MeanNaN(surr[:nSurr])
}

// Options sets the test.
type Options struct {
	Surrogates int                // surrogates per trial (50 in the reference; 200 in the spec's tests)
	Seed       uint64             // surrogate i of trial t draws from num.Stream(Seed, t)
	Workers    int                // goroutines, ≥ 0 (0 and 1 both mean serial); results do not depend on it
	Progress   func(frac float64) // nil allowed
}

// check returns an input error for options Test cannot use.
func (o Options) check() error {
	switch {
	case o.Surrogates < 0:
		return experiment.Inputf("averages: %d surrogates per trial, want ≥ 0 (the reference uses 50)", o.Surrogates)
	case o.Workers < 0:
		return experiment.Inputf("averages: Options.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", o.Workers)
	}
	return nil
}

// Test runs the average test on a trials × neurons count matrix with class
// labels in [0, classes). The result is independent of o.Workers. counts
// must be spike counts (whole numbers ≥ 0: the surrogates redistribute each
// trial's spikes); no counts, a label count other than the trials, a label
// outside [0, classes), a class without trials, a NaN, negative or
// fractional count, a trial of more than MaxTrialSpikes spikes,
// o.Surrogates < 0 and o.Workers < 0 are errors wrapping
// experiment.ErrInput. With o.Surrogates = 0 every Perc and SurrMean is NaN.
func Test(ctx context.Context, counts *mat.Dense, labels []int, classes int, o Options) (*Result, error) {
	if err := checkInput(counts, labels, classes, true); err != nil {
		return nil, err
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	T, N := counts.Dims()
	tm, err := Templates(counts, labels, classes)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Templates: tm,
		Rho:       make([]float64, T),
		RhoOther:  make([]float64, T),
		SI:        make([]float64, T),
		Perc:      make([]float64, T),
		SurrMean:  make([]float64, T),
	}
	Reliability(res.Rho, res.RhoOther, res.SI, counts, tm, labels)
	tables := make([]*Multinomial, classes)
	for c := range tables {
		row := tm.RawRowView(c)
		var s float64
		for _, v := range row {
			s += v
		}
		if s > 0 {
			tables[c] = NewMultinomial(row)
		}
	}
	const chunk = 64
	nChunks := (T + chunk - 1) / chunk
	tally := num.NewTally(nChunks, o.Progress)
	err = num.ParallelFor(ctx, o.Workers, nChunks, func(ci int) error {
		buf, surr := make([]float64, N), make([]float64, max(o.Surrogates, 1))
		for i := ci * chunk; i < min(T, (ci+1)*chunk); i++ {
			c := labels[i]
			var k float64
			for _, v := range counts.RawRowView(i) {
				k += v
			}
			if tables[c] == nil || math.IsNaN(res.Rho[i]) || o.Surrogates < 1 {
				res.Perc[i], res.SurrMean[i] = math.NaN(), math.NaN()
				continue
			}
			rng := num.Stream(o.Seed, uint64(i))
			res.Perc[i], res.SurrMean[i] = SurrogatePercentile(rng, res.Rho[i], int(math.Round(k)), tm.RawRowView(c), tables[c], o.Surrogates, buf, surr)
		}
		tally.Step()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// PermutedSI returns the mean SI over trials after permuting the class labels
// (one draw from rng), the control of spec check 5. Bad input is an error
// wrapping experiment.ErrInput, as for Templates.
func PermutedSI(rng *rand.Rand, counts *mat.Dense, labels []int, classes int) (float64, error) {
	if err := checkInput(counts, labels, classes, false); err != nil {
		return 0, err
	}
	perm := append([]int(nil), labels...)
	rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	tm, err := Templates(counts, perm, classes)
	if err != nil {
		return 0, err
	}
	T, _ := counts.Dims()
	rho, ro, si := make([]float64, T), make([]float64, T), make([]float64, T)
	Reliability(rho, ro, si, counts, tm, perm)
	return stats.MeanNaN(si), nil
}

// Subsample repeats the test on random subsets of ⌊N/(k+1)⌋ neurons,
// k = 0..steps−1 (Tlaie et al.: steps 10, 50 repeats), and returns the
// distinct subset sizes and the mean percentile over trials and repeats for
// each size. Repeat r of step k draws its subset from num.Stream(seed, k, r) and
// its surrogates from a seed derived from it. Sizes below 3 neurons are
// skipped. A size without a defined percentile (o.Surrogates or repeats 0,
// or every trial constant) has a NaN mean. Negative steps or repeats are
// input errors. Bad input is an error wrapping experiment.ErrInput, as for Test.
func Subsample(ctx context.Context, counts *mat.Dense, labels []int, classes, steps, repeats int, o Options) (sizes []int, meanPerc []float64, err error) {
	if err := checkInput(counts, labels, classes, true); err != nil {
		return nil, nil, err
	}
	if err := o.check(); err != nil {
		return nil, nil, err
	}
	switch {
	case steps < 0:
		return nil, nil, experiment.Inputf("averages: Subsample: %d steps, want ≥ 0 (subset sizes ⌊N/(k+1)⌋, k < steps; the reference uses 10)", steps)
	case repeats < 0:
		return nil, nil, experiment.Inputf("averages: Subsample: %d repeats, want ≥ 0 (random subsets per size; the reference uses 50)", repeats)
	}
	T, N := counts.Dims()
	for k := 0; k < steps; k++ {
		n := N / (k + 1)
		if n < 3 {
			break
		}
		if len(sizes) > 0 && sizes[len(sizes)-1] == n {
			continue // ⌊N/(k+1)⌋ repeats for large k
		}
		var sum float64
		var cnt int
		for r := 0; r < repeats; r++ {
			rng := num.Stream(o.Seed, uint64(k), uint64(r))
			cols := rng.Perm(N)[:n]
			sub := mat.NewDense(T, n, nil)
			for i := 0; i < T; i++ {
				row, src := sub.RawRowView(i), counts.RawRowView(i)
				for j, c := range cols {
					row[j] = src[c]
				}
			}
			so := o
			so.Seed = rng.Uint64()
			so.Progress = nil
			res, err := Test(ctx, sub, labels, classes, so)
			if err != nil {
				return nil, nil, err
			}
			for _, p := range res.Perc {
				if !math.IsNaN(p) {
					sum += p
					cnt++
				}
			}
		}
		mp := math.NaN() // no defined percentile (no surrogates or repeats)
		if cnt > 0 {
			mp = sum / float64(cnt)
		}
		sizes = append(sizes, n)
		meanPerc = append(meanPerc, mp)
		if o.Progress != nil {
			o.Progress(float64(k+1) / float64(steps))
		}
	}
	return sizes, meanPerc, nil
}

// pow2Scaled returns v if its largest |value| is 0 or within [2⁻⁶⁴, 2⁶⁴],
// where squares and sums of squares stay normal; otherwise a copy scaled by
// the power of two that brings it into [0.5, 1) (or as near as a normal
// factor allows), which is exact up to values that are already subnormal.
func pow2Scaled(v []float64) []float64 {
	f := num.Pow2Scale(v)
	if f == 1 {
		return v
	}
	out := make([]float64, len(v))
	for i, a := range v {
		out[i] = a * f
	}
	return out
}
