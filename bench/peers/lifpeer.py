"""Shared half of the Brian2 peers of the LIF benchmark networks (coba.py,
cuba.py): it reads the network the runner generated (parameters,
connectivity as a (pre, post) synapse list, initial state), builds it in
Brian2 with the caller's equations, simulates it and writes the statistics
the runner compares: mean E and I rates (Hz) and the mean ISI coefficient of
variation over the neurons with at least three spikes.

The cython target is used where it builds, else numpy; code generation and
compilation happen in a zero-length run before the timed run and are
reported apart (peer_info.json)."""
import json
import os
import time

import numpy as np

import nlio


def run(eqs, namespace, method, synaptic):
    """eqs: Brian2 equations of v (volt) and the synaptic variables ge, gi;
    namespace(p, b2): the constants, from the runner's parameters p;
    synaptic(b2): the unit of ge and gi (1 or volt) for the initial state;
    method: Brian2's state updater."""
    _, src, out = nlio.args()
    m = nlio.meta(src)
    p = m["params"]

    import brian2 as b2

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
    ns = namespace(p, b2)

    t_setup = time.perf_counter()
    P = b2.NeuronGroup(N, eqs, threshold="v > Vt", reset="v = Vr",
                       refractory=p["refractory"] * b2.ms, method=method, namespace=ns)
    P.v = v0 * b2.mV
    unit = synaptic(b2)
    P.ge = ge0 * unit
    P.gi = gi0 * unit
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
