package scholl2021

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"radius": "3.2"}, Want: "bad value 3.2 for parameter radius: gives 37 visible units, want at most 16 for exact enumeration"},
	})
}
