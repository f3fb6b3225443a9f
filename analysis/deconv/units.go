package deconv

import (
	"math"

	"neurolab/experiment"
)

// DecayFromTau returns the AR(1) decay per frame, g = exp(−1/(τ·fs)), of an
// indicator whose fluorescence decays with time constant tau (s) in a
// recording at fs frames per second: the AR(1) model c_t = g c_{t−1} + s_t
// (Friedrich et al. 2017, eq. 1) samples the kernel e^{−t/τ} once per frame.
// Options.G and OASISAR1 take g per frame, so the same indicator needs a
// different g at another frame rate. Suite2p's ops.npy holds both (tau and
// fs; see dataio/suite2p.Ops). tau and fs must be finite and > 0 (an error
// wrapping experiment.ErrInput otherwise).
func DecayFromTau(tau, fs float64) (float64, error) {
	if !(tau > 0) || math.IsInf(tau, 0) || !(fs > 0) || math.IsInf(fs, 0) {
		return 0, experiment.Inputf("deconv: decay time constant %g s at %g frames/s: want both finite and > 0", tau, fs)
	}
	return math.Exp(-1 / (tau * fs)), nil
}

// AR2FromTaus returns the AR(2) coefficients g1 = d + r and g2 = −d r
// (Options.G and Options.G2) whose kernel (KernelAR2) is the difference of
// exponentials (d^{k+1} − r^{k+1})/(d − r) with decay root
// d = exp(−1/(τ_decay·fs)) and rise root r = exp(−1/(τ_rise·fs)) (Friedrich
// et al. 2017, section "AR(2)"). Times are in seconds and fs in frames per
// second; tauRise must be shorter than tauDecay, and all three finite and
// > 0 (an error wrapping experiment.ErrInput otherwise).
func AR2FromTaus(tauDecay, tauRise, fs float64) (g1, g2 float64, err error) {
	d, err := DecayFromTau(tauDecay, fs)
	if err != nil {
		return 0, 0, err
	}
	r, err := DecayFromTau(tauRise, fs)
	if err != nil {
		return 0, 0, experiment.Inputf("deconv: rise time constant %g s at %g frames/s: want both finite and > 0", tauRise, fs)
	}
	if !(tauRise < tauDecay) {
		return 0, 0, experiment.Inputf("deconv: rise time constant %g s must be shorter than the decay time constant %g s", tauRise, tauDecay)
	}
	return d + r, -d * r, nil
}
