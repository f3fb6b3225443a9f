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
//
// Checks 3 and 5 do not reproduce with the spec's constants (authors'
// defaults p = 1e-5, λ0 = 20, σ² = 0.01). The implementation was checked term
// by term against estimateTimeCoursesWithSEUDO.m: C_LSQ and the residual are
// plain squared residuals (not divided by σ²), k1 = 2σ²λ0 per unit of blob
// weight, and k2 sums log λ0 over every blob of the window, so C_SEUDO carries
// a constant −k2 = 2σ²(N log λ0 − log(1/p − 1)) ≈ 31–43 set by the window's
// N pixels. FISTA is converged: tightening it to 1e-7 and 3000 iterations, or
// starting every frame from zero, changes no check (seed 1, default scale).
// Measured at seed 1, default scale:
//   - The blobs save a median 82 (2.2 × −k2) at the LSQ peaks of false
//     transients, but the saving falls with the square of the contaminant's
//     amplitude, so LSQ comes back on each transient's decay; SEUDO's peak
//     stays at a median 0.53 × the LSQ peak (0 % of false transients ≤ 0.25).
//   - The unpenalised cell profile (λ0 = 0 for profiles) keeps part of the
//     contaminant even in the blob fit: without any cost test 50 % of false
//     transients reach ≤ 0.25.
//   - Lowering λ0 shrinks −k2 and the blob penalty together: λ0 = 2 gives
//     seudo_false 0.86 and cfrac ratio 0.46 (both pass) but seudo_true 0.73,
//     because 26 of the 71 true transients are mixed (contaminant co-active)
//     and there SEUDO correctly falls below the LSQ peak; SEUDO's peak is
//     ≥ 0.8 × the cell's own true peak on 97 % of true transients. None of
//     λ0 = 0.5, 1, 1.5, 2, 3, 5, 20 passes checks 3, 4 and 5 as the spec
//     states them.
//   - The spec's "soma overlapping ~30% of one cell's support", taken
//     literally (soma support ≥ 5% of peak covering 30% of the cell's
//     support pixels), gives no detected LSQ false transient at all (0 of 30
//     at quick scale, also 0 at 50%): our soma covers about 72% of cell 0's
//     support and the dendrite 57% of cell 1's (metrics *_support_overlap).
package gauthier2022
