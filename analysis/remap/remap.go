package remap

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/cluster"
	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/num"
)

// Tensor is a trials × bins × cells array in C order: element (t, b, c) is
// Data[(t*Bins+b)*Cells+c]. Row t of the unwrapped trials × (bins·cells)
// matrix is Data[t*Bins*Cells:(t+1)*Bins*Cells].
type Tensor struct {
	Trials, Bins, Cells int
	Data                []float64
}

// Matrix returns the trials × (bins·cells) view of x (sharing Data).
func (x Tensor) Matrix() *mat.Dense { return mat.NewDense(x.Trials, x.Bins*x.Cells, x.Data) }

// Similarity returns the trials × trials matrix |corr(Y_i, Y_j)| of unwrapped
// trial vectors (Low et al., sim = |1 − d_corr|), row-major. Undefined
// correlations (a constant trial) are NaN. Each trial is standardised once,
// so that r_ij = z_i·z_j / D; x must be finite (Analyze checks it).
func Similarity(x Tensor) []float64 {
	T, D := x.Trials, x.Bins*x.Cells
	M := x.Matrix()
	z := mat.NewDense(T, D, nil)
	ok := make([]bool, T)
	for i := 0; i < T; i++ {
		r, zi := M.RawRowView(i), z.RawRowView(i)
		// A correlation is scale-invariant: a trial of extreme magnitude,
		// whose squares overflow or underflow, is standardised scaled by a
		// power of two (exact; 1 for ordinary data).
		if f := num.Pow2Scale(r); f != 1 {
			r = slices.Clone(r)
			floats.Scale(f, r)
		}
		// It is shift-invariant too: a trial whose values differ only far
		// below their magnitude (a large offset) is centred on its first
		// value first, exactly (Sterbenz: every value lies within a factor
		// 1 + 2⁻²⁰ of it), so that the rounding error of the mean does not
		// swamp the spread (offset 1e15 on a spread of 6: |Δr| 0.02).
		if lo, hi := floats.Min(r), floats.Max(r); lo != hi && hi-lo < 0x1p-20*math.Max(math.Abs(lo), math.Abs(hi)) {
			c := r[0]
			r = slices.Clone(r)
			for j := range r {
				r[j] -= c
			}
		}
		m := floats.Sum(r) / float64(D)
		var ss float64
		// Constancy is tested on the values: the centred sum of squares of
		// a constant trial is not 0 when its mean is rounded.
		constant := true
		for j, v := range r {
			zi[j] = v - m
			ss += zi[j] * zi[j]
			constant = constant && v == r[0]
		}
		if !constant && ss > 0 {
			floats.Scale(1/math.Sqrt(ss), zi)
			ok[i] = true
		}
	}
	s := make([]float64, T*T)
	// Rows are taken in blocks that stay in cache while every later row
	// streams past them once per block, not once per row (5000 trials of
	// 8000 values: 320 MB read 5000 times made the products memory-bound);
	// each entry is the same dot product as row by row.
	block := max(1, (1<<20)/(8*max(D, 1)))
	for i0 := 0; i0 < T; i0 += block {
		i1 := min(T, i0+block)
		for j := i0; j < T; j++ {
			zj := z.RawRowView(j)
			for i := i0; i < i1 && i <= j; i++ {
				v := math.NaN()
				if ok[i] && ok[j] {
					v = math.Min(1, math.Abs(floats.Dot(z.RawRowView(i), zj)))
				}
				s[i*T+j], s[j*T+i] = v, v
			}
		}
	}
	return s
}

