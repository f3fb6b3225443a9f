package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/suite2p"
	"neurolab/experiment"
)

// writeNpyMatrix writes rows × cols ramps (plus a per-row offset) as a
// float32 .npy.
func writeNpyMatrix(t *testing.T, path string, rows, cols int) {
	t.Helper()
	m := mat.NewDense(rows, cols, nil)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			m.Set(i, j, float64((i*7+j*13)%17)+float64(i))
		}
	}
	b, err := suite2p.WriteFloat32(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// An --npy array with more rows than columns runs, with a warning that it
// may be frames × cells; a per-cell "too few finite frames" error says the
// same.
func TestDeconvolveTransposedWarning(t *testing.T) {
	dir := t.TempDir()
	tall := filepath.Join(dir, "F.npy")
	writeNpyMatrix(t, tall, 40, 30)
	wide := filepath.Join(dir, "W.npy")
	writeNpyMatrix(t, wide, 3, 60)
	short := filepath.Join(dir, "S.npy")
	writeNpyMatrix(t, short, 12, 8)
	note := func(p string, r, c int) string {
		return p + ": " + strconv.Itoa(r) + " cells × " + strconv.Itoa(c) + " frames: more cells than frames; is the array frames × cells? neurolab wants cells × frames (np.save('" + filepath.Base(p) + "', F.T))"
	}
	cases := []struct {
		name, path, wantWarn, wantErr string
	}{
		{"tall", tall, "neurolab: warning: " + note(tall, 40, 30) + "\n", ""},
		{"wide", wide, "", ""},
		{"too short", short, "neurolab: warning: " + note(short, 12, 8) + "\n", "; " + strings.SplitN(note(short, 12, 8), ": ", 2)[1]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := newDeconvolveCmd()
			var so, se bytes.Buffer
			cmd.SetOut(&so)
			cmd.SetErr(&se)
			cmd.SetArgs([]string{"--npy", c.path, "--fs", "30", "--out", t.TempDir()})
			err := cmd.ExecuteContext(context.Background())
			if c.wantErr == "" && err != nil {
				t.Fatalf("got %v, want no error", err)
			}
			if c.wantErr != "" && (err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "too few finite frames") || !strings.HasSuffix(err.Error(), c.wantErr)) {
				t.Fatalf("got %v, want an input error about too few finite frames ending %q", err, c.wantErr)
			}
			// cobra prints a returned error on stderr after the warning.
			first := strings.SplitAfterN(se.String(), "\n", 2)[0]
			if c.wantWarn != "" && first != c.wantWarn {
				t.Errorf("stderr: got %q, want it to start %q", se.String(), c.wantWarn)
			}
			if c.wantWarn == "" && strings.Contains(se.String(), "warning") {
				t.Errorf("stderr: got %q, want no warning", se.String())
			}
		})
	}
}

// The same warning for cilds.
func TestCildsTransposedWarning(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "F.npy")
	writeNpyMatrix(t, p, 12, 10)
	cmd := newCildsCmd()
	var se bytes.Buffer
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&se)
	cmd.SetArgs([]string{"--npy", p, "--fs", "30", "--dims", "2", "--iters", "2", "--out", t.TempDir()})
	err := cmd.ExecuteContext(context.Background())
	want := "neurolab: warning: " + p + ": 12 cells × 10 frames: more cells than frames; is the array frames × cells? neurolab wants cells × frames (np.save('F.npy', F.T))\n"
	if !strings.HasPrefix(se.String(), want) {
		t.Errorf("stderr: got %q, want it to start %q", se.String(), want)
	}
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "too few finite frames") || !strings.Contains(err.Error(), "more cells than frames") {
		t.Errorf("got %v, want an input error about too few finite frames naming the shape", err)
	}
}

// --workers, --dims and --iters out of range are usage errors (exit 2)
// that name the flag and the valid range.
func TestFlagRanges(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "F.npy")
	writeNpyMatrix(t, p, 5, 60)
	base := []string{"--npy", p, "--fs", "30", "--out", filepath.Join(dir, "out")}
	cases := []struct {
		cmd  string
		args []string
		want string
	}{
		{"deconvolve", []string{"--workers", "0"}, "--workers 0: want an integer ≥ 1"},
		{"deconvolve", []string{"--workers", "-1"}, "--workers -1: want an integer ≥ 1"},
		{"cilds", []string{"--dims", "2", "--workers", "0"}, "--workers 0: want an integer ≥ 1"},
		{"cilds", []string{"--dims", "2", "--workers", "-3"}, "--workers -3: want an integer ≥ 1"},
		{"cilds", []string{"--dims", "0"}, "--dims 0: want an integer ≥ 1"},
		{"cilds", []string{"--dims", "5"}, "--dims 5: want 1..4, fewer than the 5 cells of " + p},
		{"cilds", []string{"--dims", "2", "--iters", "0"}, "--iters 0: want an integer ≥ 1"},
	}
	for _, c := range cases {
		t.Run(c.cmd+strings.Join(c.args, ""), func(t *testing.T) {
			var so, se bytes.Buffer
			code := cli(context.Background(), append(append([]string{c.cmd}, base...), c.args...), &so, &se, nil)
			if want := "neurolab: " + c.want + "\n"; code != exitUsage || se.String() != want {
				t.Errorf("got exit %d, stderr %q; want exit %d, %q", code, se.String(), exitUsage, want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Errorf("--out: got %v, want nothing written", err)
	}
}

// deconvolve.json records the neuropil coefficient used with --suite2p.
func TestDeconvolveNeucoeffRecorded(t *testing.T) {
	dir := t.TempDir()
	writeSuite2p(t, dir, 2, 300)
	for _, tc := range []struct {
		args []string
		want float64
	}{{nil, 0.7}, {[]string{"--neucoeff", "0.5"}, 0.5}} {
		out := t.TempDir()
		c := newDeconvolveCmd()
		c.SetOut(&bytes.Buffer{})
		c.SetArgs(append([]string{"--suite2p", dir, "--fs", "30", "--out", out}, tc.args...))
		if err := c.ExecuteContext(context.Background()); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(filepath.Join(out, "deconvolve.json"))
		if err != nil {
			t.Fatal(err)
		}
		var sum struct {
			Neucoeff *float64 `json:"neucoeff"`
		}
		if err := json.Unmarshal(raw, &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Neucoeff == nil || *sum.Neucoeff != tc.want {
			t.Errorf("%v: got neucoeff %v, want %g", tc.args, sum.Neucoeff, tc.want)
		}
	}
}

// Ctrl-C during deconvolve is an interruption (exit 3), nothing written.
func TestDeconvolveInterrupted(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "F.npy")
	writeNpyMatrix(t, p, 5, 60)
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var so, se bytes.Buffer
	code := cli(ctx, []string{"deconvolve", "--npy", p, "--fs", "30", "--out", out}, &so, &se, nil)
	want := "neurolab: deconvolve interrupted; no result written to " + out + "\n"
	if code != exitRun || se.String() != want {
		t.Errorf("got exit %d, stderr %q; want exit %d, %q", code, se.String(), exitRun, want)
	}
}

// The --npy help names every dtype that is read.
func TestNpyHelpDtypes(t *testing.T) {
	for _, c := range []struct{ name, usage string }{
		{"deconvolve", newDeconvolveCmd().Flags().Lookup("npy").Usage},
		{"cilds", newCildsCmd().Flags().Lookup("npy").Usage},
	} {
		if want := "any float32/64, integer or bool dtype"; !strings.Contains(c.usage, want) {
			t.Errorf("%s --npy: got %q, want it to contain %q", c.name, c.usage, want)
		}
	}
}
