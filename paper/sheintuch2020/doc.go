// Package sheintuch2020 reproduces the multiple-maps analysis of Sheintuch,
// Geva, Baumer, Rechavi, Rubin & Ziv, "Multiple maps of the same spatial
// context can stably coexist in the mouse hippocampus", Current Biology 30,
// 1467–1476 (2020), experiment ID "multiple-maps".
//
// Simulated CA1 event recordings (package synth/placemaps: 250 place cells
// and 100 untuned cells, 8 sessions two days apart, 5 three-minute trials per
// session, two maps chosen per trial, 5% turnover of each map's active cells
// per session) are analysed with package analysis/placefield: trials cluster
// into the true maps by average linkage on 1 − PV correlation with K chosen
// from the data (and a single-map control selects K = 1); within-map PV
// correlation exceeds across-map correlation at every day lag and persists
// over two weeks while across-map correlation is at the cell-shuffle level;
// a sliding-window detector finds no switch within trials but does find one
// inserted on purpose; and the Skaggs spatial-information shuffle test keeps
// its false-positive rate on untuned cells.
//
// Deviations: the paper's data are replaced by the spec's generator; the map
// labels of the paper came from a spreadsheet whose clustering is not in the
// reference code, so the clustering rule is the spec's (silhouette ≥ 0.25 and
// at least 3 sessions holding ≥ 2 clusters). Checks 2–4 use the true map of
// each trial, as the paper used its given labels.
package sheintuch2020
