package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/suite2p"
	"neurolab/synth/calcium"
)

// writeCildsNpy writes the fluorescence of the CILDS demo generator (q
// cells, p latents, K trials of T frames, concatenated) as cells × frames,
// and the trial onsets.
func writeCildsNpy(t *testing.T, dir string, q, p, K, T int) (string, string) {
	t.Helper()
	par := calcium.DemoCILDS(rand.New(rand.NewPCG(3, 3)), q, p)
	F := mat.NewDense(q, K*T, nil)
	on := make([]int64, K)
	for k := 0; k < K; k++ {
		y, _, _ := calcium.SampleCILDS(rand.New(rand.NewPCG(4, uint64(k))), par, T)
		for tt := 0; tt < T; tt++ {
			for i := 0; i < q; i++ {
				F.Set(i, k*T+tt, y.At(tt, i))
			}
		}
		on[k] = int64(k * T)
	}
	b, err := suite2p.WriteFloat32(F)
	if err != nil {
		t.Fatal(err)
	}
	fp, tp := filepath.Join(dir, "F.npy"), filepath.Join(dir, "trials.npy")
	os.WriteFile(fp, b, 0o644)
	var buf bytes.Buffer
	npyio.Write(&buf, on)
	os.WriteFile(tp, buf.Bytes(), 0o644)
	return fp, tp
}

func TestCildsCommand(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	fp, tp := writeCildsNpy(t, dir, 8, 2, 6, 50)
	c := newCildsCmd()
	var so bytes.Buffer
	c.SetOut(&so)
	c.SetArgs([]string{"--npy", fp, "--fs", "40", "--dims", "2", "--trials", tp, "--iters", "15", "--out", out})
	if err := c.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	Z, err := suite2p.Matrix(filepath.Join(out, "latents.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if r, k := Z.Dims(); r != 300 || k != 2 {
		t.Fatalf("latents.npy: got %d×%d, want 300×2", r, k)
	}
	for _, name := range []string{"calcium.npy", "cilds.json", "cilds.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(so.String(), "6 trials × 50 frames") {
		t.Errorf("stdout: got %q, want it to name 6 trials × 50 frames", so.String())
	}
}

func TestCildsBadInput(t *testing.T) {
	dir := t.TempDir()
	fp, _ := writeCildsNpy(t, dir, 5, 2, 2, 20)
	bad := filepath.Join(dir, "bad.npy")
	var buf bytes.Buffer
	npyio.Write(&buf, []float64{0, 45})
	os.WriteFile(bad, buf.Bytes(), 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"dims too large", []string{"--npy", fp, "--fs", "40", "--dims", "5"}, "--dims"},
		{"onset out of range", []string{"--npy", fp, "--fs", "40", "--dims", "2", "--trials", bad}, "not a frame index"},
		{"missing trials", []string{"--npy", fp, "--fs", "40", "--dims", "2", "--trials", filepath.Join(dir, "no.npy")}, "file not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCildsCmd()
			c.SetOut(&bytes.Buffer{})
			c.SetArgs(append(tc.args, "--out", t.TempDir()))
			wantRefused(t, c.ExecuteContext(context.Background()), tc.want)
		})
	}
}

// TestCildsConstantTrace: a constant (dead) ROI made the initial LDS's noise
// covariance singular and the command fail; it is now left out with a
// warning, and cilds.json names it and maps the remaining rows to ROIs.
func TestCildsConstantTrace(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "o")
	fp, tp := writeCildsNpy(t, dir, 6, 2, 3, 60)
	F, err := suite2p.Matrix(fp)
	if err != nil {
		t.Fatal(err)
	}
	_, T := F.Dims()
	for tt := 0; tt < T; tt++ {
		F.Set(2, tt, 1.5)
	}
	b, _ := suite2p.WriteFloat32(F)
	os.WriteFile(fp, b, 0o644)
	var so, se bytes.Buffer
	code := cli(context.Background(), []string{"cilds", "--npy", fp, "--fs", "30", "--dims", "2", "--trials", tp, "--iters", "5", "--out", out}, &so, &se, nil)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q; want 0", code, se.String())
	}
	if !strings.Contains(se.String(), "1 constant trace(s) left out (ROI 2)") {
		t.Errorf("stderr %q: want the constant ROI 2 named", se.String())
	}
	var sum struct {
		Cells   int   `json:"cells"`
		ROIs    []int `json:"rois"`
		Dropped []int `json:"constant_rois_dropped"`
	}
	raw, _ := os.ReadFile(filepath.Join(out, "cilds.json"))
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Cells != 5 || len(sum.ROIs) != 5 || sum.ROIs[2] != 3 || len(sum.Dropped) != 1 || sum.Dropped[0] != 2 {
		t.Errorf("got cells %d, rois %v, dropped %v; want 5, [0 1 3 4 5], [2]", sum.Cells, sum.ROIs, sum.Dropped)
	}
	cal, err := suite2p.Matrix(filepath.Join(out, "calcium.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := cal.Dims(); r != 5 {
		t.Errorf("calcium.npy: %d rows, want 5", r)
	}
}
