package kalidindi2021

import (
	"context"
	"fmt"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/arm"
)

// BenchmarkBPTTEpoch times one Adam epoch (9 conditions, forward and
// backward) of the faithful mode's network (NOREC and REC).
func BenchmarkBPTTEpoch(b *testing.B) {
	a := arm.Monkey()
	for _, c := range []struct {
		n   int
		rec bool
	}{{64, false}, {256, false}, {500, false}, {500, true}} {
		b.Run(fmt.Sprintf("units=%d/rec=%v", c.n, c.rec), func(b *testing.B) {
			p := Default(experiment.Default)
			p.Epochs = 1
			net := newBPTTNet(num.Stream(1, tagBPTTInit), c.n, c.rec)
			cfg := experiment.Config{Seed: 1, Workers: 2}
			for b.Loop() {
				if _, err := trainBPTT(context.Background(), cfg, net, &a, p, 0, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
