package main

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/npy"
	"neurolab/dataio/suite2p"
	"neurolab/experiment"
)

// A --tau whose decay per frame exp(−1/(tau·fs)) underflows to 0 was
// silently replaced by a per-cell estimate (g = 0 means "estimate"), while
// deconvolve.json reported the given tau; one that rounds to 1 failed cell
// by cell with a message about g. Both now stop with the valid range.
func TestDeconvolveTauOutOfRange(t *testing.T) {
	dir := t.TempDir()
	fp, _ := writeCildsNpy(t, dir, 3, 1, 1, 400)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"g underflows to 0", []string{"--tau", "1e-9"}},
		{"g rounds to 1", []string{"--tau", "1e20"}},
		{"g rounds to 1, AR(2)", []string{"--ar", "2", "--tau", "1e20", "--tau-rise", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "o")
			code, _, se := runCLI(t, context.Background(), append([]string{"deconvolve", "--npy", fp, "--fs", "30", "--out", out}, tc.args...)...)
			if code != exitUsage || !strings.Contains(se, "--tau") || !strings.Contains(se, "want a time constant between") {
				t.Fatalf("exit %d, stderr %q; want exit 2 naming --tau and its valid range", code, se)
			}
			if _, err := os.Stat(filepath.Join(out, "spikes.npy")); err == nil {
				t.Error("spikes.npy written despite the error")
			}
		})
	}
}

// --ar 2 without --tau-rise estimates g1, g2 from the data: a given --tau is
// not used. deconvolve.json said tau_s = the given value; it now reports 0
// (estimated, as for AR(1)) and stderr says the time constant is not used.
func TestDeconvolveAR2TauNotUsed(t *testing.T) {
	dir := t.TempDir()
	fp, _ := writeCildsNpy(t, dir, 3, 1, 1, 400)
	out := filepath.Join(dir, "o")
	code, _, se := runCLI(t, context.Background(), "deconvolve", "--npy", fp, "--fs", "30", "--ar", "2", "--tau", "0.4", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, se)
	}
	if !strings.Contains(se, "--tau (0.4 s) is not used") {
		t.Errorf("stderr %q: want a note that --tau is not used without --tau-rise", se)
	}
	var sum struct {
		Tau     float64 `json:"tau_s"`
		PerCell []struct {
			G  float64 `json:"g"`
			G2 float64 `json:"g2"`
		} `json:"per_cell"`
	}
	raw, _ := os.ReadFile(filepath.Join(out, "deconvolve.json"))
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Tau != 0 {
		t.Errorf("tau_s = %g, want 0 (g1, g2 estimated, tau not used)", sum.Tau)
	}
	// With both time constants the JSON keeps tau_s.
	out2 := filepath.Join(dir, "o2")
	code, _, se = runCLI(t, context.Background(), "deconvolve", "--npy", fp, "--fs", "30", "--ar", "2", "--tau", "0.4", "--tau-rise", "0.05", "--out", out2)
	if code != exitOK || strings.Contains(se, "not used") {
		t.Fatalf("exit %d, stderr %q; want 0 and no note", code, se)
	}
	raw, _ = os.ReadFile(filepath.Join(out2, "deconvolve.json"))
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Tau != 0.4 {
		t.Errorf("tau_s = %g with --tau-rise, want 0.4", sum.Tau)
	}
}

// All traces constant: the warning said they were left out and that
// calcium.npy has one row per remaining cell, but none were removed and the
// fit failed with an OASIS/LDS message. Now one line says why.
func TestCildsAllConstant(t *testing.T) {
	dir := t.TempDir()
	fp := filepath.Join(dir, "F.npy")
	F := mat.NewDense(4, 300, nil)
	for i := range F.RawMatrix().Data {
		F.RawMatrix().Data[i] = 1
	}
	b, _ := suite2p.WriteFloat32(F)
	os.WriteFile(fp, b, 0o644)
	code, _, se := runCLI(t, context.Background(), "cilds", "--npy", fp, "--fs", "30", "--dims", "1", "--iters", "2", "--out", filepath.Join(dir, "o"))
	if code != exitUsage || !strings.Contains(se, "all 4 traces are constant") || strings.Contains(se, "left out") {
		t.Fatalf("exit %d, stderr %q; want exit 2 saying all 4 traces are constant", code, se)
	}
}

