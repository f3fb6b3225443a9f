package geometry

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Metamorphic tests: transform the tensor in a way whose effect on the drift
// geometry follows from the method's equations, analyse twice and compare.
//
// Tolerance: the PCA comes from a symmetric eigensolver, whose eigenvectors
// of a transformed covariance agree with the original ones to about
// ε‖C‖/gap (ε the machine epsilon, gap the distance to the next eigenvalue).
// The test data have eigenvalue gaps of at least ~10% of ‖C‖, so 1e-9
// relative covers rounding with a wide margin while any indexing, sign or
// normalisation error shows up at O(1).
const metaTol = 1e-9

func metaClose(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= metaTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// metaTensor returns S sessions of T trials of n cells, two stimuli
// alternating, each group an anisotropic Gaussian (well-separated variances)
// around a positive stimulus mean that drifts between sessions.
func metaTensor(S, T, n int, seed uint64) (Tensor, []int) {
	rng := rand.New(rand.NewPCG(seed, 3))
	q := rotation(rng, n)
	labels := make([]int, T)
	for t := range labels {
		labels[t] = t % 2
	}
	means := make([][]float64, 2)
	for l := range means {
		means[l] = make([]float64, n)
		for i := range means[l] {
			means[l][i] = 3 + rng.Float64()
		}
	}
	x := Tensor{Sessions: S, Trials: T, Cells: n, Data: make([]float64, S*T*n)}
	z := make([]float64, n)
	for s := 0; s < S; s++ {
		for l := range means {
			for i := range means[l] {
				means[l][i] += 0.3 * rng.NormFloat64()
			}
		}
		for t := 0; t < T; t++ {
			for j := range z {
				z[j] = rng.NormFloat64() * 2 / float64(j+1) // SDs 2, 1, 0.67, …
			}
			v := x.At(s, t)
			for i := range v {
				v[i] = means[labels[t]][i]
				for j := range z {
					v[i] += q.At(i, j) * z[j]
				}
			}
		}
	}
	return x, labels
}

func analyzeMeta(t *testing.T, x Tensor, labels []int, opt Options) *Report {
	t.Helper()
	r, err := Analyze(context.Background(), x, labels, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// compareReports checks the fields listed in what ("D", "Gamma", …) of every
// group and of the summary.
func compareReports(t *testing.T, name string, got, want *Report, what ...string) {
	t.Helper()
	if len(got.Groups) != len(want.Groups) {
		t.Fatalf("%s: %d groups, want %d", name, len(got.Groups), len(want.Groups))
	}
	scal := func(r *Report, g int, f string) float64 {
		if g < 0 {
			return map[string]float64{"D": r.D, "Captured": r.Captured, "Gamma": r.Gamma, "GammaRandom": r.GammaRandom,
				"Overlap": r.Overlap, "DriftRel": r.DriftRel, "Theta1": r.Theta1, "AngleSlope": r.AngleSlope,
				"AngleR": r.AngleR, "FracSlope": r.FracSlope, "FracR": r.FracR, "PostVarPC1Rel": r.PostVarPC1Rel}[f]
		}
		p := r.Groups[g]
		return map[string]float64{"D": p.D, "Captured": p.Captured, "Gamma": p.Gamma, "GammaRandom": float64(p.K),
			"Overlap": p.Overlap, "DriftRel": p.DriftRel, "Theta1": p.Angle[0], "AngleSlope": p.AngleFit.Slope,
			"AngleR": p.AngleFit.R, "FracSlope": p.FracFit.Slope, "FracR": p.FracFit.R, "PostVarPC1Rel": p.PostVarPC1Rel}[f]
	}
	vec := func(r *Report, g int, f string) []float64 {
		p := r.Groups[g]
		return map[string][]float64{"Ratio": p.Ratio, "Frac": p.Frac, "Angle": p.Angle, "PostVar": p.PostVar}[f]
	}
	for _, f := range what {
		for g := -1; g < len(got.Groups); g++ {
			if v := vec(want, max(g, 0), f); v != nil {
				if g < 0 {
					continue
				}
				gv := vec(got, g, f)
				for i := range v {
					if !metaClose(gv[i], v[i]) {
						t.Errorf("%s: group %d %s[%d] = %v, want %v", name, g, f, i, gv[i], v[i])
					}
				}
				continue
			}
			if a, b := scal(got, g, f), scal(want, g, f); !metaClose(a, b) {
				t.Errorf("%s: group %d (−1: summary) %s = %v, want %v", name, g, f, a, b)
			}
		}
	}
}

var allFields = []string{"D", "Captured", "Gamma", "GammaRandom", "Overlap", "DriftRel", "Theta1", "AngleSlope",
	"AngleR", "FracSlope", "FracR", "PostVarPC1Rel", "Ratio", "Frac", "Angle", "PostVar"}

// mapCells returns a tensor whose trial vectors are f(v) for the vectors v
// of x.
func mapCells(x Tensor, f func(dst, v []float64)) Tensor {
	y := Tensor{Sessions: x.Sessions, Trials: x.Trials, Cells: x.Cells, Data: make([]float64, len(x.Data))}
	for s := 0; s < x.Sessions; s++ {
		for t := 0; t < x.Trials; t++ {
			f(y.At(s, t), x.At(s, t))
		}
	}
	return y
}

// An orthogonal change of basis of the cell space (permutations included)
// maps the group means and PCs by the same Q and the covariance to Q C Qᵀ:
// the spectrum (v_i, D, ⌈D⌉), every inner product and norm (γ, Γ, |d·w_i|/‖d‖,
// θ(d, w_i), ‖d‖/‖x̄‖, variances along w_i) and the sign convention
// x̄·w_i ≥ 0 are unchanged, so the whole report is.
func TestMetamorphicOrthogonalCells(t *testing.T) {
	const S, T, n = 3, 40, 6
	x, labels := metaTensor(S, T, n, 1)
	opt := Options{Lag: 1}
	want := analyzeMeta(t, x, labels, opt)
	rng := rand.New(rand.NewPCG(5, 5))

	perm := rng.Perm(n)
	xp := mapCells(x, func(dst, v []float64) {
		for i, p := range perm {
			dst[i] = v[p]
		}
	})
	compareReports(t, "permuted cells", analyzeMeta(t, xp, labels, opt), want, allFields...)

	q := rotation(rng, n)
	xr := mapCells(x, func(dst, v []float64) {
		mat.NewVecDense(n, dst).MulVec(q, mat.NewVecDense(n, v))
	})
	compareReports(t, "rotated cells", analyzeMeta(t, xr, labels, opt), want, allFields...)
}

// Scaling every response by a > 0 scales means, drifts and PCs' variances by
// a and a²: every reported quantity is a ratio or an angle, so none changes.
// Adding the same offset c to every response leaves the covariances and the
// drift d unchanged, hence v_i, D, γ, Γ, |d·w_i|/‖d‖ and the variances along
// w_i; the angles θ(d, w_i) may change (the sign convention follows x̄,
// which moves) and so does ‖d‖/‖x̄‖, so those are not asserted.
func TestMetamorphicScaleOffset(t *testing.T) {
	const S, T, n = 3, 30, 5
	x, labels := metaTensor(S, T, n, 2)
	opt := Options{Lag: 1}
	want := analyzeMeta(t, x, labels, opt)
	xs := mapCells(x, func(dst, v []float64) {
		for i := range v {
			dst[i] = 2.75 * v[i]
		}
	})
	compareReports(t, "scaled", analyzeMeta(t, xs, labels, opt), want, allFields...)
	xo := mapCells(x, func(dst, v []float64) {
		for i := range v {
			dst[i] = v[i] + 1.5
		}
	})
	compareReports(t, "offset", analyzeMeta(t, xo, labels, opt), want,
		"D", "Captured", "Gamma", "GammaRandom", "Overlap", "FracSlope", "FracR", "PostVarPC1Rel", "Ratio", "Frac", "PostVar")
}

// Trials are exchangeable within a session: permuting them (with their
// labels, here one label list per session and trial) leaves every group's
// set of responses, hence the whole report, unchanged. Giving the shared
// per-trial labels as a per-session list (the other accepted form) changes
// nothing either.
func TestMetamorphicTrialPermutation(t *testing.T) {
	const S, T, n = 3, 30, 5
	x, labels := metaTensor(S, T, n, 3)
	opt := Options{Lag: 1}
	want := analyzeMeta(t, x, labels, opt)
	rng := rand.New(rand.NewPCG(6, 6))
	y := Tensor{Sessions: S, Trials: T, Cells: n, Data: make([]float64, len(x.Data))}
	yl := make([]int, S*T)
	full := make([]int, S*T)
	for s := 0; s < S; s++ {
		perm := rng.Perm(T)
		for t2, p := range perm {
			copy(y.At(s, t2), x.At(s, p))
			yl[s*T+t2] = labels[p]
			full[s*T+t2] = labels[t2]
		}
	}
	compareReports(t, "per-session labels", analyzeMeta(t, x, full, opt), want, allFields...)
	compareReports(t, "permuted trials", analyzeMeta(t, y, yl, opt), want, allFields...)
}

// AnalyzeMany caches each group's PCA across option sets; its reports must
// equal separate Analyze calls exactly (same arithmetic, cached or not).
func TestMetamorphicAnalyzeManyCache(t *testing.T) {
	const S, T, n = 4, 24, 4
	x, labels := metaTensor(S, T, n, 4)
	opts := []Options{{Lag: 1}, {Lag: 2}, {Lag: 1, Stride: 2}, {Lag: 3}}
	many, err := AnalyzeMany(context.Background(), x, labels, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range opts {
		one := analyzeMeta(t, x, labels, o)
		if one.Gamma != many[i].Gamma || one.D != many[i].D || one.Overlap != many[i].Overlap ||
			one.Theta1 != many[i].Theta1 || one.PostVarPC1Rel != many[i].PostVarPC1Rel || len(one.Groups) != len(many[i].Groups) {
			t.Errorf("options %+v: AnalyzeMany %+v differs from Analyze %+v", o, *many[i], *one)
		}
	}
}

// With fewer trials than cells (m ≤ n) a group's covariance has rank m − 1;
// Fit keeps only those m − 1 PCs (the rest would be an arbitrary basis of
// the null space, which an orthogonal change of the cell basis need not
// map to itself). Every field, per PC included, is invariant.
func TestMetamorphicRankDeficient(t *testing.T) {
	const S, T, n = 3, 16, 12 // 8 trials per group, 12 cells
	x, labels := metaTensor(S, T, n, 8)
	opt := Options{Lag: 1}
	want := analyzeMeta(t, x, labels, opt)
	rng := rand.New(rand.NewPCG(9, 9))
	q := rotation(rng, n)
	perm := rng.Perm(n)
	for name, y := range map[string]Tensor{
		"rotated": mapCells(x, func(dst, v []float64) { mat.NewVecDense(n, dst).MulVec(q, mat.NewVecDense(n, v)) }),
		"permuted": mapCells(x, func(dst, v []float64) {
			for i, p := range perm {
				dst[i] = v[p]
			}
		}),
	} {
		got := analyzeMeta(t, y, labels, opt)
		for g, w := range want.Groups {
			if w.Rank != T/2-1 || got.Groups[g].Rank != w.Rank || len(w.Angle) != w.Rank {
				t.Fatalf("%s: group %d: rank %d and %d (%d angles), want %d", name, g, got.Groups[g].Rank, w.Rank, len(w.Angle), T/2-1)
			}
		}
		compareReports(t, name, got, want, allFields...)
	}
}

// The SVC metrics under a permutation of the cells: the dual coordinate
// descent of package svm visits the trials in an order drawn from the seed
// (not from the cells), and its kernel is a dot product over cells, so a
// permutation of the cells changes only the summation order of those dot
// products; the weight vectors are permuted and the angle between them and
// every accuracy are unchanged. The iterative solver stops on a tolerance,
// so rounding could in principle flip a stopping decision; it does not for
// this data, and 1e-9 on the angle allows only rounding.
func TestMetamorphicSVCCellPermutation(t *testing.T) {
	const S, T, n = 3, 40, 6
	x, labels := metaTensor(S, T, n, 1)
	opt := Options{Lag: 1, SVC: true, Folds: 5, Seed: 3}
	want := analyzeMeta(t, x, labels, opt)
	perm := rand.New(rand.NewPCG(5, 5)).Perm(n)
	xp := mapCells(x, func(dst, v []float64) {
		for i, p := range perm {
			dst[i] = v[p]
		}
	})
	got := analyzeMeta(t, xp, labels, opt)
	for i, w := range want.Pairs {
		g := got.Pairs[i]
		if !metaClose(g.SVCAngle, w.SVCAngle) || g.CrossAcc != w.CrossAcc || g.WithinAcc != w.WithinAcc || g.RelCrossAcc != w.RelCrossAcc {
			t.Errorf("pair %d: %+v, want %+v", i, g, w)
		}
	}
}

// Duplicating every trial leaves each group's mean unchanged and scales its
// sample covariance by 2(m−1)/(2m−1), the same factor for every group of
// equal size: the PCs, the variance ratios, D, γ, Γ, the angles and the
// post-drift variance (a ratio of two variances scaled alike) are unchanged.
func TestMetamorphicDuplicateTrials(t *testing.T) {
	const S, T, n = 3, 24, 5
	x, labels := metaTensor(S, T, n, 10)
	opt := Options{Lag: 1}
	want := analyzeMeta(t, x, labels, opt)
	y := Tensor{Sessions: S, Trials: 2 * T, Cells: n}
	for s := 0; s < S; s++ {
		for t2 := 0; t2 < T; t2++ {
			y.Data = append(y.Data, x.At(s, t2)...)
		}
		for t2 := 0; t2 < T; t2++ {
			y.Data = append(y.Data, x.At(s, t2)...)
		}
	}
	compareReports(t, "duplicated trials", analyzeMeta(t, y, append(append([]int(nil), labels...), labels...), opt), want, allFields...)
}
