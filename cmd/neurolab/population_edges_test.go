package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/npy"
)

// writeMapsRecording writes a small maps recording: trials of `laps`
// back-and-forth runs of 200 frames over a 100-cm track (one map per trial,
// alternating), 20 frames outside trials between them. It returns the
// three file paths.
func writeMapsRecording(t *testing.T, dir string, trials, laps int) (ev, pos, tr string) {
	t.Helper()
	const cells, lapFrames, gap = 15, 200, 20
	rng := rand.New(rand.NewPCG(17, 1))
	field := [2][]float64{make([]float64, cells), make([]float64, cells)}
	for m := range field {
		for c := range field[m] {
			field[m][c] = 100 * rng.Float64()
		}
	}
	var e, p, k []float64
	for t := 0; t < trials; t++ {
		for lap := 0; lap < laps; lap++ {
			for i := 0; i < lapFrames; i++ {
				x := 100 * float64(i) / float64(lapFrames-1)
				if lap%2 == 1 {
					x = 100 - x
				}
				p, k = append(p, x), append(k, float64(t))
				for c := 0; c < cells; c++ {
					d := x - field[t%2][c]
					v := 0.0
					if rng.Float64() < 0.5*math.Exp(-d*d/50) {
						v = 1
					}
					e = append(e, v)
				}
			}
		}
		for i := 0; i < gap; i++ {
			p, k = append(p, 0), append(k, -1)
			e = append(e, make([]float64, cells)...)
		}
	}
	ev, pos, tr = filepath.Join(dir, "ev.npy"), filepath.Join(dir, "pos.npy"), filepath.Join(dir, "tr.npy")
	npy.WriteFloat64(ev, []int{len(p), cells}, e)
	npy.WriteFloat64(pos, []int{len(p)}, p)
	npy.WriteFloat64(tr, []int{len(p)}, k)
	return ev, pos, tr
}

// TestMapsShortTrials: trials shorter than --window leave the switch
// detector without a single window; maps used to report "0 switchs" as if
// it had looked. It now says how many trials were too short, in maps.json
// and in the summary line.
func TestMapsShortTrials(t *testing.T) {
	dir := t.TempDir()
	ev, pos, tr := writeMapsRecording(t, dir, 4, 4) // 800 frames = 40 s a trial at 20 Hz
	run := func(out string, extra ...string) (string, map[string]any) {
		t.Helper()
		c := newMapsCmd()
		var so bytes.Buffer
		c.SetArgs(append([]string{"--events", ev, "--position", pos, "--trials", tr, "--shuffles", "10", "--workers", "1", "--out", out}, extra...))
		c.SetOut(&so)
		c.SetErr(&bytes.Buffer{})
		c.SetContext(context.Background())
		if err := c.Execute(); err != nil {
			t.Fatal(err)
		}
		return so.String(), readPopJSON(t, filepath.Join(out, "maps.json"))
	}
	line, m := run(filepath.Join(dir, "a")) // default --window 60 s
	if !strings.Contains(line, "0 switches within trials (4 of 4 trials shorter than --window 60 s)") {
		t.Errorf("summary %q does not say the trials are shorter than the window", line)
	}
	notes, _ := m["notes"].([]any)
	if len(notes) != 1 || !strings.Contains(notes[0].(string), "4 of 4 trials are shorter than the --window 60 s (1200 frames at --fs 20 Hz)") {
		t.Errorf("notes: got %v, want one naming the 4 short trials", m["notes"])
	}
	line, m = run(filepath.Join(dir, "b"), "--window", "10", "--step", "1")
	if strings.Contains(line, "shorter") || m["notes"] != nil {
		t.Errorf("--window 10: got %q and notes %v, want no short-trial note", line, m["notes"])
	}
	if strings.Contains(line, "switchs") {
		t.Errorf("summary %q: misspelt plural", line)
	}
}

