// Package fauth2019 reproduces
//
//	M. Fauth & M. C. W. van Rossum, "Self-organized reactivation maintains and
//	reinforces memories despite synaptic turnover", eLife 8:e43717 (2019).
//
// A 240-neuron rate network with 16 potential synapses per ordered pair,
// short-term depression, three-regime synaptic plasticity and
// weight-dependent structural creation/removal (model/structural) learns
// three 30-neuron assemblies and is then maintained by alternating sensory
// and rest phases. Reproduced: the growth of intra-assembly connectivity
// during rest against its loss with sensory phases only (Fig. 3/4), one
// assembly at a time reactivating during rest (Fig. 2), and pattern
// completion improving from the end of learning to the end of maintenance
// (Fig. 5).
//
// Deviation from the paper (spec's default-scale adaptation): time
// compression by k = 24 (parameter compression): the structural rates b, d0,
// d1 and the decay Δ_decay are multiplied by k and all phase durations are
// divided by k, so that a compressed day d' lasts one hour; neural, STD, LTP
// and LTD time scales are unchanged. --scale paper runs uncompressed (k = 1).
// The noise current is a fresh N(0, 1.5²) draw per 0.1-s step, held over the
// step. Thresholds are the spec's proposals.
//
// Deviation (numerics): the neural variables take four forward-Euler
// sub-steps per 0.1-s step (model/structural.Default): plain forward Euler at
// dt = 100 ms is unstable for the global-inhibition loop of 240 neurons and
// produces network-wide oscillations that co-activate, and so merge, the
// assemblies.
//
// Status: uncompressed (--set compression=1 or --scale paper) the model
// reproduces the paper's claims, all six checks pass (seed 1: with rest
// 5.29 → 13.85 synapses per intra pair, 17.9× control; sensory only 0.66;
// one assembly at a time in 0.9989 of frames; recall 0.513 → 0.989).
// Compressed as the spec proposes
// (k = 24 at default scale, k = 96 at quick scale) it does not, and no
// calibration within the spec's latitude (noise SD, learning-phase
// compression) makes it. Measured at default scale, seed 1:
//
//   - The implementation follows the spec under compression: only b, d0, d1
//     and Δ_decay are multiplied by k, only phase durations are divided by k
//     (learning keeps 18 s on / 36 s off), k is applied once.
//   - Learning ends weaker than uncompressed: 3.86 synapses per intra pair,
//     3.63 of them consolidated (w > w_off), S̄·w̄/w_max = 3.48, against
//     5.29, 5.28 and 5.18 at k = 1. This is the spec's survival deficit
//     (0.61 instead of 0.98 of new synapses reach their first stimulation);
//     learn_compensation=survival stretches learning by 0.98/0.61 and
//     restores 5.44 synapses per pair and S̄·w̄/w_max = 5.02.
//   - The rest phase then still fails. Reactivation regrows an assembly only
//     if the LTP of its reactivations outweighs the decay, which compression
//     multiplies by k, and the LTD of noise-driven single-neuron activity,
//     which it does not. Per compressed sensory+rest cycle (≈ 900 s) decay
//     alone removes Δ_decay·k·900 s = 12.5 % of w̄ (≈ 0.07 at w̄ = 0.55).
//     Uncompressed, the first rest (S̄·w̄/w_max = 4.63) gains only +0.03 in
//     w̄ in its first 300 s (182 frames with an assembly active) and
//     bootstraps because it lasts 5980 s (7869 frames, w̄ 0.57 → 0.65).
//     Compressed, the 5-min rest at the same strength (compensated learning,
//     S̄·w̄/w_max = 4.43–4.47) has 9 frames at noise 1.5 and 105 at noise 3,
//     and w̄ falls (0.55 → 0.51), so each later rest starts weaker. With
//     plasticity frozen at the first rest's state, 1000 s of rest give 136
//     (noise 1.5) and 446 (noise 3) frames compressed, against 403 and 577
//     uncompressed: even the uncompressed rate would not pay for a compressed
//     cycle's decay. Noise 2–4 raises the frames but not enough; 6–8 makes
//     it worse (w̄ falls faster through LTD). Spec learning (S̄·w̄/w_max
//     = 3.1 at the first rest) gives no reactivation at all at noise 1.5–3.
//     k = 8 with compensated learning fails the same way (first rest 780 s,
//     121 frames, w̄ 0.58 → 0.55).
//   - Only over-learning bootstraps rest growth, and then recall after
//     learning is already ≈ 1 and cannot improve (check 4). learning_h = 24
//     (learning compressed by 9 instead of 24): 7.94 synapses per pair after
//     learning, rest regrows them to 13.31 (ratio 1.68, 20× control), one at
//     a time 0.999, but recall 1.000 → 0.989; 5 of 6 checks pass.
//     learning_h = 20: 6.92 synapses, recall 0.999 after learning, then
//     recall ends at 0.56 (seed 2: 0.64); at learning_h = 18 (6.4 synapses,
//     recall 0.95) the assemblies visibly fragment (a core of 19–22 members
//     keeps reactivating, the others are depressed) and lose synapses. With
//     compensated learning (≈ 5.4 synapses, recall 0.35–0.39, as the paper's
//     0.51) rest never bootstraps. There is no learning strength at which
//     recall starts below 1 and the rest phases regrow the assemblies.
//
// The run says so in its notes; the checks stay as the spec proposes.
package fauth2019
