package transients_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/analysis/transients"
)

// gauss renders a Gaussian spot of SD s and the given peak at (cx, cy) on an
// n×n image, zero where it falls below 5 % of the peak (so a profile has a
// finite bounding box).
func gauss(n int, cx, cy, s, peak float64) []float64 {
	p := make([]float64, n*n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			if e := math.Exp(-(dx*dx + dy*dy) / (2 * s * s)); e >= 0.05 {
				p[y*n+x] = peak * e
			}
		}
	}
	return p
}

// event returns a time course of T frames with unit jumps at the given
// frames, each decaying by 0.85 per frame (calcium-like transients).
func event(T int, onsets ...int) []float64 {
	tc := make([]float64, T)
	for _, t0 := range onsets {
		for t := t0; t < T; t++ {
			tc[t] += math.Pow(0.85, float64(t-t0))
		}
	}
	return tc
}

// Example follows Gauthier et al. (2022) on a tiny movie: one cell fires
// twice, and an unmodelled source (a blob of neuropil or an out-of-plane
// cell) beside it lights up once in between. The least-squares time course
// of the cell picks up the blob as a third, false, transient; Detect finds
// all three, the 'corr' classifier flags the false one from its spatial
// shape, and SEUDO removes it at its peak frame while keeping the true ones.
func Example() {
	const n, T = 32, 150 // image side (pixels), frames
	cell := gauss(n, 12, 12, 1.6, 1)
	blob := gauss(n, 15, 14, 2, 3) // not among the profiles
	cellTC, blobTC := event(T, 20, 100), event(T, 60)
	rng := rand.New(rand.NewPCG(1, 2))
	movie := make([]float64, T*n*n) // frame-major: frame t at t·n²
	for t := 0; t < T; t++ {
		for i := 0; i < n*n; i++ {
			movie[t*n*n+i] = cellTC[t]*cell[i] + blobTC[t]*blob[i] + 0.1*rng.NormFloat64()
		}
	}

	// The cell's least-squares time course in a window around it.
	ft, err := transients.NewFitter([][]float64{cell}, n, 0, transients.SeudoOptions{})
	if err != nil {
		panic(err)
	}
	trace := ft.LSQTrace(nil, movie) // Fitter.LSQ of every frame

	trs := transients.Detect(trace, transients.DetectOptions{})
	isTrue, _ := transients.Classify(movie, n, T, cell, trace, trs)
	fmt.Println("transients detected:", len(trs))
	for i, tr := range trs {
		// SEUDO (cost comparison C_LSQ vs C_SEUDO) at the peak frame.
		frame := movie[tr.PeakFrame*n*n : (tr.PeakFrame+1)*n*n]
		a, replaced, lsq := ft.Seudo(frame, false)
		fmt.Printf("peak at frame %d: shape corr ≥ %.1f: %v, SEUDO replaced LSQ: %v, SEUDO amplitude < ½ LSQ: %v\n",
			tr.PeakFrame, transients.CorrThreshold, isTrue[i], replaced, a < 0.5*lsq)
	}
	// Output:
	// transients detected: 3
	// peak at frame 20: shape corr ≥ 0.4: true, SEUDO replaced LSQ: false, SEUDO amplitude < ½ LSQ: false
	// peak at frame 60: shape corr ≥ 0.4: false, SEUDO replaced LSQ: true, SEUDO amplitude < ½ LSQ: true
	// peak at frame 100: shape corr ≥ 0.4: true, SEUDO replaced LSQ: false, SEUDO amplitude < ½ LSQ: false
}

// ExampleDetect thresholds a trace at max(5 robust SDs, 95th percentile),
// dilates each supra-threshold run by 2 frames on each side and keeps runs
// of at least 6 frames (Gauthier et al. 2022, computeTransientInfo.m). The
// trace holds two 10-frame events at frames 100 and 300 and a 1-frame
// glitch at frame 500, which is too short to count.
func ExampleDetect() {
	rng := rand.New(rand.NewPCG(1, 2))
	trace := make([]float64, 600)
	for t := range trace {
		trace[t] = 0.02 * rng.NormFloat64()
		if t >= 100 && t < 110 || t >= 300 && t < 310 || t == 500 {
			trace[t]++
		}
	}
	fmt.Printf("threshold %.1f (robust SD %.2f)\n", transients.Threshold(trace, transients.DetectOptions{}), transients.RobustSD(trace))
	for _, tr := range transients.Detect(trace, transients.DetectOptions{}) {
		fmt.Printf("frames [%d, %d)\n", tr.Start, tr.End)
	}
	// Output:
	// threshold 0.1 (robust SD 0.02)
	// frames [98, 112)
	// frames [298, 312)
}

// ExampleFitter_LSQ demixes two overlapping cells: the least-squares
// amplitude of cell 0 in a frame where both are active, a = (PᵀP)⁻¹Pᵀf
// over the window around cell 0, is exact on a noiseless frame.
func ExampleFitter_LSQ() {
	const n = 32
	profiles := [][]float64{gauss(n, 12, 12, 1.6, 1), gauss(n, 14, 13, 1.6, 1)}
	frame := make([]float64, n*n)
	for i := range frame {
		frame[i] = 0.7*profiles[0][i] + 1.3*profiles[1][i]
	}
	ft, err := transients.NewFitter(profiles, n, 0, transients.SeudoOptions{})
	if err != nil {
		panic(err)
	}
	a, cost := ft.LSQ(frame)
	fmt.Printf("window %d×%d px, profiles in it: %d\n", ft.Rect.W(), ft.Rect.H(), ft.K)
	fmt.Printf("amplitude %.3f, residual cost below 1e-20: %v\n", a, cost < 1e-20)
	// Output:
	// window 26×26 px, profiles in it: 2
	// amplitude 0.700, residual cost below 1e-20: true
}

// ExampleLSQTraces takes the least-squares time course of every cell of a
// movie at once (cells × frames), each cell fitted in its own window with
// the profiles that touch it: two overlapping cells firing at different
// times are demixed.
func ExampleLSQTraces() {
	const n, T = 32, 150
	profiles := [][]float64{gauss(n, 12, 12, 1.6, 1), gauss(n, 14, 13, 1.6, 1)}
	tcs := [][]float64{event(T, 20, 100), event(T, 60)}
	rng := rand.New(rand.NewPCG(1, 2))
	movie := make([]float64, T*n*n)
	for t := 0; t < T; t++ {
		for i := 0; i < n*n; i++ {
			movie[t*n*n+i] = tcs[0][t]*profiles[0][i] + tcs[1][t]*profiles[1][i] + 0.1*rng.NormFloat64()
		}
	}
	traces, err := transients.LSQTraces(context.Background(), movie, n, profiles, transients.SeudoOptions{Workers: 2})
	if err != nil {
		panic(err)
	}
	cells, frames := traces.Dims()
	fmt.Println("cells × frames:", cells, "×", frames)
	for c := 0; c < cells; c++ {
		var peaks []int
		for _, tr := range transients.Detect(traces.RawRowView(c), transients.DetectOptions{}) {
			peaks = append(peaks, tr.PeakFrame)
		}
		fmt.Printf("cell %d: transients peak at frames %v\n", c, peaks)
	}
	// Output:
	// cells × frames: 2 × 150
	// cell 0: transients peak at frames [20 100]
	// cell 1: transients peak at frames [60]
}
