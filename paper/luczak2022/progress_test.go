package luczak2022

import (
	"context"
	"testing"

	"neurolab/experiment"
)

// TestProgressPerBatch checks that progress is reported per batch (not only
// per epoch) and never goes back.
func TestProgressPerBatch(t *testing.T) {
	set := map[string]string{"train": "200", "test": "100", "epochs": "2", "spont": "100", "hidden": "20"}
	var got []float64
	cfg := experiment.Config{Seed: 1, Scale: experiment.Quick, Set: set, Workers: 1,
		Progress: func(f float64) { got = append(got, f) }}
	if _, err := New().Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	p := Default(experiment.Quick)
	if err := experiment.Apply(&p, set); err != nil {
		t.Fatal(err)
	}
	batches := 3 * p.Epochs * (p.Train / p.Batch)
	if len(got) < batches {
		t.Errorf("%d progress reports, want at least one per batch (%d)", len(got), batches)
	}
	for i := 1; i < len(got); i++ {
		if got[i] < got[i-1] {
			t.Errorf("progress went back: %v then %v", got[i-1], got[i])
		}
	}
	if last := got[len(got)-1]; last < 0.999 || last > 1 {
		t.Errorf("last progress %v, want 1", last)
	}
}
