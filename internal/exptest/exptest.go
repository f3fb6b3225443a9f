// Package exptest holds the helpers that the paper packages' tests share:
// running an experiment at a given scale with seed 1, and logging its
// metrics, checks and notes.
package exptest

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/report"
)

// Run runs e with seed 1 at the given scale, workers and parameter
// overrides, logs how long it took, and fails the test on an error.
func Run(t *testing.T, e experiment.Experiment, scale experiment.Scale, workers int, set map[string]string) *experiment.Result {
	t.Helper()
	start := time.Now()
	res, err := e.Run(context.Background(), experiment.Config{Seed: 1, Scale: scale, Workers: workers, Set: set})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Logf("%s scale, %d workers: %v", scale, workers, time.Since(start))
	return res
}

// Log logs res's metrics (sorted by name), checks and notes. When the
// environment variable NEUROLAB_FIGDIR names a directory, it also writes the
// result's figures there, for looking at them during development.
func Log(t *testing.T, res *experiment.Result) {
	t.Helper()
	names := make([]string, 0, len(res.Metrics))
	for k := range res.Metrics {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Logf("metric %s = %.6g", k, res.Metrics[k])
	}
	for _, c := range res.Checks {
		t.Logf("check %s: %.6g %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
	}
	for _, n := range res.Notes {
		t.Logf("note: %s", n)
	}
	if dir := os.Getenv("NEUROLAB_FIGDIR"); dir != "" {
		if _, err := report.WriteFigures(dir, res.Figures); err != nil {
			t.Fatal(err)
		}
	}
}

// SameMetrics fails the test unless a and b have exactly the same metrics,
// bit for bit: the check that results do not depend on the worker count.
func SameMetrics(t *testing.T, a, b *experiment.Result) {
	t.Helper()
	if len(a.Metrics) != len(b.Metrics) {
		t.Errorf("got %d and %d metrics, want the same set", len(a.Metrics), len(b.Metrics))
	}
	for k, v := range a.Metrics {
		if w, ok := b.Metrics[k]; !ok || w != v {
			t.Errorf("metric %s: first run gives %v, second gives %v", k, v, w)
		}
	}
}

// AllPass fails the test for every failed check of res, except those named
// in known (documented non-reproductions: logged with the reason given), and
// unless res has exactly figures figures (figures < 0: not checked).
func AllPass(t *testing.T, res *experiment.Result, figures int, known map[string]string) {
	t.Helper()
	for _, c := range res.Checks {
		switch {
		case !c.Pass && known[c.Name] != "":
			t.Logf("known shortfall %s: got %v, want %s %v (%s)", c.Name, c.Value, c.Op, c.Threshold, known[c.Name])
		case !c.Pass:
			t.Errorf("check %s: got %v, want %s %v", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
	if figures >= 0 && len(res.Figures) != figures {
		t.Errorf("figures: got %d, want %d", len(res.Figures), figures)
	}
}

// Fails fails the test unless res has a check called name and it fails: the
// test that a check can fail (why describes the planted condition).
func Fails(t *testing.T, res *experiment.Result, name, why string) {
	t.Helper()
	for _, c := range res.Checks {
		if c.Name == name {
			if c.Pass {
				t.Errorf("%s with %s: got pass (value %v), want fail", name, why, c.Value)
			}
			return
		}
	}
	t.Errorf("no check %s in the result, want one that fails with %s", name, why)
}

// BadSet is a parameter combination that an experiment must reject, with
// the exact message.
type BadSet struct {
	Set  map[string]string
	Want string
}

// Validate checks that e implements experiment.Validator, that Validate
// and Run reject each bad combination at quick scale with the same input
// error message (Run checks the same at its start, before any work), and
// that the defaults pass Validate at every scale.
func Validate(t *testing.T, e experiment.Experiment, bad []BadSet) {
	t.Helper()
	v, ok := e.(experiment.Validator)
	if !ok {
		t.Fatalf("%T does not implement experiment.Validator", e)
	}
	for _, tc := range bad {
		cfg := experiment.Config{Seed: 1, Scale: experiment.Quick, Set: tc.Set}
		err := v.Validate(cfg)
		if err == nil || !errors.Is(err, experiment.ErrInput) || err.Error() != tc.Want {
			t.Errorf("Validate(%v): got %v, want input error %q", tc.Set, err, tc.Want)
		}
		_, rerr := e.Run(context.Background(), cfg)
		if rerr == nil || rerr.Error() != tc.Want {
			t.Errorf("Run(%v): got %v, want %q", tc.Set, rerr, tc.Want)
		}
	}
	for _, sc := range experiment.Scales {
		if err := v.Validate(experiment.Config{Seed: 1, Scale: sc}); err != nil {
			t.Errorf("Validate(defaults, %v): got %v, want nil", sc, err)
		}
	}
}

// RunInputError runs e at quick scale with seed 1 and the overrides set, and
// checks that the run is refused with an input error (one wrapping
// experiment.ErrInput) whose message contains every one of parts.
func RunInputError(t *testing.T, e experiment.Experiment, set map[string]string, parts ...string) {
	t.Helper()
	_, err := e.Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: set})
	if !errors.Is(err, experiment.ErrInput) {
		t.Errorf("set %v: got %v, want an input error", set, err)
		return
	}
	for _, part := range parts {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("set %v: error %q does not contain %q", set, err, part)
		}
	}
}
