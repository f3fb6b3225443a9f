package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/npy"
	"neurolab/dataio/suite2p"
	"neurolab/experiment"
	"neurolab/synth/calcium"
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

// opsNeucoeffHex is numpy.save of the dict {'fs': 30.0, 'neucoeff':
// np.float64(0.5)}, generated with NumPy.
const opsNeucoeffHex = "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a8003636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b008571024301627103877104527105284b0129636e756d70790a64747970650a710658020000004f3871078988877108527109284b0358010000007c710a4e4e4e4affffffff4affffffff4b3f74710b62895d710c7d710d2858020000006673710e47403e00000000000058080000006e6575636f656666710f636e756d70792e636f72652e6d756c746961727261790a7363616c61720a711068065802000000663871118988877112527113284b0358010000003c71144e4e4e4affffffff4affffffff4b00747115624308000000000000e03f71168671175271187561747119622e"

// deconvolve.json records the neuropil coefficient used with --suite2p and
// where it came from: --neucoeff, else ops.npy's neucoeff, else 0.7.
func TestDeconvolveNeucoeffRecorded(t *testing.T) {
	plain, withOps := t.TempDir(), t.TempDir()
	writeSuite2p(t, plain, 2, 300)
	writeSuite2p(t, withOps, 2, 300)
	raw, err := hex.DecodeString(opsNeucoeffHex)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(withOps, "ops.npy"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		args []string
		want float64
		from string
	}{
		{plain, []string{"--fs", "30"}, 0.7, "Suite2p's default"},
		{plain, []string{"--fs", "30", "--neucoeff", "0.5"}, 0.5, "--neucoeff"},
		{withOps, nil, 0.5, "ops.npy"},
		{withOps, []string{"--neucoeff", "0.7"}, 0.7, "--neucoeff"},
	} {
		out := t.TempDir()
		c := newDeconvolveCmd()
		c.SetOut(&bytes.Buffer{})
		c.SetArgs(append([]string{"--suite2p", tc.dir, "--out", out}, tc.args...))
		if err := c.ExecuteContext(context.Background()); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(filepath.Join(out, "deconvolve.json"))
		if err != nil {
			t.Fatal(err)
		}
		var sum struct {
			Neucoeff *float64 `json:"neucoeff"`
			From     string   `json:"neucoeff_from"`
			Fs       float64  `json:"fs_hz"`
		}
		if err := json.Unmarshal(raw, &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Neucoeff == nil || *sum.Neucoeff != tc.want || sum.From != tc.from || sum.Fs != 30 {
			t.Errorf("%v: got neucoeff %v from %q (fs %g), want %g from %q (fs 30)", tc.args, sum.Neucoeff, sum.From, sum.Fs, tc.want, tc.from)
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

// Traces beyond float32's range (×1e300: inferred calcium ~1e300) are
// written as float64 with a warning; they became +Inf in float32. Ordinary
// traces stay float32, as the issue asks.
func TestDeconvolveWideValuesWrittenFloat64(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	m := mat.NewDense(2, 600, nil)
	for i := 0; i < 2; i++ {
		tr := calcium.GenData(rng, calcium.GenDataConfig{T: 600})
		m.SetRow(i, tr.Y)
	}
	for _, tc := range []struct {
		scale float64
		dtype string
	}{{1, "float32"}, {1e300, "float64"}} {
		in := filepath.Join(dir, fmt.Sprintf("F%g.npy", tc.scale))
		var sm mat.Dense
		sm.Scale(tc.scale, m)
		if err := npy.WriteFloat64(in, []int{2, 600}, sm.RawMatrix().Data); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, fmt.Sprintf("out%g", tc.scale))
		c := newDeconvolveCmd()
		var stderr bytes.Buffer
		c.SetOut(&bytes.Buffer{})
		c.SetErr(&stderr)
		c.SetArgs([]string{"--npy", in, "--fs", "30", "--out", out})
		if err := c.ExecuteContext(context.Background()); err != nil {
			t.Fatal(err)
		}
		a, err := npy.Read(filepath.Join(out, "calcium.npy"))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range a.Data {
			if math.IsInf(v, 0) {
				t.Fatalf("scale %g: calcium.npy holds Inf", tc.scale)
			}
		}
		raw, _ := os.ReadFile(filepath.Join(out, "calcium.npy"))
		want := map[string]string{"float32": "'<f4'", "float64": "'<f8'"}[tc.dtype]
		if !bytes.Contains(raw[:128], []byte(want)) {
			t.Errorf("scale %g: calcium.npy header %q, want dtype %s", tc.scale, raw[:60], want)
		}
		if warned := strings.Contains(stderr.String(), "float64"); warned != (tc.dtype == "float64") {
			t.Errorf("scale %g: stderr %q", tc.scale, stderr.String())
		}
	}
}