// WithinAcross returns the mean similarity over pairs i < j in the same map
// and in different maps (NaN entries skipped).
func WithinAcross(sim []float64, labels []int) (within, across float64) {
	// The means are summed pair by pair in the order i < j, as
	// stats.MeanNaN sums the lists of pairs, without holding the T²/2
	// values (100 MB at 5000 trials). Similarities lie in [0, 1]; only
	// values whose sum overflows take stats.MeanNaN's lists.
	T := len(labels)
	var sw, sa float64
	var nw, na int
	for i := 0; i < T; i++ {
		for j := i + 1; j < T; j++ {
			v := sim[i*T+j]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			if labels[i] == labels[j] {
				sw += v
				nw++
			} else {
				sa += v
				na++
			}
		}
	}
	if math.IsInf(sw, 0) || math.IsInf(sa, 0) {
		var w, a []float64
		for i := 0; i < T; i++ {
			for j := i + 1; j < T; j++ {
				if labels[i] == labels[j] {
					w = append(w, sim[i*T+j])
				} else {
					a = append(a, sim[i*T+j])
				}
			}
		}
		return stats.MeanNaN(w), stats.MeanNaN(a)
	}
	within, across = math.NaN(), math.NaN()
	if nw > 0 {
		within = sw / float64(nw)
	}
	if na > 0 {
		across = sa / float64(na)
	}
	return within, across
}

// Events returns the trials at which labels change (the first trial of the
// new map), keeping an event only when it comes at least minTrials trials
// after the previous kept event (Low et al., MIN_TRIALS = 5).
func Events(labels []int, minTrials int) []int {
	var ev []int
	last := math.MinInt / 2
	for t := 1; t < len(labels); t++ {
		if labels[t] != labels[t-1] && t-last >= minTrials {
			ev = append(ev, t)
			last = t
		}
	}
	return ev
}

