package exptest

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

// recorder is a testing.TB that records the errors a helper reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}

// errs calls f with a recorder and returns the errors it reported.
func errs(f func(t testing.TB)) string {
	r := &recorder{}
	f(r)
	return strings.Join(r.errs, "\n")
}

func result() *experiment.Result {
	res := &experiment.Result{
		Checks:  []experiment.Check{{Name: "a", Pass: true}, {Name: "b", Op: "<=", Value: 2, Threshold: 1}},
		Metrics: map[string]float64{"x": 1},
		Notes:   []string{"b left out of the summary"},
		Figures: []experiment.Figure{{Name: "f"}},
	}
	res.Finish()
	return res
}

func TestAllPass(t *testing.T) {
	for _, tc := range []struct {
		name string
		want Want
		pass bool   // res.Pass as set after Finish
		errs string // the errors expected, "" for none
	}{
		{"known shortfall", Want{Checks: 2, Figures: 1, Known: map[string]string{"b": "why"}}, false, ""},
		{"failed check", Want{}, false, "check b: got 2, want <= 1"},
		{"stale known", Want{Known: map[string]string{"b": "why", "c": "gone"}}, false, "known shortfall c: no such check"},
		{"counts", Want{Checks: 3, Figures: 2, Known: map[string]string{"b": "why"}}, false, "checks: got 2, want 3\nfigures: got 1, want 2"},
		{"pass not the AND", Want{Known: map[string]string{"b": "why"}}, true, "result pass = true, want false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := result()
			res.Pass = tc.pass
			if got := errs(func(r testing.TB) { AllPass(r, res, tc.want) }); !strings.Contains(got, tc.errs) || (tc.errs == "") != (got == "") {
				t.Errorf("got errors %q, want %q", got, tc.errs)
			}
		})
	}
}

func TestResultHelpers(t *testing.T) {
	res := result()
	if got := errs(func(r testing.TB) { Finite(r, res) }); got != "" {
		t.Errorf("Finite: got %q on finite metrics", got)
	}
	res.Metrics["y"] = math.NaN()
	if got := errs(func(r testing.TB) { Finite(r, res) }); !strings.Contains(got, "metric y = NaN") {
		t.Errorf("Finite: got %q, want an error naming y", got)
	}
	if got := errs(func(r testing.TB) { Noted(r, res, "b left out", "summary") }); got != "" {
		t.Errorf("Noted: got %q on notes that say both", got)
	}
	if got := errs(func(r testing.TB) { Noted(r, res, "c left out") }); !strings.Contains(got, `no note saying "c left out"`) {
		t.Errorf("Noted: got %q, want an error naming the missing note", got)
	}
	if got := errs(func(r testing.TB) { Absent(r, res, "c") }); got != "" {
		t.Errorf("Absent: got %q for a check that is absent", got)
	}
	if got := errs(func(r testing.TB) { Absent(r, res, "c", "a") }); !strings.Contains(got, "check a present") {
		t.Errorf("Absent: got %q, want an error naming a", got)
	}
}
