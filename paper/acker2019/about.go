package acker2019

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. Output cells sum grid-cell inputs along a 1 m track of 100 1-cm bins through synapses that
turn over at random; Hebbian learning with synaptic scaling writes the current response back into
the weights (authors' model-1 and model-2 R code as the spec transcribes it):

    r = θ(X w),   w ← w + η Xᵀ r,   w ← B · w / Σ_k w_k
    v(q) = Σ_k cos(4π/(√3 λ) · u_kᵀ(q − c)),   rate = exp(0.3 (v + 3/2)) − 1
    P(s) ∝ (1 − e^(−s/0.022)) (e^(−s/0.018) + 0.02 e^(−s/0.15)),   W(s) = (s/0.2) · s/(s + 0.0314)

X holds the rate maps of a cell's inputs, drawn from a library of 10⁴ synthetic grid cells (library;
synth/gridcells): three plane waves along unit vectors u_k 60° apart, spacing λ ~ U[0.2, 1], random
phase c and orientation (0°, 20° or 40°), sampled at q = (i/100, 1) for bin i; each cell has 1200
synapses (synapses), learning rate η = 10⁻⁴ (eta), summed weight B = 149.1 (budget). Weights of
initial and new synapses come from a pool of 2·10⁵ strengths W(s), spine sizes s on [0, 0.2] µm
rejection-sampled from P(s). θ: model 1 zeroes the positions below the 90th percentile of the cell's
input; model 2 applies E%-max competition, a cell keeping its input at a position only if it
is ≥ 0.9 × the maximum over cells there (win_frac).

Protocol. Model 1 (paper Fig. 2), one output cell, 100 replicates (reps) per turnover level of 10,
20, ..., 100 %: random synapses and pool weights, a pre-training Hebbian step, replacement of n
synapses by new grid inputs with fresh weights, a post-training step; Pearson correlation over
position of the PSP carried by the replaced synapses before and by the new ones after, for pre- and
post-training, no pre-training ("NMDAR block") and, at 10 %, no post-training (figure 1). Model 2
(Figs. 3-4): 500 place cells (cells), each day 114 synapses per cell replaced (turnover), then
competition, one Hebbian step with scaling and competition again, for 30 days (days), with η = 10⁻⁴
and η = 0, pooled over 3 networks (seeds). A place cell has exactly one run of ≥ 6 bins (min_field)
above 0.8 of its maximum (field_frac); its centroid is tracked against day 0. Figures: median
centroid drift and recurring fraction of day-0 place cells against day (figure 2); rate maps on day
0 and the last day (figure 3). Model 2's checks are on day 30 (the last day if a run is shorter).
Quick scale: 50 replicates, 120 cells. Paper scale: 2000 cells, 60 days (checked on day 30, day 60
in the day_last metrics).

Deviations. The grid library is generated in Go rather than read from the authors' file; model 2
runs 500 place cells, not 2000, at default scale; the V1 orientation-tuning model is not reproduced.`
