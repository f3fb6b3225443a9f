package remap

import (
	"context"
	"errors"
	"math"
	"slices"
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

func analyzeExtreme(t *testing.T, x Tensor, o Options) (r *Result, err error) {
	t.Helper()
	within(t, func() { r, err = Analyze(context.Background(), x, o) })
	return r, err
}

func scaleRemap(x Tensor, s float64) Tensor {
	y := x
	y.Data = make([]float64, len(x.Data))
	for i, v := range x.Data {
		y.Data[i] = s * v
	}
	return y
}

func closeSlices(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		if !metaClose(got[i], want[i], tol) {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// The labels, similarities, scores and remap scores are invariant under a
// positive scaling of the tensor and the centroids scale with it, also when
// squares overflow or underflow.
func TestExtremeScale(t *testing.T) {
	x := metaTensor(30, 6, 4, 1)
	o := Options{Maps: 2, Seed: 3}
	want, err := analyzeExtreme(t, x, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{1e-300, 1e-170, 1e150, 1e300} {
		got, err := analyzeExtreme(t, scaleRemap(x, s), o)
		if err != nil {
			t.Fatalf("×%g: %v", s, err)
		}
		for i := range want.Labels {
			if got.Labels[i] != want.Labels[i] {
				t.Fatalf("×%g: labels %v, want %v", s, got.Labels, want.Labels)
			}
		}
		closeSlices(t, "Similarity", got.Similarity, want.Similarity, 1e-9)
		closeSlices(t, "Score", got.Score, want.Score, 1e-9)
		closeSlices(t, "RemapScore", got.RemapScore, want.RemapScore, 1e-9)
		c := mat.DenseCopyOf(got.Centroids)
		c.Scale(1/s, c)
		closeSlices(t, "Centroids/s", c.RawMatrix().Data, want.Centroids.RawMatrix().Data, 1e-9)
		if t.Failed() {
			t.Fatalf("×%g", s)
		}
		k, sil, err := chooseExtreme(t, scaleRemap(x, s))
		if err != nil || k != 2 || !(sil[1] > 0) {
			t.Errorf("×%g: ChooseMaps = %d, %v, %v; want K = 2", s, k, sil, err)
		}
	}
}

func chooseExtreme(t *testing.T, x Tensor) (k int, sil []float64, err error) {
	within(t, func() { k, sil, err = ChooseMaps(context.Background(), x, 3, 0.1, Options{Seed: 2}) })
	return
}

// Similarity of two collinear trials is 1 at any magnitude.
func TestExtremeSimilarityScale(t *testing.T) {
	for _, s := range []float64{1e-310, 1e-300, 1e160, 1e300} {
		x := Tensor{Trials: 2, Bins: 3, Cells: 1, Data: []float64{s, 2 * s, -s, -s, -2 * s, s}}
		sim := Similarity(x)
		if !metaClose(sim[1], 1, 1e-12) {
			t.Errorf("×%g: similarity %v, want 1", s, sim[1])
		}
	}
}

// Score at extreme magnitudes: +1 at c1, −1 at c2, 0 midway.
func TestExtremeScoreScale(t *testing.T) {
	for _, s := range []float64{1e-310, 1e-300, 1e160, 1e300} {
		c1, c2 := []float64{s, 0}, []float64{0, s}
		Y := mat.NewDense(3, 2, []float64{s, 0, 0, s, s / 2, s / 2})
		dst := make([]float64, 3)
		Score(dst, Y, c1, c2, nil)
		closeSlices(t, "Score", dst, []float64{1, -1, 0}, 1e-12)
	}
}

// All-constant and all-zero tensors: similarity undefined (NaN), k-means
// still returns K labels; scores are NaN (coincident centroids).
func TestExtremeConstant(t *testing.T) {
	for _, c := range []float64{0, 1, 1e300, -5e-324} {
		x := Tensor{Trials: 6, Bins: 2, Cells: 3, Data: make([]float64, 36)}
		for i := range x.Data {
			x.Data[i] = c
		}
		r, err := analyzeExtreme(t, x, Options{Maps: 2})
		if err != nil {
			if errors.Is(err, experiment.ErrInput) {
				continue
			}
			t.Fatalf("constant %g: %v", c, err)
		}
		for _, v := range r.Similarity {
			if !math.IsNaN(v) {
				t.Fatalf("constant %g: similarity %v, want NaN", c, v)
			}
		}
		for _, v := range r.Score {
			if !math.IsNaN(v) {
				t.Fatalf("constant %g: score %v, want NaN", c, v)
			}
		}
		if !math.IsNaN(r.Within) || !math.IsNaN(r.Across) {
			t.Errorf("constant %g: within %v across %v, want NaN", c, r.Within, r.Across)
		}
	}
}

// Minimum and very unequal shapes, K = number of trials, duplicated trials.
func TestExtremeShapes(t *testing.T) {
	for _, c := range []struct{ T, B, C, K int }{{1, 1, 1, 1}, {2, 1, 1, 2}, {3, 1, 2000, 3}, {2000, 1, 3, 2}, {5, 2, 2, 5}} {
		x := metaTensor(c.T, c.B, c.C, 4)
		r, err := analyzeExtreme(t, x, Options{Maps: c.K, Restarts: 2})
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if len(r.Labels) != c.T {
			t.Errorf("%v: %d labels", c, len(r.Labels))
		}
		for _, l := range r.Labels {
			if l < 0 || l >= c.K {
				t.Errorf("%v: label %d", c, l)
			}
		}
	}
	// Identical trials with K = 2: fewer distinct points than maps.
	x := Tensor{Trials: 4, Bins: 2, Cells: 2, Data: []float64{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}}
	r, err := analyzeExtreme(t, x, Options{Maps: 2})
	if err == nil {
		for _, v := range r.Similarity {
			if v != 1 {
				t.Errorf("identical trials: similarity %v, want 1", v)
			}
		}
	} else if !errors.Is(err, experiment.ErrInput) {
		t.Errorf("identical trials: %v", err)
	}
}

// NaN and ±Inf are refused with an input error, by Analyze and ChooseMaps.
func TestExtremeNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		x := metaTensor(4, 2, 2, 1)
		x.Data[3] = v
		if _, err := analyzeExtreme(t, x, Options{Maps: 2}); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%v: err = %v, want an input error", v, err)
		}
		if _, _, err := chooseExtreme(t, x); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("ChooseMaps %v: err = %v, want an input error", v, err)
		}
	}
}

