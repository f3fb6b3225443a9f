// Package scholl2021 reproduces the RBM pruning results of
//
//	C. Scholl, M. E. Rule & M. H. Hennig, "The information theory of
//	developmental pruning: Optimizing global network architectures using
//	local synaptic rules", PLoS Computational Biology 17(10):e1009458 (2021),
//	doi:10.1371/journal.pcbi.1009458.
//
// Experiment "pruning" (spec shared/specs/pruning.md): a 13-visible,
// 70-hidden Bernoulli RBM (model/boltzmann) is trained by CD-1 on binarised
// circular image patches (synth/patches) and then pruned in three sessions,
// each dropping the half of the remaining weights with the lowest criterion,
// deleting hidden units left without weights and retraining. Six criteria are
// compared (authors' code pruning/CIFAR_PruneRBM.py): the weights' Fisher
// information F_ij = Var(v_i h_j) (exact, by enumerating the 8,192 visible
// states), its local heuristic, the leading eigenvector of the full Fisher
// information matrix, |w|, random, and anti-FI (removing the most informative
// weights). Checks: FI-based pruning removes many more hidden units than |w|
// or random pruning (the paper's table of units left), the FI-pruned model
// fits the data better than anti-FI or random pruning (exact KL), the full FIM
// is sloppy (λ1/λ2), and sampled and heuristic FI agree with the exact FI.
//
// Deviations from the paper and the authors' code: the images are procedural
// (sums of oriented Gabor blobs and step edges, synth/patches) rather than
// CIFAR-10; the Fisher information used for pruning is exact (enumeration)
// rather than estimated from 90k chains, and the eigenvector criterion uses
// the full FIM over the remaining parameters (pruned weights are no longer
// parameters); KL(data‖model) is over all 8,192 patterns with the model's
// exact normalisation (the code's scipy entropy renormalises the model over
// the observed patterns); 3 seeds at default scale. The momentum step is
// that of the boltzmann-machines library the authors' code builds on,
// Δ ← η(μΔ + g), θ ← θ + Δ (effective momentum ημ), not the spec's
// Δ ← μΔ + ηg: with the latter and batch 1 the unpruned RBM stayed far from
// the data (exact KL 0.40 nats against 0.11 at 90k patches, seed 1);
// parameter momentum_rule=classic restores it. Quick scale (tests) uses one
// seed, 36,000 patches and 5,000 chains × 100 sweeps for the sampled FI.
package scholl2021
