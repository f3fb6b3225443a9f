package eckmann2024

import (
	"math"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/internal/num"
	"neurolab/model/plasticity"
)

func TestInputTuning(t *testing.T) {
	// L4 cell k peaks at s_k = kπ/80 with 140 Hz; d is circular (period π);
	// its OSI over a fine sweep is exp(−2σ²) = 0.916 for σ = 12° (spec).
	y := make([]float64, 80)
	inputRates(y, 10*math.Pi/80, 140, 12*math.Pi/180)
	if math.Abs(y[10]-140) > 1e-9 {
		t.Errorf("peak: got %g, want 140", y[10])
	}
	inputRates(y, math.Pi-1e-9, 140, 12*math.Pi/180)
	if math.Abs(y[0]-140) > 1e-6 {
		t.Errorf("wrap-around: got %g, want 140", y[0])
	}
	const n = 3600
	sweep := make([][]float64, 1)
	sweep[0] = make([]float64, n)
	var z complex128
	var s float64
	for k := 0; k < n; k++ {
		th := float64(k) * math.Pi / n
		inputRates(y, th, 140, 12*math.Pi/180)
		z += complex(y[0]*math.Cos(2*th), y[0]*math.Sin(2*th))
		s += y[0]
	}
	_ = sweep
	osi := math.Hypot(real(z), imag(z)) / s
	want := math.Exp(-2 * math.Pow(12*math.Pi/180, 2))
	if math.Abs(osi-want) > 1e-3 {
		t.Errorf("L4 OSI: got %g, want %g ± 1e-3", osi, want)
	}
}

func TestInit(t *testing.T) {
	p := Default(experiment.Quick)
	n := newNet(p, num.Stream(1, 2))
	for i := 0; i < p.NE; i++ {
		if d := math.Abs(plasticity.RowNorm(plasticity.L1, i, n.W, n.U) - 0.6); d > 1e-12 {
			t.Errorf("row %d: |W|+|U| off by %g", i, d)
		}
		if plasticity.RowNorm(plasticity.L1, i, n.U) != 0 {
			t.Errorf("row %d: U not exactly zero at init", i)
		}
	}
	for i := 0; i < p.NI; i++ {
		if plasticity.RowNorm(plasticity.L1, i, n.Q) != 0 {
			t.Errorf("row %d: Q not exactly zero at init", i)
		}
	}
}

// quickPartial lists checks that need the default scale's e·T to pass
// robustly: tiling emerges slowly (spec: Rayleigh 0.58–0.65 at e·T = 2e5).
// Measured at seed 1: quick Rayleigh 0.289, 7 bins (passes by a small
// margin); default 0.264, 8 bins.
var quickPartial = map[string]string{
	"tiling_rayleigh": "needs default scale (e·T ≥ 2e6)",
	"tiling_bins":     "needs default scale (e·T ≥ 2e6)",
}

func TestQuick(t *testing.T) {
	exptest.AllPass(t, exptest.Quick(t, New()), exptest.Want{Figures: 4, Known: quickPartial})
}

func TestDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	exptest.Deterministic(t, New(), map[string]string{"steps": "20000", "probe_gap": "2000", "control_steps": "20000"})
}

// The probes do not fit.
func TestBadInput(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"steps": "1000", "probe_gap": "1000"})
}

// TestDefaultScale runs the default-scale calibration (NEUROLAB_DEFAULT=1).
func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{}) }

// TestTuningFigureFewCells checks that the tuning figure is drawn for fewer
// than 8 E cells (n_E's range starts at 2): the example-cell stride was
// n_E/8 = 0, so `--set n_E=2` looped forever adding lines.
func TestTuningFigureFewCells(t *testing.T) {
	for _, ne := range []int{2, 7, 8, 40} {
		done := make(chan experiment.Figure, 1)
		go func() { done <- tuningFigure(&probe{yE: mat2(ne, nProbe), yI: mat2(3, nProbe)}) }()
		select {
		case f := <-done:
			if len(f.Panels) != 1 || len(f.Panels[0]) != 2 {
				t.Errorf("n_E = %d: got %d panel rows, want one row of 2 panels", ne, len(f.Panels))
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("n_E = %d: tuningFigure did not return within 10 s", ne)
		}
	}
}

// TestLikeToLikeSingleColumn: with one I cell (n_I = 1) each row of M is a
// single weight normalised to budget_M, so M holds no like-to-like
// structure, but the correlation of its last-bit rounding differences with
// the cosines was whatever the rounding gave (1 at n_I = 1, quick scale,
// seed 1, where check assemblies_M passed; −5e-17 here).
func TestLikeToLikeSingleColumn(t *testing.T) {
	rng := num.Stream(3, 1)
	m := plasticity.NewDense(40, 1)
	for i := range m.Data {
		m.Data[i] = math.Abs(2e-4 + 1e-4*rng.NormFloat64())
	}
	plasticity.NormalizeRows(plasticity.L1, 0.3, m)
	post := make([]float64, 40)
	for i := range post {
		post[i] = float64(i%nProbe) * math.Pi / nProbe
	}
	if r := likeToLike(m, post, []float64{0.3}, false); r != 0 {
		t.Errorf("like-to-like correlation of a single-column M normalised to its budget = %g, want 0", r)
	}
	// Real structure is still measured.
	for i := range m.Data {
		m.Data[i] = 1 + math.Cos(2*(post[i]-0.3))
	}
	if r := likeToLike(m, post, []float64{0.3}, false); math.Abs(r-1) > 1e-12 {
		t.Errorf("like-to-like correlation of planted structure = %g, want 1", r)
	}
}
