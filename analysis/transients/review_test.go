package transients

import (
	"context"
	"math"
	"testing"
)

// Profiles whose magnitudes differ by 2^26 to 2^199 (inside the per-profile
// rescaling bounds 2^±200) made PᵀP too ill-conditioned to invert: LSQ
// refused them as linearly dependent, while a factor 2^201, rescaled, gave
// the right amplitudes. Every factor must give the amplitudes of the
// unscaled profiles (the scaled cell's ×1/a), and SEUDO's amplitude and
// decision must not move either.
func TestMixedProfileScales(t *testing.T) {
	const n, T = 24, 5
	profiles := [][]float64{gauss(n, 10, 10, 1.6, 1), gauss(n, 12, 11, 1.6, 1.2)}
	tc := [][]float64{{1, 2, 0, 3, 0.5}, {0.2, 0, 1, 1, 4}}
	movie := plantedMovie(profiles, tc, n, T)
	ctx := context.Background()
	ref, err := LSQTraces(ctx, movie, n, profiles, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	frame := movie[3*n*n : 4*n*n]
	refFit, err := NewFitter(profiles, n, 1, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	refA, refRep, refLSQ := refFit.Seudo(frame, false)
	for _, e := range []int{-250, -199, -150, -60, -30, -21, 21, 26, 30, 60, 150, 199, 250} {
		a := math.Ldexp(1, e)
		ps := [][]float64{profiles[0], make([]float64, len(profiles[1]))}
		for i, v := range profiles[1] {
			ps[1][i] = v * a
		}
		got, err := LSQTraces(ctx, movie, n, ps, SeudoOptions{})
		if err != nil {
			t.Errorf("profile 1 ×2^%d: %v", e, err)
			continue
		}
		for tt := 0; tt < T; tt++ {
			for c, s := range []float64{1, a} {
				if g, w := got.At(c, tt)*s, ref.At(c, tt); math.Abs(g-w) > 1e-9*(1+math.Abs(w)) {
					t.Errorf("profile 1 ×2^%d: cell %d frame %d: %g, want %g", e, c, tt, g, w)
				}
			}
		}
		ft, err := NewFitter(ps, n, 1, SeudoOptions{})
		if err != nil {
			t.Fatalf("profile 1 ×2^%d: NewFitter: %v", e, err)
		}
		ga, rep, gl := ft.Seudo(frame, false)
		if rep != refRep || math.Abs(ga*a-refA) > 1e-9*(1+math.Abs(refA)) || math.Abs(gl*a-refLSQ) > 1e-9*(1+math.Abs(refLSQ)) {
			t.Errorf("profile 1 ×2^%d: SEUDO (a·%g, %v, lsq·%g), want (%g, %v, %g)", e, ga*a, rep, gl*a, refA, refRep, refLSQ)
		}
	}
}
