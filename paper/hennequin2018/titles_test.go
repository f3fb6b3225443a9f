package hennequin2018

import (
	"strings"
	"testing"
)

// The figure titles state what the run measured, not the paper's claim
// whatever happened.
func TestFigureTitles(t *testing.T) {
	h := []float64{0, 1, 2, 3, 4}
	for _, c := range []struct {
		sim  []float64
		want string
	}{
		{[]float64{1, 2, 3, 2, 1}, "then quenches V_E variability (simulated peak at h = 2 mV)"},
		{[]float64{1, 2, 3, 4, 5}, "grows with the input up to h = 4 mV: no quenching"},
		{[]float64{5, 4, 3, 2, 1}, "falls with the input from h = 0: no initial rise"},
	} {
		if got := stdTitle(h, c.sim); !strings.Contains(got, c.want) {
			t.Errorf("stdTitle(%v) = %q, want it to contain %q", c.sim, got, c.want)
		}
	}
	const m = 8 // preferred angles 0, 45, …, 315; the stimulus at index 4 (180°)
	ring := func(r []float64) func(ci, i int) float64 { return func(ci, i int) float64 { return r[i] } }
	if got := ringTitle(m, ring([]float64{1, 0.9, 0.8, 0.6, 0.4, 0.6, 0.8, 0.9})); !strings.Contains(got, "most in the neurons that prefer it") {
		t.Errorf("quenched at the stimulus: %q", got)
	}
	if got := ringTitle(m, ring([]float64{0.4, 0.6, 0.8, 0.9, 1.2, 0.9, 0.8, 0.6})); !strings.Contains(got, "1.2 in the neurons preferring the stimulus, 0.4 opposite") {
		t.Errorf("quenched opposite: %q", got)
	}
}
