package luczak2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A 196-hidden-10 network of sigmoid rate units with symmetric feedback (package
model/predictive, after the authors' CHL_clamped.py), Euler steps from x = 0:

    x_l ← x_l + dt · (−x_l + σ(W_{l−1}ᵀ x_{l−1} + γ W_l x_{l+1} + b_l))
    x̂_i = Σ_{t≤k} β_{i,t} x_i(t) + β_{i,0}
    ΔW_l = Σ_s x_l^c ⊗ (x_{l+1}^c − x̂_{l+1}) / B,  G_l += ΔW_l²,  W_l += η_l ΔW_l / (√G_l + 1e−7)
    b_{l+1} += η_l Σ_s (x_{l+1}^c − x̂_{l+1}) / B

x_0 is the clamped 14 × 14 glyph image, the hidden layer has N_h units (hidden), the Euler step is
dt (dt, in units of the time constant), the feedback gain γ (gamma). The free phase runs T steps
(steps); the clamped phase runs T steps, free for the first delay steps, then with the output held
at the one-hot label (x^c its final state). Each neuron predicts its free steady state x_i(T) from
its own first k steps (k) by ridge regression (ridge) fit across the other samples of the batch,
clipped at 0; the update is the paper's Δw_ij ∝ x_j (x̃_i − x̂_i), x̃ = x^c, with AdaGrad scaling,
learning rates η_0, η_1 (eta_0, eta_1), summed over the B update samples s (update), x_0^c the
input; the bias step has no AdaGrad scaling, and bias_rule first keeps only the first update
sample's error in it (still divided by B; default mean: all B).

Protocol. Default scale: 196-100-10, dt = 0.1, T = 120, k = 12, delay 13; 3000 training and 1000
test glyphs (10 classes, package synth/glyphs); 10 epochs of batches of 50, each batch fitting the
predictors on 40 free phases and updating on the other 10. Three trainings from one initial net and
one batch order: the predictive rule, the oracle (x̂ the true free steady state, i.e. contrastive
Hebbian learning) and shuffled predictions. After training: held-out predictor R²; predictors fit on
1000 trajectories driven by Gaussian pixel noise (spont_sd 0.1), tested on evoked activity;
output-layer surprise |x^c − x̂| per epoch. Figures: predicted trajectories, accuracy and surprise
against epoch. --scale quick: 196-40-10 with dt = 0.2, T = 60, k = 6, delay 7, 2000/300 glyphs,
batches of 25, 300 trajectories; --scale paper: 1000 hidden units, 10000/2000 glyphs, 30 epochs.

Deviations. Procedural 14 × 14 glyph digits replace MNIST and the net is 196-100-10, not
784-1000-10; batches of 50 with regressions on 40 (the code: 500 and 490); 10 epochs of 3000
images, not 601 of 60000; the bias step uses the mean error of the update samples (the code uses
the first sample's); the spontaneous-activity claim is tested on the model's own noise-driven
activity, not on rat recordings.`
