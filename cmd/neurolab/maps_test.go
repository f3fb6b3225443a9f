package main

import (
	"math"
	"path/filepath"
	"testing"

	"neurolab/analysis/stats"
	"neurolab/dataio/npy"
	"neurolab/internal/num"
	"neurolab/synth/placemaps"
)

func TestMapsCommand(t *testing.T) {
	dir := t.TempDir()
	c := placemaps.Default(2)
	c.PlaceCells, c.UntunedCells, c.Sessions, c.TrialsPerSess, c.TrialSeconds = 80, 20, 4, 4, 80
	rec := placemaps.Generate(num.Stream(5, 1), c)
	F, N := len(rec.Bin), rec.Cells
	ev := make([]float64, F*N)
	tr := make([]float64, F)
	for i, e := range rec.Events {
		for _, cell := range e {
			ev[i*N+int(cell)] = 1
		}
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
