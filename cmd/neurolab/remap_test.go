package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"neurolab/analysis/remap"
	"neurolab/analysis/stats"
	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/synth/mecmaps"
)

// execPop runs one of the population-analysis commands with args.
func execPop(t *testing.T, c *cobra.Command, args ...string) error {
	t.Helper()
	c.SetArgs(args)
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	c.SetContext(context.Background())
	return c.Execute()
}

// readPopJSON decodes a command's JSON output into a generic map.
func readPopJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// wantInputError checks that err wraps ErrInput and mentions every part.
func wantInputError(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil || !errors.Is(err, experiment.ErrInput) {
		t.Fatalf("got %v, want an input error", err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// wantRefused checks that err is an input error or a usage error (both
// exit 2) mentioning want.
func wantRefused(t *testing.T, err error, want string) {
	t.Helper()
	var ee *exitError
	usage := errors.As(err, &ee) && ee.code == exitUsage
	if err == nil || !(errors.Is(err, experiment.ErrInput) || usage) || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want an input/usage error containing %q", err, want)
	}
}

// flagCase is a flag value a command refuses, with what its error says.
type flagCase struct{ flag, value, want string }

// wantFlagErrors runs newCmd with args plus each case's flag and value, and
// checks that each is an input error mentioning the case's want.
func wantFlagErrors(t *testing.T, newCmd func() *cobra.Command, args []string, cases []flagCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.flag+"="+c.value, func(t *testing.T) {
			wantInputError(t, execPop(t, newCmd(), append(args[:len(args):len(args)], c.flag, c.value)...), c.want)
		})
	}
}

func intsOf(v any) []int {
	a := v.([]any)
	out := make([]int, len(a))
	for i, x := range a {
		out[i] = int(x.(float64))
	}
	return out
}

func TestRemapCommand(t *testing.T) {
	dir := t.TempDir()
	g := mecmaps.Default()
	g.Cells, g.Bins, g.Trials = 30, 40, 60
	g.PSwitch = 0.15 // several remap events in a short session
	s := mecmaps.Generate(num.Stream(4, 1), g, false)
	if n := len(remap.Events(s.Map, 5)); n < 2 {
		t.Fatalf("test session has %d remap events; want ≥ 2", n)
	}
	tensor := filepath.Join(dir, "tensor.npy")
	if err := npy.WriteFloat64(tensor, []int{s.Trials, s.Bins, s.Cells}, s.Y); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"fixed K", []string{"--maps", "2"}},
		{"automatic K", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			args := append([]string{"--tensor", tensor, "--out", out, "--restarts", "10"}, tc.args...)
			if err := execPop(t, newRemapCmd(), args...); err != nil {
				t.Fatal(err)
			}
			m := readPopJSON(t, filepath.Join(out, "remap.json"))
			if k := int(m["maps"].(float64)); k != 2 {
				t.Fatalf("maps: got %d, want 2", k)
			}
			if ari := stats.AdjustedRand(intsOf(m["map_per_trial"]), s.Map); ari < 0.95 {
				t.Errorf("ARI against the true maps: got %v, want ≥ 0.95", ari)
			}
			if len(m["score_per_trial"].([]any)) != s.Trials {
				t.Errorf("score_per_trial: want one per trial")
			}
			for _, f := range []string{"similarity-matrix.png", "maps-per-trial.svg"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("figure %s: %v", f, err)
				}
			}
		})
	}
}

func TestRemapCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	flat := filepath.Join(dir, "flat.npy")
	npy.WriteFloat64(flat, []int{2, 3}, make([]float64, 6))
	withNaN := filepath.Join(dir, "nan.npy")
	d := make([]float64, 2*2*2)
	d[5] = math.NaN()
	npy.WriteFloat64(withNaN, []int{2, 2, 2}, d)
	cases := []struct {
		name  string
		args  []string
		parts []string
	}{
		{"missing file", []string{"--tensor", filepath.Join(dir, "none.npy")}, []string{"none.npy", "file not found"}},
		{"wrong rank", []string{"--tensor", flat}, []string{"flat.npy", "want 3"}},
		{"NaN", []string{"--tensor", withNaN}, []string{"nan.npy", "NaN"}},
		{"too many maps", []string{"--tensor", withNaN, "--maps", "1"}, []string{"nan.npy"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := execPop(t, newRemapCmd(), append(c.args, "--out", filepath.Join(dir, "o"))...)
			wantInputError(t, err, c.parts...)
		})
	}
}

