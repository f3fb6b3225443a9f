package main

import (
	"path/filepath"
	"testing"

	"neurolab/dataio/npy"
	"neurolab/internal/num"
	"neurolab/synth/moviedrift"
)

func TestVisualDriftCommand(t *testing.T) {
	dir := t.TempDir()
	g := moviedrift.Default()
	g.Neurons, g.Repeats, g.TuningDrift = 60, 12, true
	rec := moviedrift.Generate(num.Stream(2, 1), g)
	resp := filepath.Join(dir, "resp.npy")
	if err := npy.WriteFloat64(resp, []int{rec.Repeats, rec.Bins, rec.Neurons}, rec.Counts); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := execPop(t, newVisualDriftCmd(), "--responses", resp, "--out", out); err != nil {
		t.Fatal(err)
	}
	m := readPopJSON(t, filepath.Join(out, "visual-drift.json"))
	tun := m["tuning_correlation"].([]any)
	if len(tun) != rec.Repeats-1 {
		t.Fatalf("lags: got %d, want %d", len(tun), rec.Repeats-1)
	}
	// Tuning drift: the tuning correlation at the longest lag is below lag 1.
	if first, last := tun[0].(float64), tun[len(tun)-1].(float64); !(last < first-0.1) {
		t.Errorf("tuning correlation: lag 1 %v, lag %d %v; want a fall of > 0.1", first, len(tun), last)
	}
	if sh := m["decoder_shuffle_pct"].(float64); sh > 10 {
		t.Errorf("shuffle accuracy: got %v%%, want near chance (3.3%%)", sh)
	}
}

func TestVisualDriftCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	flat := filepath.Join(dir, "flat.npy")
	npy.WriteFloat64(flat, []int{4}, make([]float64, 4))
	one := filepath.Join(dir, "one.npy")
	npy.WriteFloat64(one, []int{1, 3, 3}, make([]float64, 9))
	for _, c := range []struct {
		name, path, part string
	}{
		{"wrong rank", flat, "want 3"},
		{"one repeat", one, "at least 2 repeats"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantInputError(t, execPop(t, newVisualDriftCmd(), "--responses", c.path, "--out", filepath.Join(dir, "o")), c.path, c.part)
		})
	}
}

func TestVisualDriftFlagRanges(t *testing.T) {
	dir := t.TempDir()
	resp := filepath.Join(dir, "r.npy")
	npy.WriteFloat64(resp, []int{2, 2, 2}, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	cases := []flagCase{
		{"--workers", "0", "--workers 0: want an integer ≥ 1"},
		{"--workers", "-1", "--workers -1: want an integer ≥ 1"},
		{"--shuffles", "0", "--shuffles 0: want an integer ≥ 1"},
	}
	wantFlagErrors(t, newVisualDriftCmd, []string{"--responses", resp, "--out", filepath.Join(dir, "o")}, cases)
}
