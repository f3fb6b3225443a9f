"""Peer of cuba: the CUBA benchmark network (Brette et al. 2007, benchmark 2;
the equations and constants of Brian2's CUBA example) in Brian2, on the
connectivity and initial state that the runner generated:

    dv/dt  = (ge + gi - (v - El) + I) / taum   (unless refractory)
    dge/dt = -ge / taue,   dgi/dt = -gi / taui      (ge, gi in mV)

threshold v > Vt, reset v = Vr, refractory period; a spike of an excitatory
(inhibitory) neuron adds we (wi < 0) to its targets' ge (gi). Integrated with
method='exact', as the example (neurolab: the same exact propagator). The
network is chaotic, so the runner compares statistics: population rates and
ISI CV (lifpeer.py)."""
import lifpeer

eqs = """
dv/dt  = (ge + gi - (v - El) + I) / taum : volt (unless refractory)
dge/dt = -ge / taue : volt
dgi/dt = -gi / taui : volt
"""


def namespace(p, b2):
    return dict(taum=p["taum"] * b2.ms, taue=p["taue"] * b2.ms, taui=p["taui"] * b2.ms,
                El=p["vrest"] * b2.mV, Vt=p["vthresh"] * b2.mV, Vr=p["vreset"] * b2.mV,
                I=p["i"] * b2.mV, we=p["we"] * b2.mV, wi=p["wi"] * b2.mV)


lifpeer.run(eqs, namespace, "exact", lambda b2: b2.mV)
