package main

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/suite2p"
	"neurolab/synth/calcium"
)

// TestDeconvolveConstantCellsWarn: constant traces (dead ROIs) do not stop
// the recording, but neurolab deconvolve names them on stderr (the first
// few and a count) and marks them "constant" in deconvolve.json.
func TestDeconvolveConstantCellsWarn(t *testing.T) {
	dir := t.TempDir()
	const cells, frames = 14, 400
	Y := mat.NewDense(cells, frames, nil)
	rng := rand.New(rand.NewPCG(2, 3))
	dead := map[int]bool{1: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 10: true, 11: true, 12: true, 13: true}
	for i := 0; i < cells; i++ {
		tr := calcium.GenData(rng, calcium.GenDataConfig{T: frames})
		for t := 0; t < frames; t++ {
			v := tr.Y[t] + 2
			if dead[i] {
				v = 1.25
			}
			Y.Set(i, t, v)
		}
	}
	b, err := suite2p.WriteFloat32(Y)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "F.npy")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, context.Background(), "deconvolve", "--npy", in, "--fs", "30", "--out", out, "--workers", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"warning: 11 cell(s) with a constant trace", "ROI 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, …", "noise_sd and g 0"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q: want %q", stderr, want)
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, "deconvolve.json"))
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		Constant int `json:"constant_cells"`
		PerCell  []struct {
			ROI      int     `json:"roi"`
			Constant bool    `json:"constant"`
			Spikes   float64 `json:"total_spikes"`
		} `json:"per_cell"`
	}
	if err := json.Unmarshal(raw, &js); err != nil {
		t.Fatal(err)
	}
	if js.Constant != len(dead) {
		t.Errorf("constant_cells = %d, want %d", js.Constant, len(dead))
	}
	for _, c := range js.PerCell {
		if c.Constant != dead[c.ROI] || dead[c.ROI] && c.Spikes != 0 {
			t.Errorf("ROI %d: constant %v, %g spikes; want constant %v", c.ROI, c.Constant, c.Spikes, dead[c.ROI])
		}
	}
	// With a known decay g is not estimated: the warning names σ only.
	code, _, stderr = runCLI(t, context.Background(), "deconvolve", "--npy", in, "--fs", "30", "--out", filepath.Join(dir, "out2"), "--workers", "1", "--tau", "0.5")
	if code != exitOK || !strings.Contains(stderr, "noise_sd 0;") {
		t.Errorf("with --tau: exit %d, stderr %q; want the warning without g", code, stderr)
	}
}
