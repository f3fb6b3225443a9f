package placefield

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// handArrays is a 14-frame recording at 2 Hz on a track from 0 to 8 (4
// bins of width 2): trial 5 runs up (frames 1–6, position lost at frame
// 5), trial 9 runs down and up again (frames 7–12), frames 0 and 13 are
// outside trials. Cell 0 has an event on even frames, cell 1 only at frame
// 3 (value 0.5); the −1 at frame 4 is no event.
func handArrays() (*mat.Dense, []float64, []int) {
	nan := math.NaN()
	pos := []float64{0, 1, 2, 4, 8, nan, 7, 6, 6, 2, 0, 3, 5, 5}
	trial := []int{-1, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9, -1}
	ev := mat.NewDense(len(pos), 2, nil)
	for i := 0; i < len(pos); i += 2 {
		ev.Set(i, 0, 1)
	}
	ev.Set(3, 1, 0.5)
	ev.Set(4, 1, -1)
	return ev, pos, trial
}

func near(a, b float64) bool {
	return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

// TestFromArraysHand checks bins, directions, speeds and trials against
// values computed by hand. Velocities (position units/s) are
// 2 2 2 4 8 NaN NaN −2 0 −8 −4 6 4 0 (frame 0 takes frame 1's; NaN next to
// the lost position).
func TestFromArraysHand(t *testing.T) {
	nan := math.NaN()
	ev, pos, trial := handArrays()
	cases := []struct {
		name   string
		smooth float64
		speed  []float64
		dir    []int8
		bin    []int
	}{
		{"no smoothing", 0,
			[]float64{2, 2, 2, 4, 8, nan, nan, 2, 0, 8, 4, 6, 4, 0},
			[]int8{0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0},
			// frame 0 and 13: outside trials; 5: lost; 6: no speed; 8: speed 0
			[]int{-1, 0, 1, 2, 3, -1, -1, 3, -1, 1, 0, 1, 2, -1}},
		// 1.5 s at 2 Hz: round(3)/2 = 1 frame each side, over the known
		// velocities (2 at the edges, fewer next to the lost position).
		{"3-frame window", 1.5,
			[]float64{2, 2, 8.0 / 3, 14.0 / 3, 6, 8, 2, 1, 10.0 / 3, 4, 2, 2, 10.0 / 3, 2},
			[]int8{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0},
			// frame 6 is now kept (speed 2, position 7), frame 7 is not (speed 1)
			[]int{-1, 0, 1, 2, 3, -1, 3, -1, 3, 1, 0, 1, 2, -1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, info, err := FromArrays(ev, pos, trial, ArrayOptions{Bins: 4, FrameRate: 2, MinSpeed: 1.5, SpeedSmoothing: c.smooth})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Validate(); err != nil {
				t.Fatalf("FromArrays frames do not validate: %v", err)
			}
			for i := range c.speed {
				if !near(info.Speed[i], c.speed[i]) {
					t.Errorf("frame %d: speed %v, want %v", i, info.Speed[i], c.speed[i])
				}
			}
			if !reflect.DeepEqual(f.Dir, c.dir) {
				t.Errorf("Dir %v, want %v", f.Dir, c.dir)
			}
			if !reflect.DeepEqual(f.Bin, c.bin) {
				t.Errorf("Bin %v, want %v", f.Bin, c.bin)
			}
			if want := []int{0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0}; !reflect.DeepEqual(f.Trial, want) {
				t.Errorf("Trial %v, want %v", f.Trial, want)
			}
			wantEv := [][]int32{{0}, nil, {0}, {1}, {0}, nil, {0}, nil, {0}, nil, {0}, nil, {0}, nil}
			if !reflect.DeepEqual(f.Events, wantEv) {
				t.Errorf("Events %v, want %v", f.Events, wantEv)
			}
			if f.Cells != 2 || f.Bins != 4 {
				t.Errorf("Cells %d, Bins %d; want 2, 4", f.Cells, f.Bins)
			}
			if !reflect.DeepEqual(info.TrialValues, []int{5, 9}) || !reflect.DeepEqual(info.Start, []int{1, 7}) || !reflect.DeepEqual(info.End, []int{7, 13}) {
				t.Errorf("trials %v from %v to %v, want [5 9] from [1 7] to [7 13]", info.TrialValues, info.Start, info.End)
			}
			if info.LostFrames != 1 || info.Lo != 0 || info.Hi != 8 {
				t.Errorf("LostFrames %d, range %v..%v; want 1, 0..8", info.LostFrames, info.Lo, info.Hi)
			}
		})
	}
}

// TestFromArraysTrialOrder: trials are ranked by value, not by time, and a
// window wider than the recording (here absurdly so) averages every known
// velocity instead of overflowing.
func TestFromArraysTrialOrder(t *testing.T) {
	pos := []float64{0, 1, 2, 3, 2, 1, 0, 1}
	trial := []int{8, 8, 8, 8, 2, 2, 2, 2}
	ev := mat.NewDense(len(pos), 1, nil)
	f, info, err := FromArrays(ev, pos, trial, ArrayOptions{Bins: 3, FrameRate: 1, MinSpeed: 0})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 1, 1, 1, 0, 0, 0, 0}; !reflect.DeepEqual(f.Trial, want) {
		t.Errorf("Trial %v, want %v", f.Trial, want)
	}
	if !reflect.DeepEqual(info.TrialValues, []int{2, 8}) || !reflect.DeepEqual(info.Start, []int{4, 0}) || !reflect.DeepEqual(info.End, []int{8, 4}) {
		t.Errorf("trials %v from %v to %v, want [2 8] from [4 0] to [8 4]", info.TrialValues, info.Start, info.End)
	}
	// Bins of width 1 over 0..3, the top one closed: 0 1 2 2 2 1 0 1.
	if want := []int{0, 1, 2, 2, 2, 1, 0, 1}; !reflect.DeepEqual(f.Bin, want) {
		t.Errorf("Bin %v, want %v", f.Bin, want)
	}
	for _, s := range []float64{1e20, math.MaxFloat64} {
		_, info, err := FromArrays(ev, pos, trial, ArrayOptions{Bins: 3, FrameRate: 1, MinSpeed: 0, SpeedSmoothing: s})
		if err != nil {
			t.Fatal(err)
		}
		// velocities 1 1 1 1 −1 −1 −1 1: mean 0.25 everywhere
		for i, v := range info.Speed {
			if v != 0.25 {
				t.Fatalf("SpeedSmoothing %g: frame %d speed %v, want 0.25", s, i, v)
			}
		}
	}
}

