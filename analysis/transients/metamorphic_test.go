package transients

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// Metamorphic tests: transform the trace, the movie or the profiles in a
// way whose effect on the output follows from the method's definition, run
// twice and compare.

// eventTrace returns a noisy trace of n frames with decaying events.
func eventTrace(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	c := 0.0
	for t := range x {
		c *= 0.85
		if rng.Float64() < 0.02 {
			c += 2 + rng.Float64()
		}
		x[t] = c + 0.2*rng.NormFloat64()
	}
	return x
}

// TestDetectScaleAndReversal: the threshold max(k·MAD-SD, quantile) is
// positively homogeneous, so scaling the trace by 2 (exact) keeps every
// transient and doubles its peak. Thresholding, the symmetric dilation,
// the run merging and the minimum duration are all symmetric in time, and
// the threshold depends only on the set of values, so reversing the trace
// maps [Start, End) to [n−End, n−Start) and the peak frame p to n−1−p (the
// values are distinct: no ties for the peak).
func TestDetectScaleAndReversal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 2000
	x := eventTrace(rng, n)
	trs := Detect(x, DetectOptions{})
	if len(trs) < 5 {
		t.Fatalf("only %d transients: the test needs several", len(trs))
	}
	x2 := make([]float64, n)
	xr := make([]float64, n)
	for i, v := range x {
		x2[i] = 2 * v
		xr[n-1-i] = v
	}
	if RobustSD(x2) != 2*RobustSD(x) {
		t.Errorf("RobustSD(2x) = %.17g, want 2 × %.17g", RobustSD(x2), RobustSD(x))
	}
	got := Detect(x2, DetectOptions{})
	if len(got) != len(trs) {
		t.Fatalf("%d transients in 2x, %d in x", len(got), len(trs))
	}
	for i, tr := range trs {
		if g := got[i]; g.Start != tr.Start || g.End != tr.End || g.PeakFrame != tr.PeakFrame || g.Peak != 2*tr.Peak {
			t.Errorf("transient %d: %+v in 2x, want %+v with the peak doubled", i, g, tr)
		}
	}
	rev := Detect(xr, DetectOptions{})
	if len(rev) != len(trs) {
		t.Fatalf("%d transients in the reversed trace, %d forward", len(rev), len(trs))
	}
	for i, tr := range trs {
		g := rev[len(rev)-1-i]
		if g.Start != n-tr.End || g.End != n-tr.Start || g.PeakFrame != n-1-tr.PeakFrame || g.Peak != tr.Peak {
			t.Errorf("transient %d: %+v reversed, want frames [%d, %d) peak %g at %d", i, g, n-tr.End, n-tr.Start, tr.Peak, n-1-tr.PeakFrame)
		}
	}
}

