// Package geometry measures the geometry of representational drift between
// sessions, after Aitken, Garrett, Olsen & Mihalas, "The geometry of
// representational drift in natural and artificial neural networks", PLoS
// Comput Biol 18(11):e1010716, 2022 (Methods §4.1–4.2).
//
// A stimulus group is the m response vectors (n cells) to one stimulus in
// one session. Fit gives its PCA: explained-variance ratios v_i, directions
// w_i (signed so that the group mean projects positively), the
// participation-ratio dimension D = (Σv_i)²/Σv_i² (Eq 1) and the variational
// space spanned by the first ⌈D⌉ PCs. With more trials than cells
// (m − 1 ≥ n) that is all n PCs, from the n × n covariance; with fewer, as
// in most recordings (say 50 trials per stimulus and hundreds of cells),
// the covariance has rank at most m − 1 and Fit keeps only the PCs with
// variance, r ≤ m − 1 of them, from the m × m Gram matrix of the trials
// (O(m²n + m³) instead of O(mn² + n³)). Every per-PC quantity below (v_i,
// angles, fractions, post-drift variances, their fits) then runs over
// those r PCs; ⌈D⌉ ≤ r, since D ≤ r. Between an earlier and a later group
// of the same stimulus, the drift is d = x̄_later − x̄_earlier, and:
//
//   - DriftRatio: γ = ‖P d‖²/‖d‖², P the projector onto the earlier
//     variational space (Eq 9); a random d gives E[γ] = ⌈D⌉/n;
//   - Overlap: Γ = (1/min(⌈D⌉, ⌈D′⌉)) Σ_I Σ_J (w_I·w′_J)² (Eq 10);
//   - Angle: θ(x, y) = (180/π) arccos(x·y/‖x‖‖y‖) (Eq 6), per PC, with
//     linear fits against v_i (Eq 13);
//   - the variance of the later group along the earlier PCs.
//
// Analyze applies them to any sessions × trials × cells tensor with a
// stimulus label per trial, together with linear SVCs between sessions
// (angle between normals, relative cross accuracy a^{s,s′}/a^{s′,s′}, Eq 14;
// package analysis/svm).
package geometry
