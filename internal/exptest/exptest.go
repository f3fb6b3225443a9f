// Package exptest holds the helpers that the paper packages' tests share:
// running an experiment at a given scale with seed 1, and logging its
// metrics, checks and notes.
package exptest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/report"
)

// Run runs e with seed 1 at the given scale, workers and parameter
// overrides, logs how long it took, and fails the test on an error or if
// the progress it reports leaves [0, 1] or goes backwards.
func Run(t *testing.T, e experiment.Experiment, scale experiment.Scale, workers int, set map[string]string) *experiment.Result {
	t.Helper()
	start := time.Now()
	var (
		mu       sync.Mutex
		progress []float64
	)
	record := func(f float64) {
		mu.Lock()
		progress = append(progress, f)
		mu.Unlock()
	}
	res, err := e.Run(context.Background(), experiment.Config{Seed: 1, Scale: scale, Workers: workers, Set: set, Progress: record})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Logf("%s scale, %d workers: %v", scale, workers, time.Since(start))
	mu.Lock()
	defer mu.Unlock()
	if err := Monotone(progress); err != nil {
		t.Errorf("progress: %v", err)
	}
	return res
}

// Monotone returns an error unless every fraction in fr lies in [0, 1] and
// none is smaller than the one before (the contract of
// experiment.Config.Progress).
func Monotone(fr []float64) error {
	for i, f := range fr {
		if !(f >= 0 && f <= 1) {
			return fmt.Errorf("report %d of %d is %v, outside [0, 1]", i, len(fr), f)
		}
		if i > 0 && f < fr[i-1] {
			return fmt.Errorf("report %d of %d is %v after %v: went backwards", i, len(fr), f, fr[i-1])
		}
	}
	return nil
}

// Quick runs e at quick scale (seed 1, 2 workers) and logs the result.
func Quick(t *testing.T, e experiment.Experiment) *experiment.Result {
	t.Helper()
	res := Run(t, e, experiment.Quick, 2, nil)
	Log(t, res)
	return res
}

// Default runs e at default scale like Quick, or skips the test unless the
// environment variable NEUROLAB_DEFAULT is set (such runs take minutes).
func Default(t *testing.T, e experiment.Experiment) *experiment.Result {
	t.Helper()
	if os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run at default scale")
	}
	res := Run(t, e, experiment.Default, 2, nil)
	Log(t, res)
	return res
}

