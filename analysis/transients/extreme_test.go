package transients

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// within runs f under a deadline so that a hang fails the test fast.
func within(t *testing.T, name string, f func()) {
	t.Helper()
	deadline.Run(t, 2*time.Second, name, f)
}

func spikyTrace(n int) []float64 {
	rng := rand.New(rand.NewPCG(7, 8))
	y := make([]float64, n)
	var c float64
	for t := range y {
		c *= 0.9
		if t%200 == 50 {
			c += 10
		}
		y[t] = c + 0.3*rng.NormFloat64()
	}
	return y
}

// TestExtremeDetectDilate: a dilation as long as (or far longer than) the
// trace marks the whole trace in linear time (before the fix, marking was
// O(frames·Dilate), about 10^10 steps here, and Dilate near MaxInt
// overflowed t+Dilate and detected nothing).
func TestExtremeDetectDilate(t *testing.T) {
	y := spikyTrace(100000)
	for _, d := range []int{1 << 20, math.MaxInt, math.MaxInt - 1} {
		within(t, fmt.Sprintf("Dilate %d", d), func() {
			trs := Detect(y, DetectOptions{Dilate: d})
			if len(trs) != 1 || trs[0].Start != 0 || trs[0].End != len(y) {
				t.Fatalf("Dilate %d: %+v, want one transient over the whole trace", d, trs)
			}
		})
	}
	// Small dilations agree with the frame-by-frame definition.
	for _, d := range []int{-1, 1, 2, 7} {
		o := DetectOptions{Dilate: d}
		thr := Threshold(y, o)
		on := make([]bool, len(y))
		for tt, v := range y {
			if v > thr {
				for u := max(0, tt-d); u <= min(len(y)-1, tt+d); u++ {
					on[u] = true
				}
			}
		}
		var want []Transient
		for tt := 0; tt < len(y); {
			if !on[tt] {
				tt++
				continue
			}
			s := tt
			for tt < len(y) && on[tt] {
				tt++
			}
			if tt-s >= 6 {
				want = append(want, Transient{Start: s, End: tt})
			}
		}
		got := Detect(y, o)
		if len(got) != len(want) {
			t.Fatalf("Dilate %d: %d transients, want %d", d, len(got), len(want))
		}
		for i := range got {
			if got[i].Start != want[i].Start || got[i].End != want[i].End {
				t.Fatalf("Dilate %d: transient %d = %+v, want %+v", d, i, got[i], want[i])
			}
		}
	}
}

// TestExtremeDetectScale: detection is scale-invariant from subnormal-free
// tiny values to values near the largest float, and a threshold quantile
// between values of opposite sign near ±MaxFloat64 is finite (before the
// fix their difference overflowed and the quantile was ±Inf or NaN).
func TestExtremeDetectScale(t *testing.T) {
	y := spikyTrace(2000)
	ref := Detect(y, DetectOptions{})
	for _, a := range []float64{1e-300, 1e-150, 1e150, 1e300} {
		ys := make([]float64, len(y))
		for i := range y {
			ys[i] = y[i] * a
		}
		got := Detect(ys, DetectOptions{SDs: 1})
		want := Detect(y, DetectOptions{SDs: 1})
		if len(got) != len(want) {
			t.Fatalf("×%g: %d transients, want %d", a, len(got), len(want))
		}
		for i := range got {
			if got[i].Start != want[i].Start || got[i].End != want[i].End {
				t.Fatalf("×%g: %+v, want %+v", a, got[i], want[i])
			}
		}
	}
	if len(ref) == 0 {
		t.Fatal("no transient in the reference trace")
	}
	v := []float64{-1.5e308, 1.5e308}
	if q := quantile(v, 0.5); q != 0 {
		t.Errorf("median of ±1.5e308 = %g, want 0", q)
	}
	for _, c := range [][]float64{{}, {3}, {3, 3, 3, 3, 3, 3, 3, 3}, make([]float64, 10), {math.NaN(), math.Inf(1)}} {
		within(t, "degenerate", func() {
			if trs := Detect(c, DetectOptions{}); len(trs) != 0 {
				t.Errorf("%v: %+v, want none", c, trs)
			}
		})
	}
}

