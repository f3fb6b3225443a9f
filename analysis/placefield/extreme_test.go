package placefield

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// Extreme but valid inputs: each case runs under a timeout so that a hang
// fails fast, and must return a correct result or an input error.

func within(t *testing.T, f func()) {
	t.Helper()
	deadline.Run(t, 5*time.Second, "", f)
}

func fromArraysExtreme(t *testing.T, events mat.Matrix, pos []float64, trial []int, o ArrayOptions) (f *Frames, info *ArrayInfo, err error) {
	t.Helper()
	within(t, func() { f, info, err = FromArrays(events, pos, trial, o) })
	return
}

// Positions and MinSpeed scaled by the same power of two give the same
// frames (binning and speeds are exact under such scaling), also when the
// positions' differences or window sums would overflow or underflow; the
// speeds and the range scale with them.
func TestExtremePositionScale(t *testing.T) {
	events, pos, trial := metaArrays(4, 2, 6, 10)
	want, winfo, err := fromArraysExtreme(t, events, pos, trial, metaOpt)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []float64{0x1p-1060, 0x1p-990, 0x1p-200, 0x1p200, 0x1p1010} {
		ps := make([]float64, len(pos))
		for i, p := range pos {
			ps[i] = p * g
		}
		o := metaOpt
		o.MinSpeed *= g
		got, info, err := fromArraysExtreme(t, events, ps, trial, o)
		if g < 0x1p-1022 {
			// Subnormal positions lose bits: only check it returns sanely.
			if err != nil && !errors.Is(err, experiment.ErrInput) {
				t.Errorf("×%g: %v", g, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("×%g: %v", g, err)
		}
		if !slices.Equal(got.Bin, want.Bin) || !slices.Equal(got.Dir, want.Dir) || !slices.Equal(got.Trial, want.Trial) {
			t.Errorf("×%g: frames differ from the unscaled ones", g)
		}
		if info.Lo != winfo.Lo*g || info.Hi != winfo.Hi*g {
			t.Errorf("×%g: range %v..%v, want %v..%v", g, info.Lo, info.Hi, winfo.Lo*g, winfo.Hi*g)
		}
		for i, v := range info.Speed {
			if w := winfo.Speed[i]; !(math.IsNaN(v) && math.IsNaN(w)) && !metaClose(v/g, w) {
				t.Fatalf("×%g: speed[%d] = %v, want %v", g, i, v, w*g)
			}
		}
	}
}

// Positions spanning nearly the whole float64 range: hi − lo overflows
// unless the positions are scaled; the bins must follow the positions.
func TestExtremePositionSpan(t *testing.T) {
	events, pos, trial := metaArrays(4, 2, 6, 11)
	want, _, err := fromArraysExtreme(t, events, pos, trial, metaOpt)
	if err != nil {
		t.Fatal(err)
	}
	// p ↦ (p − 50)·2¹⁰¹⁸ rounds p − 50, which may move a frame lying on a
	// bin edge: allow 1 % of the frames to change bin.
	const g = 0x1p1018 // (p−50)·g spans ±50·2¹⁰¹⁸ ≈ ±1.4e308
	ps := make([]float64, len(pos))
	for i, p := range pos {
		ps[i] = (p - 50) * g
	}
	o := metaOpt
	o.MinSpeed *= g
	got, info, err := fromArraysExtreme(t, events, ps, trial, o)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(info.Hi-info.Lo, 0) {
		t.Fatalf("test data do not overflow hi − lo (%v..%v)", info.Lo, info.Hi)
	}
	diff := 0
	for i := range want.Bin {
		if got.Bin[i] != want.Bin[i] {
			diff++
		}
	}
	if diff > len(want.Bin)/100 {
		t.Errorf("%d of %d frames binned differently", diff, len(want.Bin))
	}
	for i, v := range info.Speed {
		if math.IsInf(v, 0) {
			t.Fatalf("speed[%d] = %v", i, v)
		}
	}
}

// Event values of any positive magnitude are events.
func TestExtremeEventValues(t *testing.T) {
	events, pos, trial := metaArrays(3, 2, 4, 12)
	want, _, err := fromArraysExtreme(t, events, pos, trial, metaOpt)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{5e-324, 1e-300, 1e300, math.MaxFloat64} {
		e := mat.DenseCopyOf(events)
		e.Scale(s, e)
		got, _, err := fromArraysExtreme(t, e, pos, trial, metaOpt)
		if err != nil {
			t.Fatalf("×%g: %v", s, err)
		}
		for i := range want.Events {
			if !slices.Equal(got.Events[i], want.Events[i]) {
				t.Fatalf("×%g: frame %d events %v, want %v", s, i, got.Events[i], want.Events[i])
			}
		}
	}
}

// Minimum and very unequal shapes: 2 frames, 1 bin, 1 cell; 1000 cells × 3
// frames; 3 cells × 100000 frames.
func TestExtremeShapes(t *testing.T) {
	o := ArrayOptions{Bins: 1, FrameRate: 1}
	f, _, err := fromArraysExtreme(t, mat.NewDense(2, 1, []float64{1, 0}), []float64{0, 1}, []int{0, 0}, o)
	if err != nil {
		t.Fatalf("2 frames: %v", err)
	}
	if !slices.Equal(f.Bin, []int{0, 0}) {
		t.Errorf("2 frames: bins %v, want [0 0]", f.Bin)
	}
	wide := mat.NewDense(3, 1000, nil)
	wide.Set(1, 999, 1)
	f, _, err = fromArraysExtreme(t, wide, []float64{0, 1, 2}, []int{0, 0, 0}, ArrayOptions{Bins: 2, FrameRate: 1})
	if err != nil {
		t.Fatalf("wide: %v", err)
	}
	if !slices.Equal(f.Events[1], []int32{999}) {
		t.Errorf("wide: events %v", f.Events)
	}
	const F = 100000
	long := mat.NewDense(F, 3, nil)
	pos, trial := make([]float64, F), make([]int, F)
	for i := range pos {
		pos[i] = 50 + 49*math.Sin(float64(i)*0.01)
		trial[i] = i / 20000
		long.Set(i, i%3, float64(i%7/6))
	}
	var maps []*mat.Dense
	within(t, func() {
		f, _, err = FromArrays(long, pos, trial, ArrayOptions{Bins: 20, FrameRate: 20, MinSpeed: 1, SpeedSmoothing: 0.5})
		if err == nil {
			maps, _ = TrialMaps(f, 5)
		}
	})
	if err != nil {
		t.Fatalf("long: %v", err)
	}
	var pv []float64
	within(t, func() { pv, err = PVMatrix(context.Background(), maps, 1) })
	if err != nil || len(pv) != 25 {
		t.Fatalf("long: PVMatrix %d values, %v", len(pv), err)
	}
}

// PV correlations are scale-invariant, also for maps whose squares
// overflow or underflow; ShuffledPV and DetectSwitches' templates too.
func TestExtremePVScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	maps := make([]*mat.Dense, 4)
	for i := range maps {
		maps[i] = mat.NewDense(5, 6, nil)
		for j := range maps[i].RawMatrix().Data {
			maps[i].RawMatrix().Data[j] = rng.ExpFloat64()
		}
	}
	want := pvMatrix(t, maps)
	perm := []int{4, 2, 0, 1, 3}
	wantSh := ShuffledPV(maps[0], maps[1], perm)
	for _, s := range []float64{1e-300, 1e-170, 1e160, 1e300} {
		ms := make([]*mat.Dense, len(maps))
		for i, m := range maps {
			ms[i] = mat.DenseCopyOf(m)
			if i%2 == 0 {
				ms[i].Scale(s, m) // mixed magnitudes: every other map scaled
			}
		}
		got := pvMatrix(t, ms)
		for i := range want {
			if !metaClose(got[i], want[i]) {
				t.Errorf("×%g: pv[%d] = %v, want %v", s, i, got[i], want[i])
			}
		}
		if v := ShuffledPV(ms[0], ms[1], perm); !metaClose(v, wantSh) {
			t.Errorf("×%g: ShuffledPV = %v, want %v", s, v, wantSh)
		}
	}
	f := metaFrames(t, 5)
	tm, _ := TrialMaps(f, 2)
	so := SwitchOptions{Window: 200, Step: 100, Threshold: 0.1, MinActive: 1}
	wantW, _ := DetectSwitches(f, 0, len(f.Bin), tm, so)
	for _, s := range []float64{1e-300, 1e300} {
		ts := []*mat.Dense{mat.DenseCopyOf(tm[0]), mat.DenseCopyOf(tm[1])}
		ts[0].Scale(s, ts[0])
		ts[1].Scale(s, ts[1])
		var gotW []Window
		within(t, func() { gotW, _ = DetectSwitches(f, 0, len(f.Bin), ts, so) })
		for i := range wantW {
			if gotW[i].Label != wantW[i].Label || !metaClose(gotW[i].Corr, wantW[i].Corr) {
				t.Fatalf("×%g: window %d: %+v, want %+v", s, i, gotW[i], wantW[i])
			}
		}
	}
}

// Constant and all-zero maps: PV correlations undefined (NaN), and the
// clustering then sees maximal distance, not a random number.
func TestExtremeConstantMaps(t *testing.T) {
	maps := []*mat.Dense{mat.NewDense(3, 4, nil), mat.NewDense(3, 4, nil), mat.NewDense(3, 4, nil)}
	for j := range maps[1].RawMatrix().Data {
		maps[1].RawMatrix().Data[j] = 7
	}
	pv := pvMatrix(t, maps)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if i != j && !math.IsNaN(pv[i*3+j]) {
				t.Errorf("pv[%d,%d] = %v, want NaN", i, j, pv[i*3+j])
			}
		}
	}
	within(t, func() { ClusterTrials(pv, 3, nil, ClusterOptions{MaxK: 3, MinSil: 0.25}) })
}

