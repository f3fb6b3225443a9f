package aitken2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. An MLP (paper §4.4 shapes): input → dense hidden ReLU layer → dense feature ReLU layer
→ linear readout, trained by SGD with momentum, weight decay and cross-entropy on a synthetic task:

    z ~ N(μ_c, I),    μ_c ~ N(0, spread² I),    x = tanh(A z) + σ ε,    A_ij ~ N(0, 1/latent_dim)

for classes classes, latents of latent_dim dimensions, inputs of input_dim, σ = input_noise. The
hidden and feature layers have hidden and features units (120, 84). Noise at the feature layer:
none (SGD only), node dropout (dropout_p) on the features, additive node noise N(0, add_sigma²) on
their pre-activations, additive gradient noise (grad_sigma) on the hidden → feature weights, and,
with all_noise, weight dropout (weight_dropout_p) and multiplicative N(1, mul_sigma²) node noise.

Method. Package analysis/geometry (Methods §4.1–4.2): for the feature responses to one class (a
group) in two snapshots, with earlier PCA ratios v_i and directions w_i,

    D = (Σ v_i)² / Σ v_i²,    d = x̄_later − x̄_earlier,    γ = ‖P d‖² / ‖d‖²

D the participation-ratio dimension (Eq 1), P the projector onto the first ⌈D⌉ PCs (Eq 9); also
the angle of d to each PC against v_i (Eq 6, 13), the later variance along the earlier PCs, the
readout's rotation, and linear SVCs (C = 1) between snapshots (Eq 14, package analysis/svm).

Protocol. Default scale: 10 classes, 1000 training and 1000 test examples per class; 15 epochs
of pretraining at learning rate 1e-2 with noise on (pretrain_epochs, lr_pretrain), then 5 drift
epochs at 1e-3 (drift_epochs, lr_drift; momentum 0.9, weight decay 1e-3, batch 64), recording the
features of the test examples of classes 0 and 1, noise on, 10 times per epoch
(snapshots_per_epoch). Three seeds (seeds) each for SGD only, node dropout and additive node noise,
one for gradient noise. Figures: drift angle against PC variance, variance along the earlier PCs
before and after drift, SVC angle and cross accuracy over time. --scale quick: 600 training and
100 test examples per class, 1 seed, 6 + 3 epochs; --scale paper: 5000 training examples per class
and all six noise types.

Deviations. CIFAR-10 and the conv-pool front end are replaced by the synthetic latent-Gaussian task
and a dense first layer; the mouse data and the hyperparameter scan (Eq 19) are not reproduced.`
