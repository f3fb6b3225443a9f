package hennequin2018

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

var want = exptest.Want{Checks: 8, Figures: 3}

func TestQuick(t *testing.T) {
	res := exptest.Quick(t, New())
	exptest.AllPass(t, res, want)
	// At the paper's parameters the linear theory is the spec's 0.299 and
	// 0.957 mV (the references the std checks used before they compared
	// with the run's own linear theory).
	for _, c := range []struct {
		name string
		want float64
	}{{"std_E_lin_h15", refStd15}, {"std_E_lin_h2", refStd2}} {
		if got := res.Metrics[c.name]; math.Abs(got-c.want) > 0.0005 {
			t.Errorf("%s: got %.5f, want %.3f ± 0.0005 (spec)", c.name, got, c.want)
		}
	}
}

// TestChangedParameters: with --set the std checks compare the simulation
// with the linear theory at the changed parameters (a larger sigma_E made
// them fail against the paper's fixed 0.299 and 0.957 mV), and the fixed-
// point check, whose reference exists only at the paper's weights and gain,
// is left out with a note when those change (here w_II).
func TestChangedParameters(t *testing.T) {
	set := map[string]string{"sigma_E": "0.3", "w_II": "-0.45"}
	for k, v := range small {
		set[k] = v
	}
	res := exptest.Run(t, New(), experiment.Quick, 2, set)
	for _, h := range []string{"h15", "h2"} {
		sim, lin := res.Metrics["std_E_sim_"+h], res.Metrics["std_E_lin_"+h]
		want := math.Abs(sim/lin - 1)
		if got := res.Metrics["std_E_rel_err_"+h]; got != want {
			t.Errorf("std_E_rel_err_%s: got %v, want |sim/lin − 1| = %v at the run's own parameters", h, got, want)
		}
	}
	exptest.Absent(t, res, "fixed_point_h15")
	exptest.Noted(t, res, "fixed_point_h15 left out")
}

// TestDefaultScale runs the default scale (about 5–10 s of CPU); set
// NEUROLAB_DEFAULT=1 to run it.
func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), want) }

// small is a reduced run for tests of the plumbing (not of the claims).
var small = map[string]string{
	"trials": "20", "burn_in": "0.2", "duration": "0.3", "step_trials": "20",
	"ring_m": "10", "ring_trials": "3", "ring_duration": "0.2", "ring_burn_in": "0.1",
}

// TestWorkersDeterminism: workers 1 and 2 give identical, finite metrics,
// and a second run on 2 workers the same again.
func TestWorkersDeterminism(t *testing.T) {
	r1 := exptest.Deterministic(t, New(), small)
	exptest.SameMetrics(t, r1, exptest.Run(t, New(), experiment.Quick, 2, small))
	exptest.Finite(t, r1)
}

// TestDiverged: a far too strong w_EE makes the simulation run away; Run
// returns a DivergedError naming the excitatory voltage, promptly.
func TestDiverged(t *testing.T) {
	t0 := time.Now()
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Default, Workers: 2,
		Set: map[string]string{"w_EE": "5"}})
	var de *experiment.DivergedError
	if !errors.As(err, &de) {
		t.Fatalf("got error %v, want *experiment.DivergedError", err)
	}
	if de.What != "SSN excitatory voltage" || de.Unit != "s" || !(de.T > 0) || de.Hint == "" {
		t.Errorf("got %+v, want What \"SSN excitatory voltage\", Unit s, T > 0 and a hint", de)
	}
	if el := time.Since(t0); el > 5*time.Second {
		t.Errorf("divergence took %v to report, want well under 5 s", el)
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"dt", "0"}, {"dt", "-0.1"}, {"dt", "0.3"}, {"dt", "5"}, {"ring_dt", "0.15"}, {"sigma_E", "-1"},
		{"trials", "0"}, {"tau_E", "0"}, {"rho", "1.5"}, {"ring_m", "51"}, {"w_EI", "0.5"}, {"n", "x"}, {"nope", "1"},
	} {
		exptest.RunInputError(t, New(), map[string]string{tc.name: tc.value})
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New().Run(ctx, experiment.Config{Seed: 1, Scale: experiment.Quick})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
}

func TestMeta(t *testing.T) {
	m := New().Meta()
	if !experiment.ValidID(m.ID) || m.ID != "ssn-variability" || m.Family != "dynamics" || m.Title == "" || m.Citation == "" || m.Claim == "" {
		t.Errorf("incomplete Meta: %+v", m)
	}
	for _, sc := range experiment.Scales {
		if err := validate(Default(sc)); err != nil {
			t.Errorf("Default(%v) is invalid: %v", sc, err)
		}
	}
}

// TestT50 checks the halfway-crossing rule on a planted step.
func TestT50(t *testing.T) {
	tt := []float64{-2, -1, 0, 1, 2, 3, 4}
	sd := []float64{1, 1, 1, 0.9, 0.6, 0.5, 0.5}
	if got := t50(tt, sd, 1, 0.2); got != 2 {
		t.Errorf("got t50 %g, want 2", got)
	}
	if got := t50(tt, sd, 1, 0.9); got != 1 {
		t.Errorf("got t50 %g, want 1", got)
	}
	if got := t50(tt, sd, 1, -1); !math.IsNaN(got) {
		t.Errorf("got t50 %g, want NaN (never crosses)", got)
	}
}

// The spec's stub: a rate model with a fixed gain (exponent n = 1, a
// threshold-linear network) has no input-dependent gain, so its std(h) does
// not peak at h = 2 mV and variability is not quenched: checks 3 and 5 fail.
// The ring's simulated ratio is not asserted: with n = 1 the network has no
// stable fixed point at these weights (fixed-point error 12 mV at h = 15), so
// the quick-scale ring simulation is dominated by its divergence and its
// ratio depends on rounding (1.10 in the pure-Go build, 0.15 under OpenBLAS,
// seed 1).
func TestFixedGainStubFails(t *testing.T) {
	set := map[string]string{"n": "1"}
	for k, v := range small {
		set[k] = v
	}
	res := exptest.Run(t, New(), experiment.Quick, 2, set)
	exptest.Log(t, res)
	for _, name := range []string{"argmax_linear", "quench_ratio"} {
		t.Run(name, func(t *testing.T) { exptest.Fails(t, res, name, "n = 1 (fixed gain)") })
	}
}
