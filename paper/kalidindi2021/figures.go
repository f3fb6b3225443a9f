package kalidindi2021

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/analysis/jpca"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

func condColor(c int) color.Color {
	if c == nullIdx {
		return fig.Gray
	}
	return fig.Color(c)
}

func condLabel(c int) string {
	if c == nullIdx {
		return "null"
	}
	return fmt.Sprintf("%d°", 45*c)
}

// controllerName spells out a student's tag for figure titles.
func controllerName(tag string) string {
	switch tag {
	case "NOREC":
		return "no-recurrence controller (NOREC)"
	case "REC":
		return "recurrent controller (REC)"
	}
	return tag
}

// returnTitle states whether the perturbed joints were back within
// 0.01 rad of home from +1 s on (check posture_return's criterion on the
// same trial averages); maxLate is the largest deviation there.
func returnTitle(maxLate float64) string {
	if maxLate < 0.01 {
		return "back within 0.01 rad of home by +1 s"
	}
	return fmt.Sprintf("not back within 0.01 rad of home by +1 s (%.3g rad)", maxLate)
}

func anglesFigure(st *student, p Params) experiment.Figure {
	var row []*plot.Plot
	for j, joint := range []string{"shoulder", "elbow"} {
		pl := fig.New(fmt.Sprintf("%s, %s: %s", joint, controllerName(st.name), returnTitle(st.maxLate)),
			"time (s)", fmt.Sprintf("%s angle − home (rad)", joint))
		ts := make([]float64, steps)
		for t := range ts {
			ts[t] = float64(t+1) * dt
		}
		for c := 0; c < nCond; c++ {
			y := make([]float64, steps)
			for t := range y {
				y[t] = st.theta[c][2*t+j]
			}
			label := ""
			if j == 0 {
				label = condLabel(c)
			}
			fig.Line(pl, ts, y, label, condColor(c))
		}
		fig.HLine(pl, 0.01, 2, 3, "±0.01 rad", fig.Gray)
		fig.HLine(pl, -0.01, 2, 3, "", fig.Gray)
		fig.VLine(pl, float64(onset)*dt, -0.01, 0.01, "", color.Black)
		row = append(row, pl)
	}
	return experiment.Figure{Name: "joint-angles",
		Caption: fmt.Sprintf("Joint angles of the NOREC-controlled arm after a %.2g N·m step load in 8 directions from 1 s (black dashed line; trial averages).", p.Load),
		Panels:  [][]*plot.Plot{row}, Width: 10 * vg.Inch, Height: 3.6 * vg.Inch}
}

// planeFigure shows the top jPC plane; fCL is the linearised closed loop's
// frequency that check jpc1_freq compares the plane's frequency with.
func planeFigure(st *student, fCL, windowMS float64) experiment.Figure {
	pl0 := st.jp.Planes[0]
	pl := fig.New(fmt.Sprintf("Layer 2 of the %s rotates at %.2f Hz, %.0f%% off the loop's %.2f Hz",
		controllerName(st.name), pl0.Freq, 100*math.Abs(pl0.Freq-fCL)/fCL, fCL),
		"jPC1 (a.u.)", "jPC2 (a.u.)")
	for c, P := range pl0.Proj {
		T, _ := P.Dims()
		x := make([]float64, T)
		y := make([]float64, T)
		for t := 0; t < T; t++ {
			x[t], y[t] = P.At(t, 0), P.At(t, 1)
		}
		fig.Line(pl, x, y, condLabel(c), condColor(c))
		sc := fig.Points(pl, x[:1], y[:1], "", condColor(c))
		sc.GlyphStyle.Radius = vg.Points(3)
	}
	// Room on the right for the legend: the trajectories fill the plane.
	pl.X.Max += 0.3 * (pl.X.Max - pl.X.Min)
	return experiment.Figure{Name: "jpc-plane",
		Caption: fmt.Sprintf("Condition-averaged L2 activity of the NOREC controller, 0–%g ms after the perturbation, projected on the top jPC plane (dots: onset).", windowMS),
		Plot:    pl}
}

func r2Figure(rec, norec *student, shuf *jpca.Result) experiment.Figure {
	pl := fig.New("Rotations without recurrence; none after time shuffling", "controller", "R² of the dynamics fit")
	names := []string{"recurrent\n(REC)", "no recurrence\n(NOREC)", "NOREC,\ntime-shuffled"}
	best := []float64{rec.jp.R2Best, norec.jp.R2Best, math.Max(shuf.R2Best, 0)}
	skew := []float64{rec.jp.R2Skew, norec.jp.R2Skew, math.Max(shuf.R2Skew, 0)}
	fig.GroupedBars(pl, names, [][]float64{best, skew}, []string{"R²_best (M_best)", "R²_skew (M_skew)"}, vg.Points(16))
	pl.Y.Min, pl.Y.Max = 0, 1
	return experiment.Figure{Name: "r2-controls",
		Caption: fmt.Sprintf("jPCA fit quality: R²_skew/R²_best = %.2f (REC), %.2f (NOREC); shuffled R²_best = %.3f (negative values shown as 0).",
			rec.jp.Ratio(), norec.jp.Ratio(), shuf.R2Best),
		Plot: pl}
}
