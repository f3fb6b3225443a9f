package moviedrift

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestMeanRateAndDrift(t *testing.T) {
	c := Default()
	r := Generate(rand.New(rand.NewPCG(4, 1)), c)
	var s float64
	for _, v := range r.Counts {
		s += v
	}
	// Mean count per 1-s bin is 5 (Poisson noise on 135,000 counts is tiny).
	if m := s / float64(len(r.Counts)); math.Abs(m-5) > 0.05 {
		t.Errorf("mean rate: got %v Hz, want 5 ± 0.05", m)
	}
	for _, g := range r.Gain {
		if g != 1 {
			t.Fatal("no rate drift: gains must be 1")
		}
	}
	c.RateDrift, c.TuningDrift = true, true
	r = Generate(rand.New(rand.NewPCG(4, 2)), c)
	// Stationary OU: SD of log-gain 0.5.
	var m2 float64
	for _, g := range r.Gain {
		m2 += math.Log(g) * math.Log(g)
	}
	if sd := math.Sqrt(m2 / float64(len(r.Gain))); math.Abs(sd-0.5) > 0.08 {
		t.Errorf("log-gain SD: got %v, want 0.5 ± 0.08", sd)
	}
	if w := r.Weight[r.Repeats-1]; math.Abs(w-float64(r.Repeats-1)/float64(r.Repeats)) > 1e-12 {
		t.Errorf("last mixing weight: got %v, want (R−1)/R", w)
	}
}
