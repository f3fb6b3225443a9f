package gauthier2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A 48 × 48-pixel movie at 30 frames/s (package synth/calcium, Movie): six cells with
elliptic Gaussian profiles P_k (SD about 1.6 px, peak 1) on a jittered grid, and two unmodelled
contaminants Q_j, a soma overlapping cell 0 and a dendrite beside cell 1 (spatial peak cont_peak):

    F(t) = Σ_k a_k(t) P_k + Σ_j e_j(t) Q_j + N(0, noise²)
    a_t = 0.95 a_{t−1} + s_t,    s_t ∈ {0, 1},    P(s_t = 1) = rate / (30 s⁻¹)

The contaminants' e_j follow the same calcium model. Soma SD soma_sigma at distance soma_shift;
dendrite SDs dend_long × dend_short at distance dend_shift from its axis.

Method. Package analysis/transients, after the authors' MATLAB code, in a window of the cell's
bounding box plus 10 px: least squares per frame, a = (PᵀP)⁻¹ Pᵀ f with cost C_LSQ = ‖P a − f‖²;
transients above max(5 robust SD, 95th percentile) lasting ≥ 6 frames; the 'corr' classifier calls a
transient true iff its spatial shape correlates ≥ 0.4 with the profile; SEUDO, per frame,

    min ½ ‖f − P̃ x − K β‖² + k1 Σ β,    x, β ≥ 0,    k1 = 2 σ² λ0
    C_SEUDO = ‖f − P̃ x − K β‖² + k1 Σ β − k2,    k2 = 2 σ² (log(1/p − 1) − N log λ0)

with P̃ the unit-norm profiles, K one Gaussian blob (SD blob_radius) per pixel of the window, N
blobs, solved by FISTA (fista_iters iterations at most); LSQ is kept when C_LSQ < C_SEUDO
('static'). p, λ0 and σ² are p, lambda_blob and sigma2.

Protocol. Default scale: 5 movies of 1000 frames, spike rate 0.3 Hz, noise 0.1; cells 0
(soma-contaminated), 1 (dendrite) and 2 (control) of each are analysed. A transient is false when
the cell's own calcium stays below 10% of its LSQ peak. SEUDO runs on the analysis windows of the
LSQ transients (5 frames before, 10 after). Figures: a contaminated frame, LSQ and SEUDO traces of
cell 0, the fraction classified false before and after SEUDO. --scale quick uses 2 movies;
--scale paper uses the default values.

Deviations. The sizes and positions of the contaminants are our choice (the spec leaves them
open); SEUDO runs only on the transient windows, LSQ elsewhere, as the spec allows.`
