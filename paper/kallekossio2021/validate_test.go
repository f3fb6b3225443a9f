package kallekossio2021

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"n": "5", "m": "3"}, Want: "n/m = 5/3 leaves fewer than 2 neurons per assembly"},
		{Set: map[string]string{"n": "9", "m": "4"}, Want: "n = 9 is not a multiple of m = 4"},
	})
}
