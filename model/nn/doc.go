// Package nn is a small neural-network training engine with hand-derived
// gradients on gonum BLAS, sized for the learning papers of neurolab:
// Dobs, Martinez, Kell & Kanwisher, "Brain-like functional specialization
// emerges spontaneously in deep neural networks", Sci. Adv. 2022 (a small
// CNN), and Aitken, Garrett, Olsen & Mihalas, "The geometry of
// representational drift in natural and artificial neural networks", PLoS
// Comput Biol 2022 (an MLP trained under several kinds of noise).
//
// A Net is a sequence of Layers applied to a mini-batch stored row-major, one
// example per row. Images are stored channel-last (NHWC: row = H×W×C values,
// channel fastest), so a 2-D convolution is one im2col copy and one matrix
// product for the whole batch. Layers:
//
//   - Dense: y = x·W + b, optional weight dropout (DropConnect) redrawn on
//     every forward pass;
//   - Conv2D: stride 1, zero padding, NHWC, via im2col + Dgemm;
//   - MaxPool: non-overlapping P×P max-pooling;
//   - ReLU, Tanh, Sigmoid;
//   - Dropout (inverted node dropout), AddNoise (additive Gaussian node
//     noise), MulNoise (multiplicative Gaussian node noise N(1, σ²)).
//
// Noise and dropout act only when Forward is given a random generator; pass
// nil for deterministic evaluation. Dense and Conv2D units (filters) can be
// ablated (their output set to 0, which equals zeroing the unit's weight
// slice and bias, as in Dobs et al.'s lesions), and every layer's output of
// the last forward pass can be read with Net.Output.
//
// RNN is an Elman network (tanh recurrent layer with a linear readout) on
// time-major batches, trained by backpropagation through time; MSE is its
// loss. It is used by the bench suite against torch.nn.RNN.
//
// Matrix products: with AVX and gonum's pure-Go BLAS (the default build),
// gemm runs the AVX kernels of kernel_amd64.s, which perform per element
// exactly the multiplications and additions, in the same order, as gonum's
// serial Dgemm kernels (bit-identical results, about 2–3× faster); under the
// openblas build tag, gonum's BLAS is OpenBLAS and gemm calls it. Conv2D,
// Dense and RNN have a Workers field (Net.SetWorkers) that splits the rows
// of their products over goroutines without changing any result.
//
// Training: SoftmaxCrossEntropy gives the mean loss and its gradient; SGD
// implements momentum, L2 weight decay and additive gradient noise (PyTorch's
// convention: v ← μv + g + λw, w ← w − ηv); TrainEpoch draws seeded
// mini-batches. Every layer's gradients are checked against central finite
// differences in the tests (relative error < 1e-6 in float64).
//
// A Net keeps per-layer buffers and is not safe for concurrent use; train
// independent replicates on independent Nets.
package nn