// TestIgnoredFlags: a flag that does nothing in the mode the user chose is
// an input error, not silently dropped.
func TestIgnoredFlags(t *testing.T) {
	dir := t.TempDir()
	ev, pos, tr := writeMapsRecording(t, dir, 4, 4)
	err := execPop(t, newMapsCmd(), "--events", ev, "--position", pos, "--trials", tr, "--min-sessions", "2", "--out", filepath.Join(dir, "m"))
	wantInputError(t, err, "--min-sessions 2", "--sessions")

	tensor := filepath.Join(dir, "t.npy")
	npy.WriteFloat64(tensor, []int{4, 3, 2}, []float64{1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1, 6, 5, 4, 3, 2, 1})
	for _, fl := range [][2]string{{"--max-maps", "3"}, {"--min-silhouette", "0.5"}} {
		err = execPop(t, newRemapCmd(), "--tensor", tensor, "--maps", "2", fl[0], fl[1], "--out", filepath.Join(dir, "r"))
		wantInputError(t, err, fl[0], "--maps 2")
	}
	// Both still steer the choice of K without --maps.
	if err := execPop(t, newRemapCmd(), "--tensor", tensor, "--max-maps", "3", "--min-silhouette", "0.5", "--restarts", "3", "--out", filepath.Join(dir, "r2")); err != nil {
		t.Fatal(err)
	}

	counts, labels := filepath.Join(dir, "c.npy"), filepath.Join(dir, "l.npy")
	cv := make([]float64, 8*3)
	for i := range cv {
		cv[i] = float64(i % 5)
	}
	npy.WriteFloat64(counts, []int{8, 3}, cv)
	npy.WriteFloat64(labels, []int{8}, []float64{0, 0, 0, 0, 1, 1, 1, 1})
	out := filepath.Join(dir, "a")
	err = execPop(t, newAverageTestCmd(), "--counts", counts, "--labels", labels, "--window", "0,0.5", "--out", out)
	wantInputError(t, err, "--window 0,0.5", "--alf")
	if _, serr := os.Stat(out); !os.IsNotExist(serr) {
		t.Errorf("%s written on an input error", out)
	}
}

// TestDriftGeometryOneSession: one session used to be answered with
// "--lag 1: want 1..1", rejecting a value inside the range it printed.
func TestDriftGeometryOneSession(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.npy")
	data := make([]float64, 1*20*4)
	rng := rand.New(rand.NewPCG(17, 2))
	for i := range data {
		data[i] = rng.NormFloat64()
	}
	writeNpy3(t, p, 1, 20, 4, data)
	err := runDG("--input", p, "--out", filepath.Join(dir, "o"))
	wantInputError(t, err, "x.npy: 1 session(s); want at least 2")
	if strings.Contains(err.Error(), "--lag") {
		t.Errorf("error %q blames --lag", err)
	}
}

// TestDriftGeometryFigureList: drift-geometry.json lists its figures, as
// every other command's JSON does, and each listed file exists.
func TestDriftGeometryFigureList(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.npy")
	const S, T, N = 3, 30, 5
	data := make([]float64, S*T*N)
	rng := rand.New(rand.NewPCG(17, 3))
	for i := range data {
		data[i] = rng.NormFloat64() + 0.3*float64(i/(T*N))
	}
	writeNpy3(t, p, S, T, N, data)
	out := filepath.Join(dir, "o")
	if err := runDG("--input", p, "--out", out); err != nil {
		t.Fatal(err)
	}
	m := readPopJSON(t, filepath.Join(out, "drift-geometry.json"))
	figs, ok := m["figures"].([]any)
	if !ok || len(figs) == 0 {
		t.Fatalf("figures: got %v, want the list of figure files", m["figures"])
	}
	for _, f := range figs {
		if _, err := os.Stat(filepath.Join(out, f.(string))); err != nil {
			t.Errorf("listed figure %v: %v", f, err)
		}
	}
}