// ShuffleTest's counts must be whole event counts; huge, fractional or
// negative ones are not tested (p NaN) instead of allocating without bound.
func TestExtremeShuffleTestCounts(t *testing.T) {
	o := NewOccupancy([]float64{3, 5, 2})
	buf := make([]float64, 3)
	for _, n := range [][]float64{{1e15, 0, 1}, {1e300, 1, 1}, {0.5, 1, 0}, {-1, 2, 0}} {
		var p float64
		within(t, func() { _, p = ShuffleTest(rand.New(rand.NewPCG(1, 1)), n, o, 10, 0.05, buf) })
		if !math.IsNaN(p) {
			t.Errorf("counts %v: p = %v, want NaN (not tested)", n, p)
		}
	}
}

// NaN events and ±Inf positions are refused; NaN positions (lost tracking)
// are allowed.
func TestExtremeNonFinite(t *testing.T) {
	events, pos, trial := metaArrays(3, 2, 4, 13)
	for _, v := range []float64{math.NaN(), math.Inf(1)} {
		e := mat.DenseCopyOf(events)
		e.Set(7, 1, v)
		if _, _, err := fromArraysExtreme(t, e, pos, trial, metaOpt); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("event %v: err = %v, want an input error", v, err)
		}
	}
	p := slices.Clone(pos)
	p[9] = math.Inf(-1)
	if _, _, err := fromArraysExtreme(t, events, p, trial, metaOpt); !errors.Is(err, experiment.ErrInput) {
		t.Errorf("position -Inf: err = %v, want an input error", err)
	}
	p = slices.Clone(pos)
	for i := 20; i < 40; i++ {
		p[i] = math.NaN()
	}
	if _, _, err := fromArraysExtreme(t, events, p, trial, metaOpt); err != nil {
		t.Errorf("NaN positions: %v", err)
	}
}

