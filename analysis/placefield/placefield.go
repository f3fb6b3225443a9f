package placefield

import (
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// Frames is an event recording: per frame, the analysed position bin
// (0..Bins−1, or −1 for a frame that is not analysed: outside the analysed
// bins or below the speed threshold), the running direction (0 or 1), the
// trial, and the cells with an event.
type Frames struct {
	Cells, Bins int
	Bin         []int
	Dir         []int8
	Trial       []int
	Events      [][]int32
}

// Validate checks the lengths and ranges of f: Cells and Bins ≥ 1, one
// Bin, Dir, Trial and Events entry per frame, Bin in −1..Bins−1, Dir 0 or 1,
// Trial ≥ 0, and event cells in 0..Cells−1. Its errors wrap
// experiment.ErrInput and name the frame. TrialMaps, Counts and
// DetectSwitches assume a valid f (they panic on an out-of-range index);
// SITest calls Validate itself.
func (f *Frames) Validate() error {
	if f == nil {
		return experiment.Inputf("placefield: Frames is nil")
	}
	if f.Cells < 1 || f.Bins < 1 {
		return experiment.Inputf("placefield: %d cells and %d bins per direction, want at least 1 of each", f.Cells, f.Bins)
	}
	n := len(f.Bin)
	if len(f.Dir) != n || len(f.Trial) != n || len(f.Events) != n {
		return experiment.Inputf("placefield: frame fields have different lengths (Bin %d, Dir %d, Trial %d, Events %d; want one entry per frame in each)",
			n, len(f.Dir), len(f.Trial), len(f.Events))
	}
	for i := 0; i < n; i++ {
		switch {
		case f.Bin[i] >= f.Bins || f.Bin[i] < -1:
			return experiment.Inputf("placefield: frame %d: bin %d outside −1..%d (−1: not analysed)", i, f.Bin[i], f.Bins-1)
		case f.Dir[i] < 0 || f.Dir[i] > 1:
			return experiment.Inputf("placefield: frame %d: direction %d, want 0 or 1", i, f.Dir[i])
		case f.Trial[i] < 0:
			return experiment.Inputf("placefield: frame %d: trial %d, want ≥ 0", i, f.Trial[i])
		}
		for _, c := range f.Events[i] {
			if c < 0 || int(c) >= f.Cells {
				return experiment.Inputf("placefield: frame %d names cell %d of %d (want 0..%d)", i, c, f.Cells, f.Cells-1)
			}
		}
	}
	return nil
}

// Counts accumulates, over frames lo..hi−1 accepted by keep (nil: all), the
// event counts (cells × 2·Bins, direction-major columns d*Bins+b) and the
// occupancy in frames (2·Bins) into cnt and occ, which it zeroes first.
func (f *Frames) Counts(cnt *mat.Dense, occ []float64, lo, hi int, keep func(frame int) bool) {
	cnt.Zero()
	for i := range occ {
		occ[i] = 0
	}
	for i := lo; i < hi; i++ {
		b := f.Bin[i]
		if b < 0 || keep != nil && !keep(i) {
			continue
		}
		col := int(f.Dir[i])*f.Bins + b
		occ[col]++
		for _, c := range f.Events[i] {
			cnt.Set(int(c), col, cnt.At(int(c), col)+1)
		}
	}
}

// GaussWin returns MATLAB's gausswin(L) with α = 2.5:
// w(n) = exp(−½ (α n / ((L−1)/2))²), n = −(L−1)/2 … (L−1)/2.
func GaussWin(L int) []float64 {
	w := make([]float64, L)
	if L == 1 {
		w[0] = 1
		return w
	}
	h := float64(L-1) / 2
	for i := range w {
		n := float64(i) - h
		z := 2.5 * n / h
		w[i] = math.Exp(-z * z / 2)
	}
	return w
}

// smooth writes into dst the 'same'-size convolution of x with w divided by
// the same convolution of a ones-vector (the reference's edge
// normalisation).
func smooth(dst, x, w []float64) {
	n, L := len(x), len(w)
	off := L / 2 // MATLAB conv(..., 'same') centre for odd and even L
	for i := 0; i < n; i++ {
		var s, z float64
		for k := 0; k < L; k++ {
			j := i + off - k
			if j >= 0 && j < n {
				s += w[k] * x[j]
				z += w[k]
			}
		}
		dst[i] = s / z
	}
}

// RateMaps turns counts and occupancy into rate maps (events per frame):
// rate = count/occupancy (0 where a bin was not visited), smoothed within each
// direction by gausswin(1+round(Bins/4)) normalised by the smoothed ones
// vector, the two directions concatenated (Sheintuch et al., authors' code).
// With smoothing false the raw rates are returned. dst and cnt are
// cells × 2·bins and occ has 2·bins entries (it panics otherwise).
func RateMaps(dst, cnt *mat.Dense, occ []float64, bins int, smoothing bool) {
	cells, cols := cnt.Dims()
	if cols != 2*bins || len(occ) != cols {
		panic("placefield: RateMaps shape mismatch")
	}
	w := GaussWin(1 + int(math.Round(float64(bins)/4)))
	raw := make([]float64, cols)
	for c := 0; c < cells; c++ {
		row := cnt.RawRowView(c)
		for j := range raw {
			raw[j] = 0
			if occ[j] > 0 {
				raw[j] = row[j] / occ[j]
			}
		}
		out := dst.RawRowView(c)
		if !smoothing {
			copy(out, raw)
			continue
		}
		for d := 0; d < 2; d++ {
			smooth(out[d*bins:(d+1)*bins], raw[d*bins:(d+1)*bins], w)
		}
	}
}

// SpatialInfo returns the Skaggs spatial information in bits per event,
// SI = Σ_b p_b (r_b/r̄) log2(r_b/r̄), of the event counts n_b with
// occupancy o_b (p_b = o_b/Σo, r_b = n_b/o_b, r̄ = Σ p_b r_b); bins never
// visited are skipped, terms with r_b = 0 contribute 0. Equivalently SI is the
// Kullback–Leibler divergence (bits) of the events' bin distribution from the
// occupancy distribution. It returns 0 for a cell without events.
func SpatialInfo(n, occ []float64) float64 {
	var T, N float64
	for b, o := range occ {
		if o > 0 {
			T += o
			N += n[b]
		}
	}
	if N == 0 || T == 0 {
		return 0
	}
	var si float64
	for b, o := range occ {
		if o > 0 && n[b] > 0 {
			q := n[b] / N // p_b r_b / r̄
			si += q * math.Log2(q/(o/T))
		}
	}
	return si
}

// Occupancy is an alias table over bins proportional to occupancy, for the
// shuffle test.
type Occupancy struct {
	occ   []float64
	prob  []float64
	alias []int
	cond  []float64 // conditional bin probabilities for multinomial

	mu  sync.Mutex
	pow [][]float64 // pow[b][n] = (1 − min(q_b, 1−q_b))^n; grown under mu, never modified
}

// powTable returns a table of (1 − min(q_b, 1−q_b))^n for n ≤ at least N,
// built by repeated multiplication (no exp per draw). Safe for concurrent use.
func (o *Occupancy) powTable(N int) [][]float64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.cond == nil {
		var T float64
		for _, v := range o.occ {
			T += v
		}
		o.cond = make([]float64, len(o.occ))
		rest := T
		for b, v := range o.occ {
			if rest > 0 {
				o.cond[b] = math.Min(1, v/rest)
			}
			rest -= v
		}
	}
	if len(o.pow) > 0 && len(o.pow[0]) > N {
		return o.pow
	}
	n := max(N+1, 2*len(o.pow)) // grow geometrically
	tab := make([][]float64, len(o.cond))
	for b, q := range o.cond {
		f := 1 - math.Min(q, 1-q)
		row := make([]float64, n)
		row[0] = 1
		for k := 1; k < n; k++ {
			row[k] = row[k-1] * f
		}
		tab[b] = row
	}
	o.pow = tab
	return tab
}

