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
// Usage: fill a Frames with the recording (FromRecording wraps synth/placemaps
// data), then TrialMaps → PVMatrix →
// ClusterTrials gives each trial's map; MapTemplates and DetectSwitches find
// switches within a trial, SITest finds the spatially tuned cells.
package placefield
