package sweep

import (
	"errors"
	"strings"
	"testing"

	"neurolab/experiment"
)

// TestStepRangeMustReachTo checks that a range {from, to, step} whose step
// does not reach to is rejected at plan time with the values it would give
// and a fix, while ranges that reach to within floating-point noise plan.
func TestStepRangeMustReachTo(t *testing.T) {
	bad := []struct {
		grid, want string
	}{
		{"n = {from = 500, to = 2000, step = 600}",
			"sweep file test.toml: grid.n: step 600 does not reach to = 2000: the range gives 500, 1100, 1700, but it is inclusive; " +
				"want a step that divides to − from = 1500, or num instead of step (num = 4 gives 500, 1000, 1500, 2000)"},
		{"s = {from = 0.5, to = 0.9, step = 0.15}",
			"sweep file test.toml: grid.s: step 0.15 does not reach to = 0.9: the range gives 0.5, 0.65, 0.8, but it is inclusive; " +
				"want a step that divides to − from = 0.4, or num instead of step (num = 4 gives 0.5, 0.633333333333, 0.766666666667, 0.9)"},
		{"n = {from = 1, to = 1000, step = 7}",
			"sweep file test.toml: grid.n: step 7 does not reach to = 1000: the range gives 1, 8, 15, …, 995 (143 values), but it is inclusive; " +
				"want a step that divides to − from = 999, or num instead of step (step = 9 gives 112 values)"},
		{"n = {from = 10, to = 1, step = -2}",
			"sweep file test.toml: grid.n: step -2 does not reach to = 1: the range gives 10, 8, 6, 4, 2, but it is inclusive; " +
				"want a step that divides to − from = -9, or num instead of step (step = -3 gives 4 values)"},
	}
	for _, tc := range bad {
		_, err := parse(t, "experiment = \"test-exp\"\n[grid]\n"+tc.grid+"\n")
		if err == nil || !errors.Is(err, experiment.ErrInput) || err.Error() != tc.want {
			t.Errorf("%s: got %v, want input error %q", tc.grid, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got a multi-line message %q, want one line", tc.grid, err)
		}
	}
	good := []struct {
		grid, want string
	}{
		{"s = {from = 0.1, to = 0.7, step = 0.1}", "0.1,0.2,0.3,0.4,0.5,0.6,0.7"}, // (0.7−0.1)/0.1 = 5.999…
		{"g = {from = 0, to = 1, step = 0.05}", ""},
		{"n = {from = 500, to = 2000, step = 500}", "500,1000,1500,2000"},
		{"n = {from = 5, to = 5, step = 1}", "5"},
	}
	for _, tc := range good {
		p, err := parse(t, "experiment = \"test-exp\"\n[grid]\n"+tc.grid+"\n")
		if err != nil {
			t.Errorf("%s: got %v, want no error", tc.grid, err)
			continue
		}
		if got := strings.Join(p.Axes[0].Values, ","); tc.want != "" && got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.grid, got, tc.want)
		}
	}
}
