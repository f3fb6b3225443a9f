package sheintuch2020

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/synth/placemaps"
)

// TestLagPairs checks the day-lag pairs guard on hand-built trial layouts
// (sessions two days apart).
func TestLagPairs(t *testing.T) {
	p := Default(experiment.Quick)
	for _, tc := range []struct {
		name string
		maps []int // two trials per session
		want string
	}{
		{"every session mixed", []int{0, 1, 1, 0, 0, 1}, "no session of"},
		{"last lag across only", []int{0, 0, 1, 1, 1, 1}, "no pair of trials 4 days apart"},
		{"no lag with both kinds", []int{0, 0, 1, 1, 0, 0}, "no day lag"},
		{"fine", []int{0, 0, 1, 0, 0, 1}, ""},
	} {
		n := len(tc.maps)
		rec := &placemaps.Recording{TrialMap: tc.maps, TrialDay: make([]int, n), TrialSession: make([]int, n)}
		for i := range tc.maps {
			rec.TrialSession[i] = i / 2
			rec.TrialDay[i] = 2 * (i / 2)
		}
		p.Sessions, p.Trials = n/2, 2
		err := lagPairs(rec, p, 1)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: got %v, want nil", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an input error containing %q", tc.name, err, tc.want)
		}
	}
}

// TestTwoTrialsPerSession is the random multi-parameter run that stopped
// with exit 3 and "metric within_last_over_first diverged at t = 0 trials (a
// map absent at some day lag?)": with two trials per session, each of the
// first and last sessions held one trial of each map, so no pair 14 days
// apart was in the same map and the persistence ratio was undefined. It is
// now an input error naming trials_per_session.
func TestTwoTrialsPerSession(t *testing.T) {
	set := map[string]string{"min_silhouette": "0.682145", "trials_per_session": "2", "active_frac": "0.552431"}
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1101, Scale: experiment.Quick, Set: set})
	want := "bad value 2 for parameter trials_per_session: at seed 1101 no pair of trials 14 days apart (8 sessions × 2 trials_per_session) falls in the same map"
	if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an input error containing %q", err, want)
	}
}

// TestUndefinedMetrics checks the last guard: every undefined metric named,
// in sorted order, and no error when all are finite.
func TestUndefinedMetrics(t *testing.T) {
	p := Default(experiment.Quick)
	if err := undefinedMetrics(map[string]float64{"a": 1, "b": -2}, p); err != nil {
		t.Errorf("finite metrics: got %v", err)
	}
	err := undefinedMetrics(map[string]float64{"z": math.Inf(1), "a": 1, "m": math.NaN()}, p)
	want := "metric(s) m, z undefined (NaN or Inf): a map or day lag without the trial pairs they need? (8 sessions × 5 trials_per_session, p_map1 = 0.6)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
