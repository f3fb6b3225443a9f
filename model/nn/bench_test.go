package nn

import (
	"math/rand/v2"
	"testing"
)

func benchNet(b *testing.B, in Shape, n int, layers ...Layer) {
	rng := rand.New(rand.NewPCG(1, 2))
	net := NewNet(in, rng, layers...)
	x := make([]float64, n*in.Size())
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	dout := make([]float64, n*net.OutShape().Size())
	for i := range dout {
		dout[i] = rng.NormFloat64()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		net.Forward(x, n, nil)
		net.ZeroGrad()
		net.Backward(dout)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "examples/s")
}

// BenchmarkConv5x5x8Batch32x20x20: conv1 of the specialization CNN, forward and backward.
func BenchmarkConv5x5x8Batch32x20x20(b *testing.B) {
	benchNet(b, Shape{C: 1, H: 20, W: 20}, 32, NewConv2D(8, 5), ReLU{}, NewMaxPool(2))
}

// BenchmarkConv3x3x16Batch32x10x10: conv2 of the specialization CNN.
func BenchmarkConv3x3x16Batch32x10x10(b *testing.B) {
	benchNet(b, Shape{C: 8, H: 10, W: 10}, 32, NewConv2D(16, 3), ReLU{}, NewMaxPool(2))
}

// BenchmarkDense120x84Batch64: the drift MLP's feature layer.
func BenchmarkDense120x84Batch64(b *testing.B) {
	benchNet(b, Vec(120), 64, NewDense(84), ReLU{}, &Dropout{P: 0.5})
}

// BenchmarkSpecCNNBatch32x20x20: one SGD batch (forward, backward) of the
// whole specialization CNN (paper/dobs2022, default sizes, 38 classes).
func BenchmarkSpecCNNBatch32x20x20(b *testing.B) {
	benchNet(b, Shape{C: 1, H: 20, W: 20}, 32,
		NewConv2D(8, 5), ReLU{}, NewMaxPool(2),
		NewConv2D(16, 3), ReLU{}, NewMaxPool(2),
		NewConv2D(32, 3), ReLU{},
		NewDense(64), ReLU{}, NewDense(38))
}
