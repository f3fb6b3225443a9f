// Package alf reads spike-sorted sessions in the ONE/ALF layout (the
// International Brain Laboratory's Open Neurophysiology Environment, used by
// the Steinmetz et al. 2019 Neuropixels release analysed by Tlaie et al.,
// PLoS Comput Biol 2024): spikes.times.npy and spikes.clusters.npy, and the
// per-trial files trials.<attribute>.npy. It bins the spikes of every cluster
// into a trials × clusters count matrix over a window aligned to a per-trial
// event, the input of the average test (package analysis/averages).
//
// Typical use: s, err := Load(dir), then st, err := s.StimulusCounts(t0, t1)
// for the labelled trials × clusters counts after stimulus onset, or
// s.Counts(align, t0, t1) around any per-trial event. See the package
// examples.
//
// Layouts: a flat folder holding everything (the Steinmetz release), or an
// IBL session as ONE downloads it: trials in alf/ with the _ibl_ namespace
// (_ibl_trials.stimOn_times.npy) and spikes in one collection per probe
// (alf/probe00/, alf/probe00/pykilosort/), file names possibly carrying extra
// parts (spikes.times.<uuid>.npy). Load takes the session folder when it has
// one spike collection, or the collection folder (the trials are then found
// in the folders above it). Trials stored only as a Parquet table
// (_ibl_trials.table.pqt) are not read: the error says how to export them.
//
// Attribute names follow the Steinmetz release (trials.visualStim_times.npy,
// trials.visualStim_contrastLeft.npy, trials.visualStim_contrastRight.npy,
// trials.feedbackType.npy); the IBL names trials.stimOn_times.npy,
// trials.contrastLeft.npy and trials.contrastRight.npy (NaN on the side
// without a stimulus) are accepted as fallbacks. Neither layout was verified
// against a live download (none can be made here); the tests build both from
// the ONE/ALF naming conventions.
package alf
