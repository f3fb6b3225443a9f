package placefield

import (
	"context"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/cluster"
	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/num"
)

// TrialMaps returns the smoothed rate maps (cells × 2·Bins) of trials
// 0..nTrials−1 and their occupancies; frames of later trials are ignored.
// f must pass Validate (TrialMaps panics on an out-of-range bin, direction
// or cell).
func TrialMaps(f *Frames, nTrials int) (maps []*mat.Dense, occ [][]float64) {
	cnt := make([]*mat.Dense, nTrials)
	occ = make([][]float64, nTrials)
	for t := range cnt {
		cnt[t] = mat.NewDense(f.Cells, 2*f.Bins, nil)
		occ[t] = make([]float64, 2*f.Bins)
	}
	for i, b := range f.Bin {
		t := f.Trial[i]
		if b < 0 || t >= nTrials {
			continue
		}
		col := int(f.Dir[i])*f.Bins + b
		occ[t][col]++
		raw := cnt[t].RawMatrix()
		for _, c := range f.Events[i] {
			raw.Data[int(c)*raw.Stride+col]++
		}
	}
	maps = make([]*mat.Dense, nTrials)
	for t := range maps {
		maps[t] = mat.NewDense(f.Cells, 2*f.Bins, nil)
		RateMaps(maps[t], cnt[t], occ[t], f.Bins, true)
	}
	return maps, occ
}

// MaxMaps is the most rate maps PVMatrix correlates: the n × n matrix grows
// with the square of the trials (5000 maps: 200 MB).
const MaxMaps = 5000

// PVMatrix returns the n × n matrix of population-vector correlations
// between rate maps (stats.PVCorrelation: mean over bins of the across-cell
// correlation), row-major, 1 on the diagonal, on workers goroutines (≥ 0;
// 0 and 1 both mean serial; the result does not depend on it). Maps that are
// nil or of different shapes, more than MaxMaps maps and a negative workers
// are errors wrapping experiment.ErrInput.
func PVMatrix(ctx context.Context, maps []*mat.Dense, workers int) ([]float64, error) {
	if workers < 0 {
		return nil, experiment.Inputf("placefield: PVMatrix: workers = %d: want ≥ 0 (0 and 1 both mean serial)", workers)
	}
	n := len(maps)
	if n > MaxMaps {
		return nil, experiment.Inputf("placefield: PVMatrix: %d maps (trials), at most %d: the trials × trials matrix would hold %.3g values; is each trial one visit to the track?", n, MaxMaps, float64(n)*float64(n))
	}
	for i, m := range maps {
		if m == nil || m.IsEmpty() {
			return nil, experiment.Inputf("placefield: PVMatrix: map %d is nil or empty", i)
		}
		r0, c0 := maps[0].Dims()
		if r, c := m.Dims(); r != r0 || c != c0 {
			return nil, experiment.Inputf("placefield: PVMatrix: map %d is %d×%d, map 0 is %d×%d (want cells × bins for every trial)", i, r, c, r0, c0)
		}
	}
	// PV correlations are invariant under scaling either map: maps of
	// extreme magnitude, whose squares overflow or underflow, are
	// correlated scaled by a power of two (exact; ordinary maps as given).
	maps = pow2Maps(maps)
	// Each map's per-map facts (finiteness, column means and sums of
	// squares) computed once, not once per pair: the same values bit for
	// bit as stats.PVCorrelation.
	pm := make([]*stats.PVMap, n)
	for i, m := range maps {
		pm[i] = stats.NewPVMap(m)
	}
	_, c := maps[0].Dims()
	pv := make([]float64, n*n)
	err := num.ParallelFor(ctx, workers, n, func(i int) error {
		pv[i*n+i] = 1
		scratch := make([]float64, c)
		for j := i + 1; j < n; j++ {
			pv[i*n+j] = stats.PVCorrelationMaps(pm[i], pm[j], scratch)
		}
		return nil
	})
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			pv[j*n+i] = pv[i*n+j]
		}
	}
	return pv, err
}

// OrderPV returns a copy of the n × n row-major PV matrix pv (n =
// len(labels)) with trials reordered by map label, stably (within a map, in
// time order), and NaN on the diagonal: the block view of the maps drawn as
// a heat map.
func OrderPV(pv []float64, labels []int) []float64 {
	n := len(labels)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return labels[order[a]] < labels[order[b]] })
	data := make([]float64, n*n)
	for a, i := range order {
		for b, j := range order {
			data[a*n+b] = pv[i*n+j]
			if a == b {
				data[a*n+b] = math.NaN()
			}
		}
	}
	return data
}

// ShuffledPV returns the PV correlation of a with b after permuting b's cell
// identities by perm: the cell-shuffle control of Sheintuch et al.
func ShuffledPV(a, b *mat.Dense, perm []int) float64 {
	r, c := b.Dims()
	s := mat.NewDense(r, c, nil)
	for i, p := range perm {
		copy(s.RawRowView(i), b.RawRowView(p))
	}
	return stats.PVCorrelation(pow2Map(a), pow2Map(s))
}

