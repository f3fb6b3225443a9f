package dimred

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// Ordinary bad input to the entry points returns an error wrapping
// experiment.ErrInput (not a panic, not a numerical failure).
func TestEntryPointInputErrors(t *testing.T) {
	model, Y, _ := demo(3, 6, 2, 40, 4)
	ctx := context.Background()
	withNaN := []*mat.Dense{mat.DenseCopyOf(Y[0]), Y[1]}
	withNaN[0].Set(7, 3, math.NaN())
	wide := []*mat.Dense{mat.NewDense(40, 7, nil)}
	ragged := []*mat.Dense{Y[0], mat.NewDense(30, 6, nil)}
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"InitCILDS nil", func() error { _, err := InitCILDS(ctx, nil, 2, 5); return err }, "dimred: CILDS init: no trials (want at least 1)"},
		{"InitCILDS nil trial", func() error { _, err := InitCILDS(ctx, []*mat.Dense{Y[0], nil}, 2, 5); return err }, "dimred: CILDS init: trial 1 is nil"},
		{"InitCILDS NaN", func() error { _, err := InitCILDS(ctx, withNaN, 2, 5); return err },
			"dimred: CILDS init: trial 0, frame 7, neuron 3 is NaN: missing data is not supported; analysis/deconv handles NaN frames"},
		{"InitCILDS ragged", func() error { _, err := InitCILDS(ctx, ragged, 2, 5); return err },
			"dimred: CILDS init: trial 1 has 30 frames, trial 0 has 40 (trials must be of equal length)"},
		{"InitCILDS p = 0", func() error { _, err := InitCILDS(ctx, Y, 0, 5); return err }, "dimred: latent dimension 0 must be in [1, 6)"},
		{"InitCILDSFrom no OASIS", func() error { _, err := InitCILDSFrom(Y, nil, Y); return err }, "dimred: CILDS init: 4 trials but 4 latent trials"},
		{"Fit wrong width", func() error { _, err := model.Clone().Fit(ctx, wide, FitOptions{Iters: 1}); return err },
			"dimred: CILDS: trial 0 has 7 neurons, the model has 6"},
		{"EStep wrong width", func() error { _, _, err := model.EStep(ctx, wide, 1); return err },
			"dimred: CILDS: trial 0 has 7 neurons, the model has 6"},
		{"Fit no trials", func() error { _, err := model.Clone().Fit(ctx, nil, FitOptions{Iters: 1}); return err }, "dimred: no trials"},
		{"Fit negative Iters", func() error { _, err := model.Clone().Fit(ctx, Y, FitOptions{Iters: -1}); return err },
			"dimred: FitOptions.Iters = -1: want ≥ 0 (0 means 500)"},
		{"PCA k > n", func() error { _, err := PCA(Y, 11); return err }, "dimred: PCA with 11 components of 6 neurons (want 1..6)"},
		{"PCA no trials", func() error { _, err := FitPCA(nil, 1); return err }, "dimred: PCA of no trials"},
		{"PCA nil trial", func() error { _, err := FitPCA([]*mat.Dense{nil}, 1); return err }, "dimred: PCA trial 0 is nil"},
		{"FA k = n", func() error { _, _, err := FA(Y, 6, 5); return err }, "dimred: FA dimension 6 must be in [1, 6)"},
		{"FA no trials", func() error { _, _, err := FA(nil, 1, 5); return err }, "dimred: FA: no trials (want at least 1)"},
		{"GPFA k = n", func() error { _, _, err := FitGPFA(ctx, Y, 6, GPFAOptions{}); return err }, "dimred: GPFA dimension 6 must be in [1, 6)"},
		{"GPFA nil trial", func() error { _, _, err := FitGPFA(ctx, []*mat.Dense{nil}, 1, GPFAOptions{}); return err }, "dimred: GPFA: trial 0 is nil"},
		{"PCA NaN", func() error { _, err := PCA(withNaN, 2); return err }, "dimred: PCA: trial 0, frame 7, neuron 3 is NaN"},
		{"FA NaN", func() error { _, _, err := FA(withNaN, 2, 5); return err }, "dimred: FA: trial 0, frame 7, neuron 3 is NaN"},
		{"FA negative iters", func() error { _, _, err := FitFA(Y, 2, -1); return err }, "dimred: FA: iters = -1 EM iterations: want ≥ 0 (0 means 100)"},
		{"GPFA NaN", func() error { _, _, err := FitGPFA(ctx, withNaN, 2, GPFAOptions{Iters: 1}); return err }, "dimred: GPFA: trial 0, frame 7, neuron 3 is NaN"},
		{"GPFA FAIters", func() error { _, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{FAIters: -1}); return err }, "dimred: GPFAOptions.FAIters = -1"},
		{"GPFA TauInit", func() error { _, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{TauInit: -5}); return err }, "dimred: GPFAOptions.TauInit = -5"},
		{"GPFA Eps", func() error { _, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{Eps: 1}); return err }, "dimred: GPFAOptions.Eps = 1"},
		{"GPFA Infer width", func() error {
			g, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{Iters: 1})
			if err != nil {
				return err
			}
			_, _, err = g.Infer(wide)
			return err
		}, "dimred: GPFA: trial 0 has 7 neurons, the model has 6"},
		{"GPFA Fit floor", func() error {
			g, _, err := FitGPFA(ctx, Y, 2, GPFAOptions{Iters: 1})
			if err != nil {
				return err
			}
			_, err = g.Fit(ctx, Y, GPFAOptions{Iters: 1}, []float64{1})
			return err
		}, "dimred: GPFA.Fit: 1 floor values for 6 neurons"},
		{"EStep NaN", func() error { _, _, err := model.EStep(ctx, withNaN, 1); return err }, "dimred: CILDS: trial 0, frame 7, neuron 3 is NaN"},
		{"Fit NaN", func() error { _, err := model.Clone().Fit(ctx, withNaN, FitOptions{Iters: 1}); return err }, "dimred: CILDS: trial 0, frame 7, neuron 3 is NaN"},
		{"InitCILDS silent neuron", func() error {
			// Neuron 2 constant: OASIS infers no spikes, and the LDS on the
			// spikes cannot be initialised.
			flat := make([]*mat.Dense, len(Y))
			for k, y := range Y {
				flat[k] = mat.DenseCopyOf(y)
				r, _ := y.Dims()
				for t := 0; t < r; t++ {
					flat[k].Set(t, 2, 1)
				}
			}
			_, err := InitCILDS(ctx, flat, 2, 5)
			return err
		}, "dimred: CILDS init: OASIS inferred constant spikes (0 in every frame) for neuron 2 of 6"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %v, want an error starting %q", err, c.want)
			}
			if !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got errors.Is(err, experiment.ErrInput) = false, want true (%v)", err)
			}
		})
	}
}

