package kallekossio2021

import (
	"context"
	"os"
	"testing"

	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
)

// TestRender writes the figures of a run to /tmp (opt-in, for looking at them).
func TestRender(t *testing.T) {
	sc := os.Getenv("KK_RENDER")
	if sc == "" {
		t.Skip()
	}
	s, _ := experiment.ParseScale(sc)
	res, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: s, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Figures {
		if f.Plot != nil {
			if err := f.Plot.Save(6*vg.Inch, 4*vg.Inch, "/tmp/kk-"+f.Name+".png"); err != nil {
				t.Fatal(err)
			}
		}
		for c, p := range f.Panels[0:min(1, len(f.Panels))] {
			for r, q := range p {
				if err := q.Save(5*vg.Inch, 4*vg.Inch, "/tmp/kk-"+f.Name+string(rune('a'+c+r))+".png"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
