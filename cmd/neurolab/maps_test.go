package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"neurolab/analysis/stats"
	"neurolab/dataio/npy"
	"neurolab/internal/num"
	"neurolab/synth/placemaps"
)

// twoMaps generates a recording of two planted maps over the given
// sessions of 4 trials of 80 s (80 place cells, 20 untuned), and returns it
// with its events as a frames × cells 0/1 matrix.
func twoMaps(sessions int) (placemaps.Config, *placemaps.Recording, []float64) {
	c := placemaps.Default(2)
	c.PlaceCells, c.UntunedCells, c.Sessions, c.TrialsPerSess, c.TrialSeconds = 80, 20, sessions, 4, 80
	rec := placemaps.Generate(num.Stream(5, 1), c)
	ev := make([]float64, len(rec.Bin)*rec.Cells)
	for i, e := range rec.Events {
		for _, cell := range e {
			ev[i*rec.Cells+int(cell)] = 1
		}
	}
	return c, rec, ev
}

func TestMapsCommand(t *testing.T) {
	dir := t.TempDir()
	c, rec, ev := twoMaps(4)
	F, N := len(rec.Bin), rec.Cells
	tr := make([]float64, F)
	for i := range tr {
		tr[i] = float64(rec.Trial[i])
	}
	sess := make([]float64, len(rec.TrialSession))
	for i, s := range rec.TrialSession {
		sess[i] = float64(s)
	}
	p := func(n string) string { return filepath.Join(dir, n) }
	npy.WriteFloat64(p("events.npy"), []int{F, N}, ev)
	npy.WriteFloat64(p("position.npy"), []int{F}, rec.Position)
	npy.WriteFloat64(p("trials.npy"), []int{F}, tr)
	npy.WriteFloat64(p("sessions.npy"), []int{len(sess)}, sess)
	out := p("out")
	err := execPop(t, newMapsCmd(), "--events", p("events.npy"), "--position", p("position.npy"), "--trials", p("trials.npy"),
		"--sessions", p("sessions.npy"), "--min-sessions", "2", "--shuffles", "100", "--bins", "24", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	m := readPopJSON(t, filepath.Join(out, "maps.json"))
	if k := int(m["maps"].(float64)); k != 2 {
		t.Fatalf("maps: got %d, want 2 (silhouettes %v)", k, m["silhouette_by_k"])
	}
	if ari := stats.AdjustedRand(intsOf(m["map_per_trial"]), rec.TrialMap); ari < 0.9 {
		t.Errorf("ARI: got %v, want ≥ 0.9", ari)
	}
	if sw := m["within_trial_switches"].([]any); len(sw) != 0 {
		t.Errorf("within-trial switches: got %v, want none", sw)
	}
	pc := m["place_cell"].([]any)
	fp := 0
	for cell := c.PlaceCells; cell < N; cell++ {
		if pc[cell].(bool) {
			fp++
		}
	}
	if fp > 5 { // 20 untuned cells at α = 0.05: 1 expected
		t.Errorf("untuned cells called place cells: got %d of 20, want ≤ 5", fp)
	}

	// Tracking lost on 1 % of the frames (NaN positions, in runs of 20):
	// those frames are left out, the count is reported, the maps stay.
	lost := append([]float64(nil), rec.Position...)
	nLost := 0
	for i := 100; i+20 < F; i += 2000 {
		for j := i; j < i+20; j++ {
			lost[j] = math.NaN()
			nLost++
		}
	}
	npy.WriteFloat64(p("lost.npy"), []int{F}, lost)
	out2 := p("out-lost")
	err = execPop(t, newMapsCmd(), "--events", p("events.npy"), "--position", p("lost.npy"), "--trials", p("trials.npy"),
		"--sessions", p("sessions.npy"), "--min-sessions", "2", "--shuffles", "100", "--bins", "24", "--out", out2)
	if err != nil {
		t.Fatalf("NaN positions: %v", err)
	}
	m2 := readPopJSON(t, filepath.Join(out2, "maps.json"))
	if got := int(m2["frames_position_nan"].(float64)); got != nLost {
		t.Errorf("frames_position_nan: got %d, want %d", got, nLost)
	}
	if ari := stats.AdjustedRand(intsOf(m2["map_per_trial"]), intsOf(m["map_per_trial"])); ari != 1 {
		t.Errorf("NaN positions changed the maps: ARI with the complete run %v, want 1", ari)
	}
}

func TestMapsCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	npy.WriteFloat64(p("events.npy"), []int{6, 2}, make([]float64, 12))
	npy.WriteFloat64(p("pos5.npy"), []int{5}, make([]float64, 5))
	npy.WriteFloat64(p("pos.npy"), []int{6}, []float64{0, 1, 2, 3, 4, 5})
	npy.WriteFloat64(p("split.npy"), []int{6}, []float64{0, 0, 1, 1, 0, 0})
	npy.WriteFloat64(p("posinf.npy"), []int{6}, []float64{0, 1, math.Inf(1), 3, 4, 5})
	nan := math.NaN()
	npy.WriteFloat64(p("posnan.npy"), []int{6}, []float64{nan, nan, nan, nan, nan, nan})
	cases := []struct {
		name  string
		pos   string
		tr    string
		parts []string
	}{
		{"position length", p("pos5.npy"), p("split.npy"), []string{"pos5.npy", "5 positions for 6 frames"}},
		{"trial not contiguous", p("pos.npy"), p("split.npy"), []string{"split.npy", "contiguous"}},
		{"position infinite", p("posinf.npy"), p("split.npy"), []string{"posinf.npy", "finite"}},
		{"position all NaN", p("posnan.npy"), p("split.npy"), []string{"posnan.npy", "every position is NaN"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := execPop(t, newMapsCmd(), "--events", p("events.npy"), "--position", c.pos, "--trials", c.tr, "--out", p("o"))
			wantInputError(t, err, c.parts...)
		})
	}
}

