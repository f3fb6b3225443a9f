package aitken2022

import (
	"context"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/nn"
)

// BenchmarkDriftMLPEpoch10k: one training epoch of the drift MLP
// (64-120-84-10, node dropout) on the default 10,000 examples, batch 64.
func BenchmarkDriftMLPEpoch10k(b *testing.B) {
	p := Default(experiment.Default)
	tk := newTask(p, num.Stream(1, 1))
	d := tk.sample(p.TrainPerClass, num.Stream(1, 2))
	rng := num.Stream(1, 3)
	net, _ := buildNet(p, noiseDropout, rng)
	tr := nn.NewTrainer(net, nn.NewSGD(net.Params(), p.LRPretrain, p.Momentum, p.WeightDecay), p.Batch)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tr.Epoch(context.Background(), d, rng, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.N)*float64(b.N)/b.Elapsed().Seconds(), "examples/s")
}
