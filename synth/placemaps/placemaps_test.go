package placemaps

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestGroundTruth(t *testing.T) {
	c := Default(2)
	c.Sessions, c.TrialSeconds = 3, 60
	r := Generate(rand.New(rand.NewPCG(5, 1)), c)
	if len(r.TrialMap) != 15 {
		t.Fatalf("trials: got %d, want 15", len(r.TrialMap))
	}
	for s := 0; s < c.Sessions; s++ {
		for m := 0; m < 2; m++ {
			n := 0
			for _, a := range r.Active[s][m] {
				if a {
					n++
				}
			}
			if n != 88 { // round(0.35·250)
				t.Errorf("session %d map %d: %d active cells, want 88", s, m, n)
			}
		}
	}
	// 5% turnover: round(0.05·88) = 4 cells leave each map per session.
	left := 0
	for i, a := range r.Active[0][0] {
		if a && !r.Active[1][0][i] {
			left++
		}
	}
	if left != 4 {
		t.Errorf("cells leaving map 1 between sessions: got %d, want 4", left)
	}
	// Untuned cells fire with probability 0.02 per frame.
	var ev float64
	for _, e := range r.Events {
		for _, cell := range e {
			if r.Untuned[cell] {
				ev++
			}
		}
	}
	if p := ev / float64(len(r.Events)*c.UntunedCells); math.Abs(p-0.02) > 0.002 {
		t.Errorf("untuned event rate: got %v, want 0.02 ± 0.002", p)
	}
	starts := r.TrialStarts()
	if starts[1] != 1200 || starts[15] != len(r.Bin) {
		t.Errorf("trial starts: got %v", starts)
	}
	sw := SwitchTrial(rand.New(rand.NewPCG(5, 2)), c, r, 1, 0, 1, 0.5)
	if sw.SwitchFrame[0] != 600 {
		t.Errorf("inserted switch frame: got %d, want 600", sw.SwitchFrame[0])
	}
}

// Recording.Bins is the configured number of analysed bins, and every
// frame's bin lies in −1..Bins−1, for Generate and for SwitchTrial, at the
// default and at a non-default bin count.
func TestRecordingBins(t *testing.T) {
	for _, bins := range []int{20, 12} {
		c := Default(2)
		c.PlaceCells, c.UntunedCells, c.Sessions, c.TrialSeconds, c.Bins = 40, 10, 2, 30, bins
		rng := rand.New(rand.NewPCG(6, uint64(bins)))
		r := Generate(rng, c)
		sw := SwitchTrial(rng, c, r, 1, 0, 1, 0.5)
		for name, rec := range map[string]*Recording{"Generate": r, "SwitchTrial": sw} {
			if rec.Bins != bins {
				t.Errorf("bins=%d %s: got Bins %d, want %d", bins, name, rec.Bins, bins)
			}
			seen := false
			for f, b := range rec.Bin {
				if b < -1 || b >= bins {
					t.Fatalf("bins=%d %s frame %d: got bin %d, want in -1..%d", bins, name, f, b, bins-1)
				}
				seen = seen || b == bins-1
			}
			if !seen {
				t.Errorf("bins=%d %s: last bin %d never visited", bins, name, bins-1)
			}
		}
	}
}