func TestRemapFlagRanges(t *testing.T) {
	dir := t.TempDir()
	tensor := filepath.Join(dir, "t.npy")
	npy.WriteFloat64(tensor, []int{4, 3, 2}, []float64{1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1, 6, 5, 4, 3, 2, 1})
	cases := []flagCase{
		{"--workers", "0", "--workers 0: want an integer ≥ 1"},
		{"--workers", "-1", "--workers -1: want an integer ≥ 1"},
		{"--min-silhouette", "5", "--min-silhouette 5: want a silhouette in [-1, 1]"},
		{"--min-silhouette", "-1.5", "--min-silhouette -1.5: want a silhouette in [-1, 1]"},
		{"--max-maps", "1", "--max-maps 1: want an integer ≥ 2"},
		{"--restarts", "0", "--restarts 0: want an integer ≥ 1"},
		{"--min-trials", "0", "--min-trials 0: want an integer ≥ 1"},
		{"--maps", "5", "--maps 5: want 0 (chosen by silhouette) or 1..4"},
		{"--maps", "-1", "--maps -1"},
	}
	wantFlagErrors(t, newRemapCmd, []string{"--tensor", tensor, "--out", filepath.Join(dir, "o")}, cases)
}

// TestRemapNoteNumbering: remap.json's note numbers the maps as
// map_per_trial does, from 0.
func TestRemapNoteNumbering(t *testing.T) {
	dir := t.TempDir()
	tensor := filepath.Join(dir, "t.npy")
	// Six trials, two clear maps.
	var d []float64
	for tr := 0; tr < 6; tr++ {
		for b := 0; b < 4; b++ {
			for c := 0; c < 3; c++ {
				v := float64((b + c + tr) % 4)
				if tr%2 == 1 {
					v = float64((3*b + c) % 5)
				}
				d = append(d, v)
			}
		}
	}
	npy.WriteFloat64(tensor, []int{6, 4, 3}, d)
	out := filepath.Join(dir, "out")
	if err := execPop(t, newRemapCmd(), "--tensor", tensor, "--out", out, "--maps", "2", "--restarts", "5", "--min-trials", "1"); err != nil {
		t.Fatal(err)
	}
	m := readPopJSON(t, filepath.Join(out, "remap.json"))
	notes := fmt.Sprint(m["notes"])
	if !strings.Contains(notes, "map 0, −1 at map 1 (maps numbered as in map_per_trial)") {
		t.Errorf("notes: got %q, want the maps numbered from 0 as in map_per_trial", notes)
	}
	for _, l := range intsOf(m["map_per_trial"]) {
		if l != 0 && l != 1 {
			t.Errorf("map_per_trial: got label %d, want 0 or 1", l)
		}
	}
}

// TestRemapDataNotes: constant trials (lost tracking) and fewer distinct
// trials than maps are named in remap.json's notes and on stderr; clean
// data gets neither note.
func TestRemapDataNotes(t *testing.T) {
	dir := t.TempDir()
	const T, B, C = 12, 4, 3
	trial := func(tr int) []float64 {
		v := make([]float64, B*C)
		for i := range v {
			v[i] = float64((i*7 + tr*3) % 5)
		}
		return v
	}
	for _, tc := range []struct {
		name string
		row  func(tr int) []float64
		want []string
	}{
		{"clean", trial, nil},
		{"zero trials", func(tr int) []float64 {
			if tr == 4 || tr == 5 {
				return make([]float64, B*C)
			}
			return trial(tr)
		}, []string{"2 trials are constant", "trials [4 5]"}},
		{"identical", func(int) []float64 { return trial(0) }, []string{"only 1 distinct trial for K = 2 maps"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d []float64
			for tr := 0; tr < T; tr++ {
				d = append(d, tc.row(tr)...)
			}
			tensor := filepath.Join(dir, tc.name+".npy")
			if err := npy.WriteFloat64(tensor, []int{T, B, C}, d); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, tc.name)
			c := newRemapCmd()
			var stderr strings.Builder
			c.SetArgs([]string{"--tensor", tensor, "--out", out, "--maps", "2", "--restarts", "3"})
			c.SetOut(io.Discard)
			c.SetErr(&stderr)
			c.SetContext(context.Background())
			if err := c.Execute(); err != nil {
				t.Fatal(err)
			}
			notes := fmt.Sprint(readPopJSON(t, filepath.Join(out, "remap.json"))["notes"])
			for _, w := range tc.want {
				if !strings.Contains(notes, w) || !strings.Contains(stderr.String(), w) {
					t.Errorf("got notes %q, stderr %q; want both to say %q", notes, stderr.String(), w)
				}
			}
			if tc.want == nil && (strings.Contains(notes, "constant") || strings.Contains(notes, "distinct") || strings.Contains(stderr.String(), "warning")) {
				t.Errorf("clean data: got notes %q, stderr %q; want no data warning", notes, stderr.String())
			}
		})
	}
}
