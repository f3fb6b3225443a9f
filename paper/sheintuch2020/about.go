package sheintuch2020

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Data. Simulated CA1 calcium events on a 96-cm linear track (package synth/placemaps, the spec's
generator): the mouse runs back and forth at 15 cm/s, frames at 20 Hz, 20 analysed 4-cm bins per
direction. In each map a fraction active_frac of place_cells is active, each with a Gaussian field
per direction (σ = 1 bin) of peak event probability peak_prob per frame; untuned_cells fire with
probability untuned_prob per frame anywhere. Each trial (trial_s long) is in map 1 with probability
p_map1, else map 2; sessions are two days apart, trials_per_session each, and each session a
fraction turnover of each map's active cells is swapped for inactive cells with new fields.

Method. Package analysis/placefield, after the authors' MATLAB code: per-trial rate maps (events /
occupancy, smoothed by gausswin within each direction); PV correlation of two trials, the mean over
bins of the correlation across cells; trials clustered by average linkage on 1 − PV, with K in
1..max_k chosen by silhouette and K > 1 accepted only if the best silhouette is ≥ min_silhouette and
at least min_sessions sessions hold trials of two clusters. Within- and across-map PV correlation
against day lag, with a cell-identity shuffle of across-map pairs. Switch detector: window_s windows
slid by step_s, each with at least 3 active cells assigned the map template (mean rate map of a
found cluster) it correlates best with when that correlation exceeds switch_threshold, else keeping
the previous window's map; a switch is a change of map. Skaggs information per cell and session,

    SI = Σ_b p_b (r_b / r̄) log₂(r_b / r̄),

p_b occupancy, r_b event rate, r̄ the mean rate, tested against shuffles surrogates that spread
the cell's events over bins in proportion to occupancy (p < 0.05).

Protocol. Default scale: 250 place cells and 100 untuned cells, 8 sessions (days 0–14) of 5
three-minute trials, p_map1 = 0.6, 35% active per map, peak 0.3 and untuned 0.02 events per frame,
5% turnover; K ≤ 4, silhouette ≥ 0.25, 3 mixed sessions; 60-s windows, 3-s steps, threshold 0.2; a
single-map control recording from its own random stream; one extra trial switching map at half-time;
1000 SI shuffles. Figures: the trial × trial PV matrix, PV correlation against day lag, example
cells in each map. --scale quick uses 300 shuffles; --scale paper uses the default values.

Deviations. The paper's recordings are replaced by the spec's generator; the paper's map labels
came from a spreadsheet, so the clustering rule is the spec's; the day-lag curves use the true map
of each trial, as the paper used its given labels.`
