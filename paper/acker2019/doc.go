// Package acker2019 reproduces Acker, D., Paradis, S. & Miller, P. (2019).
// Stable memory and computation in randomly rewiring neural networks.
// J Neurophysiol 122(1):66–80.
//
// Experiment ID "rewiring-memory". Grid-cell inputs (synth/gridcells) drive
// outputs through synapses whose strengths come from an empirical spine-size
// pool. Synapses turn over at random; Hebbian plasticity with synaptic
// scaling (normalisation of each cell's summed weight to 149.1) integrates the
// new synapses into the existing memory.
//
//   - Model 1 (paper Fig. 2): one output, 1200 inputs. After a pre-training
//     Hebbian step, n inputs are replaced by new grid cells with fresh pool
//     weights and a post-training step follows. The correlation between the
//     postsynaptic potential carried by the replaced and by the replacing
//     synapses is high with pre- and post-training, near zero without
//     pre-training ("NMDAR block") and at 100 % turnover.
//   - Model 2 (paper Figs. 3–4): place cells, each with 1200 of 10,000
//     possible grid inputs, E%-max competition between cells, 114 of 1200
//     synapses replaced per day (≈ 95 % turnover in 30 days). With Hebbian
//     learning during replay the place fields stay put; without it they drift.
//
// Not reproduced: the V1 orientation-tuning model (supplementary tables only,
// no code). Deviations: the grid library is generated in Go (the authors'
// .npy is not available); the strength pool holds 2·10⁵ rejection-sampled
// strengths (one pool per run, seeded); model 2 runs 500
// place cells (the paper 2000) for 30 days at default scale.
//
// Result (seed 1, default scale): model 1 median PSP correlation at 10 %
// turnover 0.646 with pre- and post-training, −0.055 without pre-training,
// −0.006 with post-training off, −0.034 at 100 % turnover (spec, NumPy port:
// 0.65–0.67, ±0.07, −0.06 to −0.10, −0.04 to −0.07). Model 2 at day 30,
// pooled over 3 networks of 500 cells: η = 1e-4 recurring fraction 0.690,
// median |Δcentroid| 3.5 px; η = 0 median 25.0 px, ratio 7.1 (spec: 0.58–0.70,
// 3.0–3.5 px, 22.5–29 px, 6.4–9.7). Positions are 1-cm bins, so px = cm.
package acker2019
