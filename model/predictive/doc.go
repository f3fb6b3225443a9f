// Package predictive implements the predictive learning rule of
//
//	A. Luczak, B. L. McNaughton & Y. Kubo, "Neurons learn by predicting
//	future activity", Nature Machine Intelligence 4:62–72 (2022),
//	doi:10.1038/s42256-021-00430-y.
//
// The network (Net) is a stack of sigmoid rate layers x_0 (input, clamped),
// x_1 … x_{L−1}, with feedforward weights W_l (from layer l to l+1) and
// symmetric feedback through the same matrices. Euler dynamics from x = 0,
// all layers updated synchronously from the previous step's state:
//
//	x_l ← x_l + dt·(−x_l + σ(W_{l−1}ᵀ x_{l−1} + γ·W_l x_{l+1} + b_l)),
//
// the top layer having no feedback term (authors' code calculate_dynamics).
// The free phase runs T steps; the clamped phase runs T steps of which the
// first Delay are free and the rest hold the top layer at the target.
//
// Each neuron i has its own linear predictor (Predictor) of its free steady
// state x_i(T) from its own early activity [x_i(1), …, x_i(K), 1], fit by
// ridge least squares across samples and clipped at zero (authors' code
// predict_dynamics). The predictive update (Update, authors' AdaCHL
// update_weights) is
//
//	ΔW_l = x_l^c ⊗ (x_{l+1}^c − x̂_{l+1}) / B,  G_l += ΔW_l²,
//	W_l += η_l·ΔW_l / (√G_l + 1e−7),
//
// the paper's Δw_ij = α·x_j·(x̃_i − x̂_i) with x̃ the clamped (later) activity
// and x̂ the neuron's prediction of its free activity, with AdaGrad scaling.
package predictive