// mapsToyInput writes a small maps input to dir: 1024 frames at 20 Hz of
// laps on a 96-cm track at 15 cm/s (both directions), 3 cells, two trials
// (frames 0–499 and 524–1023; between them −1); position is transformed by
// pos(frame, cm).
func mapsToyInput(t *testing.T, dir string, pos func(i int, cm float64) float64) (events, position, trials string) {
	t.Helper()
	const F, N = 1024, 3
	ev := make([]float64, F*N)
	p := make([]float64, F)
	tr := make([]float64, F)
	for i := range p {
		x := math.Mod(float64(i)*0.75, 192)
		if x > 96 {
			x = 192 - x
		}
		p[i] = pos(i, x)
		tr[i] = float64(i / 512)
		if i >= 500 && i < 524 {
			tr[i] = -1
		}
		ev[i*N+i%N] = float64(i % 2)
	}
	events, position, trials = filepath.Join(dir, "E.npy"), filepath.Join(dir, "P.npy"), filepath.Join(dir, "T.npy")
	npy.WriteFloat64(events, []int{F, N}, ev)
	npy.WriteFloat64(position, []int{F}, p)
	npy.WriteFloat64(trials, []int{F}, tr)
	return events, position, trials
}

func TestMapsSpeedThreshold(t *testing.T) {
	cases := []struct {
		name  string
		pos   func(i int, cm float64) float64
		parts []string // nil: the run succeeds
	}{
		{"cm", func(_ int, cm float64) float64 { return cm }, nil},
		{"track units 0–1", func(_ int, cm float64) float64 { return cm / 96 },
			[]string{"P.npy", "0 of 1000 in-trial frames reach --min-speed 1 cm/s", "median speed 0.156 cm/s", "--fs 20 Hz", "is --position in cm"}},
		{"second trial still", func(i int, cm float64) float64 {
			if i >= 500 {
				return 50
			}
			return cm
		}, []string{"P.npy", "500 of 1000 in-trial frames", "trial 1 has none"}},
		{"mostly still", func(i int, cm float64) float64 {
			if i%512 >= 40 {
				return 50 + 0.01*float64(i%2)
			}
			return cm
		}, []string{"P.npy", "fewer than 10 %", "median speed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			e, p, tr := mapsToyInput(t, dir, c.pos)
			err := execPop(t, newMapsCmd(), "--events", e, "--position", p, "--trials", tr, "--shuffles", "5", "--out", filepath.Join(dir, "out"))
			if c.parts == nil {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			wantInputError(t, err, c.parts...)
			if _, serr := os.Stat(filepath.Join(dir, "out")); serr == nil {
				t.Errorf("output directory written on an input error")
			}
		})
	}
}

// TestMapsWideSpeedSmoothing: a velocity smoothing window far wider than
// the recording averages all of it (here to nearly 0 cm/s, laps up and
// down), so the speed threshold keeps no frame: an input error. Before
// placefield.FromArrays clamped the window, round(S·fs) overflowed int and
// the run went on with every frame, trials or not, in bin 0.
func TestMapsWideSpeedSmoothing(t *testing.T) {
	dir := t.TempDir()
	e, p, tr := mapsToyInput(t, dir, func(_ int, cm float64) float64 { return cm })
	err := execPop(t, newMapsCmd(), "--events", e, "--position", p, "--trials", tr, "--speed-smoothing", "1e20", "--shuffles", "5",
		"--out", filepath.Join(dir, "out"))
	wantInputError(t, err, "P.npy", "0 of 1000 in-trial frames reach --min-speed 1 cm/s", "trial 0 has none")
}

// TestMapsOneDirectionTrials: planted two maps, with every run along the
// track given its own trial index (one direction per trial), is an input
// error naming the trials file: opposite-direction trials share no bin.
func TestMapsOneDirectionTrials(t *testing.T) {
	dir := t.TempDir()
	_, rec, ev := twoMaps(2)
	F, N := len(rec.Bin), rec.Cells
	tr := make([]float64, F)
	run := -1
	for i := range tr {
		if i == 0 || rec.Trial[i] != rec.Trial[i-1] || rec.Dir[i] != rec.Dir[i-1] {
			run++
		}
		tr[i] = float64(run)
		if rec.Trial[i] < 0 {
			tr[i] = -1
		}
	}
	p := func(n string) string { return filepath.Join(dir, n) }
	npy.WriteFloat64(p("E.npy"), []int{F, N}, ev)
	npy.WriteFloat64(p("P.npy"), []int{F}, rec.Position)
	npy.WriteFloat64(p("T.npy"), []int{F}, tr)
	err := execPop(t, newMapsCmd(), "--events", p("E.npy"), "--position", p("P.npy"), "--trials", p("T.npy"), "--shuffles", "10", "--bins", "24", "--out", p("out"))
	wantInputError(t, err, "T.npy", "run one way only", "the other way only", "one visit to the track")
}

func TestMapsFlagRanges(t *testing.T) {
	dir := t.TempDir()
	e, p, tr := mapsToyInput(t, dir, func(_ int, cm float64) float64 { return cm })
	cases := []flagCase{
		{"--workers", "0", "--workers 0: want an integer ≥ 1"},
		{"--workers", "-1", "--workers -1: want an integer ≥ 1"},
		{"--threshold", "2", "--threshold 2: want a PV correlation in [-1, 1]"},
		{"--threshold", "NaN", "--threshold NaN"},
		{"--min-silhouette", "1.5", "--min-silhouette 1.5: want a silhouette in [-1, 1]"},
		{"--min-speed", "-1", "--min-speed -1: want a speed ≥ 0 cm/s"},
		{"--fs", "0", "--fs 0: want a frame rate > 0 Hz"},
		{"--speed-smoothing", "-0.1", "--speed-smoothing -0.1"},
		{"--window", "0", "--window 0: want a window > 0 s"},
		{"--step", "-3", "--step -3: want a step > 0 s"},
		{"--bins", "1", "--bins 1: want an integer in [2, 10000]"},
		{"--max-k", "1", "--max-k 1: want an integer ≥ 2"},
		{"--min-sessions", "-1", "--min-sessions -1"},
		{"--shuffles", "0", "--shuffles 0: want an integer ≥ 1"},
	}
	wantFlagErrors(t, newMapsCmd, []string{"--events", e, "--position", p, "--trials", tr, "--out", filepath.Join(dir, "out")}, cases)
}

func TestMapsTransposedEvents(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	npy.WriteFloat64(p("E.npy"), []int{4, 40}, make([]float64, 160))
	npy.WriteFloat64(p("P.npy"), []int{40}, make([]float64, 40))
	npy.WriteFloat64(p("T.npy"), []int{40}, make([]float64, 40))
	err := execPop(t, newMapsCmd(), "--events", p("E.npy"), "--position", p("P.npy"), "--trials", p("T.npy"), "--out", p("out"))
	wantInputError(t, err, "P.npy: 40 positions for 4 frames in", "(is ", "E.npy frames × cells? it has 4 rows and 40 columns)")
}
