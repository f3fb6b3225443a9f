// Package gauthier2022 reproduces the false-transient benchmark of Gauthier,
// Koay, Nieh, Tank, Pillow & Charles, "Detecting and correcting false
// transients in calcium imaging", Nature Methods 19:470–478 (2022): on
// simulated movies with unmodelled contaminants (a soma overlapping one cell,
// a dendrite beside another), least-squares (LSQ) time courses contain false
// transients; the 'corr' classifier separates them from true ones by their
// spatial shape; SEUDO (per-frame non-negative LASSO with Gaussian blobs and
// the LSQ-versus-SEUDO cost test, authors' estimateTimeCoursesWithSEUDO.m,
// 'static') removes them while keeping true transients.
//
// Spec: specs/false-transients.md. Deviations: the spec's generator leaves the
// contaminants' sizes open; ours are documented in synth/calcium.MovieConfig
// and are parameters here. SEUDO runs only on the analysis windows of the LSQ
// transients (tPre = 5, tPost = 10 frames), as the spec allows; LSQ is kept
// elsewhere.
package gauthier2022