// Deterministic runs e at quick scale with the overrides set on 1 and on 2
// workers and fails the test unless both runs give the same metrics, bit for
// bit, and at least one. It returns the first run's result.
func Deterministic(t *testing.T, e experiment.Experiment, set map[string]string) *experiment.Result {
	t.Helper()
	a := Run(t, e, experiment.Quick, 1, set)
	b := Run(t, e, experiment.Quick, 2, set)
	if len(a.Metrics) == 0 {
		t.Fatal("no metrics")
	}
	SameMetrics(t, a, b)
	return a
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

// Want is what a run's result must show besides passing checks.
type Want struct {
	Checks  int               // how many checks it has (0: not checked)
	Figures int               // how many figures it has (0: not checked)
	Known   map[string]string // checks that fail honestly (documented non-reproductions): name → reason
}

// AllPass fails the test for every failed check of res, except those named
// in want.Known (logged with the reason given; each must be a check of res,
// so that the list does not outlive the checks), unless res has want's
// numbers of checks and figures, and unless res.Pass is the AND of the
// checks (Result.Finish).
func AllPass(t testing.TB, res *experiment.Result, want Want) {
	t.Helper()
	all := len(res.Checks) > 0
	seen := map[string]bool{}
	for _, c := range res.Checks {
		seen[c.Name] = true
		all = all && c.Pass
		switch {
		case !c.Pass && want.Known[c.Name] != "":
			t.Logf("known shortfall %s: got %v, want %s %v (%s)", c.Name, c.Value, c.Op, c.Threshold, want.Known[c.Name])
		case !c.Pass:
			t.Errorf("check %s: got %v, want %s %v", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
	for name := range want.Known {
		if !seen[name] {
			t.Errorf("known shortfall %s: no such check in the result, want it present", name)
		}
	}
	if res.Pass != all {
		t.Errorf("result pass = %v, want %v, the AND of its %d checks", res.Pass, all, len(res.Checks))
	}
	if want.Checks > 0 && len(res.Checks) != want.Checks {
		t.Errorf("checks: got %d, want %d", len(res.Checks), want.Checks)
	}
	if want.Figures > 0 && len(res.Figures) != want.Figures {
		t.Errorf("figures: got %d, want %d", len(res.Figures), want.Figures)
	}
}

// Finite fails the test for every metric of res that is NaN or infinite.
func Finite(t testing.TB, res *experiment.Result) {
	t.Helper()
	for k, v := range res.Metrics {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("metric %s = %v, want finite", k, v)
		}
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

// Noted fails the test unless the notes of res say each of parts.
func Noted(t testing.TB, res *experiment.Result, parts ...string) {
	t.Helper()
	notes := strings.Join(res.Notes, "\n")
	for _, part := range parts {
		if !strings.Contains(notes, part) {
			t.Errorf("no note saying %q; notes %q", part, res.Notes)
		}
	}
}

// Absent fails the test for each of checks that res has: checks that the
// run's parameters leave out.
func Absent(t testing.TB, res *experiment.Result, checks ...string) {
	t.Helper()
	for _, c := range res.Checks {
		if slices.Contains(checks, c.Name) {
			t.Errorf("check %s present (value %v), want it left out", c.Name, c.Value)
		}
	}
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

// Invalid checks that e refuses each named set of overrides with an input
// error, both in Validate and in Run at quick scale.
func Invalid(t *testing.T, e experiment.Experiment, sets map[string]map[string]string) {
	t.Helper()
	v, ok := e.(experiment.Validator)
	if !ok {
		t.Fatalf("%T does not implement experiment.Validator", e)
	}
	for name, set := range sets {
		t.Run(name, func(t *testing.T) {
			cfg := experiment.Config{Seed: 1, Scale: experiment.Quick, Set: set}
			if err := v.Validate(cfg); !errors.Is(err, experiment.ErrInput) {
				t.Errorf("Validate(%v): got %v, want an input error", set, err)
			}
			if _, err := e.Run(context.Background(), cfg); !errors.Is(err, experiment.ErrInput) {
				t.Errorf("Run(%v): got %v, want an input error", set, err)
			}
		})
	}
}

// Calibrate is an opt-in test that logs e's results for calibrating it:
// with PREFIX_SCALE=quick|default|paper it runs e at that scale on 2 workers
// with the overrides in PREFIX_SET ("name=value,..."), once for each seed
// in PREFIX_SEEDS ("1,2,3"; default 1), and logs each run's wall-clock and
// CPU time and its result (Log; NEUROLAB_FIGDIR=DIR also writes the
// figures), or with PREFIX_BRIEF set and brief given, only the line brief
// returns.
func Calibrate(t *testing.T, e experiment.Experiment, prefix string, brief func(res *experiment.Result) string) {
	t.Helper()
	sc := os.Getenv(prefix + "_SCALE")
	if sc == "" {
		t.Skipf("set %s_SCALE=quick|default|paper to run", prefix)
	}
	s, err := experiment.ParseScale(sc)
	if err != nil {
		t.Fatalf("%s_SCALE: %v", prefix, err)
	}
	set := map[string]string{}
	for _, kv := range strings.Split(os.Getenv(prefix+"_SET"), ",") {
		if a, b, ok := strings.Cut(kv, "="); ok {
			set[a] = b
		}
	}
	seeds := []uint64{1}
	if v := os.Getenv(prefix + "_SEEDS"); v != "" {
		seeds = nil
		for _, f := range strings.Split(v, ",") {
			x, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				t.Fatalf("%s_SEEDS: %v", prefix, err)
			}
			seeds = append(seeds, x)
		}
	}
	for _, seed := range seeds {
		t0, c0 := time.Now(), cpuSeconds()
		res, err := e.Run(context.Background(), experiment.Config{Seed: seed, Scale: s, Workers: 2, Set: set})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		times := fmt.Sprintf("cpu %.1fs wall %.1fs", cpuSeconds()-c0, time.Since(t0).Seconds())
		if brief != nil && os.Getenv(prefix+"_BRIEF") != "" {
			t.Logf("seed %d: %s %s", seed, brief(res), times)
			continue
		}
		t.Logf("seed %d: %s", seed, times)
		Log(t, res)
	}
}
