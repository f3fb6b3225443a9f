package dimred

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// withConstant returns copies of Y with the neurons idx set to the value c
// in every frame (dead ROIs).
func withConstant(Y []*mat.Dense, c float64, idx ...int) []*mat.Dense {
	out := make([]*mat.Dense, len(Y))
	for k, y := range Y {
		out[k] = mat.DenseCopyOf(y)
		r, _ := y.Dims()
		for t := 0; t < r; t++ {
			for _, i := range idx {
				out[k].Set(t, i, c)
			}
		}
	}
	return out
}

// TestConstantNeuronInputError: FA and GPFA with some constant neurons (a
// dead ROI) answer with an input error naming the neurons and the remedy.
// A constant neuron's private variance has no maximum-likelihood value (the
// likelihood grows without bound as it shrinks to 0): before, GPFA failed
// with "covariance not positive definite" or a decreasing likelihood, and FA
// returned latents with a log-likelihood dominated by that neuron's floor
// variance (+12.9 nats per frame for ψ = 1e-12).
func TestConstantNeuronInputError(t *testing.T) {
	ctx := context.Background()
	base := latentTrials(4, 25, 8, func(v float64) float64 { return v })
	for _, c := range []struct {
		val  float64
		idx  []int
		want string
	}{
		{0, []int{2}, "neuron 2 (1 of 8) is constant over all 100 frames"},
		{3.7, []int{2}, "neuron 2 (1 of 8) is constant"},
		{1e5, []int{0, 5, 7}, "neurons 0, 5, 7 (3 of 8) are constant"},
		{1e300, []int{6}, "neuron 6 (1 of 8)"},
		{-2.5e-300, []int{1, 3}, "neurons 1, 3 (2 of 8)"},
	} {
		Y := withConstant(base, c.val, c.idx...)
		name := fmt.Sprintf("%g at %v", c.val, c.idx)
		within(t, name, func() {
			check := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "drop") {
					t.Errorf("%s, %s: err = %v, want an input error saying %q and how to fix it", name, what, err, c.want)
				}
			}
			_, _, err := FA(Y, 2, 10)
			check("FA", err)
			_, _, err = FitFA(Y, 2, 10)
			check("FitFA", err)
			_, _, err = FitGPFA(ctx, Y, 2, GPFAOptions{Iters: 5})
			check("FitGPFA", err)
			_, _, err = GPFALatents(ctx, Y, 2, GPFAOptions{Iters: 5})
			check("GPFALatents", err)
		})
	}
	// Without the dead neurons both fit.
	keep := make([]*mat.Dense, len(base))
	for k, y := range base {
		keep[k] = mat.DenseCopyOf(y.Slice(0, 25, 3, 8))
	}
	if _, _, err := FA(keep, 2, 10); err != nil {
		t.Errorf("FA without the constant neurons: %v", err)
	}
	if _, _, err := GPFALatents(ctx, keep, 2, GPFAOptions{Iters: 5}); err != nil {
		t.Errorf("GPFA without the constant neurons: %v", err)
	}
}

// gridTrials are latentTrials rounded to multiples of 1/64, so that adding
// an offset up to 2^40 is exact.
func gridTrials(off float64) []*mat.Dense {
	return latentTrials(4, 30, 6, func(v float64) float64 { return math.Round(v*64)/64 + off })
}

// spreadOf returns the largest max − min over the neurons of Y.
func spreadOf(Y []*mat.Dense) float64 {
	_, n := Y[0].Dims()
	var sp float64
	for i := 0; i < n; i++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, y := range Y {
			r, _ := y.Dims()
			for t := 0; t < r; t++ {
				lo, hi = math.Min(lo, y.At(t, i)), math.Max(hi, y.At(t, i))
			}
		}
		sp = math.Max(sp, hi-lo)
	}
	return sp
}

// TestGPFALargeOffset: GPFA's latents do not depend on a common offset of
// the data. Before the fix an offset of 2^16 moved them by ~2e-3 of their
// range and from 2^20 EM's likelihood decreased (an error); the neurons are
// now shifted exactly when the offset exceeds gpfaOffsetRatio spreads.
func TestGPFALargeOffset(t *testing.T) {
	ctx := context.Background()
	opt := GPFAOptions{Iters: 40, Tol: -1}
	X0, _, err := GPFALatents(ctx, gridTrials(0), 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	sc := maxAbs(X0)
	for _, e := range []int{16, 20, 24, 30, 36} {
		within(t, fmt.Sprintf("2^%d", e), func() {
			X, _, err := GPFALatents(ctx, gridTrials(math.Ldexp(1, e)), 2, opt)
			if err != nil {
				t.Fatalf("offset 2^%d: %v", e, err)
			}
			if d := absLatentDiff(X, X0); d > 1e-4*sc {
				t.Errorf("offset 2^%d: latents differ by %.3g, want within %.3g (1e-4 of their range)", e, d, 1e-4*sc)
			}
		})
	}
}

// absLatentDiff is the largest difference of |latent| (GPFA's
// orthonormalised latents are defined up to sign).
func absLatentDiff(a, b []*mat.Dense) float64 {
	var d float64
	for k := range a {
		r, c := a[k].Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				d = math.Max(d, math.Abs(math.Abs(a[k].At(i, j))-math.Abs(b[k].At(i, j))))
			}
		}
	}
	return d
}

