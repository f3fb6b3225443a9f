package transients

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// plantedMovie returns a frame-major noiseless movie of T frames in which
// profile c has amplitude tc[c][t] in frame t.
func plantedMovie(profiles [][]float64, tc [][]float64, n, T int) []float64 {
	movie := make([]float64, T*n*n)
	for t := 0; t < T; t++ {
		f := movie[t*n*n : (t+1)*n*n]
		for c, p := range profiles {
			for i, v := range p {
				f[i] += tc[c][t] * v
			}
		}
	}
	return movie
}

// Planted ground truth: on a noiseless movie, every cell's least-squares
// time course is its planted amplitude (the window's profiles are
// independent, so a = (PᵀP)⁻¹Pᵀf is exact), for two overlapping cells and
// one far from them; LSQTraces equals Fitter.LSQ frame by frame bit for
// bit, and does not depend on workers.
func TestLSQTracesPlanted(t *testing.T) {
	const n, T = 40, 30
	profiles := [][]float64{gauss(n, 12, 12, 1.6, 1), gauss(n, 14, 13, 1.6, 1.2), gauss(n, 30, 30, 2, 0.8)}
	rng := rand.New(rand.NewPCG(3, 4))
	tc := make([][]float64, len(profiles))
	for c := range tc {
		tc[c] = make([]float64, T)
		for t := range tc[c] {
			tc[c][t] = rng.ExpFloat64()
		}
	}
	movie := plantedMovie(profiles, tc, n, T)
	ctx := context.Background()
	got, err := LSQTraces(ctx, movie, n, profiles, SeudoOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := got.Dims(); r != len(profiles) || c != T {
		t.Fatalf("dims: got %d×%d, want %d×%d", r, c, len(profiles), T)
	}
	const tol = 1e-10
	for c := range profiles {
		t.Run(fmt.Sprintf("cell=%d", c), func(t *testing.T) {
			ft, err := NewFitter(profiles, n, c, SeudoOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for tt := 0; tt < T; tt++ {
				v := got.At(c, tt)
				if d := math.Abs(v - tc[c][tt]); d > tol {
					t.Errorf("cell %d frame %d: got %.15g, want %.15g ± %g", c, tt, v, tc[c][tt], tol)
				}
				if w, _ := ft.LSQ(movie[tt*n*n : (tt+1)*n*n]); v != w {
					t.Errorf("cell %d frame %d: got %.17g, want Fitter.LSQ's %.17g exactly", c, tt, v, w)
				}
			}
		})
	}
	par, err := LSQTraces(ctx, movie, n, profiles, SeudoOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	for c := range profiles {
		for tt := 0; tt < T; tt++ {
			if a, b := got.At(c, tt), par.At(c, tt); a != b {
				t.Fatalf("cell %d frame %d: workers 1 gives %.17g, workers 3 gives %.17g", c, tt, a, b)
			}
		}
	}
}

func TestLSQTracesBadInput(t *testing.T) {
	const n, T = 20, 4
	p := gauss(n, 8, 8, 1.5, 1)
	movie := make([]float64, T*n*n)
	cases := []struct {
		name     string
		movie    []float64
		profiles [][]float64
		want     error // nil: any error
	}{
		{"partial frame", movie[:T*n*n-1], [][]float64{p}, nil},
		{"empty movie", nil, [][]float64{p}, nil},
		{"no profiles", movie, nil, nil},
		{"short profile", movie, [][]float64{p[:n]}, nil},
		{"duplicate profiles", movie, [][]float64{p, p}, ErrDegenerate},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LSQTraces(context.Background(), c.movie, n, c.profiles, SeudoOptions{Workers: 2})
			if err == nil {
				t.Fatalf("got nil error, want one")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
	t.Run("LSQTrace wrong dst", func(t *testing.T) {
		ft, err := NewFitter([][]float64{p}, n, 0, SeudoOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if recover() == nil {
				t.Errorf("LSQTrace into %d values for %d frames: got no panic, want one", T-1, T)
			}
		}()
		ft.LSQTrace(make([]float64, T-1), movie)
	})
}
