package aitken2022

import (
	"testing"

	"neurolab/internal/exptest"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"test_per_class": "10", "features": "11"}, Want: "test_per_class = 10 is below features = 11: each recorded group needs at least as many examples as feature nodes for its PCA"},
	})
}
