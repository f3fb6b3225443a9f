package drift

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// Metamorphic tests: transform the recording in a way whose effect on every
// measure follows from its definition, analyse twice and compare. The
// tolerance covers floating-point reordering of sums only.

const metaTol = 1e-12

func metaClose(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= metaTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// metaData returns drifting responses: a fixed tuning per cell plus a
// per-repeat random walk and noise, so that every measure decays with lag and
// the decoder is neither perfect nor at chance.
func metaData(R, B, N int, seed uint64) Responses {
	rng := rand.New(rand.NewPCG(seed, 7))
	base := make([]float64, B*N)
	for i := range base {
		base[i] = rng.ExpFloat64()
	}
	x := Responses{Repeats: R, Bins: B, Cells: N, Data: make([]float64, R*B*N)}
	walk := append([]float64(nil), base...)
	for r := 0; r < R; r++ {
		for i := range walk {
			walk[i] += 0.4 * rng.NormFloat64()
			x.Data[r*B*N+i] = walk[i] + 1.2*rng.NormFloat64()
		}
	}
	return x
}

func analyzeMeta(t *testing.T, x Responses, o Options) *Result {
	t.Helper()
	res, err := Analyze(context.Background(), x, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func compareSlices(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !metaClose(got[i], want[i]) {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// transform builds a new Responses with element (r, b, n) taken from
// (rm[r], bm[b], cm[n]) of x, mapped through f.
func transform(x Responses, rm, bm, cm []int, f func(float64) float64) Responses {
	y := Responses{Repeats: x.Repeats, Bins: x.Bins, Cells: x.Cells, Data: make([]float64, len(x.Data))}
	for r := 0; r < x.Repeats; r++ {
		for b := 0; b < x.Bins; b++ {
			for n := 0; n < x.Cells; n++ {
				y.Data[(r*x.Bins+b)*x.Cells+n] = f(x.Data[(rm[r]*x.Bins+bm[b])*x.Cells+cm[n]])
			}
		}
	}
	return y
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// Permuting the cells: the PV and rate correlations are correlations across
// cells (order-free sums), the tuning aggregate is a median (or mean) over
// cells, and the decoder's Euclidean distances are sums over cells, so every
// pairwise measure, and the shuffle control (which depends only on the
// nearest-neighbour indices and the seed), is unchanged.
func TestMetamorphicCellPermutation(t *testing.T) {
	const R, B, N = 6, 12, 17
	x := metaData(R, B, N, 1)
	o := Options{Shuffles: 20, Seed: 5}
	want := analyzeMeta(t, x, o)
	rng := rand.New(rand.NewPCG(2, 2))
	y := transform(x, identity(R), identity(B), rng.Perm(N), func(v float64) float64 { return v })
	got := analyzeMeta(t, y, o)
	compareSlices(t, "PV", got.PV, want.PV)
	compareSlices(t, "Rate", got.Rate, want.Rate)
	compareSlices(t, "Tuning", got.Tuning, want.Tuning)
	compareSlices(t, "Decoder", got.Decoder, want.Decoder)
	if got.Shuffle != want.Shuffle {
		t.Errorf("Shuffle = %v, want %v", got.Shuffle, want.Shuffle)
	}
	// The mean aggregate of the tuning correlations is order-free too.
	o.TuningMean = true
	compareSlices(t, "Tuning (mean)", analyzeMeta(t, y, o).Tuning, analyzeMeta(t, x, o).Tuning)
}

// Permuting the bins (the same permutation in every repeat): the PV
// correlation is a mean over bins, the rate correlation uses the mean over
// bins, each tuning correlation is a Pearson correlation over bins (pairs
// permuted together), and the decoder's nearest neighbours are permuted
// along with their queries, so the number of correct predictions is
// unchanged. (The shuffle control is not asserted: its label permutations
// are drawn over bin indices, which the transform renames.)
func TestMetamorphicBinPermutation(t *testing.T) {
	const R, B, N = 5, 14, 11
	x := metaData(R, B, N, 3)
	want := analyzeMeta(t, x, Options{})
	rng := rand.New(rand.NewPCG(4, 4))
	bm := rng.Perm(B)
	y := transform(x, identity(R), bm, identity(N), func(v float64) float64 { return v })
	got := analyzeMeta(t, y, Options{})
	compareSlices(t, "PV", got.PV, want.PV)
	compareSlices(t, "Rate", got.Rate, want.Rate)
	compareSlices(t, "Tuning", got.Tuning, want.Tuning)
	compareSlices(t, "Decoder", got.Decoder, want.Decoder)
	// The nearest neighbours themselves are relabelled: nn'(b) = bm⁻¹(nn(bm(b))).
	inv := make([]int, B)
	for i, b := range bm {
		inv[b] = i
	}
	for r1 := 0; r1 < R; r1++ {
		for r2 := 0; r2 < R; r2++ {
			if r1 == r2 {
				continue
			}
			nx, ny := NearestNeighbours(x, r1, r2), NearestNeighbours(y, r1, r2)
			for b := range ny {
				if ny[b] != inv[nx[bm[b]]] {
					t.Fatalf("train %d test %d: nn'(%d) = %d, want %d", r1, r2, b, ny[b], inv[nx[bm[b]]])
				}
			}
		}
	}
}

// Scaling every response by a > 0 and adding an offset: correlations are
// invariant to a common affine map with positive slope, and Euclidean
// distances scale by a (the offset cancels in differences), so the nearest
// neighbours, the decoder accuracies and the shuffle control are unchanged.
// The correlations are compared at 1e-10: the affine map perturbs the data
// by rounding before the centring.
func TestMetamorphicAffine(t *testing.T) {
	const R, B, N = 5, 10, 13
	x := metaData(R, B, N, 5)
	o := Options{Shuffles: 10, Seed: 9}
	want := analyzeMeta(t, x, o)
	// a is a power of two, so a·v is exact and only the offset rounds.
	y := transform(x, identity(R), identity(B), identity(N), func(v float64) float64 { return 4*v + 3 })
	got := analyzeMeta(t, y, o)
	for _, c := range []struct {
		name      string
		got, want []float64
	}{{"PV", got.PV, want.PV}, {"Rate", got.Rate, want.Rate}, {"Tuning", got.Tuning, want.Tuning}} {
		for i := range c.got {
			if d := math.Abs(c.got[i] - c.want[i]); d > 1e-10 || math.IsNaN(c.got[i]) != math.IsNaN(c.want[i]) {
				t.Errorf("%s[%d] = %v, want %v", c.name, i, c.got[i], c.want[i])
			}
		}
	}
	compareSlices(t, "Decoder", got.Decoder, want.Decoder)
	if got.Shuffle != want.Shuffle {
		t.Errorf("Shuffle = %v, want %v", got.Shuffle, want.Shuffle)
	}
}

// Reversing the order of the repeats maps pair (r, r+ℓ) to (R−1−r−ℓ, R−1−r):
// the same set of pairs at every lag. The PV, rate and tuning correlations
// are symmetric in the two repeats, so each lag curve is unchanged (a mean
// over the same values in another order). The decoder is not symmetric
// (train and test swap), so its curve is not asserted.
func TestMetamorphicRepeatReversal(t *testing.T) {
	const R, B, N = 7, 9, 12
	x := metaData(R, B, N, 7)
	want := analyzeMeta(t, x, Options{})
	rm := make([]int, R)
	for r := range rm {
		rm[r] = R - 1 - r
	}
	y := transform(x, rm, identity(B), identity(N), func(v float64) float64 { return v })
	got := analyzeMeta(t, y, Options{})
	compareSlices(t, "PVLag", got.PVLag, want.PVLag)
	compareSlices(t, "RateLag", got.RateLag, want.RateLag)
	compareSlices(t, "TuningLag", got.TuningLag, want.TuningLag)
	for r1 := 0; r1 < R; r1++ {
		for r2 := r1 + 1; r2 < R; r2++ {
			a, b := R-1-r2, R-1-r1
			if !metaClose(got.PV[a*R+b], want.PV[r1*R+r2]) {
				t.Errorf("PV(%d,%d) after reversal = %v, want PV(%d,%d) = %v", a, b, got.PV[a*R+b], r1, r2, want.PV[r1*R+r2])
			}
		}
	}
}

// The worker count changes only the scheduling: results are bit-identical.
func TestMetamorphicWorkers(t *testing.T) {
	x := metaData(6, 8, 10, 9)
	a := analyzeMeta(t, x, Options{Shuffles: 5, Seed: 1, Workers: 1})
	b := analyzeMeta(t, x, Options{Shuffles: 5, Seed: 1, Workers: 3})
	for i := range a.PV {
		for _, p := range [][2][]float64{{a.PV, b.PV}, {a.Rate, b.Rate}, {a.Tuning, b.Tuning}, {a.Decoder, b.Decoder}} {
			if math.Float64bits(p[0][i]) != math.Float64bits(p[1][i]) {
				t.Fatalf("entry %d differs with workers: %v vs %v", i, p[0][i], p[1][i])
			}
		}
	}
	if a.Shuffle != b.Shuffle {
		t.Errorf("Shuffle %v vs %v", a.Shuffle, b.Shuffle)
	}
}

// Per-cell and per-bin affine maps tell the two orientations apart: a
// positive gain and an offset per cell (the same in every repeat) leave each
// cell's tuning correlation (Pearson over bins) unchanged, and a positive
// gain and offset per bin leave each bin's population-vector correlation
// (Pearson across cells) unchanged. A transposed repeat or swapped axes
// would break one of the two.
func TestMetamorphicPerAxisAffine(t *testing.T) {
	const R, B, N = 5, 11, 9
	x := metaData(R, B, N, 11)
	want := analyzeMeta(t, x, Options{})
	rng := rand.New(rand.NewPCG(12, 12))
	gain, off := make([]float64, max(B, N)), make([]float64, max(B, N))
	for i := range gain {
		gain[i], off[i] = 0.2+3*rng.Float64(), 5*rng.NormFloat64()
	}
	perCell := Responses{Repeats: R, Bins: B, Cells: N, Data: make([]float64, len(x.Data))}
	perBin := Responses{Repeats: R, Bins: B, Cells: N, Data: make([]float64, len(x.Data))}
	for r := 0; r < R; r++ {
		for b := 0; b < B; b++ {
			for n := 0; n < N; n++ {
				i := (r*B+b)*N + n
				perCell.Data[i] = gain[n]*x.Data[i] + off[n]
				perBin.Data[i] = gain[b]*x.Data[i] + off[b]
			}
		}
	}
	// 1e-10: the offsets are rounded into the data before the centring.
	check := func(name string, got, want []float64) {
		for i := range got {
			if d := math.Abs(got[i] - want[i]); d > 1e-10 || math.IsNaN(got[i]) != math.IsNaN(want[i]) {
				t.Errorf("%s[%d] = %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	gc := analyzeMeta(t, perCell, Options{})
	check("Tuning (per-cell affine)", gc.Tuning, want.Tuning)
	gb := analyzeMeta(t, perBin, Options{})
	check("PV (per-bin affine)", gb.PV, want.PV)
	// And the transforms do change the other measure (the test is not
	// vacuous).
	if math.Abs(gc.PVLag[0]-want.PVLag[0]) < 1e-3 || math.Abs(gb.TuningLag[0]-want.TuningLag[0]) < 1e-3 {
		t.Errorf("per-axis transforms left the other measure unchanged: PV %v→%v, tuning %v→%v",
			want.PVLag[0], gc.PVLag[0], want.TuningLag[0], gb.TuningLag[0])
	}
}

// Duplicating every cell (each population vector listed twice): a Pearson
// correlation over pairs listed twice is the same correlation (every sum
// doubles), the tuning correlations appear twice (same median and mean),
// and Euclidean distances double in square, so the nearest neighbours,
// decoder and shuffle control are unchanged.
func TestMetamorphicDuplicateCells(t *testing.T) {
	const R, B, N = 5, 10, 8
	x := metaData(R, B, N, 13)
	o := Options{Shuffles: 10, Seed: 2}
	want := analyzeMeta(t, x, o)
	y := Responses{Repeats: R, Bins: B, Cells: 2 * N}
	for v := 0; v < R*B; v++ {
		row := x.Data[v*N : (v+1)*N]
		y.Data = append(append(y.Data, row...), row...)
	}
	got := analyzeMeta(t, y, o)
	compareSlices(t, "PV", got.PV, want.PV)
	compareSlices(t, "Rate", got.Rate, want.Rate)
	compareSlices(t, "Tuning", got.Tuning, want.Tuning)
	compareSlices(t, "Decoder", got.Decoder, want.Decoder)
	if got.Shuffle != want.Shuffle {
		t.Errorf("Shuffle = %v, want %v", got.Shuffle, want.Shuffle)
	}
}
