package spiking

import (
	"math"
	"math/rand/v2"
)

// CUBAParams returns the current-based benchmark network (Brette et al.
// 2007, benchmark 2, "CUBA"; the constants of Brian2's CUBA example): 4000
// neurons, 80/20 E/I, 2 % connectivity, τ_m = 20 ms, τ_e = 5 ms,
// τ_i = 10 ms, V_rest = −49 mV (above threshold: every neuron fires
// without input), threshold −50 mV, reset −60 mV, 5 ms refractory, synaptic
// jumps w_e = 60·0.27/10 = 1.62 mV and w_i = −20·4.5/10 = −9 mV, dt 0.1 ms.
func CUBAParams() LIFParams {
	return LIFParams{
		N: 4000, NE: 3200, P: 0.02,
		TauM: 20, TauE: 5, TauI: 10,
		VRest: -49, VThresh: -50, VReset: -60, Refractory: 5,
		WE: 60 * 0.27 / 10, WI: -20 * 4.5 / 10,
		Dt:      0.1,
		Current: true,
	}
}

// NewCUBA draws the CUBA network from rng: the connectivity, then V uniform
// in [VReset, VThresh) and zero synaptic currents (Brian2's CUBA example).
// It sets p.Current.
func NewCUBA(p LIFParams, rng *rand.Rand) (*LIFNet, error) {
	p.Current = true
	n, err := newRandomLIF(p, rng)
	if err != nil {
		return nil, err
	}
	for i := range n.V {
		n.V[i] = p.VReset + (p.VThresh-p.VReset)*rng.Float64()
	}
	return n, nil
}

// cubaProp is the exact one-step propagator of the linear CUBA system: with
// V∞ = V_rest + I and the synaptic variables decaying exponentially,
//
//	V(t+dt) = V∞ + (V(t) − V∞)·m + g_e(t)·e + g_i(t)·i,
//	m = exp(−dt/τ_m),
//	e = τ_e/(τ_e − τ_m)·(exp(−dt/τ_e) − exp(−dt/τ_m))   (i likewise with τ_i),
//
// the solution of τ_m dV/dt = V∞ − V + g_e e^{−t/τ_e} + g_i e^{−t/τ_i}
// (so a jump w in g_e gives the double-exponential PSP
// w·τ_e/(τ_e − τ_m)·(e^{−t/τ_e} − e^{−t/τ_m})).
type cubaProp struct{ m, e, i float64 }

func newCUBAProp(p LIFParams) cubaProp {
	return cubaProp{m: math.Exp(-p.Dt / p.TauM), e: psc(p.Dt, p.TauM, p.TauE), i: psc(p.Dt, p.TauM, p.TauI)}
}

// psc returns τ_s/(τ_s − τ_m)·(e^{−t/τ_s} − e^{−t/τ_m}), the membrane
// response at time t to a unit synaptic variable decaying with τ_s, written
// as (t/τ_m)·e^{−t/τ_m}·expm1(x)/x with x = t(1/τ_m − 1/τ_s) so that it is
// accurate as τ_s → τ_m, where it tends to (t/τ_m)·e^{−t/τ_m}.
func psc(t, tauM, tauS float64) float64 {
	x := t * (1/tauM - 1/tauS)
	r := 1 + x/2 // expm1(x)/x for |x| ≪ 1
	if math.Abs(x) > 1e-8 {
		r = math.Expm1(x) / x
	}
	return t / tauM * math.Exp(-t/tauM) * r
}