// TestExtremeProfileScale: LSQ amplitudes scale as 1/α with the profiles
// and as α with the movie far outside the range where ‖p‖² and PᵀP are
// representable (before the fix profiles ×1e-300 gave NaN amplitudes).
func TestExtremeProfileScale(t *testing.T) {
	const n, T = 24, 5
	profiles := [][]float64{gauss(n, 10, 10, 1.6, 1), gauss(n, 12, 11, 1.6, 1.2)}
	tc := [][]float64{{1, 2, 0, 3, 0.5}, {0.2, 0, 1, 1, 4}}
	movie := plantedMovie(profiles, tc, n, T)
	ctx := context.Background()
	ref, err := LSQTraces(ctx, movie, n, profiles, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []float64{1e-300, 1e-160, 1e160, 1e300} {
		ps := make([][]float64, len(profiles))
		for c, p := range profiles {
			ps[c] = make([]float64, len(p))
			for i, v := range p {
				ps[c][i] = v * a
			}
		}
		ms := make([]float64, len(movie))
		for i, v := range movie {
			ms[i] = v * a
		}
		within(t, fmt.Sprintf("×%g", a), func() {
			got, err := LSQTraces(ctx, movie, n, ps, SeudoOptions{})
			if err != nil {
				t.Fatalf("profiles ×%g: %v", a, err)
			}
			gm, err := LSQTraces(ctx, ms, n, profiles, SeudoOptions{})
			if err != nil {
				t.Fatalf("movie ×%g: %v", a, err)
			}
			for c := range profiles {
				for tt := 0; tt < T; tt++ {
					w := ref.At(c, tt)
					if g := got.At(c, tt) * a; math.Abs(g-w) > 1e-9*(1+math.Abs(w)) {
						t.Errorf("profiles ×%g: cell %d frame %d: a·α = %g, want %g", a, c, tt, g, w)
					}
					if g := gm.At(c, tt) / a; math.Abs(g-w) > 1e-9*(1+math.Abs(w)) {
						t.Errorf("movie ×%g: cell %d frame %d: a/α = %g, want %g", a, c, tt, g, w)
					}
				}
			}
		})
	}
}

// TestExtremeFitterShapes: a 1×1 image, duplicate profiles and a one-pixel
// profile give an amplitude, ErrDegenerate or an input error, never a panic.
func TestExtremeFitterShapes(t *testing.T) {
	ctx := context.Background()
	p := gauss(8, 4, 4, 1.2, 1)
	one := make([]float64, 64)
	one[9] = 1e-300
	cases := []struct {
		name     string
		movie    []float64
		size     int
		profiles [][]float64
	}{
		{"1×1", []float64{2, 4}, 1, [][]float64{{0.5}}},
		{"duplicate profiles", make([]float64, 64*3), 8, [][]float64{p, p}},
		{"one tiny pixel", make([]float64, 64*3), 8, [][]float64{one}},
		{"zero profile", make([]float64, 64), 8, [][]float64{make([]float64, 64)}},
	}
	for _, c := range cases {
		within(t, c.name, func() {
			got, err := LSQTraces(ctx, c.movie, c.size, c.profiles, SeudoOptions{})
			switch {
			case errors.Is(err, ErrDegenerate), errors.Is(err, experiment.ErrInput):
			case err != nil:
				t.Fatalf("%s: %v", c.name, err)
			default:
				r, cc := got.Dims()
				for i := 0; i < r; i++ {
					for j := 0; j < cc; j++ {
						if v := got.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
							t.Fatalf("%s: amplitude %g", c.name, v)
						}
					}
				}
			}
		})
	}
	if got, err := LSQTraces(ctx, []float64{2, 4}, 1, [][]float64{{0.5}}, SeudoOptions{}); err != nil || got.At(0, 0) != 4 || got.At(0, 1) != 8 {
		t.Errorf("1×1: %v, %v; want [4 8]", got, err)
	}
}
