package averages

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// Extreme but valid inputs: each case runs under a timeout so that a hang
// fails fast, and must return a correct result or an input error.

func within(t *testing.T, f func()) {
	t.Helper()
	deadline.Run(t, 5*time.Second, "", f)
}

func testExtreme(t *testing.T, counts *mat.Dense, labels []int, classes int, o Options) (r *Result, err error) {
	t.Helper()
	within(t, func() { r, err = Test(context.Background(), counts, labels, classes, o) })
	return r, err
}

// Huge whole-number counts: beyond MaxTrialSpikes (1e7) they are refused
// with an input error naming the cause (a count above 2⁶³ overflows int,
// and one trial of 1e15 spikes on few neurons is a scaled value, not a
// spike count).
func TestExtremeHugeCounts(t *testing.T) {
	for _, v := range []float64{1e8, 1e15, 1e20, 1e300} {
		counts := mat.NewDense(4, 3, []float64{v, 0, 1, 0, v, 2, v, 1, 0, 3, 0, v})
		labels := []int{0, 0, 1, 1}
		_, err := testExtreme(t, counts, labels, 2, Options{Surrogates: 5})
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "spikes") {
			t.Errorf("counts %g: err = %v, want an input error about the spike total", v, err)
		}
		within(t, func() {
			_, _, err = Subsample(context.Background(), counts, labels, 2, 1, 1, Options{Surrogates: 2})
		})
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("Subsample, counts %g: err = %v, want an input error", v, err)
		}
	}
}

// Correlations are scale-invariant: Reliability and PermutedSI give the
// same answer on real-valued data at any magnitude.
func TestExtremeReliabilityScale(t *testing.T) {
	counts, labels := metaCounts(12, 6, 3, 1)
	tm, err := Templates(counts, labels, 3)
	if err != nil {
		t.Fatal(err)
	}
	T := 12
	rho, ro, si := make([]float64, T), make([]float64, T), make([]float64, T)
	Reliability(rho, ro, si, counts, tm, labels)
	wantP, _ := PermutedSI(rand.New(rand.NewPCG(1, 2)), counts, labels, 3)
	for _, s := range []float64{1e-300, 1e-170, 1e160, 1e300} {
		cs := mat.DenseCopyOf(counts)
		cs.Scale(s, cs)
		ts, err := Templates(cs, labels, 3)
		if err != nil {
			t.Fatalf("×%g: %v", s, err)
		}
		r2, o2, s2 := make([]float64, T), make([]float64, T), make([]float64, T)
		within(t, func() { Reliability(r2, o2, s2, cs, ts, labels) })
		for i := range rho {
			if !near(r2[i], rho[i]) || !near(o2[i], ro[i]) || !near(s2[i], si[i]) {
				t.Errorf("×%g: trial %d: %v %v %v, want %v %v %v", s, i, r2[i], o2[i], s2[i], rho[i], ro[i], si[i])
			}
		}
		gotP, err := PermutedSI(rand.New(rand.NewPCG(1, 2)), cs, labels, 3)
		if err != nil || !near(gotP, wantP) {
			t.Errorf("×%g: PermutedSI = %v, %v; want %v", s, gotP, err, wantP)
		}
	}
}

// All-zero and constant counts: every correlation is undefined (NaN), and so
// is every percentile.
func TestExtremeConstant(t *testing.T) {
	for _, c := range []float64{0, 3} {
		counts := mat.NewDense(4, 5, nil)
		for i := range counts.RawMatrix().Data {
			counts.RawMatrix().Data[i] = c
		}
		r, err := testExtreme(t, counts, []int{0, 1, 0, 1}, 2, Options{Surrogates: 10})
		if err != nil {
			t.Fatalf("constant %g: %v", c, err)
		}
		for i := range r.Rho {
			if !math.IsNaN(r.Rho[i]) || !math.IsNaN(r.SI[i]) || !math.IsNaN(r.Perc[i]) {
				t.Errorf("constant %g: trial %d: rho %v SI %v perc %v, want NaN", c, i, r.Rho[i], r.SI[i], r.Perc[i])
			}
		}
	}
}

// One nonzero count: the trial holding it correlates perfectly with its own
// (one-trial) template; the other trials are constant (NaN).
func TestExtremeOneNonzero(t *testing.T) {
	counts := mat.NewDense(2, 3, nil)
	counts.Set(0, 1, 1)
	r, err := testExtreme(t, counts, []int{0, 1}, 2, Options{Surrogates: 20})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Rho[0], 1) || !math.IsNaN(r.Rho[1]) {
		t.Errorf("rho = %v, want [1 NaN]", r.Rho)
	}
	// Every surrogate of a one-spike trial drawn from a one-spike template
	// is the template itself: ρ ties with every surrogate, percentile ½.
	if r.Perc[0] != 0.5 {
		t.Errorf("perc = %v, want 0.5", r.Perc[0])
	}
}

// Minimum and very unequal shapes.
func TestExtremeShapes(t *testing.T) {
	for _, s := range [][3]int{{1, 1, 1}, {2, 1, 2}, {3, 1000, 3}, {20000, 3, 2}} {
		counts, labels := metaCounts(s[0], s[1], s[2], 3)
		r, err := testExtreme(t, counts, labels, s[2], Options{Surrogates: 3})
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		for i, p := range r.Perc {
			if !math.IsNaN(p) && (p < 0 || p > 1) {
				t.Errorf("%v: trial %d percentile %v", s, i, p)
			}
		}
	}
}

// NaN and ±Inf are refused with an input error.
func TestExtremeNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		counts, labels := metaCounts(4, 3, 2, 1)
		counts.Set(2, 1, v)
		if _, err := testExtreme(t, counts, labels, 2, Options{}); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%v: err = %v, want an input error", v, err)
		}
		if _, err := Templates(counts, labels, 2); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("Templates %v: err = %v, want an input error", v, err)
		}
	}
}
