// Package kallekossio2021 is a SURROGATE reproduction of
//
//	F. Y. Kalle Kossio, S. Goedeke, C. Klos & R.-M. Memmesheimer, "Drifting
//	assemblies for persistent memory: Neuron transitions and unsupervised
//	compensation", PNAS 118:e2023832118 (2021).
//
// The paper's equations, parameter values and network sizes are not public
// and no code was released, so this package does not implement the paper's
// model. It implements our surrogate of it (spec drifting-assemblies.md),
// built on the linear Hawkes network with symmetric STDP of Manz &
// Memmesheimer (PLoS Comput. Biol. 2023; parameter set "Drift2": N = 120,
// six assemblies of 20, τ_p, τ_d, A_p, A_d of pars.py) and model/spiking,
// with mechanisms of our choosing (the spec leaves them open):
//
//   - Homeostatic normalisation (norm_mode fix): every norm_every spikes
//     each neuron's summed input Σ_j W_ij is scaled to the target
//     norm_target·(N/M − 1)·w_max = 0.7125, the assemblies' branching ratio
//     (weights clipped to [0, w_max]).
//   - Neuron-level synaptic turnover: at rate λ_neuron per neuron, all of a
//     neuron's input and output synapses (row and column of W) are replaced
//     by new, silent ones (reset_max = 0). The neuron leaves its assembly;
//     the first neurons it then fires with (within the potentiating part
//     of the STDP window, |Δt| ≲ 2 units) become its inputs, the row
//     normalisation scales them to the target at once, and STDP with the
//     normalisation consolidates the membership (positive feedback: its new
//     inputs make it fire with that assembly). Single-synapse turnover at
//     rate λ_turn (the earlier design) remains available, off by default.
//     This departs from the spec's wording of the surrogate, which lists
//     turnover as "each synapse reset to a small random weight at rate
//     λ_turn": with single-synapse turnover no setting tried reached the
//     spec's checks within its run length (table below: frozen, melting,
//     or too slow with flickering borders), while resetting all of one
//     neuron's synapses together is still spontaneous synaptic turnover,
//     correlated within a neuron. Set lambda_neuron=0, lambda_turn>0 and
//     reset_max>0 for the spec's form.
//   - M input channels and M readouts with unsupervised Hebbian learning,
//     tested by probes on a frozen copy of the network at each checkpoint
//     (no STDP, no turnover), so the probes do not shape the drift: a
//     stimulus drives its channel's weighted neurons for stim_dur units and
//     the readouts integrate the recurrent echo after stimulus offset (the
//     winner is the readout with the largest weighted echo). With
//     plasticity, the presented channel's input weights move towards the
//     4th power of the recurrent drive d_i = Σ_j W_ij n_j that the evoked
//     spikes n deliver to each neuron, the winning readout's weights towards
//     the trial's squared spike counts (competitive learning); both are
//     multiplicatively normalised per channel/readout, and a homeostatic
//     step caps each neuron's summed weight over channels (readouts) at
//     code_cap·M/N, so two codes cannot both hold one assembly in full. The
//     fixed control keeps the t0 weights.
//   - Recruiting code rules (default recruit=1 learn_win=trial; recruit=0
//     learn_win=echo gives the earlier rules; see "Recruiting code rules"
//     below): homeostatic recruitment,
//     in which a channel that shares its neurons with other channels
//     (fraction c of their input from others) moves the fraction recruit·c²
//     of its weight onto neurons no channel claims, so a channel that has
//     lost its assembly in a merge takes up an assembly that no channel
//     drives, and its Hebbian step then captures it; and readout learning
//     by the readout that responds most over the whole trial, stimulus
//     included (the recall read-out, the check's, stays the echo), so a
//     readout keeps to the neurons its channel drives.

