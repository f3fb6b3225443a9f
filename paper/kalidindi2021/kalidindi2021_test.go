package kalidindi2021

import (
	"context"
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// knownShortfall lists checks that fail honestly, with what was measured
// (seed 1, quick and default; teacher by gonum's L-BFGS): the NOREC jPC1
// rotates at 2.0–2.2 Hz while the trained NOREC loop's largest-modulus
// complex eigenvalue is at 3.45 Hz (|λ| = 0.983, the same as the teacher's
// design loop, 3.44 Hz); the loop has slow complex modes at 3.45, 4.04, 1.77
// and 2.42 Hz (default), and a modal decomposition of the load response
// puts ≈ 1% of the jPC1 plane's energy on the 3.45 Hz pair and most on the
// 2.42 Hz one. Relative error: 0.35 quick, 0.42 default. See res.Notes.
var knownShortfall = map[string]string{"jpc1_freq": "jPC1 at 2.0-2.2 Hz against the 3.45 Hz largest-modulus loop mode"}

var want = exptest.Want{Known: knownShortfall}

func TestQuick(t *testing.T) { exptest.AllPass(t, exptest.Quick(t, New()), want) }

func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), want) }

func TestBadParams(t *testing.T) {
	exptest.Invalid(t, New(), map[string]map[string]string{
		"bptt dims": {"mode": "bptt", "bptt_units": "4", "jpc_dims": "6"},
		"odd dims":  {"jpc_dims": "5"},
		"long win":  {"window": "2000"},
		"bad mode":  {"mode": "x"},
	})
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	exptest.Deterministic(t, New(), map[string]string{"units": "30", "trials": "2", "dagger": "1"})
}

// TestBPTTModeRuns runs the faithful mode end to end at a toy size (the
// checks are not asserted: 5 epochs do not train a controller).
func TestBPTTModeRuns(t *testing.T) {
	set := map[string]string{"mode": "bptt", "bptt_units": "8", "epochs": "5", "trials": "1"}
	res := exptest.Deterministic(t, New(), set)
	if len(res.Checks) != 9 {
		t.Errorf("got %d checks, want 9", len(res.Checks))
	}
	if res.Metrics["bptt_final_loss_norec"] >= res.Metrics["bptt_initial_loss_norec"] {
		t.Errorf("BPTT loss did not decrease: %g -> %g", res.Metrics["bptt_initial_loss_norec"], res.Metrics["bptt_final_loss_norec"])
	}
}

// TestDivergedRollouts checks noise = 0.3 at quick scale, where the
// signal-dependent motor noise makes the training rollouts run away: the
// run failed with "singular ridge system"; it now says the activity is not
// finite (a run failure, not an input error).
func TestDivergedRollouts(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: map[string]string{"noise": "0.3"}})
	if !errors.Is(err, errNotFinite) {
		t.Errorf("noise = 0.3: got %v, want %v", err, errNotFinite)
	}
}

// TestTeacherDiverges checks the message when the arm runs away under the
// LQR teacher (DAgger iteration 0; load = 2 at quick scale): it read
// "student-controlled arm ... diverged at t = 0 s" whatever the time.
func TestTeacherDiverges(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: map[string]string{"load": "2"}})
	var d *experiment.DivergedError
	if !errors.As(err, &d) || !strings.Contains(d.What, "teacher-controlled") || d.T <= 0 {
		t.Errorf("load = 2: got %v, want a DivergedError of the teacher-controlled arm at t > 0", err)
	}
}
