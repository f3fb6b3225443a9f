package hennequin2018

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"dt": "0.3"}, Want: "bad value 0.3 for parameter dt: want a step that divides the 1 ms sampling interval to 1e-9 (1, 0.5, 0.2, 0.1, ... ms; for 1/3 or 1/6 ms type 10 digits: 0.3333333333, 0.1666666667)"},
		{Set: map[string]string{"ring_dt": "0.3"}, Want: "bad value 0.3 for parameter ring_dt: want a step that divides the 1 ms sampling interval to 1e-9 (1, 0.5, 0.2, 0.1, ... ms; for 1/3 or 1/6 ms type 10 digits: 0.3333333333, 0.1666666667)"},
		{Set: map[string]string{"dt": "1", "tau_E": "20", "tau_I": "5", "tau_eta": "50"}, Want: "bad value 1 for parameter dt: want at most a tenth of the shortest time constant (5 ms) for a stable Euler step"},
		{Set: map[string]string{"sigma_E": "0", "sigma_I": "0"}, Want: "bad values sigma_E = sigma_I = 0: want at least one positive noise std (without noise there is no variability to measure)"},
		{Set: map[string]string{"ring_m": "51"}, Want: "bad value 51 for parameter ring_m: want an even number (the stimulus-preferring unit sits at theta = 180 deg)"},
	})
}