// TestClassifyAffineInvariance: Shape is each pixel's regression slope on
// the time course with an intercept, so a per-pixel offset image added to
// every frame does not change it, scaling the movie by a scales it by a,
// and an affine map α·tc + β of the time course (α > 0) scales it by 1/α.
// The classifier's Pearson correlation with the profile is invariant under
// positive scaling of the shape and of the profile, so the correlations and
// the true/false calls are unchanged.
func TestClassifyAffineInvariance(t *testing.T) {
	n, T := 24, 80
	rng := rand.New(rand.NewPCG(3, 4))
	prof := gauss(n, 10, 11, 1.6, 1)
	other := gauss(n, 14, 11, 1.6, 1.2)
	tc := make([]float64, T)
	tcO := make([]float64, T)
	for t := range tc {
		if t >= 10 && t < 25 {
			tc[t] = math.Pow(0.85, float64(t-10))
		}
		if t >= 50 && t < 65 {
			tcO[t] = 1.5 * math.Pow(0.85, float64(t-50))
		}
	}
	bg := make([]float64, n*n)
	for i := range bg {
		bg[i] = 3 + rng.Float64()
	}
	mov := make([]float64, T*n*n)
	for f := 0; f < T; f++ {
		for i := 0; i < n*n; i++ {
			mov[f*n*n+i] = tc[f]*prof[i] + tcO[f]*other[i] + 0.05*rng.NormFloat64()
		}
	}
	// The cell's time course as seen by LSQ would include the neighbour's
	// event; use tc + tcO so that one transient is true and one false.
	obs := make([]float64, T)
	for t := range obs {
		obs[t] = tc[t] + 0.6*tcO[t]
	}
	trs := []Transient{{Start: 10, End: 25}, {Start: 50, End: 65}}
	isTrue, corrs := Classify(mov, n, T, prof, obs, trs)
	if !isTrue[0] || isTrue[1] {
		t.Fatalf("baseline calls %v (corrs %v): the test needs one true and one false transient", isTrue, corrs)
	}
	const a, alpha, beta = 2.5, 0.4, 7.0
	mov2 := make([]float64, len(mov))
	for f := 0; f < T; f++ {
		for i := 0; i < n*n; i++ {
			mov2[f*n*n+i] = a*mov[f*n*n+i] + bg[i]
		}
	}
	obs2 := make([]float64, T)
	for t, v := range obs {
		obs2[t] = alpha*v + beta
	}
	prof2 := make([]float64, len(prof))
	for i, v := range prof {
		prof2[i] = 3 * v
	}
	isTrue2, corrs2 := Classify(mov2, n, T, prof2, obs2, trs)
	for i := range trs {
		if isTrue2[i] != isTrue[i] || math.Abs(corrs2[i]-corrs[i]) > 1e-9 {
			t.Errorf("transient %d: call %v corr %.15g after affine maps, want %v %.15g", i, isTrue2[i], corrs2[i], isTrue[i], corrs[i])
		}
	}
	// Shape itself: slope scales by a/α.
	r := BoundingBox(prof, n)
	s1 := make([]float64, r.W()*r.H())
	s2 := make([]float64, len(s1))
	Shape(s1, mov, n, r, obs, 5, 35)
	Shape(s2, mov2, n, r, obs2, 5, 35)
	mx := 0.0
	for _, v := range s1 {
		mx = math.Max(mx, math.Abs(v))
	}
	for i := range s1 {
		if math.Abs(s2[i]-a/alpha*s1[i]) > 1e-9*a/alpha*mx {
			t.Fatalf("pixel %d: shape %.15g, want (a/α)·%.15g", i, s2[i], s1[i])
		}
	}
}

// transpose returns the size×size image (or each frame of a movie)
// reflected about the diagonal: pixel (x, y) → (y, x).
func transpose(img []float64, size int) []float64 {
	nn := size * size
	out := make([]float64, len(img))
	for f := 0; f < len(img)/nn; f++ {
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				out[f*nn+x*size+y] = img[f*nn+y*size+x]
			}
		}
	}
	return out
}

// seudoScene returns profiles (two overlapping cells and a far one) and a
// noisy movie in which a bright unmodelled blob contaminates some frames.
func seudoScene(rng *rand.Rand, n, T int) ([][]float64, []float64) {
	profs := [][]float64{gauss(n, 12, 13, 1.6, 1), gauss(n, 15, 12, 1.7, 0.9), gauss(n, 30, 28, 1.5, 1)}
	cont := gauss(n, 9, 17, 2.5, 2.5)
	mov := make([]float64, T*n*n)
	for f := 0; f < T; f++ {
		amp := []float64{rng.ExpFloat64(), rng.ExpFloat64(), rng.ExpFloat64()}
		ca := 0.0
		if f%3 == 0 {
			ca = 1
		}
		fr := mov[f*n*n : (f+1)*n*n]
		for i := range fr {
			fr[i] = ca*cont[i] + 0.1*rng.NormFloat64()
			for c, p := range profs {
				fr[i] += amp[c] * p[i]
			}
		}
	}
	return profs, mov
}

