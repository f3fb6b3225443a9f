// Package placemaps generates simulated calcium-event recordings of
// hippocampal CA1 on a linear track with several coexisting spatial maps,
// cell turnover across days, and untuned cells, as specified for the
// multiple-maps reproduction of Sheintuch, Geva, Baumer, Rechavi, Rubin & Ziv,
// "Multiple maps of the same spatial context can stably coexist in the mouse
// hippocampus", Curr Biol 2020 (spec multiple-maps.md). The generator returns
// its ground truth: the map of every trial (or the frame of an inserted
// within-trial switch), each map's active cells per session and the untuned
// cells.
//
// The mouse runs back and forth on a 96-cm track at a constant speed; frames
// at fs = 20 Hz; position bins of 4 cm, of which bins 3–22 (1-based) are
// analysed, in each running direction. In each map a fraction of the place
// cells is active, each with a Gaussian field (σ = 1 bin) per direction and a
// peak event probability per frame; each session a fraction of each map's
// active cells is replaced by inactive ones with new fields.
//
// Usage: Generate(rng, Default(2)) returns a Recording whose per-frame
// fields fill an analysis/placefield Frames; SwitchTrial adds a trial with a
// map switch.
package placemaps