// pow2Maps applies pow2Map to every map (the slice is copied only if a map
// changes).
func pow2Maps(maps []*mat.Dense) []*mat.Dense {
	out := maps
	for i, m := range maps {
		if s := pow2Map(m); s != m {
			if &out[0] == &maps[0] {
				out = append([]*mat.Dense(nil), maps...)
			}
			out[i] = s
		}
	}
	return out
}

// pow2Map returns m if its largest |value| is 0 or within [2⁻⁶⁴, 2⁶⁴], and
// otherwise a copy scaled by the power of two that brings it near 1
// (exact), for correlations that must not overflow or underflow.
func pow2Map(m *mat.Dense) *mat.Dense {
	if m == nil {
		return m
	}
	r, c := m.Dims()
	var mx float64 // the largest finite |value|, as one slice for pow2Scale
	for i := 0; i < r; i++ {
		for _, v := range m.RawRowView(i)[:c] {
			if v = math.Abs(v); v > mx && !math.IsInf(v, 0) {
				mx = v
			}
		}
	}
	g := num.Pow2Scale([]float64{mx})
	if g == 1 {
		return m
	}
	s := mat.NewDense(r, c, nil)
	s.Scale(g, m)
	return s
}

// ClusterOptions sets ClusterTrials.
type ClusterOptions struct {
	MaxK        int     // largest number of maps tried (spec: 4)
	MinSil      float64 // smallest accepted best silhouette (spec: 0.25)
	MinSessions int     // K > 1 needs at least this many sessions holding ≥ 2 clusters (spec: 3); 0 disables
}

// ClusterTrials clusters trials into maps by average linkage on the distance
// 1 − PV correlation, choosing K in 1..MaxK by silhouette (spec
// multiple-maps.md): K > 1 is accepted only if the best silhouette is ≥
// MinSil and at least MinSessions sessions hold trials of ≥ 2 clusters
// (session[i] is trial i's session; nil disables that rule). pv is the
// n × n row-major matrix of PVMatrix and session, if not nil, has n entries
// (it panics otherwise).
func ClusterTrials(pv []float64, n int, session []int, o ClusterOptions) cluster.SilhouetteChoice {
	d := make([]float64, n*n)
	for i, v := range pv {
		d[i] = 1 - v
		if math.IsNaN(v) {
			d[i] = 1
		}
	}
	for i := 0; i < n; i++ {
		d[i*n+i] = 0
	}
	accept := func(labels []int) bool {
		if session == nil || o.MinSessions <= 0 {
			return true
		}
		return MixedSessions(labels, session) >= o.MinSessions
	}
	return cluster.ChooseK(d, n, o.MaxK, o.MinSil, accept)
}

// MixedSessions counts the sessions that hold trials from at least two
// clusters.
func MixedSessions(labels, session []int) int {
	first := map[int]int{}
	mixed := map[int]bool{}
	for i, s := range session {
		if l, ok := first[s]; !ok {
			first[s] = labels[i]
		} else if l != labels[i] {
			mixed[s] = true
		}
	}
	return len(mixed)
}

// MapTemplates returns, for each of k clusters, the mean rate map of the
// trials with that label (trials with exclude[t] set are left out; exclude
// may be nil). A cluster without trials gets a nil template.
func MapTemplates(maps []*mat.Dense, labels []int, k int, exclude []bool) []*mat.Dense {
	out := make([]*mat.Dense, k)
	n := make([]int, k)
	for t, m := range maps {
		if exclude != nil && exclude[t] {
			continue
		}
		l := labels[t]
		if out[l] == nil {
			r, c := m.Dims()
			out[l] = mat.NewDense(r, c, nil)
		}
		out[l].Add(out[l], m)
		n[l]++
	}
	for l := range out {
		if out[l] != nil {
			out[l].Scale(1/float64(n[l]), out[l])
		}
	}
	return out
}

// SwitchOptions sets DetectSwitches (spec: 60-s windows at a 3-s step,
// threshold 0.2, at least 3 active cells).
type SwitchOptions struct {
	Window, Step int     // frames
	Threshold    float64 // minimum PV correlation with the best map
	MinActive    int     // minimum cells with an event in the window
}

// Window is one sliding window of a trial.
type Window struct {
	Centre int // centre frame
	Label  int // map assigned (the previous label when no map passes; −1 before any)
	Corr   float64
}

