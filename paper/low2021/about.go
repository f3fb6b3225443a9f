package low2021

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Data. A simulated medial-entorhinal session on a 400-cm virtual track (package synth/mecmaps,
the spec's generator): cells, position bins and trials set by cells, bins and trials. Each cell has
1–3 Gaussian fields (σ = 10 cm, peaks U(peak_min, peak_max), baseline 0.5 Hz) in map 1; a fraction
remap_frac of cells moves each field to a new random place with its peak scaled by U(0.3, 2) in
map 2, the others keep map 1. The map sequence is a two-state Markov chain that switches with
probability p_switch per trial once a stay has lasted min_trials trials. The mouse runs at 20 cm/s
in map 1 and 30 cm/s in map 2; an observed rate is a Poisson count over the dwell time in the bin
divided by that time, normalised by the cell's session maximum.

Method. Package analysis/remap, after Low et al.: each trial's bins × cells rate map is unwrapped
into one vector y_t; k-means with K = 2 and random restarts (restarts) labels the trials, maps
numbered by mean running speed (map 1 the slower); remap events are label changes at least
min_trials trials after the previous event. Trial similarity is |corr(y_i, y_j)|. With the
centroids c1, c2:

    proj = (c1 − c2) / ‖c1 − c2‖,    dd_t = (y_t·proj − c2·proj) / (c1·proj − c2·proj)
    s_t = 2 (dd_t − ½)
    ll = mean_t [m_t log(1 + e^{s_t}) + (1 − m_t) log(1 + e^{−s_t})]

s_t is the distance-to-cluster score (+1 at map 1, −1 at map 2); the per-cell score restricts y
and the centroids to one cell's bins, and the remap score ll averages it with m_t = 1 in map 2.

Protocol. Default scale: one 2-map session of 80 cells × 80 bins (5 cm) × 150 trials, peaks 5–20 Hz,
60% of cells remapping, switch probability 0.04 after stays of at least 5 trials (also the minimum
between events), and a 1-map control session from its own random stream; 100 k-means restarts.
Figures: trial × trial similarity, the score per trial with true and found maps, mean rate maps of a
remapping and a stable cell. --scale quick uses 10 restarts; --scale paper uses the default values.

Deviations. The paper's Neuropixels recordings are replaced by the spec's generator with ground
truth; the manifold alignment of Fig 7 and the circular-regression position decoder are not
reproduced.`