// MatchEvents returns the precision and recall of found events against true
// events, a found event matching an unmatched true event within ±tol trials
// (a maximum one-to-one matching: the result does not depend on the order
// of either list). With no true events, recall is 1; with no found events,
// precision is 1.
func MatchEvents(found, truth []int, tol int) (precision, recall float64) {
	// On sorted lists, matching each found event, in increasing order, to
	// the earliest unmatched true event within ±tol is a maximum matching
	// (the intervals [f−tol, f+tol] are ordered); in list order it is only
	// maximal.
	found = slices.Sorted(slices.Values(found))
	truth = slices.Sorted(slices.Values(truth))
	used := make([]bool, len(truth))
	hit := 0
	for _, f := range found {
		for j, e := range truth {
			if !used[j] && abs(f-e) <= tol {
				used[j] = true
				hit++
				break
			}
		}
	}
	precision, recall = 1, 1
	if len(found) > 0 {
		precision = float64(hit) / float64(len(found))
	}
	if len(truth) > 0 {
		recall = float64(hit) / float64(len(truth))
	}
	return
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

// Score returns the distance-to-cluster score of each row of Y (Low et al.,
// Fig 3): with proj = (c1−c2)/‖c1−c2‖, dd = (y·proj − c2·proj)/(c1·proj −
// c2·proj) and score = 2(dd − ½), so +1 at centroid c1 and −1 at c2. idx,
// if not nil, restricts the vectors to those entries (the per-cell score). It
// returns NaN scores when c1 and c2 coincide on idx. dst has one entry per
// row of Y and c1, c2 one per column (it panics otherwise).
func Score(dst []float64, Y *mat.Dense, c1, c2 []float64, idx []int) {
	T, D := Y.Dims()
	if len(dst) != T || len(c1) != D || len(c2) != D {
		panic("remap: Score shape mismatch")
	}
	if idx == nil {
		idx = make([]int, D)
		for i := range idx {
			idx[i] = i
		}
	}
	diff := make([]float64, len(idx))
	for k, i := range idx {
		diff[k] = c1[i] - c2[i]
	}
	// dd is invariant under scaling diff and y−c2 alike: extreme
	// magnitudes, whose squares overflow or underflow, are scaled by a
	// power of two (exact; 1 for ordinary data).
	g := num.Pow2Scale(diff)
	if g != 1 {
		floats.Scale(g, diff)
	}
	var norm float64
	for k := range idx {
		norm += diff[k] * diff[k]
	}
	if norm == 0 {
		for t := range dst {
			dst[t] = math.NaN()
		}
		return
	}
	// With proj = diff/‖diff‖: dd = (y−c2)·diff / ‖diff‖².
	for t := 0; t < T; t++ {
		y := Y.RawRowView(t)
		var s float64
		for k, i := range idx {
			if g != 1 {
				s += (y[i] - c2[i]) * g * diff[k]
			} else {
				s += (y[i] - c2[i]) * diff[k]
			}
		}
		dst[t] = 2 * (s/norm - 0.5)
	}
}

// RemapScore returns the per-cell remap score of Low et al. from a cell's
// ±1 scores s_t and map labels (m_t = 1 when trial t is in map 2, the map of
// c2): mean_t [m_t log(1+e^{s_t}) + (1−m_t) log(1+e^{−s_t})]. Low values mark
// a consistent remapper (reference threshold ll < 1).
func RemapScore(s []float64, inMap2 []bool) float64 {
	var sum float64
	var n int
	for t, v := range s {
		if math.IsNaN(v) {
			continue
		}
		if inMap2[t] {
			sum += softplus(v)
		} else {
			sum += softplus(-v)
		}
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// softplus is log(1+e^x), computed without overflow.
func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

// Options sets Analyze.
type Options struct {
	Maps int // number of maps K (1 ≤ K ≤ trials)
	// Restarts is the number of k-means restarts, ≥ 0; 0 selects
	// cluster.KMeans's default of 10, not Low et al.'s 100: set 100 to
	// follow them.
	Restarts int
	// MinTrials is the minimum number of trials between remap events, ≥ 0;
	// 0 means 5, Low et al.'s value.
	MinTrials int
	Seed      uint64 // k-means seed
	Workers   int    // goroutines, ≥ 0 (0 and 1 both mean serial); results do not depend on it
	// Speed, if not nil, is the running speed of each trial; the maps are
	// then numbered by increasing mean speed ("map 1" is the slow map, Low et
	// al.). Otherwise maps are numbered in order of first appearance.
	Speed []float64
	// Progress, if not nil, is called with the fraction of the k-means
	// starts done (by Analyze), or of ChooseMaps' k-means work, the starts
	// of every K tried weighted by K, their cost. It may be called from
	// the worker goroutines (concurrently when Workers > 1).
	Progress func(frac float64)
}

// Result is the analysis of one session.
type Result struct {
	K          int
	Labels     []int      // map of each trial, 0..K−1 ("map 1" is 0)
	Centroids  *mat.Dense // K × (bins·cells)
	Events     []int      // trials that start a new map
	Similarity []float64  // trials × trials |corr|
	Within     float64    // mean within-map similarity
	Across     float64    // mean across-map similarity (NaN when K = 1)
	MapSpeed   []float64  // mean speed per map (nil without Speed)
	// For K = 2 only (nil otherwise):
	Score      []float64   // population score per trial, +1 at map 1, −1 at map 2
	CellScore  [][]float64 // [cell][trial] per-cell scores
	RemapScore []float64   // per-cell remap score (low = consistent remapper)
}

// check returns an input error for a negative count in o (Analyze and
// ChooseMaps), naming remap's own field.
func (o Options) check() error {
	switch {
	case o.Restarts < 0:
		return experiment.Inputf("remap: Options.Restarts = %d: want ≥ 0 (0 means 10)", o.Restarts)
	case o.MinTrials < 0:
		return experiment.Inputf("remap: Options.MinTrials = %d: want ≥ 0 (0 means 5)", o.MinTrials)
	case o.Workers < 0:
		return experiment.Inputf("remap: Options.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", o.Workers)
	}
	return nil
}

// MaxTrials is the most trials Analyze and ChooseMaps accept: the
// trials × trials similarity matrix (and ChooseMaps' distance matrix) grows
// with the square of the trials (5000 trials: 200 MB each), far beyond
// any session's few hundred.
const MaxTrials = 5000

// checkTensor returns an input error if x's shape is empty, its length does
// not match its shape, it has more than MaxTrials trials or it holds NaN or
// Inf.
func checkTensor(x Tensor) error {
	if x.Trials < 1 || x.Bins < 1 || x.Cells < 1 {
		return experiment.Inputf("remap: tensor shape %d×%d×%d (trials × bins × cells): each must be >= 1", x.Trials, x.Bins, x.Cells)
	}
	if x.Trials > MaxTrials {
		return experiment.Inputf("remap: %d trials, at most %d: the trials × trials similarity matrix would hold %.3g values (%.3g GB); is the tensor trials × bins × cells?",
			x.Trials, MaxTrials, float64(x.Trials)*float64(x.Trials), 8*float64(x.Trials)*float64(x.Trials)/1e9)
	}
	if len(x.Data) != x.Trials*x.Bins*x.Cells {
		return experiment.Inputf("remap: tensor holds %d values, want trials·bins·cells = %d·%d·%d = %d",
			len(x.Data), x.Trials, x.Bins, x.Cells, x.Trials*x.Bins*x.Cells)
	}
	for i, v := range x.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bc := x.Bins * x.Cells
			return experiment.Inputf("remap: tensor holds NaN or Inf (%g at trial %d, bin %d, cell %d); values must be finite",
				v, i/bc, i%bc/x.Cells, i%x.Cells)
		}
	}
	return nil
}

// Analyze runs the remapping analysis on x. Bad input (Maps outside
// 1..Trials, a negative Restarts, MinTrials or Workers, a tensor whose
// length does not match its shape, with more than MaxTrials trials or that
// holds NaN or Inf, a Speed of the
// wrong length or not finite) yields an error wrapping experiment.ErrInput.
func Analyze(ctx context.Context, x Tensor, o Options) (*Result, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := checkTensor(x); err != nil {
		return nil, err
	}
	if o.Maps < 1 || o.Maps > x.Trials {
		return nil, experiment.Inputf("remap: %d maps for %d trials (Maps must be in [1, %d])", o.Maps, x.Trials, x.Trials)
	}
	if err := checkSpeed(o.Speed, x.Trials); err != nil {
		return nil, err
	}
	// Labels, similarities and scores are scale-invariant: a tensor of
	// extreme magnitude is clustered scaled by a power of two (exact), so
	// that k-means distances neither overflow nor underflow; the centroids
	// are scaled back.
	f := num.Pow2Scale(x.Data)
	if f != 1 {
		x = scaleTensor(x, f)
	}
	return analyze(ctx, x, f, o, nil, nil)
}

// checkSpeed returns an input error for a Speed of the wrong length or not
// finite (nil is fine).
func checkSpeed(speed []float64, trials int) error {
	if speed == nil {
		return nil
	}
	if len(speed) != trials {
		return experiment.Inputf("remap: %d speeds for %d trials", len(speed), trials)
	}
	for t, v := range speed {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return experiment.Inputf("remap: speed of trial %d is %g, must be finite", t, v)
		}
	}
	return nil
}

