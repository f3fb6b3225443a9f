package luczak2022

import (
	"testing"

	"neurolab/internal/exptest"
)

var want = exptest.Want{Checks: 7, Figures: 3}

func TestQuick(t *testing.T) { exptest.AllPass(t, exptest.Quick(t, New()), want) }

func TestDeterministicAcrossWorkers(t *testing.T) {
	set := map[string]string{"train": "200", "test": "100", "epochs": "2", "spont": "100", "hidden": "20"}
	exptest.Deterministic(t, New(), set)
}

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{
		{"k": "200"},
		{"batch": "15", "update": "10"},
		{"bias_rule": "last"},
		{"test": "60", "batch": "100"},
		{"dt": "0"},
	} {
		exptest.RunInputError(t, New(), set)
	}
}

// TestDefaultScale runs the default scale; set NEUROLAB_DEFAULT=1 to run it.
func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), want) }
