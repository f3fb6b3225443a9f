package dimred

import (
	"context"
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
)

// TestNegativeCounts: every iteration count and worker count of the
// package refuses a negative value with an input error that names the
// field or argument and says what 0 means (the library's conventions,
// docs/library.md).
func TestNegativeCounts(t *testing.T) {
	model, Y, _ := demo(3, 6, 2, 40, 4)
	ctx := context.Background()
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"FA iters", func() error { _, _, err := FA(Y, 2, -1); return err }, "dimred: FA: iters = -1 EM iterations: want ≥ 0 (0 means 100)"},
		{"FitFA iters", func() error { _, _, err := FitFA(Y, 2, -3); return err }, "dimred: FA: iters = -3 EM iterations: want ≥ 0 (0 means 100)"},
		{"LDS iters", func() error { _, _, err := LDS(ctx, Y, 2, -1); return err }, "dimred: LDS: iters = -1 EM iterations: want ≥ 0 (0 means 100)"},
		{"InitCILDS iters", func() error { _, err := InitCILDS(ctx, Y, 2, -1); return err },
			"dimred: InitCILDS: iters = -1 EM iterations of the initial LDS: want ≥ 0 (0 means 100)"},
		{"CILDS Fit Iters", func() error { _, err := model.Clone().Fit(ctx, Y, FitOptions{Iters: -1}); return err },
			"dimred: FitOptions.Iters = -1: want ≥ 0 (0 means 500)"},
		{"CILDS Fit Workers", func() error { _, err := model.Clone().Fit(ctx, Y, FitOptions{Iters: 1, Workers: -1}); return err },
			"dimred: FitOptions.Workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
		{"CILDS EStep workers", func() error { _, _, err := model.EStep(ctx, Y, -2); return err },
			"dimred: CILDS.EStep: workers = -2: want ≥ 0 (0 and 1 both mean serial)"},
		{"GPFA Iters", func() error { _, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{Iters: -1}); return err },
			"dimred: GPFAOptions.Iters = -1: want ≥ 0 (0 means 500)"},
		{"GPFA FAIters", func() error { _, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{FAIters: -1}); return err },
			"dimred: GPFAOptions.FAIters = -1: want ≥ 0 (0 means 100)"},
		{"GPFA TauSteps", func() error { _, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{TauSteps: -1}); return err },
			"dimred: GPFAOptions.TauSteps = -1: want ≥ 0 (0 means 6)"},
		{"GPFA.Fit Iters", func() error { _, err := (&GPFA{}).Fit(ctx, Y, GPFAOptions{Iters: -2}, nil); return err },
			"dimred: GPFAOptions.Iters = -2: want ≥ 0 (0 means 500)"},
	}
	for _, c := range cases {
		err := c.run()
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an input error containing %q", c.name, err, c.want)
		}
	}
}

// TestFAZeroItersMeansDefault: iters 0 runs DefaultFAIters EM iterations
// (it used to return the PCA starting point).
func TestFAZeroItersMeansDefault(t *testing.T) {
	_, Y, _ := demo(3, 6, 2, 40, 4)
	_, l0, err := FitFA(Y, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, ld, err := FitFA(Y, 2, DefaultFAIters)
	if err != nil {
		t.Fatal(err)
	}
	if len(l0) != DefaultFAIters+1 || len(ld) != len(l0) || l0[len(l0)-1] != ld[len(ld)-1] {
		t.Errorf("iters 0: %d LLs ending %v; iters %d: %d LLs ending %v", len(l0), l0[len(l0)-1], DefaultFAIters, len(ld), ld[len(ld)-1])
	}
}
