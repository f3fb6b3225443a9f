package kalidindi2021

import (
	"testing"

	"neurolab/experiment"
)

// TestPaperScaleIsBPTT checks that the paper scale runs the faithful BPTT
// mode at the authors' sizes, while quick and default keep the fast mode.
func TestPaperScaleIsBPTT(t *testing.T) {
	if p := Default(experiment.Paper); p.Mode != "bptt" || p.BPTTUnits != 500 || p.Epochs != 2000 || p.LR != 3e-4 {
		t.Errorf("paper scale: mode %s, %d units, %d epochs, lr %g; want bptt, 500, 2000, 3e-4", p.Mode, p.BPTTUnits, p.Epochs, p.LR)
	}
	for _, s := range []experiment.Scale{experiment.Quick, experiment.Default} {
		if m := Default(s).Mode; m != "fast" {
			t.Errorf("%s scale: mode %s, want fast", s, m)
		}
	}
}
