package rule2022

import (
	"context"
	"errors"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestReplayCancel checks that a replay and the GLM fit stop on a cancelled
// context with its error, and that an uncancelled replay reports its days.
func TestReplayCancel(t *testing.T) {
	m := stationaryModel(t)
	m.Xs = []*mat.Dense{m.X0}
	m.p.Days = m.p.Delta // one session
	var fracs []float64
	if _, ok, err := newReplay(m, HebbNorm).run(context.Background(), func(f float64) { fracs = append(fracs, f) }); !ok || err != nil {
		t.Fatalf("replay: ok %v, err %v", ok, err)
	}
	if len(fracs) != 1 || fracs[0] != 1 {
		t.Errorf("progress %v, want [1]", fracs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range []Rule{Fixed, HebbNorm, Predictive} {
		if _, _, err := newReplay(m, r).run(ctx, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled replay returned %v", r, err)
		}
	}
	if _, err := fitGLM(ctx, m.X0, m.Y, m.p.Rho, 100); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fitGLM returned %v", err)
	}
}

// TestRuleCostOrder checks the progress weights' order: the predictive rule
// dominates, the fixed readout is cheapest.
func TestRuleCostOrder(t *testing.T) {
	p := Default(0)
	if !(ruleCost(Fixed, p) < ruleCost(Homeostat, p) && ruleCost(Recurrent, p) < ruleCost(Predictive, p)) {
		t.Errorf("rule costs out of order")
	}
}
