package zhang2022

import "math"

// transfer is the capped transfer function H of the authors' code.
type transfer struct {
	a, b, d, rmax float64
}

// eval returns H(x) = (r_max + (y − r_max)/(1 − e^{d(y − r_max)}))/(1 −
// e^{−d y}), y = a x − b. The numerator is written y + c(y) with
// c(y) = (y − r_max)/(e^{−d(y − r_max)} − 1), which avoids the cancellation
// r_max + (y − r_max) near y = 0, so H = y/(1 − e^{−dy}) + c(y)/(1 − e^{−dy}).
// Removable singularities are evaluated by their limits (spec): where
// |d y| < 1e-6, H → 1/d + y/2 (the correction c, of order r_max e^{−d r_max},
// is dropped there), and where |d(y − r_max)| < 1e-6 the inner term
// (y − r_max)/(1 − e^{d(y − r_max)}) → −1/d.
func (h transfer) eval(x float64) float64 {
	y := h.a*x - h.b
	dy := h.d * y
	z := h.d * (y - h.rmax)
	if math.Abs(z) < 1e-6 {
		num := h.rmax - 1/h.d + (y-h.rmax)/2
		return num / (-math.Expm1(-dy))
	}
	if math.Abs(dy) < 1e-6 {
		return 1/h.d + y/2
	}
	den := -math.Expm1(-dy)
	var c float64
	if z < -700 {
		c = 0 // (y − r_max) e^{z} underflows
	} else {
		c = (y - h.rmax) / math.Expm1(-z)
	}
	return (y + c) / den
}

// model is the coupled network (state x = [S_E (N), S_I (N)]).
type model struct {
	n                      int
	c                      []float64 // N×N connectome, zero diagonal
	g                      float64
	wEE, wIE, wEI, wII     float64
	iE, iI                 float64
	tauE, tauI, gamE, gamI float64
	hE, hI                 transfer
}

func newModel(p Params, c []float64, n int, g, iE float64) *model {
	return &model{n: n, c: c, g: g,
		wEE: p.WEE, wIE: p.WEE, wEI: p.WEI, wII: p.WII, iE: iE, iI: p.II,
		tauE: p.TauE, tauI: p.TauI, gamE: p.GammaE, gamI: p.GammaI,
		hE: transfer{p.AE, p.BE, p.DE, p.RMax}, hI: transfer{p.AI, p.BI, p.DI, p.RMax}}
}

// Dim returns 2N (state [S_E; S_I]).
func (m *model) Dim() int { return 2 * m.n }

// Deriv sets dst = f(x) (spec equations, authors' code form).
func (m *model) Deriv(dst, x []float64) {
	n := m.n
	sE, sI := x[:n], x[n:]
	for i := 0; i < n; i++ {
		in := m.wEE*sE[i] - m.wIE*sI[i] + m.iE
		if m.g != 0 {
			row := m.c[i*n : (i+1)*n]
			s := 0.0
			for j, v := range row {
				s += v * sE[j]
			}
			in += m.g * s
		}
		dst[i] = -sE[i]/m.tauE + (1-sE[i])*m.gamE*m.hE.eval(in)
		dst[n+i] = -sI[i]/m.tauI + (1-sI[i])*m.gamI*m.hI.eval(m.wEI*sE[i]-m.wII*sI[i]+m.iI)
	}
}
