package dobs2022

import (
	"context"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/nn"
)

// BenchmarkCNNEpoch5400x20: one training epoch of the dual-task CNN on the
// default 5,400 images of 20×20 (3,000 faces + 2,400 objects), batch 32.
func BenchmarkCNNEpoch5400x20(b *testing.B) {
	p := Default(experiment.Default)
	d := nn.Data{N: 5400, Dim: 400, X: make([]float64, 5400*400), Y: make([]int, 5400)}
	rng := num.Stream(1, 2)
	for i := range d.X {
		d.X[i] = rng.Float64()
	}
	for i := range d.Y {
		d.Y[i] = i % 38
	}
	net := newCNN(p, 38, 1, 0)
	tr := nn.NewTrainer(net, nn.NewSGD(net.Params(), p.LR, p.Momentum, p.WeightDecay), p.Batch)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tr.Epoch(context.Background(), d, rng, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.N*b.N)/b.Elapsed().Seconds(), "images/s")
}
