package fauth2019

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. Rate network of N = 240 neurons (n) with global inhibition, presynaptic short-term depression
and S_max = 16 potential synapses per ordered pair (s_max), each existing synapse with its own
weight (Methods of the paper; model/structural):

    τ du_i/dt = −u_i + Σ_j f_j W_ij v_j + I_inh + I_stim,i + I_noise,i,   v = 1/(1 + e^(−u))
    τ dI_inh/dt = −I_inh − w_inh Σ_i v_i,   df_j/dt = (1 − f_j)/τ_relax − F f_j v_j
    dw/dt = −Δ_decay w (both v < 0.5),   Δ_LTP (w_max − w) (both v > 0.5),   −Δ_LTD w (otherwise)
    d(w) = d_1 + (d_0 − d_1)/(1 + exp(−β(w_off − w)))

u: membrane potential, v: rate, W_ij the sum of the pair's weights, f depression, I_noise a fresh
N(0, σ²) draw per 0.1 s step with σ = 1.5 (noise_sd); τ = 0.155 s, w_max = 0.7, w_inh = 3.5 w_max,
τ_relax = 5 s, F = 1 s⁻¹, Δ_LTP = 0.1 s⁻¹, Δ_LTD = 0.01 s⁻¹, Δ_decay = (2 d)⁻¹. Synapses are created
on vacant sites at rate b = 1 d⁻¹ with weight 0.001 and removed at rate d(w), d_0 = 24 d⁻¹,
d_1 = 0.03 d⁻¹, w_off = 0.35 w_max, β = 20, as exact stochastic events within each step.
Spike-frequency adaptation can replace depression (adaptation). Time compression by k (compression)
multiplies b, d_0, d_1 and Δ_decay by k and divides the phase durations (not the 18 s/36 s learning
cycle) by k.

Protocol. Default scale k = 24, so one compressed day d' lasts one hour. Sensory equilibration from
no synapses (6 h: equilibration_h), then learning of 3 disjoint assemblies of 30 neurons
(assemblies, assembly_size): each in turn receives I_stim = 200 (learn_stim) for 18 s, then 36 s off
(learn_on_s, learn_off_s, not compressed), for 9 h (learning_h). The network is then cloned: one
branch alternates sensory (mean 4 h) and rest (mean 2 h) phases, durations truncated normal with SD
0.25 of the mean (sensory_mean_h, rest_mean_h, phase_sd), for 5 d (maintenance_d), ending in rest;
the other has sensory phases only for 3 d (sensory_only_d). Sensory input: current 50 to 15 random
non-assembly neurons redrawn each second (sensory_stim, sensory_neurons). Rest: no input; frames
with an assembly at mean v > 0.5 are counted. Recall after learning and at the end of the rest
branch: 100 cues per assembly (cues) with 30 % of members off and as many non-members on
(corruption), one threshold step of the pair sums. Figures: synapses per intra-assembly and control
pair over time, both branches (figure 1); raster of the first 150 s of the last rest (figure 2);
recall against corruption (figure 3). Quick scale: k = 96. Paper scale: k = 1.

Deviations. Default and quick scales compress time (k = 24, 96); the neural variables take four
Euler sub-steps per 0.1 s step because plain Euler at 0.1 s is unstable for the inhibition loop.`
