package luczak2022

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		// ridge = 0 was listed valid but stopped the run at its first fit
		// (exit 3: a neuron's normal matrix not positive definite).
		{Set: map[string]string{"ridge": "0"}, Want: `bad value "0" for parameter ridge: want a number in (0,inf)`},
		{Set: map[string]string{"k": "5", "steps": "5"}, Want: "bad value 5 for parameter k: want fewer predictor steps than steps (5)"},
		{Set: map[string]string{"k": "1", "delay": "5", "steps": "5"}, Want: "bad value 5 for parameter delay: want fewer than steps (5)"},
		{Set: map[string]string{"k": "1", "delay": "0", "steps": "5", "batch": "4", "update": "2"}, Want: "bad values batch=4, update=2: want at least k+2 = 3 fitting samples (batch − update) per predictor"},
		{Set: map[string]string{"k": "1", "delay": "0", "steps": "5", "batch": "100", "update": "1", "test": "50", "train": "1000"}, Want: "bad value 50 for parameter test: want at least one batch (100) for the held-out predictor check"},
		{Set: map[string]string{"k": "1", "delay": "0", "steps": "5", "batch": "100", "update": "1", "test": "100", "train": "99"}, Want: "bad value 99 for parameter train: want at least one batch (100)"},
	})
}