// More maps than MaxMaps: an input error instead of an n × n allocation.
func TestExtremeTooManyMaps(t *testing.T) {
	m := mat.NewDense(1, 2, []float64{1, 2})
	maps := make([]*mat.Dense, MaxMaps+1)
	for i := range maps {
		maps[i] = m
	}
	var err error
	within(t, func() { _, err = PVMatrix(context.Background(), maps, 1) })
	if !errors.Is(err, experiment.ErrInput) {
		t.Errorf("err = %v, want an input error", err)
	}
}

// Bins beyond MaxBins: an input error instead of huge rate maps.
func TestExtremeTooManyBins(t *testing.T) {
	events, pos, trial := metaArrays(2, 1, 3, 14)
	o := metaOpt
	o.Bins = MaxBins + 1
	if _, _, err := fromArraysExtreme(t, events, pos, trial, o); !errors.Is(err, experiment.ErrInput) {
		t.Errorf("err = %v, want an input error", err)
	}
	o.Bins = 1
	if _, _, err := fromArraysExtreme(t, events, pos, trial, o); err != nil {
		t.Errorf("1 bin: %v", err)
	}
}

// A cell with more events than ShuffleTest can test (a continuous trace
// thresholded at > 0 at a high frame rate is active in most frames) is an
// input error naming the cap; before, SITest returned p = NaN for it, which
// read as "not a place cell".
func TestExtremeSITestTooManyEvents(t *testing.T) {
	F := MaxShuffleEvents + 1
	ev := []int32{0}
	f := &Frames{Cells: 2, Bins: 2, Bin: make([]int, F), Dir: make([]int8, F), Trial: make([]int, F), Events: make([][]int32, F)}
	for i := range f.Bin {
		f.Bin[i], f.Events[i] = i%2, ev
	}
	var err error
	within(t, func() { _, err = SITest(context.Background(), f, nil, 3, 10, 0.05, 1, 1) })
	if !errors.Is(err, experiment.ErrInput) {
		t.Fatalf("SITest with %d events in cell 0: err = %v, want an input error", F, err)
	}
	t.Log(err)
	// One event fewer is tested as usual.
	f.Events[0] = nil
	var res []SIResult
	within(t, func() { res, err = SITest(context.Background(), f, nil, 3, 10, 0.05, 1, 1) })
	if err != nil || math.IsNaN(res[0].P) {
		t.Fatalf("SITest with %d events: p = %v, err = %v", F-1, res[0].P, err)
	}
}