// Assemblies are found by Louvain community detection (gonum
// graph/community) on (W + Wᵀ)/2 at every checkpoint, best modularity of
// 10 runs (spec), and tracked across checkpoints by maximum-overlap
// (Hungarian) matching (model/assembly).
//
// Reduced picture (the abstract's "reduced random-walk model"): a neuron is
// reset at rate λ_neuron and is then captured by a random assembly, its old
// one included, so its membership is a Markov jump process with dwell time
// ≈ 1/(λ_neuron·(1 − 1/M)) = 2e5 s, exponential by construction as long as
// the capture settles well within a checkpoint spacing. Over t_end = 7e5 s
// that gives ≈ 3.5 transitions per neuron (measured 4.1–4.7, because some
// captures waver: below) and ARI(t0, t_end) ≈ 0. Intervals observed inside
// [0, t_end] are truncated: for exponential intervals with 4–5 transitions
// per neuron and 90 checkpoints the pooled CV is 0.88–0.91 (simulated), so
// the check's [0.8, 1.2] has room for the residual excess below.
//
// Status (default scale, 7e5 s, 90 checkpoints, seeds 1 / 2 / 3): every
// check passes. Louvain finds six ± 1 communities at all 91 checkpoints,
// minimum within/between 14.2 / 15.7 / 19.7; ARI(t0, t_end) 0.000 /
// −0.009 / 0.005; 558 / 519 / 488 transitions, 439 / 400 / 372 intervals
// with pooled CV 1.11 / 1.06 / 1.16, checkpoint spacing 0.074 / 0.076 /
// 0.077 of the mean interval; plastic readout 0.996 / 0.994 / 0.995, fixed
// readout 0.294 / 0.258 / 0.269 (limit 0.317); rate 0.251 Hz. CPU 18.7 /
// 21.3 / 22.4 s per run (2 workers, shared machine; 18.7–24.1 s over
// repeated runs; budget 30 s), of which Louvain with 10 runs ≈ 7 s. Margins
// are modest: CV ≤ 1.2 and the fixed readout ≤ 0.317 are the tightest.
// Seeds 4–6 (not part of the calibration): seeds 4 and 6 pass every check;
// seed 5 fails only readout_plastic (0.882): two assemblies merge and the
// network itself keeps five communities to the end, so two stimuli evoke
// one assembly (5 of 6 correct). With the earlier code rules (recruit=0,
// learn_win=echo) seed 6 failed too (0.832): after a merge two channels
// shared one assembly while a new one had no channel; the recruiting code
// rules (below) take it up. Quick scale (7e4 s, a
// tenth of the run) is a smoke test: remodelling is incomplete there
// (ARI ≈ 0.4, 10–39 intervals, fixed readout ≈ 0.96).
//
// Paper scale (7e6 s, ten times the default run, 900 checkpoints, seed 1;
// 3 min CPU): the assemblies stay intact over ≈ 35 dwell times (minimum
// within/between 14.2; six ± 1 communities at 898 of 901 checkpoints, so check 1 fails there,
// sizes 9–39) and the 5087 inter-transition intervals are near-exponential
// (CV 1.15, spacing 0.05 of the mean interval). The plastic readout stays
// at 0.994 with the recruiting code rules (fixed 0.31); with the earlier
// code rules (recruit=0, learn_win=echo) it fell to 0.50: over many
// split/merge events of the size-drifting assemblies the channels lose
// their assemblies, and the readouts their channels, one by one (with
// recruit 0.3 and learn_win echo, two channels had exchanged readouts by
// 1.2e6 s while each still had an assembly of its own).
//
// Recruiting code rules (recruit=1, learn_win=trial, recruit_theta 1/2;
// the network and its drift are unchanged, the codes being probed on frozen
// copies: every network metric is bit-identical, TestQuick). Plastic
// readout at default scale, seeds 1–6: 0.996 / 0.994 / 0.995 / 0.997 /
// 0.882 / 0.979 (default rules: 0.997 / 0.996 / 0.993 / 0.999 / 0.879 /
// 0.832); seeds 7–10, held out: 0.997 / 0.996 / 0.996 / 0.948 (default
// rules 0.995 / 0.996 / 0.996 / 0.956). Paper scale, seed 1: 0.994 (three
// more draws of the probe noise 0.992–0.993; default rules 0.50). Every
// other metric, the fixed control's accuracy included (it keeps the t0
// weights), is bit-identical to the default rules' at seeds 1–6, and every
// other check passes. CPU 18.9–20.2 s per default run (default rules
// 18.3–20.2 s). Adopted as the default. Seed 5 still fails
// readout_plastic, and no code rule can pass it: the network itself holds five communities (Louvain, the run's
// own, ten runs) at 14 of the last 18 checkpoints, so two stimuli evoke
// the same assembly and the recall is bounded by ≈ 5/6 there. Seed 6
// needs the recruitment: two channels shared a merged assembly of 30 while
// an assembly of 17 had no channel; with recruit one of them moved onto it
// together with the readout. Which of two channels on one assembly leaves
// is decided by noise, and the readouts can then be exchanged between the
// two (an unsupervised system cannot tell them apart): replaying seed 6's
// network with twelve other probe-noise streams, the codes recovered in
// 11 of 12 at recruit 1 (0.68 in the other), 7 of 12 at 0.5, 1 of 12 at
// 0.3, 0 of 12 at 0 (learn_win trial alone); 12 of 12 with code_cap 1.5 as
// well (paper scale 0.990–0.993), and 8 of 12 and 0 of 12 at
// recruit_theta 0.35 and 0.7. Both parts are needed: learn_win trial
// alone gave 0.66 at paper scale and did not rescue seed 6 (0.832); recruit alone rescued seed 6 only at some rates (0.3: 0.969,
// 1: 0.686) and left paper scale at 0.50. A homeostatic recruitment of the
// readouts as well (the same rule on R, every trial) changed nothing
// (≤ 0.003) or, six times faster, broke the pairing (seed 6: 4 of 12).
//
// Known imperfections of the design, measured: (1) a reset neuron's first
// partners can come from several assemblies, and the competition takes up
// to ≈ 1e4 s to settle, so ≈ 20 % of intervals are one checkpoint spacing
// long against ≈ 6 % for exponential intervals (metric
// intervals_one_spacing); this is what keeps the CV above 1. (2) Capture
// is proportional to an assembly's spike count, hence to its size, so
// assembly sizes random-walk (11–37 neurons over a default run) and an
// assembly occasionally splits into a seventh community. (3) The fixed
// readout stays above chance even after complete remodelling (≈ 0.25–0.30)
// because the fixed input and readout select the same neurons.
//
// Designs tried (default scale, 7e5 s, seed 1 unless noted; "melted": the
// assemblies dissolve into reshuffling communities with within/between
// ≈ 2–3 and readouts ≈ 0.16–0.2):
//
//	design                                          ARI    intervals  CV    fixed  plastic  CPU s
//	earlier default: synapse turnover 1e-7, row     0.67   97         3.4   0.92   0.955    18.5
//	  cap 0.95, w_max 0.05, μ 0.107, 300 ckpts
//	neuron reset λ_n 1.5e-7, uniform reset          melted (17160 intervals, CV 0.96)       22.6
//	  weights U(0, 0.005), row cap; same with
//	  fix or fixrc                                  melted (rate 0.63–0.67 Hz)
//	fix, w_max 0.04 (row 0.76, every row full),     melted in 2e5 s; a reset neuron returns to
//	  μ 0.05, uniform reset 1.5e-7                  its old assembly (vacancy), over ≈ 2e4 s
//	same, no turnover, μ 0.05 / 0.1 / ≥ 0.115       frozen / 6 transitions in 2e5 s / melted
//	fix, w_max 0.05, row 0.76, μ 0.1, uniform       −0.003 401        1.14  0.23   0.847    14.7
//	  reset λ_n 5e-8, 50 ckpts (spacing 0.147)
//	  100 ckpts                                     −0.008 466        1.39  0.239  0.894    15.7
//	+ silent reset (reset_max 0), 100 ckpts         −0.007 426        1.24  0.272  0.952    14.5
//	  seed 2 (sizes 10–40)                          0.012  462        1.31  0.238  0.639    14.8
//	+ fixrc, μ 0.05 (seed 2; 8 communities twice)   −0.013 552        1.41  0.271  0.981    19.3
//	+ fix with w_max 0.045 / 0.0425 (same row sum)  melted
//	+ code_cap 2, 80 ckpts, seeds 1 / 2 / 3         all pass / all pass / CV 1.21
//	+ norm_up_max 1.01 / 1.002 (seed 3)             CV 1.23 / 1.46 (slower capture, more flicker)
//	row 0.855 (ρ 3.6e-4) / 0.665 / 0.57 (seeds)     melted / seeds 1–3 pass (CV 1.14–1.17) /
//	                                                seed 1 fails m ± 1 (59 of 81 checkpoints)
//	row 0.665, μ 0.12 / 0.14                        melted
//	row 0.665, μ 0.085 / 0.07 (seeds 1, 3)          CV 1.08–1.10, fixed 0.31 / 283–311
//	                                                intervals, fixed 0.30–0.34
//	row 0.665, μ 0.075, λ_n 6e-8, 90 ckpts, seed 2  fails m ± 1 at 1 of 91 checkpoints
//	                                                (seven assemblies plus a just-reset neuron)
//	default: row 0.7125, ρ 7.2e-4 (seeds 1–3)       ≤ 0.005 372–439   1.06–1.16 0.26–0.29 ≥ 0.993 18.7–22.4
//	  code_cap 1.5 / 3, η_in = η_out = 0.2, or     seeds 5, 6 still fail readout_plastic
//	  probe_trials 20                               (seed 1 at code_cap 1.5: 0.665)
//
// Code rules (replayed on the stored network of the default runs; the
// network metrics are those of the default, plastic readout at seeds 1–6,
// then paper scale seed 1):
//
//	code rule                                       plastic readout, seeds 1–6        paper
//	default (recruit 0, learn_win echo)             0.997 0.996 0.993 0.999 0.879 0.832  0.50
//	recruit 0.1 / 0.3 / 1, learn_win echo           seed 5 0.878–0.887; seed 6 0.824 /   0.50
//	                                                0.969 / 0.686; seeds 1–4 ≥ 0.994
//	recruit_theta 1 (recruit 0.3)                   seed 1 0.169, seed 5 0.554
//	learn_win trial                                 0.997 0.996 0.993 0.999 0.885 0.832  0.66
//	recruit 0.3 / 0.4 / 0.5 / 0.7 / 1, trial        seed 6 0.697 / 0.975 / 0.980 /       0.99 at
//	                                                0.691 / 0.979; seeds 1–4 ≥ 0.993,    0.3, 0.5, 1
//	                                                seed 5 0.876–0.885
//	recruit 1, trial, code_cap 1.5 / 1.2            seed 5 0.880 / 0.865, seed 6         0.99 (1.5)
//	                                                0.986 / 0.970; seeds 1–4 ≥ 0.990
//
// (The rows with recruit > 0, except recruit 1 with trial and the code_cap
// rows, were run with the same recruitment applied to the readouts as well,
// at rate recruit/M per trial, which changed the results by ≤ 0.003 where
// compared.)
//
// With the Drift2 w_max = 0.024 (the first design), every variant tried —
// synapse turnover rate 1e-7 to 4e-6, μ 0.05–0.2, reset weights, row cap,
// fixed rows, fixed rows and columns — gave frozen or melting assemblies.
// The plastic input/readout rule follows complete drift of planted
// assemblies (TestCodesFollowPlantedDrift, w_max = 0.024: accuracy 1.00
// plastic, 0.30 fixed).
//
// Speed: the engine keeps the Hawkes excitation and the STDP traces
// lazily decayed (one exp per event, no O(N) decay), draws the spiking
// neuron through block sums, clips weights without branches, and fuses
// the kernel of a spike with its STDP update in one pass over the column
// (spiking.Hawkes.FireSTDP); the probes use a transposed copy of the
// frozen weights, and checkpoint work (Louvain, probes) runs alongside the
// simulation.
package kallekossio2021
