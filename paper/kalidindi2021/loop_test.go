package kalidindi2021

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/jpca"
)

// TestAnalyseLoopPlanted: a linear loop with a slowly decaying 5 Hz mode
// that the loads cannot reach and a 2 Hz mode that they drive. The
// largest-modulus pair must be the 5 Hz one, the dominant jPC1-plane mode
// the 2 Hz one, and the linear response must reproduce the data exactly.
func TestAnalyseLoopPlanted(t *testing.T) {
	rot := func(f, r float64) [2][2]float64 {
		w := 2 * math.Pi * f * dt
		return [2][2]float64{{r * math.Cos(w), -r * math.Sin(w)}, {r * math.Sin(w), r * math.Cos(w)}}
	}
	slow, fast := rot(5, 0.99), rot(2, 0.95)
	// z = [slow mode (2), driven mode (2)]; loads enter the driven mode only.
	ls := loopSys{dim: 4, h2off: 0, n: 4, lag: 0, step: func(dst, z []float64, ext [2]float64) {
		for i := 0; i < 2; i++ {
			dst[i] = slow[i][0]*z[0] + slow[i][1]*z[1]
			dst[2+i] = fast[i][0]*z[2] + fast[i][1]*z[3] + ext[i]
		}
	}}
	const load, win = 0.2, 31
	data := make([]*mat.Dense, nCond)
	for c := range data {
		X := mat.NewDense(win, 4, nil)
		z, zn := make([]float64, 4), make([]float64, 4)
		for s := 1; s < win; s++ {
			ls.step(zn, z, loadOf(c, onset, load))
			z, zn = zn, z
			copy(X.RawRowView(s), z)
		}
		data[c] = X
	}
	jp, err := jpca.Fit(data, jpca.Options{Dims: 2, Dt: dt})
	if err != nil {
		t.Fatal(err)
	}
	la, err := analyseLoop(ls, make([]float64, 4), load, jp, win)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"largest-modulus freq (Hz)", la.freq, 5, 1e-6},
		{"largest modulus", la.mod, 0.99, 1e-6},
		{"dominant jPC1 mode freq (Hz)", la.j1Freq, 2, 1e-6},
		{"dominant share", la.j1Share, 1, 1e-9},
		{"reference share", la.refShare, 0, 1e-9},
		{"linear response R²", la.linR2, 1, 1e-9},
		{"dominant mode inside the PCs", la.dom.inPC, 1, 1e-9},
		{"dominant mode inside jPC1", la.dom.inJ1, 1, 1e-9},
		{"reference mode inside the PCs", la.ref.inPC, 0, 1e-9},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s: got %g, want %g ± %g", c.name, c.got, c.want, c.tol)
		}
	}
}
