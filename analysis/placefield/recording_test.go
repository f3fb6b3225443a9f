package placefield

import (
	"math/rand/v2"
	"testing"

	"neurolab/synth/placemaps"
)

// FromRecording carries the recording's cells, bins and per-frame fields
// over without copying (it aliases r's slices), and the frames it gives are
// valid: every frame's bin, direction and events are in range.
func TestFromRecording(t *testing.T) {
	c := placemaps.Default(2)
	c.PlaceCells, c.UntunedCells, c.Sessions, c.TrialSeconds, c.Bins = 30, 10, 2, 30, 16
	r := placemaps.Generate(rand.New(rand.NewPCG(9, 1)), c)
	f := FromRecording(r)
	if f.Cells != r.Cells || f.Bins != c.Bins {
		t.Errorf("cells, bins: got %d, %d, want %d, %d", f.Cells, f.Bins, r.Cells, c.Bins)
	}
	n := len(r.Bin)
	if len(f.Bin) != n || len(f.Dir) != n || len(f.Trial) != n || len(f.Events) != n {
		t.Fatalf("frames: got %d/%d/%d/%d, want %d each", len(f.Bin), len(f.Dir), len(f.Trial), len(f.Events), n)
	}
	if &f.Bin[0] != &r.Bin[0] || &f.Dir[0] != &r.Dir[0] || &f.Trial[0] != &r.Trial[0] || &f.Events[0] != &r.Events[0] {
		t.Errorf("FromRecording copied a slice, want it to share r's")
	}
	if err := f.Validate(); err != nil {
		t.Errorf("Validate: got %v, want nil", err)
	}
}