// DetectSwitches slides windows over frames lo..hi−1 (one trial), correlates
// each window's smoothed rate maps with every template (PV correlation) and
// assigns the best map when its correlation exceeds the threshold, otherwise
// keeps the previous label (Sheintuch et al., authors' code L2311–2316).
// It returns the windows and the frames at which the label changed (the
// centre of the first window with the new label). It panics if o.Step < 1
// (the windows would never advance).
func DetectSwitches(f *Frames, lo, hi int, templates []*mat.Dense, o SwitchOptions) (wins []Window, switches []int) {
	if o.Step < 1 {
		panic(fmt.Sprintf("placefield: DetectSwitches: SwitchOptions.Step = %d frames, want ≥ 1", o.Step))
	}
	cnt := mat.NewDense(f.Cells, 2*f.Bins, nil)
	rm := mat.NewDense(f.Cells, 2*f.Bins, nil)
	occ := make([]float64, 2*f.Bins)
	templates = pow2Maps(templates) // correlations do not depend on a template's scale
	// Each template's PV facts, prepared once for all windows.
	tpv := make([]*stats.PVMap, len(templates))
	for k, tm := range templates {
		if tm != nil {
			tpv[k] = stats.NewPVMap(tm)
		}
	}
	scratch := make([]float64, 2*f.Bins)
	prev := -1
	for s := lo; s+o.Window <= hi; s += o.Step {
		f.Counts(cnt, occ, s, s+o.Window, nil)
		active := 0
		for c := 0; c < f.Cells; c++ {
			for _, v := range cnt.RawRowView(c) {
				if v > 0 {
					active++
					break
				}
			}
		}
		w := Window{Centre: s + o.Window/2, Label: prev, Corr: math.NaN()}
		if active >= o.MinActive {
			RateMaps(rm, cnt, occ, f.Bins, true)
			best, bc := -1, math.Inf(-1)
			wpv := stats.NewPVMap(rm)
			for k, tp := range tpv {
				if tp == nil {
					continue
				}
				if c := stats.PVCorrelationMaps(wpv, tp, scratch); c > bc {
					best, bc = k, c
				}
			}
			w.Corr = bc
			if best >= 0 && bc > o.Threshold {
				w.Label = best
			}
		}
		if prev >= 0 && w.Label != prev {
			switches = append(switches, w.Centre)
		}
		prev = w.Label
		wins = append(wins, w)
	}
	return wins, switches
}

// SIResult is the spatial-information test of one cell in one session.
type SIResult struct {
	Events int
	SI     float64 // bits per event
	P      float64 // shuffle p-value (early-stopped above alpha)
	Active bool    // at least minEvents events
}

// SITest runs the Skaggs spatial-information shuffle test for every cell on
// the pooled, unsmoothed counts of the trials for which keep is true: cells
// with at least minEvents events are tested with nShuf shuffles; cell c draws
// from num.Stream(seed, c). Cells are tested on workers goroutines (≥ 0;
// 0 and 1 both mean serial); results do not depend on workers. A nil
// keepTrial keeps every trial. An f that fails Validate, nShuf < 1, an
// alpha outside (0, 1], a negative workers and a tested cell with more than
// MaxShuffleEvents events are errors wrapping experiment.ErrInput.
func SITest(ctx context.Context, f *Frames, keepTrial func(t int) bool, minEvents, nShuf int, alpha float64, seed uint64, workers int) ([]SIResult, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if workers < 0 {
		return nil, experiment.Inputf("placefield: SITest: workers = %d: want ≥ 0 (0 and 1 both mean serial)", workers)
	}
	if nShuf < 1 {
		return nil, experiment.Inputf("placefield: SITest with %d shuffles, want ≥ 1 (the reference uses 1000)", nShuf)
	}
	if !(alpha > 0 && alpha <= 1) {
		return nil, experiment.Inputf("placefield: SITest significance level %g, want 0 < alpha ≤ 1", alpha)
	}
	if keepTrial == nil {
		keepTrial = func(int) bool { return true }
	}
	cnt := mat.NewDense(f.Cells, 2*f.Bins, nil)
	occ := make([]float64, 2*f.Bins)
	f.Counts(cnt, occ, 0, len(f.Bin), func(i int) bool { return keepTrial(f.Trial[i]) })
	out := make([]SIResult, f.Cells)
	var sum float64
	for _, v := range occ {
		sum += v
	}
	if sum == 0 {
		// No analysed frame: no events and nothing to test (p = 1, as for
		// any untested cell).
		for c := range out {
			out[c] = SIResult{P: 1, Active: 0 >= minEvents}
		}
		return out, nil
	}
	for c := 0; c < f.Cells; c++ {
		// ShuffleTest's tables grow with the events: beyond its cap it
		// returns p = NaN, which would pass for "not a place cell".
		var n float64
		for _, v := range cnt.RawRowView(c) {
			n += v
		}
		if n > MaxShuffleEvents && int(n) >= minEvents {
			return nil, experiment.Inputf("placefield: SITest: cell %d has %d events in the analysed frames, at most %d (MaxShuffleEvents) can be shuffle-tested; events are frames whose value is > 0 (give thresholded events, not a continuous trace)", c, int(n), MaxShuffleEvents)
		}
	}
	o := NewOccupancy(occ)
	err := num.ParallelFor(ctx, workers, f.Cells, func(c int) error {
		row := cnt.RawRowView(c)
		var n float64
		for _, v := range row {
			n += v
		}
		r := SIResult{Events: int(n), P: 1, Active: int(n) >= minEvents}
		if r.Active {
			buf := make([]float64, len(row))
			r.SI, r.P = ShuffleTest(num.Stream(seed, uint64(c)), row, o, nShuf, alpha, buf)
		}
		out[c] = r
		return nil
	})
	return out, err
}
