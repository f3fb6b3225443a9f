package fauth2019

import (
	"context"
	"os"
	"testing"

	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
)

// TestRender writes the figures of a run to /tmp (opt-in, for looking at them).
func TestRender(t *testing.T) {
	sc := os.Getenv("FAUTH_RENDER")
	if sc == "" {
		t.Skip()
	}
	s, _ := experiment.ParseScale(sc)
	res, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: s, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Figures {
		if err := f.Plot.Save(6*vg.Inch, 4*vg.Inch, "/tmp/fauth-"+f.Name+".png"); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range res.Checks {
		t.Logf("check %s: %g %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
	}
}