// TestLSQTracesSymmetries: the least-squares amplitude a = (PᵀP)⁻¹Pᵀf
// does not depend on the order of the pixels or of the profile columns,
// and the window (bounding box ± Pad) transposes with the image; so
// transposing the movie and the profiles leaves every trace unchanged,
// permuting the cells permutes the rows, scaling profile j by s divides
// row j by s, and adding γ·profile_j to every frame adds γ to row j only
// (P a = f is solved exactly for f in the span of the window's profiles).
func TestLSQTracesSymmetries(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n, T := 40, 12
	profs, mov := seudoScene(rng, n, T)
	ctx := context.Background()
	base, err := LSQTraces(ctx, mov, n, profs, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cmp := func(name string, got func(c, t int) float64, want func(c, t int) float64) {
		t.Helper()
		for c := range profs {
			for f := 0; f < T; f++ {
				g, w := got(c, f), want(c, f)
				if math.Abs(g-w) > 1e-10*(1+math.Abs(w)) {
					t.Errorf("%s: cell %d frame %d: %.15g, want %.15g", name, c, f, g, w)
					return
				}
			}
		}
	}
	var tp [][]float64
	for _, p := range profs {
		tp = append(tp, transpose(p, n))
	}
	tr, err := LSQTraces(ctx, transpose(mov, n), n, tp, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cmp("transposed", tr.At, base.At)

	perm := []int{2, 0, 1}
	pp := [][]float64{profs[2], profs[0], profs[1]}
	pr, err := LSQTraces(ctx, mov, n, pp, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cmp("cells permuted", pr.At, func(c, f int) float64 { return base.At(perm[c], f) })

	const s, gamma, j = 2.5, 0.75, 1
	ps := [][]float64{profs[0], make([]float64, n*n), profs[2]}
	for i, v := range profs[j] {
		ps[j][i] = s * v
	}
	sc, err := LSQTraces(ctx, mov, n, ps, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cmp("profile scaled", sc.At, func(c, f int) float64 {
		if c == j {
			return base.At(c, f) / s
		}
		return base.At(c, f)
	})

	movG := append([]float64(nil), mov...)
	for f := 0; f < T; f++ {
		for i, v := range profs[j] {
			movG[f*n*n+i] += gamma * v
		}
	}
	ad, err := LSQTraces(ctx, movG, n, profs, SeudoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cmp("profile added", ad.At, func(c, f int) float64 {
		if c == j {
			return base.At(c, f) + gamma
		}
		return base.At(c, f)
	})
}

// TestSeudoTransposeAndPermutation: SEUDO's LASSO is invariant under a
// reordering of its unknowns and of the pixels as long as the operator is
// the same: the blob kernel is an isotropic Gaussian, so transposing the
// frame and the profiles maps the convolution onto itself, and permuting
// the cells permutes the profile columns. The FISTA iterates then agree up
// to rounding, and so do the costs, the LSQ/SEUDO decision and the
// amplitude (the tolerance allows for rounding; a decision flip would need
// a cost difference at rounding level).
func TestSeudoTransposeAndPermutation(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	n, T := 40, 6
	profs, mov := seudoScene(rng, n, T)
	opt := SeudoOptions{Iters: 300, Tol: 1e-6}
	var tp [][]float64
	for _, p := range profs {
		tp = append(tp, transpose(p, n))
	}
	movT := transpose(mov, n)
	ft, err := NewFitter(profs, n, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	ftT, err := NewFitter(tp, n, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	ftP, err := NewFitter([][]float64{profs[2], profs[1], profs[0]}, n, 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	nn := n * n
	replacedAny := false
	for f := 0; f < T; f++ {
		a, rep, lsq := ft.Seudo(mov[f*nn:(f+1)*nn], false)
		replacedAny = replacedAny || rep
		cl, cf := ft.CostLSQ, ft.CostFit
		for _, c := range []struct {
			name string
			ft   *Fitter
			fr   []float64
		}{{"transposed", ftT, movT[f*nn : (f+1)*nn]}, {"cells permuted", ftP, mov[f*nn : (f+1)*nn]}} {
			a2, rep2, lsq2 := c.ft.Seudo(c.fr, false)
			if rep2 != rep || math.Abs(a2-a) > 1e-8*(1+math.Abs(a)) || math.Abs(lsq2-lsq) > 1e-10*(1+math.Abs(lsq)) {
				t.Errorf("%s, frame %d: (a, replaced, lsq) = (%.12g, %v, %.12g), want (%.12g, %v, %.12g)", c.name, f, a2, rep2, lsq2, a, rep, lsq)
			}
			if math.Abs(c.ft.CostLSQ-cl) > 1e-9*cl || math.Abs(c.ft.CostFit-cf) > 1e-8*cf {
				t.Errorf("%s, frame %d: costs (%.12g, %.12g), want (%.12g, %.12g)", c.name, f, c.ft.CostLSQ, c.ft.CostFit, cl, cf)
			}
		}
	}
	if !replacedAny {
		t.Errorf("SEUDO replaced no frame: the test needs contaminated frames")
	}
}

// TestSeudoUnits: SEUDO's LASSO ½‖f − P̃x − Kβ‖² + k1Σβ, k1 = 2σ²λ0, is
// equivariant under f → a·f when σ² → a²σ² and λ0 → λ0/a (then k1 → a·k1
// and the minimiser z → a·z); with a = 2 every FISTA step is the same
// operation on doubled operands (the step size depends on the profiles
// only, and the stopping test ‖Δz‖ ≤ Tol·max(‖z‖, 1) is scale-free while
// ‖z‖ ≥ 1), so the fitted amplitude doubles and C_LSQ, CostFit quadruple
// exactly. k2 = 2σ²(log(1/p − 1) − N log λ0) becomes 4·k2 + 8σ²N log 2, not
// 4·k2: the decision is not unit-free (see SeudoOptions). With Sigma2
// scaled alone the fit is not equivariant, and at a = 100 the blob penalty
// is so large that no frame is replaced (the documented reason to scale
// the movie rather than Sigma2).
func TestSeudoUnits(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	n, T := 40, 6
	profs, mov := seudoScene(rng, n, T)
	nn := n * n
	opt := SeudoOptions{Iters: 300, Tol: 1e-6}
	ft, err := NewFitter(profs, n, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	o2 := opt
	o2.Sigma2, o2.LambdaBlob = 4*0.01, 20.0/2
	ft2, err := NewFitter(profs, n, 0, o2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ft2.K2(), 4*ft.K2()+8*0.01*float64(ft.np)*math.Log(2); math.Abs(got-want) > 1e-12*math.Abs(want) {
		t.Errorf("k2 = %.15g, want 4·k2 + 8σ²N log 2 = %.15g", got, want)
	}
	o100 := opt
	o100.Sigma2 = 0.01 * 100 * 100
	ft100, err := NewFitter(profs, n, 0, o100)
	if err != nil {
		t.Fatal(err)
	}
	replaced, replaced100 := 0, 0
	for f := 0; f < T; f++ {
		fr := mov[f*nn : (f+1)*nn]
		fr2, fr100 := make([]float64, nn), make([]float64, nn)
		for i, v := range fr {
			fr2[i], fr100[i] = 2*v, 100*v
		}
		_, rep, _ := ft.Seudo(fr, false)
		if rep {
			replaced++
		}
		x, cl, cf, it := ft.FitX, ft.CostLSQ, ft.CostFit, ft.Iterations
		ft2.Seudo(fr2, false)
		if ft2.FitX != 2*x || ft2.CostLSQ != 4*cl || ft2.CostFit != 4*cf || ft2.Iterations != it {
			t.Errorf("frame %d: (FitX, C_LSQ, CostFit, iterations) = (%.17g, %.17g, %.17g, %d) for 2f, want (2×%.17g, 4×%.17g, 4×%.17g, %d)",
				f, ft2.FitX, ft2.CostLSQ, ft2.CostFit, ft2.Iterations, x, cl, cf, it)
		}
		if _, rep, _ := ft100.Seudo(fr100, false); rep {
			replaced100++
		}
	}
	if replaced == 0 || replaced100 != 0 {
		t.Errorf("%d frames replaced in native units and %d at 100× units with Sigma2 scaled alone; want some and none", replaced, replaced100)
	}
}
