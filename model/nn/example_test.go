package nn_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"neurolab/model/nn"
)

// blobs returns n examples of dim features in k classes: class c is the
// planted centre 3·e_c (a unit vector per class) plus N(0, 1) noise per
// feature: centres 3√2 apart, so the Bayes error is about 3 % (each pair of
// classes overlaps by Φ(−3/√2) ≈ 1.7 %).
func blobs(rng *rand.Rand, n, dim, k int) nn.Data {
	d := nn.Data{X: make([]float64, n*dim), Y: make([]int, n), N: n, Dim: dim}
	for i := 0; i < n; i++ {
		c := i % k
		d.Y[i] = c
		row := d.Row(i)
		for j := range row {
			row[j] = rng.NormFloat64()
		}
		row[c] += 3
	}
	return d
}

// Example trains a small multilayer perceptron (Dense → ReLU → Dense) with
// softmax cross-entropy and SGD with momentum and weight decay (PyTorch's
// update v ← μv + g + λw, w ← w − ηv) on three planted Gaussian classes,
// then measures held-out accuracy with noise switched off (rng nil).
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	train, test := blobs(rng, 300, 8, 3), blobs(rng, 300, 8, 3)

	net := nn.NewNet(nn.Vec(8), rng, nn.NewDense(16), nn.ReLU{}, nn.NewDense(3))
	tr := nn.NewTrainer(net, nn.NewSGD(net.Params(), 0.05, 0.9, 1e-4), 16)
	for epoch := 0; epoch < 10; epoch++ {
		if _, err := tr.Epoch(context.Background(), train, rng, nil); err != nil {
			panic(err)
		}
	}
	acc, _ := nn.Evaluate(net, test, 100, nil)
	fmt.Println("output shape:", net.OutShape().Size(), "logits per example")
	fmt.Println("held-out accuracy above 0.9:", acc > 0.9)
	pred := nn.Predict(net, test, 100) // class per example, noise off
	fmt.Println("predicted:", pred[:6], "true:", test.Y[:6])
	// Output:
	// output shape: 3 logits per example
	// held-out accuracy above 0.9: true
	// predicted: [0 1 2 0 1 2] true: [0 1 2 0 1 2]
}

// bars returns n 8×8 single-channel images (NHWC, so 64 values per row):
// class 0 has a bright horizontal bar, class 1 a vertical one, each at a
// random position, on N(0, 0.3²) background noise.
func bars(rng *rand.Rand, n int) nn.Data {
	const S = 8
	d := nn.Data{X: make([]float64, n*S*S), Y: make([]int, n), N: n, Dim: S * S}
	for i := 0; i < n; i++ {
		c := i % 2
		d.Y[i] = c
		img := d.Row(i)
		for j := range img {
			img[j] = 0.3 * rng.NormFloat64()
		}
		p := rng.IntN(S)
		for q := 0; q < S; q++ {
			if c == 0 {
				img[p*S+q] += 1 // row p (h = p, w = q)
			} else {
				img[q*S+p] += 1 // column p
			}
		}
	}
	return d
}

// ExampleNewConv2D trains a tiny convolutional network (3×3 convolution with
// 'same' padding → ReLU → 2×2 max-pooling → Dense) to tell horizontal from
// vertical bars, the layer types of the small CNN of Dobs et al. (2022).
func ExampleNewConv2D() {
	rng := rand.New(rand.NewPCG(1, 2))
	train, test := bars(rng, 200), bars(rng, 200)

	net := nn.NewNet(nn.Shape{C: 1, H: 8, W: 8}, rng,
		nn.NewConv2D(4, 3), nn.ReLU{}, nn.NewMaxPool(2), nn.NewDense(2))
	tr := nn.NewTrainer(net, nn.NewSGD(net.Params(), 0.02, 0.9, 0), 20)
	for epoch := 0; epoch < 10; epoch++ {
		if _, err := tr.Epoch(context.Background(), train, rng, nil); err != nil {
			panic(err)
		}
	}
	acc, _ := nn.Evaluate(net, test, 100, nil)
	fmt.Println("conv output:", net.InShape(1))
	fmt.Println("pooled:", net.InShape(3))
	fmt.Println("held-out accuracy above 0.9:", acc > 0.9)
	// Output:
	// conv output: 8×8×4
	// pooled: 4×4×4
	// held-out accuracy above 0.9: true
}

// ExampleNet_Output reads a hidden layer's activations from the last forward
// pass: Output(i) holds n rows of InShape(i+1).Size() values.
func ExampleNet_Output() {
	rng := rand.New(rand.NewPCG(1, 2))
	data := blobs(rng, 5, 8, 3)
	net := nn.NewNet(nn.Vec(8), rng, nn.NewDense(16), nn.ReLU{}, nn.NewDense(3))

	net.Forward(data.X, data.N, nil)
	hidden := net.Output(1) // after the ReLU (layer 1)
	negative := 0
	for _, v := range hidden {
		if v < 0 {
			negative++
		}
	}
	fmt.Println("values:", len(hidden), "=", data.N, "examples ×", net.InShape(2).Size(), "units")
	fmt.Println("negative after ReLU:", negative)
	// Output:
	// values: 80 = 5 examples × 16 units
	// negative after ReLU: 0
}

// ExampleDense_Ablate lesions hidden units as in Dobs et al. (2022): an
// ablated unit's output is forced to 0 (equivalently, its weights and bias are
// zeroed). Lesioning one unit of a trained net leaves its zero in the
// activations; lesioning all of them leaves only the output bias, so every
// input gets the same class and accuracy falls to chance (1/3).
func ExampleDense_Ablate() {
	rng := rand.New(rand.NewPCG(1, 2))
	train, test := blobs(rng, 300, 8, 3), blobs(rng, 300, 8, 3)
	hidden := nn.NewDense(16)
	net := nn.NewNet(nn.Vec(8), rng, hidden, nn.ReLU{}, nn.NewDense(3))
	tr := nn.NewTrainer(net, nn.NewSGD(net.Params(), 0.05, 0.9, 0), 16)
	for epoch := 0; epoch < 10; epoch++ {
		if _, err := tr.Epoch(context.Background(), train, rng, nil); err != nil {
			panic(err)
		}
	}

	hidden.Ablate([]int{5})
	net.Forward(test.X, test.N, nil)
	act := net.Output(0) // the Dense layer's output, test.N × 16
	silent := true
	for r := 0; r < test.N; r++ {
		silent = silent && act[r*16+5] == 0
	}
	fmt.Println("unit 5 silent on every example:", silent)

	all := make([]int, 16)
	for i := range all {
		all[i] = i
	}
	hidden.Ablate(all)
	acc, _ := nn.Evaluate(net, test, 100, nil)
	fmt.Printf("accuracy with every hidden unit ablated: %.3f\n", acc)

	hidden.Ablate(nil) // restore
	acc, _ = nn.Evaluate(net, test, 100, nil)
	fmt.Println("restored accuracy above 0.9:", acc > 0.9)
	// Output:
	// unit 5 silent on every example: true
	// accuracy with every hidden unit ablated: 0.333
	// restored accuracy above 0.9: true
}
