// Package placefield computes place-cell measures from event recordings on a
// linear track, following Sheintuch, Geva, Baumer, Rechavi, Rubin & Ziv,
// "Multiple maps of the same spatial context can stably coexist in the mouse
// hippocampus", Curr Biol 2020 (authors' code zivlab/multiple_maps):
// rate maps per trial and running direction (events ÷ occupancy, smoothed by
// a normalised Gaussian window), Skaggs spatial information (Skaggs,
// McNaughton, Gothard & Markus 1993) with its shuffle test, population-vector
// correlations between trials, clustering of trials into maps with the number
// of maps chosen from the data, and the sliding-window map-switch detector.
//
// Usage: fill a Frames with the recording (FromArrays builds it from your
// own arrays, FromRecording wraps synth/placemaps data) and check it with
// Frames.Validate, then TrialMaps → PVMatrix → ClusterTrials gives each
// trial's map; MapTemplates and DetectSwitches find switches within a
// trial, SITest finds the spatially tuned cells.
//
// A Frames holds per frame: Bin, the position bin 0..Bins−1 of a frame to
// analyse, or −1 (outside a trial, no position, or below the speed
// threshold); Dir, 0 for increasing and 1 for decreasing position; Trial,
// numbered 0..n−1; and Events, the cells with an event. FromArrays makes
// it from events (frames × cells), position and trial per frame, as the
// maps command does: Bins equal bins over the position range, the
// direction from the sign of the velocity smoothed by a centred moving
// average, a minimum speed, and input checks (contiguous trials, enough
// frames above the speed, both running directions within trials). Rate
// maps are then cells × 2·Bins, direction-major.
//
// Layout: a rate map's rows are cells (row c is cell c's tuning curve over
// the bins of both directions), as in Sheintuch et al.'s code and as
// analysis/stats's PVCorrelation (a population vector is a column) and
// TuningCorrelations take them; the per-cell measures (spatial information,
// the shuffle test) read one row. analysis/drift's Responses.Repeat gives
// the same cells × bins orientation, while analysis/remap keeps its tensor
// as trials × bins × cells (rows of a trial's block are population
// vectors), the transpose.
//
// Limits (input errors, or p = NaN for ShuffleTest): FromArrays takes at
// most MaxBins (10000) bins per direction, PVMatrix at most MaxMaps (5000)
// maps, ShuffleTest whole event counts totalling at most MaxShuffleEvents
// (2²⁰). Positions and maps of extreme magnitude (beyond 2^±64) are used
// scaled by an exact power of two.
package placefield