// NewOccupancy builds the sampler (occupancy must have a positive entry).
func NewOccupancy(occ []float64) *Occupancy {
	n := len(occ)
	o := &Occupancy{occ: append([]float64(nil), occ...), prob: make([]float64, n), alias: make([]int, n)}
	num.AliasTable(o.prob, o.alias, occ)
	return o
}

// multinomial writes into dst one draw of n events over bins with
// probabilities ∝ occupancy, as conditional binomials (n_b ~ Bin(n_left,
// p_b/Σ_{j≥b} p_j)) drawn by inversion: one uniform per bin instead of one
// per event. Where (1−q)^n would underflow it falls back to per-event alias
// draws for the rest.
func (o *Occupancy) multinomial(rng *rand.Rand, n int, dst []float64) {
	pow := o.powTable(n)
	for i := range dst {
		dst[i] = 0
	}
	left := n
	for b, q := range o.cond {
		if left == 0 {
			return
		}
		if q >= 1 {
			dst[b] += float64(left)
			return
		}
		if q <= 0 {
			continue
		}
		k, ok := binomialInv(rng, left, q, pow[b][left])
		if !ok {
			for ; left > 0; left-- {
				dst[o.draw(rng)]++
			}
			return
		}
		dst[b] += float64(k)
		left -= k
	}
}

