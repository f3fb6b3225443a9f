package rule2022

import (
	"context"
	"errors"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"days": "10", "delta": "11"}, Want: "days (10) must be at least delta (11) for one replay session"},
		{Set: map[string]string{"days": "10", "delta": "5", "final_sessions": "3"}, Want: "final_sessions (3) exceeds the 2 replay sessions in 10 days"},
	})
}

// TestDivergedDay checks that a diverging readout is reported at the day
// it diverged: every divergence read "at t = 300 days" (the run's length)
// whatever the day. K = 2 features diverge under hebbhomeo at quick scale.
func TestDivergedDay(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: map[string]string{"K": "2"}})
	var d *experiment.DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("K = 2: got %v, want a DivergedError", err)
	}
	if days := Default(experiment.Quick).Days; d.T <= 0 || d.T >= float64(days) {
		t.Errorf("K = 2: diverged at t = %g days, want a day inside (0, %d)", d.T, days)
	}
}

// TestTuningFigureTitles checks that the final-day panels carry the titles
// Run gives them (the measured NRMSE and peak shift), not fixed verdicts.
func TestTuningFigureTitles(t *testing.T) {
	const L = 8
	m := make([]float64, L*L)
	titles := []string{"a", "b", "c"}
	f := tuningFigure(m, m, m, []*trace{{Final: m}}, titles, L)
	var got []string
	for _, row := range f.Panels {
		for _, p := range row {
			got = append(got, p.Title.Text)
		}
	}
	want := []string{"Day 0 (GLM fit)", "a", "b", "c"}
	if len(got) != len(want) {
		t.Fatalf("got titles %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("panel %d: got title %q, want %q", i, got[i], want[i])
		}
	}
}

// TestFeaturesRepeatedDay checks delta = 1 (its range minimum), where day 0
// is listed twice (day 0 and the first session day): features waited for
// the day to come round again and the run never ended. The repeated day now
// gets the same features.
func TestFeaturesRepeatedDay(t *testing.T) {
	p := Default(experiment.Quick)
	p.K, p.L = 3, 8
	done := make(chan [][]float64, 1)
	go func() {
		fs, err := features(context.Background(), p, 1, []int{0, 0, 1, 2}, 1)
		if err != nil {
			t.Error(err)
		}
		done <- fs
	}()
	select {
	case fs := <-done:
		if len(fs) != 4 {
			t.Fatalf("got %d feature matrices, want 4", len(fs))
		}
		for i := range fs[0] {
			if fs[0][i] != fs[1][i] {
				t.Fatalf("entry %d: day 0 twice gives %g and %g, want equal", i, fs[0][i], fs[1][i])
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatal("features with a repeated day did not return within 20 s")
	}
}
