"""Peer of coba: the COBA benchmark network (Brette et al. 2007, benchmark 1;
Vogels & Abbott 2005) in Brian2, on the connectivity and initial state that
the runner generated (so both sides simulate the same network):

    dv/dt  = (El - v + I + ge (Ee - v) + gi (Ei - v)) / taum   (unless refractory)
    dge/dt = -ge / taue,   dgi/dt = -gi / taui      (ge, gi in units of g_L)

threshold v > Vt, reset v = Vr, refractory period; a spike of an excitatory
(inhibitory) neuron adds we (wi) to its targets' ge (gi). Integrated with
method='euler' (neurolab: Euler for v, exact decay for ge, gi). Spike times
differ from neurolab's (chaotic network, different rounding), so the runner
compares statistics: population rates and ISI CV (lifpeer.py)."""
import lifpeer

eqs = """
dv/dt  = (El - v + I + ge*(Ee - v) + gi*(Ei - v)) / taum : volt (unless refractory)
dge/dt = -ge / taue : 1
dgi/dt = -gi / taui : 1
"""


def namespace(p, b2):
    return dict(taum=p["taum"] * b2.ms, taue=p["taue"] * b2.ms, taui=p["taui"] * b2.ms,
                El=p["vrest"] * b2.mV, Ee=p["ee"] * b2.mV, Ei=p["ei"] * b2.mV,
                Vt=p["vthresh"] * b2.mV, Vr=p["vreset"] * b2.mV, I=p["i"] * b2.mV,
                we=p["we"], wi=p["wi"])


lifpeer.run(eqs, namespace, "euler", lambda b2: 1)
