package dobs2022

import (
	"context"
	"math"
	"testing"

	"neurolab/experiment"
)

// TestProgressDuringTraining checks that training moves the bar: its 700 of
// 1000 units add up (to 0.75 after the data's 50), where whole-unit counting
// dropped every step's share (700/steps < 1 unit).
func TestProgressDuringTraining(t *testing.T) {
	var got []float64
	cfg := experiment.Config{Seed: 1, Scale: experiment.Quick, Set: tiny, Workers: 1,
		Progress: func(f float64) { got = append(got, f) }}
	if _, err := New().Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	hit := false
	for i, f := range got {
		if i > 0 && f < got[i-1] {
			t.Errorf("progress went back: %v then %v", got[i-1], f)
		}
		hit = hit || math.Abs(f-0.75) < 1e-6
	}
	if !hit || got[len(got)-1] != 1 {
		t.Errorf("progress never reached 0.75 after training, or did not end at 1: %v", got)
	}
}
