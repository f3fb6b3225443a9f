package geometry

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"neurolab/experiment"
)

// Extreme but valid inputs: each case runs under a timeout so that a hang
// fails fast, and must return a correct result or an input error.

func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	select {
	case p := <-done:
		if p != nil {
			t.Fatalf("panic: %v", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("did not return within 5 s")
	}
}

func analyzeExtreme(t *testing.T, x Tensor, labels []int, opt Options) (r *Report, err error) {
	t.Helper()
	within(t, func() { r, err = Analyze(context.Background(), x, labels, opt) })
	return r, err
}

func scaleTensor(x Tensor, s float64) Tensor {
	return mapCells(x, func(dst, v []float64) {
		for i := range v {
			dst[i] = s * v[i]
		}
	})
}

// Every reported quantity is a ratio or an angle: scaling the responses by
// any positive factor, also one whose squares overflow or underflow, leaves
// the report unchanged.
func TestExtremeScale(t *testing.T) {
	x, labels := metaTensor(3, 30, 5, 2)
	opt := Options{Lag: 1, SVC: true, Folds: 3}
	want, err := analyzeExtreme(t, x, labels, Options{Lag: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{1e-300, 1e-170, 1e150, 1e300} {
		got, err := analyzeExtreme(t, scaleTensor(x, s), labels, Options{Lag: 1})
		if err != nil {
			t.Fatalf("×%g: %v", s, err)
		}
		compareReports(t, "scaled", got, want, allFields...)
		if t.Failed() {
			t.Fatalf("×%g", s)
		}
	}
	// The SVC (C = 1) is not scale-invariant; data of extreme magnitude
	// is classified after the power-of-two rescaling, so it must still
	// return finite accuracies in [0, 1].
	for _, s := range []float64{1e-300, 1e300} {
		got, err := analyzeExtreme(t, scaleTensor(x, s), labels, opt)
		if err != nil {
			t.Fatalf("SVC ×%g: %v", s, err)
		}
		for _, v := range []float64{got.CrossAcc, got.WithinAcc} {
			if !(v >= 0 && v <= 1) {
				t.Errorf("SVC ×%g: accuracy %v", s, v)
			}
		}
		if math.IsNaN(got.SVCAngle) {
			t.Errorf("SVC ×%g: angle NaN", s)
		}
	}
}

// Fit is scale-equivariant: the ratios, directions and D do not change, the
// mean scales by s and the variances by s² (±Inf/0 only when s²·Var is not
// representable).
func TestExtremeFitScale(t *testing.T) {
	x, _ := metaTensor(2, 20, 4, 7)
	g := x.Data[:20*4]
	want, err := Fit(g, 20, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{1e-300, 1e-170, 1e150, 1e300} {
		gs := make([]float64, len(g))
		for i, v := range g {
			gs[i] = s * v
		}
		var got *PCA
		within(t, func() { got, err = Fit(gs, 20, 4) })
		if err != nil {
			t.Fatalf("×%g: %v", s, err)
		}
		if !metaClose(got.D, want.D) {
			t.Errorf("×%g: D = %v, want %v", s, got.D, want.D)
		}
		for i := range want.Ratio {
			if !metaClose(got.Ratio[i], want.Ratio[i]) {
				t.Errorf("×%g: Ratio[%d] = %v, want %v", s, i, got.Ratio[i], want.Ratio[i])
			}
			if !metaClose(got.Mean[i]/s, want.Mean[i]) {
				t.Errorf("×%g: Mean[%d]/s = %v, want %v", s, i, got.Mean[i]/s, want.Mean[i])
			}
			for j := range want.Dirs[i] {
				if !metaClose(got.Dirs[i][j], want.Dirs[i][j]) {
					t.Errorf("×%g: Dirs[%d][%d] = %v, want %v", s, i, j, got.Dirs[i][j], want.Dirs[i][j])
				}
			}
			wv := want.Var[i] * s * s
			if math.IsInf(wv, 0) || wv == 0 || wv < 0x1p-1022 {
				continue // not representable (or subnormal): not asserted
			}
			if !metaClose(got.Var[i]/wv, 1) {
				t.Errorf("×%g: Var[%d] = %v, want %v", s, i, got.Var[i], wv)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

// Constant groups (all trials identical) are refused as zero variance, at
// any magnitude; so is an all-zero tensor.
func TestExtremeConstant(t *testing.T) {
	labels := []int{0, 0, 0}
	for _, c := range []float64{0, 1, 1e300, -1e-310, 1e17} {
		x := Tensor{Sessions: 2, Trials: 3, Cells: 2, Data: make([]float64, 12)}
		for i := range x.Data {
			x.Data[i] = c
		}
		_, err := analyzeExtreme(t, x, labels, Options{})
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("constant %g: err = %v, want an input error", c, err)
		}
	}
}

// One nonzero entry: group (0, 0) varies along cell 0 only; the later group
// is constant and refused.
func TestExtremeOneNonzero(t *testing.T) {
	for _, v := range []float64{1, 1e-310, 1e300} {
		x := Tensor{Sessions: 2, Trials: 2, Cells: 3, Data: make([]float64, 12)}
		x.Data[0] = v
		_, err := analyzeExtreme(t, x, []int{0, 0}, Options{})
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%g: err = %v, want an input error (session 1 is constant)", v, err)
		}
		p, err := Fit(x.Data[:6], 2, 3)
		if err != nil {
			t.Fatalf("%g: %v", v, err)
		}
		if p.D != 1 || p.Ratio[0] != 1 || math.Abs(p.Dirs[0][0]) != 1 {
			t.Errorf("%g: D %v Ratio %v Dirs[0] %v, want a single PC along cell 0", v, p.D, p.Ratio, p.Dirs[0])
		}
	}
}

// Minimum and very unequal shapes.
func TestExtremeShapes(t *testing.T) {
	for _, s := range [][3]int{{2, 4, 1}, {2, 4, 300}, {2, 3000, 2}} {
		x, labels := metaTensor(s[0], s[1], s[2], 5)
		r, err := analyzeExtreme(t, x, labels, Options{})
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		for _, g := range r.Groups {
			if !(g.D >= 1 && g.D <= float64(s[2])) || math.IsNaN(g.Gamma) || math.IsNaN(g.Overlap) {
				t.Errorf("%v: D %v Gamma %v Overlap %v", s, g.D, g.Gamma, g.Overlap)
			}
		}
	}
}

// Perfectly collinear trials (rank-1 group): a single PC with all the
// variance, D = 1.
func TestExtremeCollinear(t *testing.T) {
	for _, s := range []float64{1, 1e-300, 1e300} {
		dir := []float64{1, 2, -2}
		g := make([]float64, 0, 15)
		for _, a := range []float64{-2, -1, 0, 1, 2} {
			for _, d := range dir {
				g = append(g, s*a*d)
			}
		}
		p, err := Fit(g, 5, 3)
		if err != nil {
			t.Fatalf("×%g: %v", s, err)
		}
		if !metaClose(p.D, 1) || !metaClose(p.Ratio[0], 1) {
			t.Errorf("×%g: D %v Ratio %v, want 1 and [1 0 0]", s, p.D, p.Ratio)
		}
	}
}

// NaN and ±Inf are refused with an input error.
func TestExtremeNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		x, labels := metaTensor(2, 4, 3, 1)
		x.Data[5] = v
		if _, err := analyzeExtreme(t, x, labels, Options{}); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%v: err = %v, want an input error", v, err)
		}
		if _, err := Fit(x.Data[:12], 4, 3); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("Fit %v: err = %v, want an input error", v, err)
		}
	}
}

// Fit1 on extreme magnitudes: R is scale-invariant, constant x gives slope 0.
func TestExtremeFit1(t *testing.T) {
	x := []float64{1, 2, 3, 4.5}
	y := []float64{2, 1, 5, 7}
	want := Fit1(x, y)
	for _, s := range []float64{1e-300, 1e160, 1e300} {
		xs, ys := make([]float64, 4), make([]float64, 4)
		for i := range x {
			xs[i], ys[i] = s*x[i], s*y[i]
		}
		got := Fit1(xs, ys)
		if !metaClose(got.R, want.R) || !metaClose(got.Slope, want.Slope) {
			t.Errorf("×%g: R %v slope %v, want %v %v", s, got.R, got.Slope, want.R, want.Slope)
		}
	}
}
