package placefield

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/stats"
)

// Metamorphic tests: transform the recording in a way whose effect on the
// place-cell measures follows from their definitions, run twice and
// compare. Counts and occupancies are integers (exact in any order), so rate
// maps of relabelled recordings agree bit for bit where no smoothing sum is
// reordered; elsewhere the tolerance covers the reordering of a sum only.

const metaTol = 1e-12

func metaClose(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= metaTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// metaArrays simulates a mouse running laps on a 0–100 cm track at 20 Hz
// (never at rest within a trial), with cells whose place fields differ between two maps
// that alternate by trial, and returns events, position and trial arrays.
func metaArrays(trials, lapsPerTrial, cells int, seed uint64) (*mat.Dense, []float64, []int) {
	rng := rand.New(rand.NewPCG(seed, 21))
	centre := [2][]float64{make([]float64, cells), make([]float64, cells)}
	for m := range centre {
		for c := range centre[m] {
			centre[m][c] = 100 * rng.Float64()
		}
	}
	var pos []float64
	var trial []int
	var ev [][]float64
	for t := 0; t < trials; t++ {
		m := t % 2
		p, dir := 1+rng.Float64(), 1.0
		for lap := 0; lap < 2*lapsPerTrial; {
			p += dir * (0.8 + 0.7*rng.Float64()) // 16–30 cm/s
			if p > 99 || p < 1 {
				dir = -dir
				lap++
				p = math.Max(0.5, math.Min(99.5, p))
			}
			pos = append(pos, p)
			trial = append(trial, t)
			row := make([]float64, cells)
			for c := range row {
				d := (p - centre[m][c]) / 6
				if rng.Float64() < 0.15*float64(c%3)*math.Exp(-d*d/2)+0.01 { // every third cell untuned
					row[c] = 1
				}
			}
			ev = append(ev, row)
		}
		// A few frames between trials (not in a trial).
		for k := 0; k < 5; k++ {
			pos = append(pos, p)
			trial = append(trial, -1)
			ev = append(ev, make([]float64, cells))
		}
	}
	events := mat.NewDense(len(ev), cells, nil)
	for i, r := range ev {
		events.SetRow(i, r)
	}
	return events, pos, trial
}

var metaOpt = ArrayOptions{Bins: 8, FrameRate: 20, MinSpeed: 2, SpeedSmoothing: 0.25}

func metaFrames(t *testing.T, seed uint64) *Frames {
	t.Helper()
	events, pos, trial := metaArrays(6, 3, 12, seed)
	f, _, err := FromArrays(events, pos, trial, metaOpt)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func copyFrames(f *Frames) *Frames {
	g := &Frames{Cells: f.Cells, Bins: f.Bins, Bin: slices.Clone(f.Bin), Dir: slices.Clone(f.Dir), Trial: slices.Clone(f.Trial),
		Events: make([][]int32, len(f.Events))}
	for i, e := range f.Events {
		g.Events[i] = slices.Clone(e)
	}
	return g
}

func siTest(t *testing.T, f *Frames, seed uint64) []SIResult {
	t.Helper()
	r, err := SITest(context.Background(), f, nil, 3, 50, 0.05, seed, 1)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func pvMatrix(t *testing.T, maps []*mat.Dense) []float64 {
	t.Helper()
	pv, err := PVMatrix(context.Background(), maps, 1)
	if err != nil {
		t.Fatal(err)
	}
	return pv
}

// Frames enter the maps and the spatial-information test only through
// integer counts and occupancies, so any reordering of the frames gives
// bit-identical rate maps, spatial information and shuffle p-values (each
// cell's shuffles depend on its counts, the occupancy and its own stream).
func TestMetamorphicFrameOrder(t *testing.T) {
	f := metaFrames(t, 1)
	nT := slices.Max(f.Trial) + 1
	maps, occ := TrialMaps(f, nT)
	si := siTest(t, f, 4)
	g := copyFrames(f)
	perm := rand.New(rand.NewPCG(2, 2)).Perm(len(f.Bin))
	for i, p := range perm {
		g.Bin[i], g.Dir[i], g.Trial[i], g.Events[i] = f.Bin[p], f.Dir[p], f.Trial[p], f.Events[p]
	}
	gm, gocc := TrialMaps(g, nT)
	for tr := range maps {
		if !mat.Equal(gm[tr], maps[tr]) || !slices.Equal(gocc[tr], occ[tr]) {
			t.Fatalf("trial %d: maps or occupancy changed by reordering frames", tr)
		}
	}
	if gs := siTest(t, g, 4); !slices.Equal(gs, si) {
		t.Errorf("SITest changed by reordering frames:\n%v\nwant\n%v", gs, si)
	}
}

// Renaming the cells (a permutation of the event cell indices) permutes the
// rows of every rate map; population-vector correlations are correlations
// across cells, so the PV matrix and the map clustering are unchanged; each
// cell's spatial information moves with it (it depends on its counts only;
// its shuffle p-value is not asserted: cell c draws from stream c).
func TestMetamorphicCellRenaming(t *testing.T) {
	f := metaFrames(t, 3)
	nT := slices.Max(f.Trial) + 1
	maps, _ := TrialMaps(f, nT)
	pv := pvMatrix(t, maps)
	si := siTest(t, f, 5)
	perm := rand.New(rand.NewPCG(3, 3)).Perm(f.Cells) // new cell i is old cell perm[i]
	inv := make([]int32, f.Cells)
	for i, p := range perm {
		inv[p] = int32(i)
	}
	g := copyFrames(f)
	for i, e := range g.Events {
		for k, c := range e {
			e[k] = inv[c]
		}
		_ = i
	}
	gm, _ := TrialMaps(g, nT)
	for tr := range maps {
		for i, p := range perm {
			if !slices.Equal(gm[tr].RawRowView(i), maps[tr].RawRowView(p)) {
				t.Fatalf("trial %d: map row of new cell %d is not old cell %d's", tr, i, p)
			}
		}
	}
	gpv := pvMatrix(t, gm)
	for i := range pv {
		if !metaClose(gpv[i], pv[i]) {
			t.Fatalf("PV[%d] = %v, want %v", i, gpv[i], pv[i])
		}
	}
	o := ClusterOptions{MaxK: 3, MinSil: 0.1}
	a, b := ClusterTrials(pv, nT, nil, o), ClusterTrials(gpv, nT, nil, o)
	if a.K != b.K || !slices.Equal(a.Labels, b.Labels) {
		t.Errorf("clustering changed by renaming cells: K %d %v, want %d %v", b.K, b.Labels, a.K, a.Labels)
	}
	gs := siTest(t, g, 5)
	for i, p := range perm {
		if gs[i].Events != si[p].Events || gs[i].Active != si[p].Active || !metaClose(gs[i].SI, si[p].SI) {
			t.Errorf("cell %d: %+v, want old cell %d's %+v", i, gs[i], p, si[p])
		}
	}
}

// Swapping the running directions swaps the two direction halves of every
// rate map (the smoothing runs within each direction), and reversing the
// bins within each direction reverses each half: gausswin is symmetric, so
// for an odd window length L = 1 + round(Bins/4) (Bins = 8: L = 3) the
// 'same'-size convolution and its edge normalisation commute with the
// reversal. (For an even L, MATLAB's 'same' centre is off by half a bin, so
// the reversal does not commute and is not asserted.) The PV correlation is
// a mean over bins and the spatial information a sum over bins, so neither
// changes.
func TestMetamorphicDirectionAndBinReversal(t *testing.T) {
	f := metaFrames(t, 6)
	if L := len(GaussWin(1 + int(math.Round(float64(f.Bins)/4)))); L%2 == 0 {
		t.Fatalf("test needs an odd smoothing window, got %d", L)
	}
	nT := slices.Max(f.Trial) + 1
	maps, _ := TrialMaps(f, nT)
	pv := pvMatrix(t, maps)
	si := siTest(t, f, 8)
	B := f.Bins
	for _, c := range []struct {
		name string
		col  func(col int) int // new column → old column
		edit func(g *Frames, i int)
	}{
		{"directions swapped", func(col int) int { return (col + B) % (2 * B) }, func(g *Frames, i int) { g.Dir[i] = 1 - g.Dir[i] }},
		{"bins reversed", func(col int) int { return col/B*B + B - 1 - col%B }, func(g *Frames, i int) {
			if g.Bin[i] >= 0 {
				g.Bin[i] = B - 1 - g.Bin[i]
			}
		}},
	} {
		g := copyFrames(f)
		for i := range g.Bin {
			c.edit(g, i)
		}
		gm, _ := TrialMaps(g, nT)
		for tr := range maps {
			for cell := 0; cell < f.Cells; cell++ {
				for col := 0; col < 2*B; col++ {
					if got, want := gm[tr].At(cell, col), maps[tr].At(cell, c.col(col)); !metaClose(got, want) {
						t.Fatalf("%s: trial %d cell %d column %d = %v, want column %d's %v", c.name, tr, cell, col, got, c.col(col), want)
					}
				}
			}
		}
		gpv := pvMatrix(t, gm)
		for i := range pv {
			if !metaClose(gpv[i], pv[i]) {
				t.Fatalf("%s: PV[%d] = %v, want %v", c.name, i, gpv[i], pv[i])
			}
		}
		gs := siTest(t, g, 8)
		for i := range si {
			if gs[i].Events != si[i].Events || !metaClose(gs[i].SI, si[i].SI) {
				t.Errorf("%s: cell %d SI %v (%d events), want %v (%d)", c.name, i, gs[i].SI, gs[i].Events, si[i].SI, si[i].Events)
			}
		}
	}
}

// Permuting the trials permutes the PV matrix's rows and columns exactly (a
// PV correlation is symmetric in its two maps), and the average-linkage
// clustering finds the same partition (compared through the adjusted Rand
// index, since cluster numbering follows trial order).
func TestMetamorphicTrialPermutation(t *testing.T) {
	f := metaFrames(t, 9)
	nT := slices.Max(f.Trial) + 1
	maps, _ := TrialMaps(f, nT)
	pv := pvMatrix(t, maps)
	perm := rand.New(rand.NewPCG(4, 4)).Perm(nT)
	pm := make([]*mat.Dense, nT)
	for i, p := range perm {
		pm[i] = maps[p]
	}
	ppv := pvMatrix(t, pm)
	for i, p := range perm {
		for j, q := range perm {
			if ppv[i*nT+j] != pv[p*nT+q] {
				t.Fatalf("PV'(%d,%d) = %v, want PV(%d,%d) = %v", i, j, ppv[i*nT+j], p, q, pv[p*nT+q])
			}
		}
	}
	o := ClusterOptions{MaxK: 3, MinSil: 0.1}
	a, b := ClusterTrials(pv, nT, nil, o), ClusterTrials(ppv, nT, nil, o)
	back := make([]int, nT)
	for i, p := range perm {
		back[p] = b.Labels[i]
	}
	if a.K != b.K || stats.AdjustedRand(a.Labels, back) != 1 {
		t.Errorf("clustering changed by permuting trials: K %d %v, want %d %v", b.K, back, a.K, a.Labels)
	}
	for k := range a.Silhouette {
		if !metaClose(a.Silhouette[k], b.Silhouette[k]) {
			t.Errorf("silhouette for k=%d: %v, want %v", k+1, b.Silhouette[k], a.Silhouette[k])
		}
	}
}

// Skaggs information is a KL divergence of the event distribution over bins
// from the occupancy distribution: invariant to a common permutation of the
// bins, to the units of occupancy (frames or seconds) and to scaling the
// counts (it depends on n_b/N only).
func TestMetamorphicSpatialInfo(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	n, occ := make([]float64, 16), make([]float64, 16)
	for b := range n {
		occ[b] = float64(rng.IntN(30))
		if occ[b] > 0 {
			n[b] = float64(rng.IntN(6))
		}
	}
	si := SpatialInfo(n, occ)
	perm := rng.Perm(16)
	pn, po, so, sn := make([]float64, 16), make([]float64, 16), make([]float64, 16), make([]float64, 16)
	for i, p := range perm {
		pn[i], po[i] = n[p], occ[p]
	}
	for b := range n {
		so[b] = occ[b] / 20 // frames → seconds at 20 Hz
		sn[b] = 3 * n[b]
	}
	for name, got := range map[string]float64{"permuted bins": SpatialInfo(pn, po), "occupancy in seconds": SpatialInfo(n, so), "counts ×3": SpatialInfo(sn, occ)} {
		if !metaClose(got, si) {
			t.Errorf("%s: SI %v, want %v", name, got, si)
		}
	}
}

// FromArrays: mirroring the track (position → −position) negates every
// velocity (the running sums are negated exactly), so speeds are unchanged,
// directions swap (except at rest, where v = 0 counts as increasing) and
// bins reverse: ⌊(hi − p)/(hi − lo)·Bins⌋ is the
// mirror of ⌊(p − lo)/(hi − lo)·Bins⌋ except exactly on a bin edge, which
// the continuous test positions do not hit. Changing the length unit
// (position ×2, MinSpeed ×2; a power of two, so every operation scales
// exactly) gives identical frames.
func TestMetamorphicFromArraysMirrorAndUnits(t *testing.T) {
	events, pos, trial := metaArrays(4, 2, 6, 10)
	f, info, err := FromArrays(events, pos, trial, metaOpt)
	if err != nil {
		t.Fatal(err)
	}
	neg, dbl := make([]float64, len(pos)), make([]float64, len(pos))
	for i, p := range pos {
		neg[i], dbl[i] = -p, 2*p
	}
	g, ginfo, err := FromArrays(events, neg, trial, metaOpt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Bin {
		wantBin := f.Bin[i]
		if wantBin >= 0 {
			wantBin = f.Bins - 1 - wantBin
		}
		wantDir := 1 - f.Dir[i]
		if info.Speed[i] == 0 {
			wantDir = 0 // at rest (between trials): v = 0 counts as increasing
		}
		if g.Bin[i] != wantBin || g.Dir[i] != wantDir || g.Trial[i] != f.Trial[i] || !slices.Equal(g.Events[i], f.Events[i]) ||
			ginfo.Speed[i] != info.Speed[i] {
			t.Fatalf("mirrored frame %d: bin %d dir %d speed %v, want %d %d %v", i, g.Bin[i], g.Dir[i], ginfo.Speed[i], wantBin, wantDir, info.Speed[i])
		}
	}
	o2 := metaOpt
	o2.MinSpeed *= 2
	h, _, err := FromArrays(events, dbl, trial, o2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h.Bin, f.Bin) || !slices.Equal(h.Dir, f.Dir) || !slices.Equal(h.Trial, f.Trial) {
		t.Errorf("position and MinSpeed ×2 changed the frames")
	}
}

// Bins never visited (occupancy 0) hold no events and no shuffled events:
// inserting them anywhere leaves the spatial information unchanged (their
// terms are skipped), and the conditional-binomial shuffle skips them
// without drawing, so the same stream gives the same surrogates and the same
// p-value, bit for bit.
func TestMetamorphicShuffleTestUnvisitedBins(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	const B = 12
	n, occ := make([]float64, B), make([]float64, B)
	for b := range occ {
		occ[b] = float64(5 + rng.IntN(40))
		n[b] = float64(rng.IntN(3))
	}
	n[3] += 6 // a weak field
	var pn, po []float64
	for b := range occ {
		if b%4 == 1 {
			pn, po = append(pn, 0), append(po, 0)
		}
		pn, po = append(pn, n[b]), append(po, occ[b])
	}
	pn, po = append(pn, 0), append(po, 0)
	for _, alpha := range []float64{0.05, 1} {
		si, p := ShuffleTest(rand.New(rand.NewPCG(1, 2)), n, NewOccupancy(occ), 400, alpha, make([]float64, B))
		si2, p2 := ShuffleTest(rand.New(rand.NewPCG(1, 2)), pn, NewOccupancy(po), 400, alpha, make([]float64, len(pn)))
		if !metaClose(si2, si) || p2 != p {
			t.Errorf("alpha %g: with unvisited bins SI %v p %v, want %v %v", alpha, si2, p2, si, p)
		}
		if alpha == 1 && (p == 0 || p == 1) {
			t.Errorf("test data: p = %v, want a p-value strictly between 0 and 1", p)
		}
	}
}

// DetectSwitches assigns each window the template of highest PV correlation:
// listing the templates in another order renames the labels the same way
// and changes neither the correlations nor the switch frames. Renaming the
// cells (in the frames and the templates' rows alike) changes nothing
// either: PV correlations are correlations across cells.
func TestMetamorphicDetectSwitches(t *testing.T) {
	events, pos, trial := metaArrays(6, 3, 12, 13)
	f, info, err := FromArrays(events, pos, trial, metaOpt)
	if err != nil {
		t.Fatal(err)
	}
	nT := len(info.TrialValues)
	maps, _ := TrialMaps(f, nT)
	labels := make([]int, nT)
	for i := range labels {
		labels[i] = i % 2 // the simulated maps alternate by trial
	}
	tm := MapTemplates(maps, labels, 2, nil)
	o := SwitchOptions{Window: 200, Step: 20, Threshold: 0.05, MinActive: 3}
	lo, hi := info.Start[1], info.End[2] // two trials of different maps: one switch
	wins, sw := DetectSwitches(f, lo, hi, tm, o)
	if len(sw) == 0 {
		t.Fatalf("test data: no switch detected in %d windows", len(wins))
	}
	rw, rsw := DetectSwitches(f, lo, hi, []*mat.Dense{tm[1], tm[0]}, o)
	if !slices.Equal(rsw, sw) || len(rw) != len(wins) {
		t.Fatalf("reordered templates: switches %v, want %v", rsw, sw)
	}
	for i, w := range wins {
		want := w.Label
		if want >= 0 {
			want = 1 - want
		}
		if rw[i].Label != want || !metaClose(rw[i].Corr, w.Corr) || rw[i].Centre != w.Centre {
			t.Errorf("window %d: %+v, want label %d corr %v", i, rw[i], want, w.Corr)
		}
	}
	perm := rand.New(rand.NewPCG(14, 14)).Perm(f.Cells) // new cell i is old cell perm[i]
	inv := make([]int32, f.Cells)
	for i, p := range perm {
		inv[p] = int32(i)
	}
	g := copyFrames(f)
	for _, e := range g.Events {
		for k, c := range e {
			e[k] = inv[c]
		}
	}
	ptm := make([]*mat.Dense, 2)
	for k, m := range tm {
		ptm[k] = mat.NewDense(f.Cells, 2*f.Bins, nil)
		for i, p := range perm {
			ptm[k].SetRow(i, m.RawRowView(p))
		}
	}
	cw, csw := DetectSwitches(g, lo, hi, ptm, o)
	if !slices.Equal(csw, sw) {
		t.Fatalf("renamed cells: switches %v, want %v", csw, sw)
	}
	for i, w := range wins {
		if cw[i].Label != w.Label || !metaClose(cw[i].Corr, w.Corr) {
			t.Errorf("renamed cells, window %d: %+v, want %+v", i, cw[i], w)
		}
	}
}
