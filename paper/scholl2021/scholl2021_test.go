package scholl2021

import (
	"testing"

	"neurolab/internal/exptest"
)

var want = exptest.Want{Checks: 9, Figures: 4}

func TestQuick(t *testing.T) { exptest.AllPass(t, exptest.Quick(t, New()), want) }

func TestDeterministicAcrossWorkers(t *testing.T) {
	set := map[string]string{"train": "1000", "hidden": "10", "chains": "50", "heur_chains": "20", "gibbs_steps": "10", "seeds": "2", "sessions": "2"}
	exptest.Deterministic(t, New(), set)
}

func TestBadParams(t *testing.T) {
	for _, set := range []map[string]string{{"radius": "3.1"}, {"percentile": "100"}, {"momentum": "1"}} {
		exptest.RunInputError(t, New(), set)
	}
}

// TestDefaultScale runs the default scale; set NEUROLAB_DEFAULT=1 to run it.
func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), want) }
