package rule2022

import (
	"testing"

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
