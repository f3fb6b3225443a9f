package main

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/suite2p"
	"neurolab/experiment"
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
			err := c.ExecuteContext(context.Background())
			var ee *exitError
			usage := errors.As(err, &ee) && ee.code == exitUsage
			if err == nil || !(errors.Is(err, experiment.ErrInput) || usage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an input/usage error containing %q", err, tc.want)
			}
		})
	}
}
