package mecmaps

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestGroundTruth(t *testing.T) {
	s := Generate(rand.New(rand.NewPCG(3, 1)), Default(), false)
	remap := 0
	for _, r := range s.Remaps {
		if r {
			remap++
		}
	}
	if remap != 48 { // 60% of 80
		t.Errorf("remapping cells: got %d, want 48", remap)
	}
	// Every stay lasts at least MinStay trials (except the last, cut by the
	// session end).
	run := 1
	for i := 1; i < len(s.Map); i++ {
		if s.Map[i] != s.Map[i-1] {
			if run < 5 {
				t.Errorf("stay of %d trials ending at trial %d, want ≥ 5", run, i)
			}
			run = 0
		}
		run++
	}
	// Y is normalised by each cell's session maximum.
	for c := 0; c < s.Cells; c++ {
		m := 0.0
		for i := c; i < len(s.Y); i += s.Cells {
			m = math.Max(m, s.Y[i])
		}
		if m != 1 {
			t.Fatalf("cell %d: max %v, want 1", c, m)
		}
	}
	for t2, m := range s.Map {
		if want := []float64{20, 30}[m]; s.Speed[t2] != want {
			t.Fatalf("trial %d speed: got %v, want %v", t2, s.Speed[t2], want)
		}
	}
	one := Generate(rand.New(rand.NewPCG(3, 2)), Default(), true)
	for _, m := range one.Map {
		if m != 0 {
			t.Fatal("1-map control has a trial in map 2")
		}
	}
}
