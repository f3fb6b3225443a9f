// Package aitken2022 reproduces the artificial-network part of Aitken,
// Garrett, Olsen & Mihalas, "The geometry of representational drift in
// natural and artificial neural networks", PLoS Comput Biol 18(11):e1010716,
// 2022 (bioRxiv 2021), experiment ID "drift-geometry".
//
// An MLP (64 → FC120-ReLU → FC84-ReLU feature layer → linear readout; the
// paper's feature-layer shapes and noise placement, §4.4) is trained on a
// synthetic 10-class problem under several kinds of noise: none (SGD
// only), node dropout on the 84 feature nodes, additive node noise on their
// pre-activations, additive gradient noise on the 120×84 weights, and, at
// paper scale, weight dropout on those weights and multiplicative node
// noise. After pretraining, the features of two test classes are recorded
// ten times per epoch with noise on, and the drift between snapshots is
// measured with package analysis/geometry: magnitude ‖d‖/‖x̄‖, the
// participation-ratio dimension D (Eq 1), the drift-in-variation ratio γ
// (Eq 9), angle and variance of the drift along the PCs (Eq 13), linear
// SVCs between snapshots one epoch apart (Eq 14, package analysis/svm), and
// the rotation of the readout.
//
// Deviations (spec drift-geometry.md): CIFAR-10 and the conv-pool front end
// are replaced by a synthetic latent-Gaussian task (inputs tanh(A z) + 0.3ε)
// and a dense first layer; the mouse data and the hyperparameter scan
// (Eq 19) are not reproduced. The spec's own PyTorch replica did not
// reproduce checks D3 and D4 (angle–variance trend, flow of variance out of
// PC1); they are kept honest and may fail. At default scale, seed 1, D3's
// correlation (r = 0.007) and D4 (0.975) fail here too; at quick scale D4
// passes (≈0.77) partly because of a small-sample bias: with m = 100
// examples for n = 84 features the earlier group's PCs overfit its own
// variance, so even without drift the later variance along PC1 is lower.
package aitken2022
