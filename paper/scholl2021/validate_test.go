package scholl2021

import (
	"testing"

	"neurolab/internal/exptest"
	"neurolab/synth/patches"
)

// TestValidate checks that Validate rejects each bad parameter combination
// with the message Run gives (Run checks the same at its start, before any
// work), and that the defaults pass at every scale.
func TestValidate(t *testing.T) {
	exptest.Validate(t, Experiment{}, []exptest.BadSet{
		{Set: map[string]string{"radius": "3.2"}, Want: "bad value 3.2 for parameter radius: gives 37 visible units, want at most 16 for exact enumeration"},
	})
}

// TestPatternCount checks the pattern count the deviations note quotes: 2^nv
// for the run's radius (it read 8,192 at every radius).
func TestPatternCount(t *testing.T) {
	for _, c := range []struct {
		radius float64
		want   string
	}{{2.1, "8,192"}, {1, "32"}, {1.5, "512"}, {2, "8,192"}} {
		if got := patternCount(len(patches.Disc(c.radius))); got != c.want {
			t.Errorf("radius %g: got %s patterns, want %s", c.radius, got, c.want)
		}
	}
}

// TestKLTitle checks that the KL figure's title states the paper's finding
// only when the run bears it out (it stated it whatever the run measured).
func TestKLTitle(t *testing.T) {
	kls := [][]float64{{0.2, 0.1}, {0.3}, {0.3}, {0.3}, {0.4, 0.5}, {0.6, 0.9}}
	if got := klTitle(kls); got != "KL after retraining: Fisher-information (FI) pruning beats anti-FI and random pruning" {
		t.Errorf("a run that reproduces: %q", got)
	}
	kls[4] = []float64{0.05}
	if got := klTitle(kls); got != "KL after retraining (last session): variance FI 0.1, anti-FI 0.9, random 0.05 nats" {
		t.Errorf("random pruning below variance FI: %q", got)
	}
}