// TestDriftGeometryLabelsTransposed: labels saved as (trials, sessions)
// used to be read in flat order as (sessions, trials), scrambling which
// trial had which stimulus; the run then succeeded. The shape is now
// checked; (sessions, trials) and a (trials, 1) column still work.
func TestDriftGeometryLabelsTransposed(t *testing.T) {
	dir := t.TempDir()
	const S, T, N = 3, 40, 6
	rng := rand.New(rand.NewPCG(17, 4))
	write := func(name string, labels *mat.Dense) string {
		m := map[string]any{}
		for s := 0; s < S; s++ {
			d := mat.NewDense(T, N, nil)
			for i := 0; i < T; i++ {
				for j := 0; j < N; j++ {
					d.Set(i, j, rng.NormFloat64()+2*float64(i%2*j%3))
				}
			}
			m[fmt.Sprintf("arr_%d", s)] = d
		}
		m["labels"] = labels
		p := filepath.Join(dir, name)
		if err := npz.Write(p, m); err != nil {
			t.Fatal(err)
		}
		return p
	}
	st := mat.NewDense(S, T, nil) // (sessions, trials)
	for s := 0; s < S; s++ {
		for i := 0; i < T; i++ {
			st.Set(s, i, float64(i%2))
		}
	}
	col := mat.NewDense(T, 1, nil)
	for i := 0; i < T; i++ {
		col.Set(i, 0, float64(i%2))
	}
	for _, p := range []string{write("st.npz", st), write("col.npz", col)} {
		if err := runDG("--input", p, "--out", filepath.Join(dir, "ok")); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
	ts := mat.DenseCopyOf(st.T()) // (trials, sessions)
	err := runDG("--input", write("ts.npz", ts), "--out", filepath.Join(dir, "bad"))
	wantInputError(t, err, "labels: shape (40, 3)", "(sessions, trials) = (3, 40)")
}

// TestMapsWindowUnderOneFrame: a --window that rounds to zero frames at
// --fs left the switch detector counting nothing and reporting no switches.
func TestMapsWindowUnderOneFrame(t *testing.T) {
	dir := t.TempDir()
	ev, pos, tr := writeMapsRecording(t, dir, 4, 4)
	out := filepath.Join(dir, "o")
	err := execPop(t, newMapsCmd(), "--events", ev, "--position", pos, "--trials", tr, "--window", "0.01", "--out", out)
	wantInputError(t, err, "--window 0.01", "at least one frame", "--fs 20 Hz")
	if _, serr := os.Stat(out); !os.IsNotExist(serr) {
		t.Errorf("%s written on an input error", out)
	}
	// One frame is enough to run.
	if err := execPop(t, newMapsCmd(), "--events", ev, "--position", pos, "--trials", tr, "--window", "0.05", "--fs", "20", "--shuffles", "5", "--out", out); err != nil {
		t.Fatal(err)
	}
}

// TestMapsTooFewSessions: with fewer sessions than --min-sessions the
// sessions rule rejects every K > 1; maps used to answer "1 map" with no
// word on why, even when the silhouettes clearly favoured two maps.
func TestMapsTooFewSessions(t *testing.T) {
	dir := t.TempDir()
	ev, pos, tr := writeMapsRecording(t, dir, 4, 4) // trials alternate between two maps
	sess := filepath.Join(dir, "s.npy")
	npy.WriteFloat64(sess, []int{4}, []float64{0, 0, 1, 1})
	run := func(out string, extra ...string) map[string]any {
		t.Helper()
		args := append([]string{"--events", ev, "--position", pos, "--trials", tr, "--sessions", sess, "--window", "10", "--shuffles", "5", "--out", out}, extra...)
		if err := execPop(t, newMapsCmd(), args...); err != nil {
			t.Fatal(err)
		}
		return readPopJSON(t, filepath.Join(out, "maps.json"))
	}
	m := run(filepath.Join(dir, "a")) // --min-sessions 3 by default
	notes, _ := m["notes"].([]any)
	if m["maps"].(float64) != 1 || len(notes) != 1 || !strings.Contains(notes[0].(string), "2 sessions, fewer than --min-sessions 3") {
		t.Errorf("maps %v, notes %v: want 1 map with a note on the sessions rule", m["maps"], m["notes"])
	}
	m = run(filepath.Join(dir, "b"), "--min-sessions", "2")
	if m["maps"].(float64) != 2 || m["notes"] != nil {
		t.Errorf("--min-sessions 2: maps %v, notes %v: want 2 maps and no note", m["maps"], m["notes"])
	}
}