// TestFromArraysSpeedError: the threshold leaving no frame in a trial, or
// under 10 % of the in-trial frames, is a *SpeedError wrapping ErrInput
// with the counts and the percentiles of the known speeds.
func TestFromArraysSpeedError(t *testing.T) {
	ev, pos, trial := handArrays()
	_, _, err := FromArrays(ev, pos, trial, ArrayOptions{Bins: 4, FrameRate: 2, MinSpeed: 9, PositionName: "P.npy"})
	var se *SpeedError
	if !errors.As(err, &se) || !errors.Is(err, experiment.ErrInput) {
		t.Fatalf("error %v, want a *SpeedError wrapping ErrInput", err)
	}
	// in-trial frames with a position: 1–4 and 6–12, speeds 2 2 4 8 NaN 2 0 8 4 6 4
	want := SpeedError{Position: "P.npy", Kept: 0, Frames: 11, EmptyTrial: 5, Median: 4, P95: 8, MinSpeed: 9, FrameRate: 2}
	if *se != want {
		t.Errorf("got %+v, want %+v", *se, want)
	}
	if !strings.HasPrefix(err.Error(), "P.npy: 0 of 11 in-trial frames reach MinSpeed 9 (trial 5 has none; median speed 4, 95th percentile 8") {
		t.Errorf("message %q", err)
	}

	// 40 frames per trial, moving on 2 of them (up and back): 4 of 80 kept
	// (< 8).
	n := 80
	pos, trial = make([]float64, n), make([]int, n)
	for i := range pos {
		trial[i] = i / 40
		pos[i] = 10
		if i%40 == 10 {
			pos[i] = 20
		}
	}
	_, _, err = FromArrays(mat.NewDense(n, 1, nil), pos, trial, ArrayOptions{Bins: 4, FrameRate: 1, MinSpeed: 5})
	if !errors.As(err, &se) || se.Kept != 4 || se.Frames != 80 || se.EmptyTrial != -1 || se.Reason() != "fewer than 10 %" {
		t.Errorf("got %v, want 4 of 80 frames kept, fewer than 10 %%", err)
	}
}