// TestGPFAOffsetShiftExact: the shift is exact, so fitting offset data is
// fitting the data minus each neuron's first value: same C, R, τ and
// log-likelihoods bit for bit, and d differs by the shift.
func TestGPFAOffsetShiftExact(t *testing.T) {
	ctx := context.Background()
	Y := gridTrials(math.Ldexp(1, 24))
	_, n := Y[0].Dims()
	shift := make([]float64, n)
	copy(shift, Y[0].RawRowView(0))
	opt := GPFAOptions{Iters: 10, Tol: -1}
	m, lls, err := FitGPFA(ctx, Y, 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	ms, llss, err := FitGPFA(ctx, shiftTrials(Y, shift), 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(m.C, ms.C) || fmt.Sprint(m.R, m.Tau, lls) != fmt.Sprint(ms.R, ms.Tau, llss) {
		t.Errorf("fit of the offset data differs from the fit of the shifted data")
	}
	for i := range m.D {
		if m.D[i] != ms.D[i]+shift[i] {
			t.Errorf("d[%d] = %v, want %v + %v", i, m.D[i], ms.D[i], shift[i])
		}
	}
}

// TestGPFAOffsetContinuity: just below gpfaOffsetRatio (fitted as given)
// and just above it (shifted) the latents agree to 1e-4 of their range.
func TestGPFAOffsetContinuity(t *testing.T) {
	ctx := context.Background()
	Y := gridTrials(0)
	// The offset at which the first neuron's largest y reaches
	// gpfaOffsetRatio times its spread (the data are positive from there).
	_, n := Y[0].Dims()
	cross := math.Inf(1)
	for i := 0; i < n; i++ {
		col := make([]*mat.Dense, len(Y))
		for k, y := range Y {
			r, _ := y.Dims()
			col[k] = mat.DenseCopyOf(y.Slice(0, r, i, i+1))
		}
		hi := math.Inf(-1)
		for _, c := range col {
			hi = math.Max(hi, mat.Max(c))
		}
		cross = math.Min(cross, gpfaOffsetRatio*spreadOf(col)-hi)
	}
	opt := GPFAOptions{Iters: 40, Tol: -1}
	var X [2][]*mat.Dense
	for k, f := range []float64{0.999, 1.001} {
		off := math.Round(f * cross)
		Ya := gridTrials(off)
		shifted := offsetShift(Ya) != nil
		if shifted != (k == 1) {
			t.Fatalf("offset %g (×%g of the bound): shifted = %v", off, f, shifted)
		}
		var err error
		if X[k], _, err = GPFALatents(ctx, Ya, 2, opt); err != nil {
			t.Fatal(err)
		}
	}
	d, sc := absLatentDiff(X[0], X[1]), maxAbs(X[0])
	t.Logf("latents across the bound differ by %.3g of their range", d/sc)
	if d > 1e-4*sc {
		t.Errorf("latents across the bound differ by %.3g, want within %.3g (1e-4 of their range)", d, 1e-4*sc)
	}
}

// TestCovariancesReleasePredicted: the backward pass reuses the buffers of
// the predicted covariances and their inverses once no later step reads
// them, so before steady state the pass holds four D×D buffers per frame,
// not six (the c300 recording of 300 neurons × 20 000 frames: RSS 2.5 GB
// before); the smoothed result still matches model/lds.
func TestCovariancesReleasePredicted(t *testing.T) {
	const T = 40 // short: no steady state
	m, _, _ := demo(3, 5, 2, 10, 1)
	sl := m.shared()
	sl.CrossQ = m.Neurons()
	cp, err := sl.covariances(T, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cp.pool); n > 4*T+2 {
		t.Errorf("covariance buffers: got %d D×D buffers for T = %d, want ≤ %d", n, T, 4*T+2)
	}
	smootherMatches(t, T)
}
