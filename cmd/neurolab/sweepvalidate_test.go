package main

import (
	"context"
	"strings"
	"testing"
)

// TestSweepPlanRejectsCrossParameterCombination checks that a grid point
// failing an experiment's cross-parameter check is rejected by `sweep plan`
// (exit 2, one line naming the job) instead of failing at run time.
func TestSweepPlanRejectsCrossParameterCombination(t *testing.T) {
	exps := experiments()
	cases := []struct {
		name, src string
		want      []string
	}{
		{"ssn dt", "experiment = \"ssn-variability\"\nscale = \"quick\"\n[grid]\ndt = [0.1, 0.3]\n",
			[]string{"job 1 (dt=0.3 seed=1)", "bad value 0.3 for parameter dt: want a step that divides the 1 ms sampling interval"}},
		{"ssn ring_m", "experiment = \"ssn-variability\"\nscale = \"quick\"\n[grid]\nring_m = [50, 51]\n",
			[]string{"job 1 (ring_m=51 seed=1)", "bad value 51 for parameter ring_m: want an even number"}},
		{"assemblies n/m", "experiment = \"drifting-assemblies\"\nscale = \"quick\"\nseeds = 2\n[set]\nm = 4\n[grid]\nn = [8, 9]\n",
			[]string{"job 2 (n=9 seed=1)", "n = 9 is not a multiple of m = 4"}},
		{"remapping trials", "experiment = \"mec-remapping\"\nscale = \"quick\"\n[set]\ntrials = 20\n[grid]\nmin_trials = [5, 20]\n",
			[]string{"job 1 (min_trials=20 seed=1)", "min_trials (20) must be below trials (20)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := writeSweepFile(t, tc.src)
			code, _, stderr := sweepCLI(context.Background(), exps, "sweep", "plan", file)
			if code != exitUsage {
				t.Fatalf("got exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("got stderr %q, want it to contain %q", stderr, w)
				}
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
				t.Errorf("got %d lines, want a one-line message: %q", n+1, stderr)
			}
		})
	}
	// The valid points alone plan fine.
	file := writeSweepFile(t, "experiment = \"ssn-variability\"\nscale = \"quick\"\n[grid]\ndt = [0.1, 0.2]\nring_m = [50, 52]\n")
	if code, _, stderr := sweepCLI(context.Background(), exps, "sweep", "plan", file); code != exitOK {
		t.Errorf("valid grid: got exit %d, want %d (stderr %q)", code, exitOK, stderr)
	}
}

// TestSweepPlanCheckMetrics checks that `sweep plan --check-metrics` runs job
// 0 once at quick scale and rejects a metric name the experiment does not
// produce, which plain `sweep plan` cannot know.
func TestSweepPlanCheckMetrics(t *testing.T) {
	cases := []struct {
		name, metrics string
		flag          bool
		code          int
		want          string
	}{
		{"unknown metric, no flag", `["y", "yy"]`, false, exitOK, "metrics  y, yy"},
		{"unknown metric", `["y", "yy"]`, true, exitUsage, `metrics: fake-slow does not produce metric "yy" (did you mean "y"?) (valid: y)`},
		{"known metric", `["y"]`, true, exitOK, "metrics: all 1 found in a quick-scale run of job 0 (x=2 seed=1)"},
		{"no metrics", `[]`, true, exitOK, "metrics: none listed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := writeSweepFile(t, "experiment = \"fake-slow\"\nmetrics = "+tc.metrics+"\n[grid]\nx = [2, 4]\n")
			args := []string{"sweep", "plan", file}
			if tc.flag {
				args = append(args, "--check-metrics")
			}
			code, out, stderr := sweepCLI(context.Background(), sweepFakes, args...)
			if code != tc.code {
				t.Fatalf("got exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if !strings.Contains(out+stderr, tc.want) {
				t.Errorf("got output %q%q, want it to contain %q", out, stderr, tc.want)
			}
		})
	}
}
