"""Peer of coba: the COBA benchmark network (Brette et al. 2007, benchmark 1;
Vogels & Abbott 2005) in Brian2, on the connectivity and initial state that
the runner generated (so both sides simulate the same network):

    dv/dt  = (El - v + I + ge (Ee - v) + gi (Ei - v)) / taum   (unless refractory)
    dge/dt = -ge / taue,   dgi/dt = -gi / taui      (ge, gi in units of g_L)

threshold v > Vt, reset v = Vr, refractory period; a spike of an excitatory
(inhibitory) neuron adds we (wi) to its targets' ge (gi). Integrated with
method='euler' (neurolab: Euler for v, exact decay for ge, gi). The cython
target is used where it builds, else numpy; code generation and compilation
happen in a zero-length run before the timed run and are reported apart.
Spike times differ from neurolab's (chaotic network, different rounding),
so the runner compares statistics: population rates and ISI CV."""
import json
import os
import time

import numpy as np

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
p = m["params"]

import brian2 as b2  # noqa: E402

b2.prefs.logging.console_log_level = "ERROR"
target = "cython"
try:
    import Cython  # noqa: F401
except ImportError:
    target = "numpy"
b2.prefs.codegen.target = target
b2.defaultclock.dt = p["dt"] * b2.ms

N, NE, steps = int(p["n"]), int(p["ne"]), int(p["steps"])
pre = nlio.read(np, src, m, "pre").astype(np.int64)
post = nlio.read(np, src, m, "post").astype(np.int64)
v0, ge0, gi0 = (nlio.read(np, src, m, x) for x in ("v0", "ge0", "gi0"))

ns = dict(taum=p["taum"] * b2.ms, taue=p["taue"] * b2.ms, taui=p["taui"] * b2.ms,
          El=p["vrest"] * b2.mV, Ee=p["ee"] * b2.mV, Ei=p["ei"] * b2.mV,
          Vt=p["vthresh"] * b2.mV, Vr=p["vreset"] * b2.mV, I=p["i"] * b2.mV,
          we=p["we"], wi=p["wi"])
eqs = """
dv/dt  = (El - v + I + ge*(Ee - v) + gi*(Ei - v)) / taum : volt (unless refractory)
dge/dt = -ge / taue : 1
dgi/dt = -gi / taui : 1
"""
t_setup = time.perf_counter()
P = b2.NeuronGroup(N, eqs, threshold="v > Vt", reset="v = Vr",
                   refractory=p["refractory"] * b2.ms, method="euler", namespace=ns)
P.v = v0 * b2.mV
P.ge = ge0
P.gi = gi0
exc = pre < NE
Ce = b2.Synapses(P[:NE], P, on_pre="ge += we", namespace=ns)
Ce.connect(i=pre[exc], j=post[exc])
Ci = b2.Synapses(P[NE:], P, on_pre="gi += wi", namespace=ns)
Ci.connect(i=pre[~exc] - NE, j=post[~exc])
M = b2.SpikeMonitor(P)
net = b2.Network(P, Ce, Ci, M)
net.run(0 * b2.ms)  # code generation and compilation
compile_s = time.perf_counter() - t_setup

t0 = nlio.now()
net.run(steps * b2.defaultclock.dt)
sec = nlio.now() - t0

i = np.asarray(M.i)
t = np.asarray(M.t / b2.ms)
T = steps * p["dt"] / 1000
counts = np.bincount(i, minlength=N)
rate_e = counts[:NE].sum() / (NE * T)
rate_i = counts[NE:].sum() / ((N - NE) * T)
order = np.lexsort((t, i))
i, t = i[order], t[order]
cvs = []
for k, tk in enumerate(np.split(t, np.cumsum(counts)[:-1])):
    if counts[k] >= 3:
        isi = np.diff(tk)
        cvs.append(isi.std() / isi.mean())
cv = np.mean(cvs) if cvs else np.nan
nlio.write(np, out, "stats", np.array([rate_e, rate_i, cv, len(cvs), counts.sum()]))
with open(os.path.join(out, "peer_info.json"), "w") as f:
    json.dump({"target": target, "compile_seconds": compile_s}, f)
nlio.timing(out, sec)
