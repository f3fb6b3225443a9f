package eckmann2024

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"probes": "11", "probe_gap": "100", "steps": "1000"}, Want: "probes (11) × probe_gap (100) must fit within steps (1000)"},
		{Set: map[string]string{"tau_E": "0.02"}, Want: "bad value 10 for parameter dt: want dt < 2·min(tau_E, tau_I) = 0.04 ms (the Euler step of the leak diverges at Δt/τ ≥ 2)"},
		{Set: map[string]string{"dt": "34"}, Want: "bad value 34 for parameter dt: want dt < 2·min(tau_E, tau_I) = 34 ms (the Euler step of the leak diverges at Δt/τ ≥ 2)"},
		{Set: map[string]string{"t_seq": "1"}, Want: `bad value "1" for parameter t_seq: want an integer in [2,inf)`},
	})
}
