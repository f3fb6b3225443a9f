// Package transients detects calcium transients in fluorescence time courses,
// classifies them as true or false from their spatial shape, and removes
// false transients caused by unmodelled sources with SEUDO (Gauthier,
// Koay, Nieh, Tank, Pillow & Charles, "Detecting and correcting false
// transients in calcium imaging", Nat Methods 19:470 (2022)).
//
// Movies are square, Size×Size pixels, stored frame-major: pixel (x, y) of
// frame t is at t·Size² + y·Size + x; a profile is one Size² frame.
//
// Typical use: build a Fitter for a cell with NewFitter, take its
// least-squares time course with Fitter.LSQTrace (Fitter.LSQ of every
// frame; LSQTraces does every cell of a movie at once), find its transients
// with Detect, flag false ones with Classify, and re-estimate contaminated
// frames with Fitter.Seudo. See the package examples.
//
//   - Detect: threshold max(5·robust SD, 95th percentile), dilation by 2
//     frames, minimum duration 6 frames (authors' computeTransientInfo.m).
//   - Shape and IsTrue: the transient's spatial shape is each pixel's
//     least-squares weight on the transient time course (window tPre = 5,
//     tPost = 10 frames), and the 'corr' classifier calls a transient true
//     iff corr(profile, shape) ≥ 0.4 inside the profile's bounding box
//     (autoClassifyTransients.m).
//   - Fitter: per-frame estimates in a window around one cell (bounding box
//     plus 10 px). LSQ: a = (PᵀP)⁻¹Pᵀf, cost C_LSQ = ‖Pa − f‖². SEUDO: the
//     non-negative LASSO min ½‖f − P̃x − Kβ‖² + k1 Σβ over unit-norm profiles
//     P̃ and one unit-norm Gaussian blob per pixel (σ = 1.2 px, 7×7, values
//     below 1% of the peak zeroed; K applied as a convolution), solved by
//     FISTA (Beck & Teboulle, SIAM J Imaging Sci 2:183, 2009); cost
//     C_SEUDO = ‖f − P̃x − Kβ‖² + k1 Σβ − k2 with k1 = 2σ²λ_blob and
//     k2 = 2σ²(log(1/p − 1) − N_blobs log λ_blob). The LSQ estimate is kept
//     when C_LSQ < C_SEUDO (estimateTimeCoursesWithSEUDO.m, 'static').
package transients