// binomialInv draws Bin(n, q) by inversion of the CDF from one uniform
// (using the symmetry q ↔ 1−q for q > ½); p0 is (1 − min(q, 1−q))^n. ok is
// false if p0 underflows.
func binomialInv(rng *rand.Rand, n int, q, p0 float64) (int, bool) {
	flip := q > 0.5
	if flip {
		q = 1 - q
	}
	pk := p0
	if pk < 1e-280 {
		return 0, false
	}
	u := rng.Float64()
	r := q / (1 - q)
	k, cdf := 0, pk
	for u > cdf && k < n {
		pk *= float64(n-k) / float64(k+1) * r
		k++
		cdf += pk
	}
	if flip {
		k = n - k
	}
	return k, true
}

// draw returns a bin with probability ∝ occupancy from one 64-bit draw.
func (o *Occupancy) draw(rng *rand.Rand) int {
	u := rng.Uint64()
	i := int((u >> 32) * uint64(len(o.prob)) >> 32)
	if float64(u&0xffffffff)/(1<<32) < o.prob[i] {
		return i
	}
	return o.alias[i]
}

// MaxShuffleEvents is the largest total event count ShuffleTest tests:
// its log table and the surrogates' binomial tables grow with the count
// (8 bytes per bin and event). SITest's counts come from frames (one
// event per cell and frame at most), far below it in any recording.
const MaxShuffleEvents = 1 << 20

// ShuffleTest returns the spatial information of counts n and its shuffle
// p-value: the fraction of nShuf surrogates, each redistributing the same
// number of events over bins in proportion to occupancy, whose SI is ≥ the
// observed one (Sheintuch et al., authors' ShuffleDistributionOfSpatialInfo).
// It stops early once the p-value is known to be ≥ alpha, returning a p-value
// ≥ alpha in that case, so the decision p < alpha is exactly that of the full
// test. buf is scratch of length len(n). n must hold event counts: whole
// numbers ≥ 0 totalling at most MaxShuffleEvents (the surrogates' tables
// grow with the total); otherwise p is NaN (not tested).
func ShuffleTest(rng *rand.Rand, n []float64, o *Occupancy, nShuf int, alpha float64, buf []float64) (si, p float64) {
	si = SpatialInfo(n, o.occ)
	var total float64
	for _, v := range n {
		if !(v >= 0) || v != math.Trunc(v) {
			return si, math.NaN()
		}
		total += v
	}
	if total > MaxShuffleEvents {
		return si, math.NaN()
	}
	N := int(total)
	limit := int(math.Ceil(alpha * float64(nShuf))) // ≥ limit exceedances ⇒ p ≥ alpha
	if N == 0 {
		return si, 1
	}
	// A surrogate's SI is Σ_b (n_b/N) log2(n_b/(N p_b)) = (1/N) Σ_b n_b
	// (log2 n_b − log2 p_b) − log2 N, with log2 of the integer counts from a
	// table. The observed SI is compared through the same formula so that
	// equal count vectors compare equal.
	var T float64
	for _, v := range o.occ {
		T += v
	}
	lp := make([]float64, len(o.occ))
	for b, v := range o.occ {
		if v > 0 {
			lp[b] = math.Log2(v / T)
		}
	}
	lk := make([]float64, N+1)
	for k := 1; k <= N; k++ {
		lk[k] = math.Log2(float64(k))
	}
	fast := func(n []float64) float64 {
		var s float64
		for b, v := range n {
			if v > 0 {
				s += v * (lk[int(v)] - lp[b])
			}
		}
		return s/float64(N) - lk[N]
	}
	obs := fast(n)
	ge := 0
	for s := 0; s < nShuf; s++ {
		o.multinomial(rng, N, buf)
		if fast(buf) >= obs-1e-12 {
			ge++
			if ge >= limit && alpha > 0 {
				return si, float64(ge) / float64(nShuf)
			}
		}
	}
	return si, float64(ge) / float64(nShuf)
}
