// Package calcium generates synthetic calcium-imaging recordings with known
// ground truth:
//
//   - GenData: AR(1) calcium traces from Bernoulli spikes plus white noise, the
//     `gen_data` generator of the OASIS toolbox (Friedrich, Zhou & Paninski,
//     PLoS Comput Biol 2017; defaults g = 0.95, σ = 0.3, T = 3000, 30 fps,
//     0.5 Hz, 20 traces).
//   - CILDSModel / SampleCILDS: the exact generative model of CILDS (Koh et al.,
//     Nat Comput Sci 2023; authors' script_generatecildsdata.m): latent LDS z,
//     calcium c_t = G c_{t−1} + A z_t + b + v_t, fluorescence y_t = B c_t + w_t.
//   - SpikeCalcium: latent Gaussian processes (RBF kernel) drive softplus rates,
//     1-ms Bernoulli spikes, AR(1) calcium per ms and noisy fluorescence binned
//     at 25 ms (Koh et al., simulation framework).
//   - Movie: a pixel movie of cells with Gaussian profiles plus unmodelled
//     contaminants (a soma and a dendrite), the false-transient benchmark of
//     Gauthier et al., Nat Methods 2022.
package calcium
