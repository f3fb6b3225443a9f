package hennequin2018

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/fig"
)

// figStdVsInput: Fig. 2D, std of V_E against the input h.
func figStdVsInput(th *twoPop, h, sim []float64, trials int, dur float64) experiment.Figure {
	p := fig.New(stdTitle(h, sim), "input h (mV)", "std of V_E (mV)")
	fig.Line(p, th.fineH, th.fineStd, "linear theory (Lyapunov)", fig.Color(0))
	fig.Points(p, h, sim, fmt.Sprintf("simulation (%d trials × %g s)", trials, dur), fig.Color(1))
	p.Y.Min = 0
	return experiment.Figure{
		Name:    "std-vs-input",
		Caption: "Std of the E membrane potential against the input h in the two-population SSN: linear theory (line) and Euler–Maruyama simulation pooled over trials and time (points). Variability grows with weak input and is quenched by strong input.",
		Plot:    p,
	}
}

// stdTitle states what the simulated std of V_E does over the inputs h:
// the paper's rise then quench, with the measured peak, or what the run
// shows instead.
func stdTitle(h, sim []float64) string {
	k := 0
	for i := range sim {
		if sim[i] > sim[k] {
			k = i
		}
	}
	last := len(sim) - 1
	switch {
	case len(sim) < 2:
		return "Std of V_E against the input"
	case k > 0 && k < last:
		return fmt.Sprintf("Input first raises, then quenches V_E variability (simulated peak at h = %g mV)", h[k])
	case k == last:
		return fmt.Sprintf("V_E variability grows with the input up to h = %g mV: no quenching in this range", h[last])
	default:
		return "V_E variability falls with the input from h = 0: no initial rise"
	}
}

// figQuench: Fig. 2C, across-trial std of V_E around the 2 → 15 mV step.
func figQuench(t, sd []float64, th *twoPop, s0, s1, t50 float64, trials int) experiment.Figure {
	title := fmt.Sprintf("Quenching: std of V_E halfway down %g ms after the step", t50)
	if !(s1 < s0) {
		title = fmt.Sprintf("No quenching: std of V_E goes from %.3g to %.3g mV after the step", s0, s1)
	}
	p := fig.New(title,
		"time from the 2 → 15 mV input step (ms)", "across-trial std of V_E (mV)")
	fig.Line(p, t, sd, fmt.Sprintf("simulation (%d trials, 1 ms bins)", trials), fig.Color(1))
	// Theory: stationary before the step, then the time-varying Lyapunov ODE.
	tt := []float64{t[0], 0}
	ts := []float64{th.stdE[hLow], th.stdE[hLow]}
	tt = append(tt, th.pathT...)
	ts = append(ts, th.pathStd...)
	fig.Dashed(p, tt, ts, "linear theory (time-varying Lyapunov)", fig.Color(0))
	fig.HLine(p, (s0+s1)/2, t[0], t[len(t)-1], "halfway level", fig.Gray)
	fig.VLine(p, t50, 0, math.Max(s0, th.stdE[hLow])*1.1, fmt.Sprintf("t50 = %g ms", t50), fig.Color(2))
	p.Y.Min = 0
	return experiment.Figure{
		Name:    "quenching-time-course",
		Caption: "Across-trial std of V_E in 1 ms bins around a step of the input from 2 to 15 mV (t = 0), with the linear theory of the time-varying Lyapunov equation; t50 marks the first bin halfway between the pre-step and final levels.",
		Plot:    p,
	}
}

// ringTitle states how the highest contrast changes V variance with the
// preferred angle: the paper's claim (quenched most in the neurons that
// prefer the stimulus, at 180°) when the variance ratio is below 1 and
// smallest there, or the measured ratios otherwise.
func ringTitle(m int, ratioAt func(ci, i int) float64) string {
	ci := len(ringContrasts) - 1
	k := 0
	for i := 0; i < m; i++ {
		if ratioAt(ci, i) < ratioAt(ci, k) {
			k = i
		}
	}
	pref, orth := ratioAt(ci, m/2), ratioAt(ci, 0)
	if pref < 1 && math.Abs(float64(k-m/2)) <= float64(m)/8 {
		return "A tuned stimulus quenches V variance most in the neurons that prefer it"
	}
	return fmt.Sprintf("Variance ratio at c = %g: %.2g in the neurons preferring the stimulus, %.2g opposite", ringContrasts[ci], pref, orth)
}

// figRing: Fig. 4, variance ratio against preferred orientation.
func figRing(p Params, rs []ringStats, ringCov []*mat.SymDense, ratioAt, linRatio func(ci, i int) float64) experiment.Figure {
	pl := fig.New(ringTitle(p.RingM, ratioAt), "preferred angle of the E neuron (deg; stimulus at 180)", "Var V at contrast c / Var V at c = 0")
	m := p.RingM
	top := 1.0 // leave room above the data for the legend
	deg := make([]float64, m)
	for i := range deg {
		deg[i] = 360 * float64(i) / float64(m)
	}
	for k, ci := range []int{len(ringContrasts) - 1, 1} {
		c := ringContrasts[ci]
		sim := make([]float64, m)
		lin := make([]float64, m)
		for i := 0; i < m; i++ {
			sim[i] = ratioAt(ci, i)
			lin[i] = linRatio(ci, i)
			if !math.IsInf(sim[i], 0) {
				top = math.Max(top, sim[i])
			}
		}
		fig.Points(pl, deg, sim, fmt.Sprintf("simulation, c = %g", c), fig.Color(2*k+1))
		if ringCov[ci] != nil && ringCov[0] != nil {
			fig.Dashed(pl, deg, lin, fmt.Sprintf("linear theory, c = %g", c), fig.Color(2*k))
		}
	}
	fig.HLine(pl, 1, 0, 360, "no change", fig.Gray)
	pl.Y.Min, pl.Y.Max = 0, 1.45*top
	return experiment.Figure{
		Name:    "ring-variance-ratio",
		Caption: fmt.Sprintf("Ring SSN (%d E + %d I units): ratio of the V variance of each E neuron with the stimulus (contrast c) to that without, against its preferred angle; simulation (%d trials × %g s per contrast) and linear theory.", m, m, p.RingTrials, p.RingDuration),
		Plot:    pl,
	}
}