// CVR2 of lists of different lengths is NaN.
func TestCVR2LengthMismatch(t *testing.T) {
	_, _, Z := demo(4, 6, 2, 30, 4)
	cases := []struct {
		name    string
		est, z  []*mat.Dense
		wantNaN bool
	}{
		{"equal", Z, Z, false},
		{"est shorter", Z[:3], Z, true},
		{"z shorter", Z, Z[:2], true},
		// Lists that cannot be split into two halves or paired trial by
		// trial give NaN, not a panic.
		{"one trial", Z[:1], Z[:1], true},
		{"no trials", nil, nil, true},
		{"frames differ", []*mat.Dense{Z[0], Z[1], Z[2], mat.NewDense(5, 2, nil)}, Z, true},
		{"nil trial", []*mat.Dense{Z[0], nil, Z[2], Z[3]}, Z, true},
	}
	for _, c := range cases {
		if got := CVR2(c.est, c.z); math.IsNaN(got) != c.wantNaN {
			t.Errorf("%s: got CVR2 = %g, want NaN: %v", c.name, got, c.wantNaN)
		}
	}
	if got := AlignR2(nil, nil, Z, Z); !math.IsNaN(got) {
		t.Errorf("AlignR2 without training trials = %g, want NaN", got)
	}
}

// FitOptions.Iters = 0 means DefaultFitIters (500): the first progress
// report is 1/500 of the run (Fit stopped there by cancelling the context).
func TestFitItersZeroIsDefault(t *testing.T) {
	model, Y, _ := demo(5, 6, 2, 40, 4)
	cases := []struct {
		iters int
		want  float64
	}{
		{0, 1.0 / 500},
		{4, 1.0 / 4},
	}
	for _, c := range cases {
		ctx, cancel := context.WithCancel(context.Background())
		got := math.NaN()
		_, err := model.Clone().Fit(ctx, Y, FitOptions{Iters: c.iters, Progress: func(f float64) {
			if math.IsNaN(got) {
				got = f
			}
			cancel()
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Iters %d: got error %v, want context.Canceled", c.iters, err)
		}
		if got != c.want {
			t.Errorf("Iters %d: got first progress %g, want %g", c.iters, got, c.want)
		}
	}
}

func TestTrials(t *testing.T) {
	Y := mat.NewDense(2, 6, []float64{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}) // 2 cells × 6 frames
	tr, err := Trials(Y, []int{0, 3}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0, 10, 1, 11, 2, 12}, {3, 13, 4, 14, 5, 15}} // each 3 frames × 2 cells, row-major
	for k, w := range want {
		if got := tr[k].RawMatrix().Data; !reflect.DeepEqual(got, w) {
			t.Errorf("trial %d: got %v, want %v", k, got, w)
		}
	}
	for _, c := range []struct {
		onsets []int
		L      int
		want   string
	}{
		{[]int{4}, 3, "onset 4 (trial 0)"},
		{[]int{-1}, 2, "onset -1"},
		{[]int{0}, 0, "trial length 0"},
		{[]int{0}, 7, "trial length 7"},
	} {
		_, err := Trials(Y, c.onsets, c.L)
		if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Trials(%v, %d): got %v, want an input error containing %q", c.onsets, c.L, err, c.want)
		}
	}
}