// analyze is Analyze on x already scaled by f (checked), given the k-means
// of o.Maps maps and the similarity matrix of x when they are known (nil:
// computed here).
func analyze(ctx context.Context, x Tensor, f float64, o Options, km *cluster.KMeansResult, sim []float64) (*Result, error) {
	if o.MinTrials == 0 {
		o.MinTrials = 5
	}
	Y := x.Matrix()
	if km == nil {
		var err error
		km, err = cluster.KMeans(ctx, Y, o.Maps, cluster.KMeansOptions{Restarts: o.Restarts, Seed: o.Seed, Workers: o.Workers, Progress: o.Progress})
		if err != nil {
			return nil, err
		}
	}
	K := o.Maps
	// Renumber maps: by mean speed when given, else by first appearance.
	key := make([]float64, K)
	first := make([]int, K)
	for k := range first {
		first[k] = math.MaxInt
	}
	for t, l := range km.Labels {
		first[l] = min(first[l], t)
	}
	var mapSpeed []float64
	if o.Speed != nil {
		sum, n := make([]float64, K), make([]float64, K)
		for t, l := range km.Labels {
			sum[l] += o.Speed[t]
			n[l]++
		}
		for k := range key {
			key[k] = sum[k] / n[k]
		}
	} else {
		for k := range key {
			key[k] = float64(first[k])
		}
	}
	order := make([]int, K) // order[new] = old
	for i := range order {
		order[i] = i
	}
	for i := 1; i < K; i++ { // insertion sort by key, then first appearance
		for j := i; j > 0 && (key[order[j]] < key[order[j-1]] || key[order[j]] == key[order[j-1]] && first[order[j]] < first[order[j-1]]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	newOf := make([]int, K)
	for nw, old := range order {
		newOf[old] = nw
	}
	res := &Result{K: K, Labels: make([]int, x.Trials), Centroids: mat.NewDense(K, x.Bins*x.Cells, nil)}
	for t, l := range km.Labels {
		res.Labels[t] = newOf[l]
	}
	for nw, old := range order {
		copy(res.Centroids.RawRowView(nw), km.Centroids.RawRowView(old))
	}
	if f != 1 {
		res.Centroids.Scale(1/f, res.Centroids)
	}
	if o.Speed != nil {
		mapSpeed = make([]float64, K)
		for nw, old := range order {
			mapSpeed[nw] = key[old]
		}
		res.MapSpeed = mapSpeed
	}
	res.Events = Events(res.Labels, o.MinTrials)
	if sim == nil {
		sim = Similarity(x)
	}
	res.Similarity = sim
	res.Within, res.Across = WithinAcross(res.Similarity, res.Labels)
	if K == 2 {
		c1, c2 := km.Centroids.RawRowView(order[0]), km.Centroids.RawRowView(order[1]) // on Y's scale
		res.Score = make([]float64, x.Trials)
		Score(res.Score, Y, c1, c2, nil)
		inMap2 := make([]bool, x.Trials)
		for t, l := range res.Labels {
			inMap2[t] = l == 1
		}
		res.CellScore = make([][]float64, x.Cells)
		res.RemapScore = make([]float64, x.Cells)
		idx := make([]int, x.Bins)
		for c := 0; c < x.Cells; c++ {
			for b := range idx {
				idx[b] = b*x.Cells + c
			}
			res.CellScore[c] = make([]float64, x.Trials)
			Score(res.CellScore[c], Y, c1, c2, idx)
			res.RemapScore[c] = RemapScore(res.CellScore[c], inMap2)
		}
	}
	return res, nil
}

// MeanMap returns the bins × cells mean of the trials with label k.
func MeanMap(x Tensor, labels []int, k int) *mat.Dense {
	m := mat.NewDense(x.Bins, x.Cells, nil)
	n := 0
	for t, l := range labels {
		if l == k {
			floats.Add(m.RawMatrix().Data, x.Data[t*x.Bins*x.Cells:(t+1)*x.Bins*x.Cells])
			n++
		}
	}
	if n > 0 {
		m.Scale(1/float64(n), m)
	}
	return m
}

// ChooseMaps picks K in 2..maxK by the mean silhouette of the k-means labels
// under the distance 1 − similarity, returning 1 when the best silhouette is
// below minSil. It is the automatic K of the remap command (our rule: Low et
// al. do not state how a session was classed as 2-map). It uses o's
// Restarts, Seed, Workers and Progress. maxK < 1, a negative count in o or a bad
// tensor (as for Analyze) yields an error wrapping experiment.ErrInput.
func ChooseMaps(ctx context.Context, x Tensor, maxK int, minSil float64, o Options) (int, []float64, error) {
	if err := checkChoose(x, maxK, o); err != nil {
		return 0, nil, err
	}
	if f := num.Pow2Scale(x.Data); f != 1 {
		x = scaleTensor(x, f) // as in Analyze: k-means distances stay finite
	}
	k, sil, _, _, err := chooseMaps(ctx, x, maxK, minSil, o, 1)
	return k, sil, err
}

// checkChoose returns ChooseMaps' input errors.
func checkChoose(x Tensor, maxK int, o Options) error {
	if maxK < 1 {
		return experiment.Inputf("remap: maxK = %d, must be >= 1", maxK)
	}
	if err := o.check(); err != nil {
		return err
	}
	return checkTensor(x)
}

// chooseMaps is ChooseMaps on x already scaled (and checked). It also
// returns the similarity matrix and the k-means result of each K tried
// (index K). Progress reports its share of the work, the fraction share of
// the whole.
func chooseMaps(ctx context.Context, x Tensor, maxK int, minSil float64, o Options, share float64) (int, []float64, []float64, []*cluster.KMeansResult, error) {
	sim := Similarity(x)
	T := x.Trials
	d := make([]float64, T*T)
	for i, v := range sim {
		d[i] = 1 - v
		if math.IsNaN(v) {
			d[i] = 1
		}
	}
	sil := make([]float64, maxK)
	sil[0] = math.NaN()
	kms := make([]*cluster.KMeansResult, maxK+1)
	bestK, best := 1, math.Inf(-1)
	// Progress: a k-means start with k clusters costs about k times one
	// with a single cluster.
	work, before := 0, 0
	for k := 2; k <= maxK && k <= T; k++ {
		work += k
	}
	for k := 2; k <= maxK && k <= T; k++ {
		var progress func(float64)
		if o.Progress != nil {
			done, w := share*float64(before)/float64(work), share*float64(k)/float64(work)
			progress = func(fr float64) { o.Progress(done + w*fr) }
		}
		before += k
		km, err := cluster.KMeans(ctx, x.Matrix(), k, cluster.KMeansOptions{Restarts: o.Restarts, Seed: o.Seed, Workers: o.Workers, Progress: progress})
		if err != nil {
			return 0, nil, nil, nil, err
		}
		kms[k] = km
		sil[k-1] = stats.Silhouette(d, T, km.Labels)
		if sil[k-1] > best {
			bestK, best = k, sil[k-1]
		}
	}
	if best < minSil {
		bestK = 1
	}
	return bestK, sil, sim, kms, nil
}

// ChooseAndAnalyze is ChooseMaps followed by Analyze with Maps set to the
// K chosen (o.Maps is ignored), with the same results, but the work they
// share done once: the similarity matrix (trials² · bins · cells) and the
// k-means of the chosen K (Analyze's own k-means runs only when K = 1 is
// chosen). It returns the analysis and the silhouette of each K (index
// K−1). o.Progress, if not nil, is called with the fraction of the
// k-means work of both done. Its input errors are those of ChooseMaps and
// Analyze.
func ChooseAndAnalyze(ctx context.Context, x Tensor, maxK int, minSil float64, o Options) (*Result, []float64, error) {
	if err := checkChoose(x, maxK, o); err != nil {
		return nil, nil, err
	}
	if err := checkSpeed(o.Speed, x.Trials); err != nil {
		return nil, nil, err
	}
	f := num.Pow2Scale(x.Data)
	if f != 1 {
		x = scaleTensor(x, f)
	}
	// The chosen K's k-means is done by then unless K = 1 (a start of one
	// cluster, about 1/Σk of the rest): its share of the progress.
	work := 0
	for k := 2; k <= maxK && k <= x.Trials; k++ {
		work += k
	}
	share := 1.0
	if work > 0 {
		share = float64(work) / float64(work+1)
	}
	k, sil, sim, kms, err := chooseMaps(ctx, x, maxK, minSil, o, share)
	if err != nil {
		return nil, nil, err
	}
	o.Maps = k
	var km *cluster.KMeansResult
	if k < len(kms) {
		km = kms[k]
	}
	if p := o.Progress; p != nil {
		o.Progress = func(fr float64) { p(share + (1-share)*fr) }
	}
	res, err := analyze(ctx, x, f, o, km, sim)
	if err != nil {
		return nil, nil, err
	}
	if o.Progress != nil {
		o.Progress(1)
	}
	return res, sil, nil
}

// scaleTensor returns a copy of x with every value multiplied by f.
func scaleTensor(x Tensor, f float64) Tensor {
	y := x
	y.Data = make([]float64, len(x.Data))
	floats.ScaleTo(y.Data, f, x.Data)
	return y
}
