package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/dimred"
	"neurolab/dataio/suite2p"
	"neurolab/experiment"
)

func writeOnsets(t *testing.T, path string, on []int64) {
	t.Helper()
	var buf bytes.Buffer
	if err := npyio.Write(&buf, on); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Trials have the length of the shortest gap between onsets (or
// --trial-frames); trials that run past the end are dropped.
func TestCutTrials(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name        string
		onsets      []int64
		frames, tf  int
		wantOn      []int
		wantL       int
		wantDropped []int
		wantErr     string
	}{
		{"last trial short", []int64{0, 500, 2900}, 3000, 0, []int{0, 500}, 500, []int{2900}, ""},
		{"all fit", []int64{0, 500, 2500}, 3000, 0, []int{0, 500, 2500}, 500, nil, ""},
		{"trial-frames", []int64{0, 500, 2900}, 3000, 100, []int{0, 500, 2900}, 100, nil, ""},
		{"trial-frames drops", []int64{0, 500, 2900}, 3000, 200, []int{0, 500}, 200, []int{2900}, ""},
		{"one onset", []int64{10}, 100, 0, []int{10}, 90, nil, ""},
		{"trial-frames over gap", []int64{0, 500, 2900}, 3000, 600, nil, 0, nil, "--trial-frames 600: want at most 500, the shortest gap between the onsets in"},
		{"none left", []int64{50}, 100, 60, nil, 0, nil, "no trial has 60 frames before the recording ends (100 frames)"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, fmt.Sprintf("on%d.npy", i))
			writeOnsets(t, p, c.onsets)
			on, L, dropped, err := cutTrials(cildsFlags{trialsPath: p, trialFrames: c.tf}, c.frames)
			if c.wantErr != "" {
				if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("got %v, want an input error containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(on, c.wantOn) || L != c.wantL || !reflect.DeepEqual(dropped, c.wantDropped) {
				t.Errorf("got onsets %v, length %d, dropped %v; want %v, %d, %v", on, L, dropped, c.wantOn, c.wantL, c.wantDropped)
			}
		})
	}
}

// A run whose last onset leaves too few frames drops that trial, says so on
// stderr and lists it in cilds.json with the frames used.
func TestCildsDropsShortTrial(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	fp, _ := writeCildsNpy(t, dir, 5, 2, 3, 40) // 120 frames
	tp := filepath.Join(dir, "on.npy")
	writeOnsets(t, tp, []int64{0, 40, 100})
	c := newCildsCmd()
	var so, se bytes.Buffer
	c.SetOut(&so)
	c.SetErr(&se)
	c.SetArgs([]string{"--npy", fp, "--fs", "40", "--dims", "2", "--trials", tp, "--iters", "3", "--out", out})
	if err := c.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := "2 trials × 40 frames"; !strings.Contains(so.String(), want) {
		t.Errorf("stdout: got %q, want it to contain %q", so.String(), want)
	}
	if want := "cilds: 1 trial(s) dropped (onsets [100]): fewer than 40 frames before the recording ends at frame 120"; !strings.Contains(se.String(), want) {
		t.Errorf("stderr: got %q, want it to contain %q", se.String(), want)
	}
	var sum struct {
		Onsets  []int `json:"trial_onsets"`
		Dropped []int `json:"trials_dropped"`
		L       int   `json:"trial_frames"`
		Used    int   `json:"frames_used"`
	}
	raw, err := os.ReadFile(filepath.Join(out, "cilds.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sum.Onsets, []int{0, 40}) || !reflect.DeepEqual(sum.Dropped, []int{100}) || sum.L != 40 || sum.Used != 80 {
		t.Errorf("cilds.json: got onsets %v, dropped %v, trial_frames %d, frames_used %d; want [0 40], [100], 40, 80",
			sum.Onsets, sum.Dropped, sum.L, sum.Used)
	}
}

// initCILDS (cancellable between neurons) gives exactly dimred.InitCILDS's
// model.
func TestInitCILDSSame(t *testing.T) {
	dir := t.TempDir()
	fp, _ := writeCildsNpy(t, dir, 5, 2, 3, 40)
	F, err := suite2p.Matrix(fp)
	if err != nil {
		t.Fatal(err)
	}
	Y := make([]*mat.Dense, 3)
	for k := range Y {
		Y[k] = mat.DenseCopyOf(F.Slice(0, 5, k*40, (k+1)*40).T())
	}
	want, err := dimred.InitCILDS(context.Background(), Y, 2, 100)
	if err != nil {
		t.Fatal(err)
	}
	var fracs []float64
	got, err := initCILDS(context.Background(), Y, 2, 100, func(f float64) { fracs = append(fracs, f) })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v (dimred.InitCILDS)", got, want)
	}
	if len(fracs) != 5 || fracs[4] != 0.9 {
		t.Errorf("progress: got %v, want 5 values ending at 0.9", fracs)
	}
}

// A cancelled context (Ctrl-C) is an interruption, exit status 3, not a
// divergence; nothing is written.
func TestCildsInterrupted(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "o")
	fp, tp := writeCildsNpy(t, dir, 5, 2, 2, 40)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var so, se bytes.Buffer
	code := cli(ctx, []string{"cilds", "--npy", fp, "--fs", "40", "--dims", "2", "--trials", tp, "--iters", "3", "--out", out}, &so, &se, nil)
	want := "neurolab: cilds interrupted; no result written to " + out + "\n"
	if code != exitRun || se.String() != want {
		t.Errorf("got exit %d, stderr %q; want exit %d, %q", code, se.String(), exitRun, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--out: got %v, want nothing written", err)
	}
	calls := 0
	_, err := initCILDS(ctx, []*mat.Dense{mat.NewDense(40, 5, nil)}, 2, 100, func(float64) { calls++ })
	if !errors.Is(err, context.Canceled) || calls != 0 {
		t.Errorf("initCILDS on a cancelled context: got %v after %d neurons, want context.Canceled before the first", err, calls)
	}
}
