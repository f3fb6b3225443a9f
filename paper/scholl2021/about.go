package scholl2021

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A Bernoulli restricted Boltzmann machine (package model/boltzmann): visible v, the 13
binary pixels of a circular patch of radius 2.1 (radius), and hidden h ∈ {0,1}^N_h (hidden):

    E(v, h) = −bᵀv − cᵀh − vᵀW h,    p(v, h) = e^{−E(v, h)} / Z
    F_ij = p_ij (1 − p_ij),    p_ij = P(v_i = 1, h_j = 1)
    q_ij = ⟨h_j⟩ σ(logit⟨v_i⟩ + w_ij (1 − ⟨h_j⟩)),    F_ij ≈ q_ij (1 − q_ij)

F_ij is the Fisher information of weight w_ij, exact by enumerating the 2^13 visible states; q_ij
is the paper's local heuristic from mean activities sampled by heur_chains Gibbs chains of
gibbs_steps sweeps. Training is CD-1 with batch 1 over epochs epochs, learning rates log-spaced
from lr_start to lr_end, momentum step Δ ← η(μ Δ + g), θ ← θ + Δ (momentum_rule = scaled;
classic: Δ ← μ Δ + η g; μ = momentum); initial weights N(0, sd_w²), hidden bias hidden_bias.

Protocol. Per seed: training patches (train) cut from procedural 32 × 32 images, 36 per image, each
image binarised at its median (package synth/patches); the RBM is trained, then each of six criteria
(exact variance FI, heuristic FI, leading eigenvector of the full Fisher information matrix, |w|,
random, anti-FI) runs pruning sessions (sessions): the remaining weights at or below a percentile of
the criterion (percentile) go, hidden units left without weights go, retraining. After each session:
hidden units left and exact KL(data ‖ model) over all 8192 patterns. The unpruned RBM's full FIM
spectrum (λ1/λ2), and FI sampled from chains Gibbs chains (and the heuristic from their mean
activities) against the exact FI. Default scale: 70 hidden units, 90000 patches, 2 epochs at 0.1 to
0.01, momentum 0.9, 50% per session, 3 sessions, 3 seeds, 10000 chains of 200 sweeps, 2000 heuristic
chains. Figures: units left and KL per session, the FIM spectrum, receptive fields. --scale quick: 1
seed, 36000 patches, 5000 chains of 100 sweeps, 1000 heuristic chains; --scale paper: 5 seeds, 90000
chains.

Deviations. Procedural images (Gabor blobs and step edges) replace CIFAR-10; the pruning FI is
exact rather than sampled from 90000 chains; the eigenvector criterion uses the full FIM over the
remaining parameters; KL is over all 8192 patterns with exact normalisation; the default momentum
step is that of the boltzmann-machines library the authors' code builds on, not the spec's.`
