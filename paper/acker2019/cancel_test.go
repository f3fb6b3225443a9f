package acker2019

import (
	"context"
	"errors"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/synth/gridcells"
)

// TestNetworkRunTicksAndCancel checks that the model-2 loop ticks once per
// simulated day and stops on a cancelled context with its error.
func TestNetworkRunTicksAndCancel(t *testing.T) {
	p := Default(experiment.Quick)
	lib := gridcells.Library(num.Stream(1, 20), p.Library, nPos)
	draw := drawer(newPool(num.Stream(1, 8)))
	const days = 2
	ticks := 0
	net := newNetwork(lib, p.Library, nPos, 20, p.Synapses, p, p.Eta, 1, 0, draw)
	if _, _, err := net.run(context.Background(), days, p.MinField, p.FieldFrac, func() { ticks++ }); err != nil {
		t.Fatal(err)
	}
	if ticks != days+1 {
		t.Errorf("%d ticks, want %d (day 0 and each day)", ticks, days+1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	net = newNetwork(lib, p.Library, nPos, 20, p.Synapses, p, p.Eta, 1, 0, draw)
	if _, _, err := net.run(ctx, days, p.MinField, p.FieldFrac, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run returned %v", err)
	}
}
