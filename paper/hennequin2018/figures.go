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
	p := fig.New("Input first raises, then quenches V_E variability (peak at h = 2 mV)",
		"input h (mV)", "std of V_E (mV)")
	fig.Line(p, th.fineH, th.fineStd, "linear theory (Lyapunov)", fig.Color(0))
	fig.Points(p, h, sim, fmt.Sprintf("simulation (%d trials × %g s)", trials, dur), fig.Color(1))
	p.Y.Min = 0
	return experiment.Figure{
		Name:    "std-vs-input",
		Caption: "Std of the E membrane potential against the input h in the two-population SSN: linear theory (line) and Euler–Maruyama simulation pooled over trials and time (points). Variability grows with weak input and is quenched by strong input.",
		Plot:    p,
	}
}

// figQuench: Fig. 2C, across-trial std of V_E around the 2 → 15 mV step.
func figQuench(t, sd []float64, th *twoPop, s0, s1, t50 float64, trials int) experiment.Figure {
	p := fig.New(fmt.Sprintf("Quenching is fast: std of V_E halfway down %g ms after the step", t50),
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

// figRing: Fig. 4, variance ratio against preferred orientation.
func figRing(p Params, rs []ringStats, ringCov []*mat.SymDense, ratioAt, linRatio func(ci, i int) float64) experiment.Figure {
	pl := fig.New("A tuned stimulus quenches V variance most in the neurons that prefer it",
		"preferred angle of the E neuron (deg; stimulus at 180)", "Var V at contrast c / Var V at c = 0")
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