// More trials than MaxTrials: the similarity matrix would not fit; an input
// error, before anything is allocated.
func TestExtremeTooManyTrials(t *testing.T) {
	x := Tensor{Trials: MaxTrials + 1, Bins: 1, Cells: 1, Data: make([]float64, MaxTrials+1)}
	for i := range x.Data {
		x.Data[i] = float64(i % 3)
	}
	if _, err := analyzeExtreme(t, x, Options{Maps: 2}); !errors.Is(err, experiment.ErrInput) {
		t.Errorf("Analyze: err = %v, want an input error", err)
	}
	if _, _, err := chooseExtreme(t, x); !errors.Is(err, experiment.ErrInput) {
		t.Errorf("ChooseMaps: err = %v, want an input error", err)
	}
}

// Continuity at the rescaling threshold: a tensor whose largest |value| lies
// just inside [2⁻⁶⁴, 2⁶⁴] (analysed as given) and one just outside
// (rescaled) give every field of the unscaled analysis, the centroids
// scaled with the data.
func TestExtremeThresholdContinuity(t *testing.T) {
	x := metaTensor(30, 6, 4, 1)
	var m float64
	for _, v := range x.Data {
		m = math.Max(m, math.Abs(v))
	}
	speed := make([]float64, x.Trials)
	for i := range speed {
		speed[i] = float64(i%7) + 1
	}
	o := Options{Maps: 2, Seed: 3, Speed: speed}
	want, err := analyzeExtreme(t, x, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, top := range []float64{0x1p64 * 0.999, 0x1p64 * 1.001, 0x1p-64 * 1.001, 0x1p-64 * 0.999} {
		s := top / m
		got, err := analyzeExtreme(t, scaleRemap(x, s), o)
		if err != nil {
			t.Fatalf("largest %g: %v", top, err)
		}
		if !slices.Equal(got.Labels, want.Labels) || !slices.Equal(got.Events, want.Events) {
			t.Fatalf("largest %g: labels %v events %v, want %v %v", top, got.Labels, got.Events, want.Labels, want.Events)
		}
		closeSlices(t, "Similarity", got.Similarity, want.Similarity, 1e-9)
		closeSlices(t, "Within/Across", []float64{got.Within, got.Across}, []float64{want.Within, want.Across}, 1e-9)
		closeSlices(t, "MapSpeed", got.MapSpeed, want.MapSpeed, 1e-12)
		closeSlices(t, "Score", got.Score, want.Score, 1e-9)
		closeSlices(t, "RemapScore", got.RemapScore, want.RemapScore, 1e-9)
		for c := range want.CellScore {
			closeSlices(t, "CellScore", got.CellScore[c], want.CellScore[c], 1e-9)
		}
		cs := mat.DenseCopyOf(got.Centroids)
		cs.Scale(1/s, cs)
		closeSlices(t, "Centroids/s", cs.RawMatrix().Data, want.Centroids.RawMatrix().Data, 1e-9)
		if t.Failed() {
			t.Fatalf("largest %g", top)
		}
	}
}

// A large common offset: the similarity must be that of the same (already
// quantised) values shifted back exactly; the rounding error of the trial
// means gave |Δr| up to 0.02 at an offset of 1e15 on a spread of 6.
func TestExtremeSimilarityOffset(t *testing.T) {
	x := metaTensor(30, 6, 4, 1)
	for _, off := range []float64{1e12, 1e15, -3e15} {
		y := scaleRemap(x, 1)
		for i := range y.Data {
			y.Data[i] += off
		}
		z := scaleRemap(y, 1)
		for i := range z.Data {
			z.Data[i] -= off // exact: y and off are within a factor 2
		}
		closeSlices(t, "Similarity", Similarity(y), Similarity(z), 1e-12)
		if t.Failed() {
			t.Fatalf("offset %g", off)
		}
	}
}