// Without --trials, a --trial-frames longer than the recording was
// silently replaced by the whole recording (trial_frames in cilds.json
// differed from the flag); with --trials the same value is an error. It is
// now an error naming the range.
func TestCutTrialsTooLong(t *testing.T) {
	_, _, _, err := cutTrials(cildsFlags{trialFrames: 500}, 300)
	if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "--trial-frames 500: want at most 300") {
		t.Fatalf("got %v, want an input error naming --trial-frames and at most 300", err)
	}
	on, L, _, err := cutTrials(cildsFlags{trialFrames: 300}, 300)
	if err != nil || L != 300 || len(on) != 1 {
		t.Fatalf("--trial-frames = frames: got %v, %d, %v; want one trial of 300", on, L, err)
	}
}

// cilds.json wrote "constant_rois_dropped": null when no ROI was constant
// ("trials_dropped" is []); a script doing len(j["constant_rois_dropped"])
// failed. Also: frames after the last whole --trial-frames chunk are said
// on stderr.
func TestCildsJSONAndTail(t *testing.T) {
	dir := t.TempDir()
	fp, _ := writeCildsNpy(t, dir, 4, 1, 1, 130)
	out := filepath.Join(dir, "o")
	code, _, se := runCLI(t, context.Background(), "cilds", "--npy", fp, "--fs", "30", "--dims", "1", "--iters", "2", "--trial-frames", "60", "--out", out, "--workers", "1")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, se)
	}
	if !strings.Contains(se, "the last 10 frame(s) are not used") {
		t.Errorf("stderr %q: want the 10 unused frames named", se)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "cilds.json"))
	var sum map[string]any
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	if v, ok := sum["constant_rois_dropped"].([]any); !ok || len(v) != 0 {
		t.Errorf("constant_rois_dropped = %#v, want []", sum["constant_rois_dropped"])
	}
	if sum["frames_used"] != 120.0 {
		t.Errorf("frames_used = %v, want 120", sum["frames_used"])
	}
}

// More --dims than the data's independent dimensions ((C−1)·(T−1) after
// the cross-condition mean subtraction, C·(T−1) with --keep-mean) failed in
// the library with "rank-deficient" or "Options.Dims; 0 means 6", without
// the valid range. Now --dims is rejected with it; the largest valid value
// runs.
func TestJPCADimsAboveRank(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "x.npy")
	const C, T, n = 2, 5, 20
	rng := rand.New(rand.NewPCG(16, 16))
	data := make([]float64, C*T*n)
	for i := range data {
		data[i] = 5 + rng.NormFloat64()
	}
	if err := npy.WriteFloat64(in, []int{C, T, n}, data); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string // "" = runs
	}{
		{[]string{"--dims", "6"}, "--dims 6: want an even integer from 2 to 4"},
		{[]string{"--dims", "4"}, ""},
		{[]string{"--dims", "10", "--keep-mean"}, "--dims 10: want an even integer from 2 to 8"},
		{[]string{"--dims", "8", "--keep-mean"}, ""},
	} {
		err := execJPCA(append([]string{"--input", in, "--out", filepath.Join(dir, "o")}, tc.args...)...)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%v: %v", tc.args, err)
			}
			continue
		}
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an input error containing %q", tc.args, err, tc.want)
		}
	}
}

// Data with fewer independent dimensions than --dims (here 6 latent
// dimensions, --dims 8) failed with gonum's bare "matrix singular or
// near-singular with condition number …": no file, no flag. Now an input
// error names the file and says to lower --dims.
func TestJPCALowRankData(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "x.npy")
	const C, T, n = 9, 31, 40
	if err := npy.WriteFloat64(in, []int{C, T, n}, jpcaPlanted(C, T, n)); err != nil {
		t.Fatal(err)
	}
	for _, extra := range [][]string{nil, {"--keep-mean"}, {"--no-normalize"}} {
		err := execJPCA(append([]string{"--input", in, "--out", filepath.Join(dir, "o"), "--dims", "8"}, extra...)...)
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), in) || !strings.Contains(err.Error(), "smaller --dims") {
			t.Errorf("%v: got %v, want an input error naming %s and a smaller --dims", extra, err, in)
		}
	}
}
