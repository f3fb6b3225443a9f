// Package boltzmann implements Bernoulli restricted Boltzmann machines (RBMs)
// with the Fisher-information tools and pruning criteria of
//
//	C. Scholl, M. E. Rule & M. H. Hennig, "The information theory of
//	developmental pruning: Optimizing global network architectures using
//	local synaptic rules", PLoS Computational Biology 17(10):e1009458 (2021),
//	doi:10.1371/journal.pcbi.1009458.
//
// Model (notation of the paper): visible v ∈ {0,1}^NV, hidden h ∈ {0,1}^NH,
// energy E(v,h) = −bᵀv − cᵀh − vᵀWh, so p(h_j=1|v) = σ(c_j + Σ_i W_ij v_i)
// and p(v_i=1|h) = σ(b_i + Σ_j W_ij h_j). The free energy is
// F(v) = −bᵀv − Σ_j log(1 + exp(c_j + Σ_i W_ij v_i)) and p(v) = e^{−F(v)}/Z.
//
// Training (RBM.Train) is contrastive divergence CD-k or persistent CD with
// momentum; a Mask holds pruned weights at exactly zero. For small visible
// layers (NV ≤ 24) Enumerate computes log Z, p(v), KL(data‖model), the exact
// Fisher information of every weight F_ij = p_ij(1 − p_ij) with
// p_ij = P(v_i = 1, h_j = 1), and the full Fisher information matrix as the
// covariance of the sufficient statistics s = (v, h, v hᵀ) (the RBM is an
// exponential family). Sampled estimates come from Gibbs chains (SampleFisher)
// and the local heuristic q_ij = ⟨h_j⟩·σ(logit⟨v_i⟩ + w_ij(1 − ⟨h_j⟩)),
// F_ij ≈ q_ij(1 − q_ij) from the units' mean activities (Heuristic).
// Prune implements one pruning session of the paper: drop every remaining
// weight whose criterion is at or below a percentile, mask it, and delete
// hidden units left without weights.
package boltzmann