// TestFromArraysInputErrors: every input error wraps experiment.ErrInput
// and names the array (or option) at fault.
func TestFromArraysInputErrors(t *testing.T) {
	nan := math.NaN()
	opt := ArrayOptions{Bins: 4, FrameRate: 2, MinSpeed: 1.5}
	with := func(edit func(o *ArrayOptions)) ArrayOptions { o := opt; edit(&o); return o }
	ev, pos, trial := handArrays()
	set := func(x []float64, i int, v float64) []float64 { y := append([]float64(nil), x...); y[i] = v; return y }
	seti := func(x []int, i int, v int) []int { y := append([]int(nil), x...); y[i] = v; return y }
	nanEv := mat.DenseCopyOf(ev)
	nanEv.Set(2, 1, nan)
	var nilDense *mat.Dense
	allNaN := make([]float64, 14)
	for i := range allNaN {
		allNaN[i] = nan
	}
	// Trials that each run one way, in opposite directions.
	oneWay := []int{-1, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9, -1, -1, -1}
	cases := []struct {
		name  string
		ev    mat.Matrix
		pos   []float64
		trial []int
		opt   ArrayOptions
		want  string
	}{
		{"bins", ev, pos, trial, with(func(o *ArrayOptions) { o.Bins = 0 }), "Bins 0, want ≥ 1"},
		{"frame rate", ev, pos, trial, with(func(o *ArrayOptions) { o.FrameRate = 0 }), "FrameRate 0, want a finite rate > 0 Hz"},
		{"frame rate Inf", ev, pos, trial, with(func(o *ArrayOptions) { o.FrameRate = math.Inf(1) }), "FrameRate +Inf"},
		{"min speed", ev, pos, trial, with(func(o *ArrayOptions) { o.MinSpeed = nan }), "MinSpeed NaN, want a finite speed ≥ 0"},
		{"smoothing", ev, pos, trial, with(func(o *ArrayOptions) { o.SpeedSmoothing = -1 }), "SpeedSmoothing -1"},
		{"min trials", ev, pos, trial, with(func(o *ArrayOptions) { o.MinTrials = -1 }), "MinTrials -1"},
		{"nil events", nil, pos, trial, opt, "events: no events matrix"},
		{"nil dense", nilDense, pos, trial, opt, "events: no events matrix"},
		{"empty events", &mat.Dense{}, pos, trial, opt, "events: shape (0, 0) is empty"},
		{"NaN event", nanEv, pos, trial, opt, "events: element (2, 1) is NaN"},
		{"Inf position", ev, set(pos, 3, math.Inf(-1)), trial, opt, "position: element 3 is -Inf; positions must be finite (NaN marks a lost frame)"},
		{"all NaN", ev, allNaN, trial, opt, "position: every position is NaN"},
		{"position length", ev, pos[:13], trial, opt, "position: 13 positions for 14 frames in events"},
		{"transposed", mat.NewDense(2, 14, nil), pos, trial, opt, "position: 14 positions for 2 frames in events (is events frames × cells? it has 2 rows and 14 columns)"},
		{"trial length", ev, pos, trial[:12], opt, "trial: 12 trial indices for 14 frames in events"},
		{"split trial", ev, pos, seti(trial, 8, 5), opt, "trial: trial 5 is not one contiguous run of frames (frame 8)"},
		{"no trial", ev, pos, make([]int, 14), with(func(o *ArrayOptions) { o.MinTrials = 2 }), "trial: 1 trial(s); want at least 2"},
		{"constant", ev, []float64{3, 3, 3, nan, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, trial, opt, "position: position is constant; cannot bin it"},
		{"speed", ev, pos, trial, with(func(o *ArrayOptions) { o.MinSpeed = 100 }), "position: 0 of 11 in-trial frames reach MinSpeed 100"},
		{"one way", ev, pos, oneWay, opt, "trial: 1 trial(s) run one way only (first: trial 5) and 1 the other way only (first: trial 9)"},
		{"names", ev, pos[:13], trial, with(func(o *ArrayOptions) { o.EventsName, o.PositionName = "E.npy", "P.npy" }), "P.npy: 13 positions for 14 frames in E.npy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, info, err := FromArrays(c.ev, c.pos, c.trial, c.opt)
			if !errors.Is(err, experiment.ErrInput) {
				t.Fatalf("error %v does not wrap experiment.ErrInput", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
			if f != nil || info != nil {
				t.Errorf("results returned with an error")
			}
		})
	}
}

// Frames at rest (every velocity in the smoothing window exactly 0) have
// speed 0 and direction 0, not the rounding residue of the running sum
// left by the runs before them (which with MinSpeed 0 put resting frames in
// the decreasing direction at random).
func TestFromArraysRestingFramesHaveZeroSpeed(t *testing.T) {
	F := 400
	pos, trial := make([]float64, F), make([]int, F)
	p := 0.0
	for i := range pos {
		switch {
		case i < 100:
			p += 0.1
		case i >= 200 && i < 300:
			p -= 0.07
		}
		pos[i] = p
	}
	fr, info, err := FromArrays(mat.NewDense(F, 1, nil), pos, trial, ArrayOptions{Bins: 4, FrameRate: 10, SpeedSmoothing: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for _, rest := range [][2]int{{103, 198}, {303, 398}} {
		for i := rest[0]; i < rest[1]; i++ {
			if info.Speed[i] != 0 || fr.Dir[i] != 0 {
				t.Fatalf("resting frame %d: speed %g, direction %d; want 0 and 0", i, info.Speed[i], fr.Dir[i])
			}
		}
	}
	if fr.Dir[250] != 1 || math.Abs(info.Speed[250]-0.7) > 1e-9 {
		t.Errorf("frame 250: direction %d, speed %g; want 1 and 0.7", fr.Dir[250], info.Speed[250])
	}
}
