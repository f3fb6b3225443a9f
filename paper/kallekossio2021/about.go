package kallekossio2021

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A SURROGATE: the paper's equations, parameters and sizes are not public, so this is our model
of drifting assemblies (spec drifting-assemblies.md), built on the linear Hawkes network with
symmetric STDP of Manz & Memmesheimer (PLoS Comput Biol 2023, parameter set Drift2; model/spiking),
simulated exactly event by event in units of 10 ms:

    λ_i(t) = ρ + Σ_j W_ij Σ_k exp(−(t − t_j^k)/τ),   τ = 1 unit
    ΔW_ij = μ (A_p e^(−|Δt|/τ_p) + A_d e^(−|Δt|/τ_d)),   0 ≤ W_ij ≤ w_max
    Σ_j W_ij = norm_target · (N/M − 1) · w_max   every norm_every spikes

λ_i is neuron i's intensity with baseline ρ (rho); a spike of j raises λ_i by W_ij. STDP acts on
every pair at lag Δt when either neuron spikes: rate μ (mu), amplitudes A_p, A_d (a_p, a_d), traces
τ_p, τ_d (tau_p, tau_d), bound w_max (w_max); homeostasis scales each non-empty row to the target,
clipping at w_max (norm_mode fix, norm_target, norm_every). N = 120 neurons (n) start in M = 6
planted assemblies of 20 (m) at w_max. Drift: at rate λ_neuron per neuron (lambda_neuron) all
synapses of a neuron are replaced by silent ones (reset_max = 0), and it is recaptured by the
assembly it next fires with. M input channels and M readouts probe the network: a stimulus drives
its channel's neurons, the readout with the largest weighted echo wins; plastic codes move towards
the evoked activity (eta_in, eta_out, code_cap, recruit, recruit_theta, learn_win).

Protocol. 7·10⁵ s of simulated time (duration_s) with 90 checkpoints (checkpoints). At each: Louvain
communities of (W + Wᵀ)/2, best modularity of 10 runs (louvain_runs, resolution), matched across
checkpoints by maximum overlap; within/between weight ratio; 10 probe trials per stimulus
(probe_trials) on a frozen copy of W with plastic codes and with the fixed t0 codes. From the
tracked memberships: adjusted Rand index of t0 against t_end, neuron transitions and the CV of their
pooled inter-transition intervals; readout accuracy over the last 20 % of checkpoints (final_frac).
Figures: W at t0 and at the end, sorted by assembly; membership over time; overlap of each assembly
with its t0 members; readout accuracy, plastic and fixed. Quick scale: 7·10⁴ s, 30 checkpoints, 2
Louvain runs. Paper scale: 7·10⁶ s, 900 checkpoints.

Deviations. The whole model is ours, not the paper's: the mechanisms of turnover, homeostasis and
input/readout learning, ρ, w_max and μ are our choices; turnover resets whole neurons rather than
single synapses as the spec words it (lambda_turn, reset_max give the spec's form).`
