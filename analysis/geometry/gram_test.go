package geometry

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Tests of the Gram route of Fit (m − 1 < n), against refFullPCA, the full
// n × n covariance route that Fit took for every shape before.

// refFullPCA is the PCA of the m rows of x (m × n, ordinary magnitudes, no
// large offsets) from the eigen-decomposition of the n × n sample
// covariance, all n PCs (Var clamped at 0), as Fit computed it for every
// shape before the Gram route: the reference for the tests below.
func refFullPCA(t *testing.T, x []float64, m, n int) *PCA {
	t.Helper()
	mean := make([]float64, n)
	for r := 0; r < m; r++ {
		floats.Add(mean, x[r*n:(r+1)*n])
	}
	floats.Scale(1/float64(m), mean)
	xc := mat.NewDense(m, n, nil)
	for r := 0; r < m; r++ {
		for j := 0; j < n; j++ {
			xc.Set(r, j, x[r*n+j]-mean[j])
		}
	}
	cov := mat.NewSymDense(n, nil)
	cov.SymOuterK(1/float64(m-1), xc.T())
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		t.Fatal("reference: eigendecomposition failed")
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	p := &PCA{N: n, Mean: mean, Var: make([]float64, n), Ratio: make([]float64, n), Dirs: make([][]float64, n)}
	total := 0.0
	for i := 0; i < n; i++ {
		k := n - 1 - i
		p.Var[i] = max(vals[k], 0)
		total += p.Var[i]
		w := make([]float64, n)
		mat.Col(w, k, &vecs)
		if floats.Dot(w, mean) < 0 {
			floats.Scale(-1, w)
		}
		p.Dirs[i] = w
	}
	for i := range p.Var {
		p.Ratio[i] = p.Var[i] / total
	}
	p.D = ParticipationRatio(p.Ratio)
	return p
}

// anisoGroup returns m trials of n cells: a positive mean plus Gaussian
// variation of SDs 2/(j+1) along the columns of a random rotation (a
// spectrum decaying by ~400× over 40 PCs, sample eigenvalues distinct).
func anisoGroup(rng *rand.Rand, m, n int) []float64 {
	q := rotation(rng, n)
	mean := make([]float64, n)
	for i := range mean {
		mean[i] = 3 + rng.Float64()
	}
	x := make([]float64, m*n)
	z := make([]float64, n)
	for r := 0; r < m; r++ {
		for j := range z {
			z[j] = rng.NormFloat64() * 2 / float64(j+1)
		}
		v := x[r*n : (r+1)*n]
		for i := range v {
			v[i] = mean[i]
			for j, zj := range z {
				v[i] += q.At(i, j) * zj
			}
		}
	}
	return x
}

func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}

// checkPCA checks the invariants of a PCA of the m × n group x: r PCs,
// Var descending and positive, Ratio summing to 1, Dirs orthonormal to
// 1e-10, x̄·w_i ≥ 0, ⌈D⌉ ≤ r.
func checkPCA(t *testing.T, name string, p *PCA, r int) {
	t.Helper()
	if p.Rank() != r || len(p.Var) != r || len(p.Ratio) != r || len(p.Dirs) != r {
		t.Fatalf("%s: Rank %d, %d variances, %d ratios, %d PCs; want %d each", name, p.Rank(), len(p.Var), len(p.Ratio), len(p.Dirs), r)
	}
	for i, w := range p.Dirs {
		if len(w) != p.N {
			t.Fatalf("%s: PC %d has %d values, want %d", name, i, len(w), p.N)
		}
		for j := 0; j <= i; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if got := floats.Dot(w, p.Dirs[j]); math.Abs(got-want) > 1e-10 {
				t.Errorf("%s: w_%d·w_%d = %v, want %v ± 1e-10", name, i, j, got, want)
			}
		}
		if d := floats.Dot(p.Mean, w); d < 0 {
			t.Errorf("%s: x̄·w_%d = %v, want ≥ 0", name, i, d)
		}
		if i > 0 && p.Var[i] > p.Var[i-1] {
			t.Errorf("%s: Var[%d] = %v > Var[%d] = %v, want descending", name, i, p.Var[i], i-1, p.Var[i-1])
		}
	}
	if r > 0 && !(p.Var[r-1] > 0) {
		t.Errorf("%s: Var[%d] = %v, want > 0", name, r-1, p.Var[r-1])
	}
	if s := floats.Sum(p.Ratio); math.Abs(s-1) > 1e-12 {
		t.Errorf("%s: ΣRatio = %v, want 1 ± 1e-12", name, s)
	}
	if p.K() > r || p.D > float64(r)*(1+1e-12) {
		t.Errorf("%s: D = %v, ⌈D⌉ = %d, want ≤ rank %d", name, p.D, p.K(), r)
	}
}

// The Gram route gives the covariance route's spectrum and PCs: the top r =
// min(m−1, n) variances to 1e-9 relative (the rest of the covariance's are
// rounding residue), each PC up to sign where its eigenvalue is separated
// from its neighbours by more than 1e-4·λ_1 (eigenvector error ~ ε‖C‖/gap),
// and D, ⌈D⌉ and the captured fraction to 1e-8. At m − 1 ≥ n Fit is the
// covariance route bit for bit.
func TestGramMatchesCovariance(t *testing.T) {
	for _, c := range []struct{ m, n int }{
		{2, 5}, {3, 40}, {8, 12}, {30, 100}, {50, 60}, {20, 300},
		{12, 12}, {11, 12}, // m − 1 = n − 1 and below: Gram
		{13, 12}, {14, 12}, {200, 40}, // m − 1 = n and above: covariance
	} {
		t.Run(fmt.Sprintf("%dx%d", c.m, c.n), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(c.m), uint64(c.n)))
			x := anisoGroup(rng, c.m, c.n)
			got, err := Fit(x, c.m, c.n)
			if err != nil {
				t.Fatal(err)
			}
			ref := refFullPCA(t, x, c.m, c.n)
			r := min(c.m-1, c.n)
			checkPCA(t, "Fit", got, r)
			if c.m-1 >= c.n {
				for i := range ref.Var {
					if got.Var[i] != ref.Var[i] || got.Ratio[i] != ref.Ratio[i] || !floats.Equal(got.Dirs[i], ref.Dirs[i]) {
						t.Fatalf("PC %d: Var %v Ratio %v, want the covariance route's %v %v bit for bit", i, got.Var[i], got.Ratio[i], ref.Var[i], ref.Ratio[i])
					}
				}
				if got.D != ref.D || !floats.Equal(got.Mean, ref.Mean) {
					t.Fatalf("D %v, want %v bit for bit", got.D, ref.D)
				}
				return
			}
			for i := 0; i < r; i++ {
				if !relClose(got.Var[i], ref.Var[i], 1e-9) || !relClose(got.Ratio[i], ref.Ratio[i], 1e-9) {
					t.Errorf("PC %d: Var %v Ratio %v, want %v %v ± 1e-9 relative", i, got.Var[i], got.Ratio[i], ref.Var[i], ref.Ratio[i])
				}
				gap := math.Inf(1)
				if i > 0 {
					gap = ref.Var[i-1] - ref.Var[i]
				}
				gap = math.Min(gap, ref.Var[i]-ref.Var[i+1])
				if gap > 1e-4*ref.Var[0] {
					if d := floats.Dot(got.Dirs[i], ref.Dirs[i]); d < 1-1e-9 {
						t.Errorf("PC %d: w·w_ref = %v, want > 1 − 1e-9 (same sign by x̄·w ≥ 0)", i, d)
					}
				}
			}
			for i := r; i < c.n; i++ {
				if ref.Var[i] > 1e-12*ref.Var[0] {
					t.Errorf("reference PC %d beyond rank %d: Var %v, want ≈ 0", i, r, ref.Var[i])
				}
			}
			if !relClose(got.D, ref.D, 1e-8) || got.K() != ref.K() || !relClose(got.Captured(), ref.Captured(), 1e-8) {
				t.Errorf("D %v ⌈D⌉ %d captured %v, want %v %d %v ± 1e-8", got.D, got.K(), got.Captured(), ref.D, ref.K(), ref.Captured())
			}
			if !floats.EqualApprox(got.Mean, ref.Mean, 1e-13) {
				t.Errorf("mean %v, want %v", got.Mean, ref.Mean)
			}
		})
	}
}

// Rank-deficient groups with fewer trials than cells: trials duplicated
// (k distinct trials span k − 1 centred dimensions), trials on a line
// (one), a flat simplex (k trials ± a·q_j: k equal variances, D = k). Only
// the PCs with variance are kept, and they are the covariance route's.
func TestGramRankDeficient(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 30
	distinct := anisoGroup(rng, 6, n)
	dup := append(append([]float64(nil), distinct...), distinct...) // 12 trials, rank 5
	line := make([]float64, 9*n)                                    // x_t = a + t·b
	for r := 0; r < 9; r++ {
		for j := 0; j < n; j++ {
			line[r*n+j] = distinct[j] + float64(r)*(distinct[n+j]-distinct[j])
		}
	}
	mean := make([]float64, n)
	for i := range mean {
		mean[i] = 1 + rng.Float64()
	}
	flat := flatGroup(rotation(rng, n), 4, mean, 1.5) // 8 trials, rank 4
	for _, c := range []struct {
		name string
		x    []float64
		m, r int
		d    float64 // D, when known in closed form (0: from the reference)
	}{{"duplicated", dup, 12, 5, 0}, {"line", line, 9, 1, 1}, {"flat", flat, 8, 4, 4}} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Fit(c.x, c.m, n)
			if err != nil {
				t.Fatal(err)
			}
			checkPCA(t, c.name, p, c.r)
			ref := refFullPCA(t, c.x, c.m, n)
			for i := 0; i < c.r; i++ {
				if !relClose(p.Var[i], ref.Var[i], 1e-9) {
					t.Errorf("Var[%d] = %v, want %v ± 1e-9 relative", i, p.Var[i], ref.Var[i])
				}
			}
			want := ref.D
			if c.d > 0 {
				want = c.d
			}
			if !relClose(p.D, want, 1e-9) || p.K() != ref.K() {
				t.Errorf("D %v ⌈D⌉ %d, want %v %d", p.D, p.K(), want, ref.K())
			}
		})
	}
	// Through Analyze: the per-PC slices and the fits cover the r PCs.
	x := Tensor{Sessions: 2, Trials: 12, Cells: n}
	x.Data = append(append(x.Data, dup...), anisoGroup(rng, 12, n)...)
	rep, err := Analyze(context.Background(), x, make([]int, 12), Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := rep.Groups[0]
	if g.Rank != 5 || len(g.Ratio) != 5 || len(g.Angle) != 5 || len(g.Frac) != 5 || len(g.PostVar) != 5 {
		t.Errorf("rank %d, %d ratios, %d angles, %d fractions, %d post-drift variances; want 5 each",
			g.Rank, len(g.Ratio), len(g.Angle), len(g.Frac), len(g.PostVar))
	}
	if ratio, _, _, _ := rep.PerPCMeans(); len(ratio) != 5 {
		t.Errorf("PerPCMeans: %d PCs, want 5", len(ratio))
	}
}

// Analyze with fewer trials than cells agrees with the full covariance
// route, which fitted over the first min(n, m−1) of its n PCs: every
// group's D, ⌈D⌉, captured fraction, γ, Γ, θ, |d·w_i|/‖d‖ and post-drift
// variance over those PCs, and the fits, to 1e-8.
func TestGramAnalyzeMatchesFullRoute(t *testing.T) {
	for _, c := range []struct{ S, T, n int }{{3, 16, 12}, {3, 40, 60}, {2, 24, 12}, {2, 26, 12}} {
		t.Run(fmt.Sprintf("%dx%dx%d", c.S, c.T, c.n), func(t *testing.T) {
			x, labels := metaTensor(c.S, c.T, c.n, uint64(c.T))
			rep := analyzeMeta(t, x, labels, Options{Lag: 1})
			i := 0
			for s := 0; s+1 < c.S; s++ {
				for _, l := range rep.Labels {
					ga, m := group(x, labels, s, l)
					gb, mb := group(x, labels, s+1, l)
					a, b := refFullPCA(t, ga, m, c.n), refFullPCA(t, gb, mb, c.n)
					d := Drift(a.Mean, b.Mean)
					r := min(c.n, m-1)
					frac, angle := PerPC(a, d)
					var post []float64
					total := floats.Sum(a.Var)
					for _, w := range a.Dirs[:r] {
						post = append(post, VarianceAlong(gb, mb, c.n, w)/total)
					}
					g := rep.Groups[i]
					i++
					name := fmt.Sprintf("session %d label %d", s, l)
					if g.Rank != r {
						t.Fatalf("%s: rank %d, want %d", name, g.Rank, r)
					}
					for _, v := range []struct {
						what      string
						got, want float64
					}{
						{"D", g.D, a.D}, {"K", float64(g.K), float64(a.K())}, {"captured", g.Captured, a.Captured()},
						{"γ", g.Gamma, DriftRatio(a, d, a.K())}, {"Γ", g.Overlap, Overlap(a, b)},
						{"angle slope", g.AngleFit.Slope, Fit1(a.Ratio[:r], angle[:r]).Slope},
						{"angle r", g.AngleFit.R, Fit1(a.Ratio[:r], angle[:r]).R},
						{"frac slope", g.FracFit.Slope, Fit1(a.Ratio[:r], frac[:r]).Slope},
						{"frac r", g.FracFit.R, Fit1(a.Ratio[:r], frac[:r]).R},
						{"post PC1/v1", g.PostVarPC1Rel, post[0] / a.Ratio[0]},
					} {
						if math.Abs(v.got-v.want) > 1e-8*math.Max(1, math.Abs(v.want)) {
							t.Errorf("%s: %s = %v, want %v ± 1e-8", name, v.what, v.got, v.want)
						}
					}
					for k := 0; k < r; k++ {
						if math.Abs(g.Angle[k]-angle[k]) > 1e-8*angle[k] || math.Abs(g.Frac[k]-frac[k]) > 1e-8 ||
							math.Abs(g.PostVar[k]-post[k]) > 1e-8*math.Max(post[k], 1e-3) || !relClose(g.Ratio[k], a.Ratio[k], 1e-9) {
							t.Errorf("%s PC %d: θ %v frac %v post %v ratio %v, want %v %v %v %v", name, k,
								g.Angle[k], g.Frac[k], g.PostVar[k], g.Ratio[k], angle[k], frac[k], post[k], a.Ratio[k])
						}
					}
				}
			}
		})
	}
}

// The participation ratio of r values is at most r (Cauchy–Schwarz:
// (Σv)² ≤ r·Σv²), so ⌈D⌉ ≤ Rank and the projections of DriftRatio and
// Overlap stay within the PCs kept, also at its bound, a flat spectrum
// (D = r up to rounding), and at one PC.
func TestGramKWithinRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n = 20
	q := rotation(rng, n)
	mean := make([]float64, n)
	for i := range mean {
		mean[i] = 2 + rng.Float64()
	}
	for k := 1; k <= 9; k++ {
		a, err := Fit(flatGroup(q, k, mean, 0.7), 2*k, n)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Fit(anisoGroup(rng, k+1, n), k+1, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*PCA{a, b} {
			if p.K() > p.Rank() || p.K() < 1 {
				t.Errorf("k = %d: ⌈D⌉ = %d (D = %v), want in [1, rank %d]", k, p.K(), p.D, p.Rank())
			}
		}
		if a.K() != k || a.Rank() != k || math.Abs(a.Captured()-1) > 1e-12 {
			t.Errorf("flat k = %d: ⌈D⌉ %d rank %d captured %v, want %d %d 1", k, a.K(), a.Rank(), a.Captured(), k, k)
		}
		d := Drift(a.Mean, b.Mean)
		if g := DriftRatio(a, d, a.K()); !(g >= 0 && g <= 1+1e-12) {
			t.Errorf("k = %d: γ = %v, want in [0, 1]", k, g)
		}
		if o, o2 := Overlap(a, b), Overlap(b, a); !(o >= 0 && o <= 1+1e-12) || math.Abs(o-o2) > 1e-12 {
			t.Errorf("k = %d: Γ = %v and %v, want equal, in [0, 1]", k, o, o2)
		}
	}
}

// Groups of different trial counts have different ranks; PerPCMeans
// averages every group over the PCs that all of them have, the smallest
// rank.
func TestPerPCMeansUnequalRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	const n, T = 20, 16
	labels := make([]int, T)
	for t := range labels {
		if t >= 6 {
			labels[t] = 1 // label 0: 6 trials (rank 5), label 1: 10 (rank 9)
		}
	}
	x := Tensor{Sessions: 3, Trials: T, Cells: n}
	for s := 0; s < 3; s++ {
		x.Data = append(append(x.Data, anisoGroup(rng, 6, n)...), anisoGroup(rng, 10, n)...)
	}
	rep := analyzeMeta(t, x, labels, Options{Lag: 1})
	for _, g := range rep.Groups {
		if want := map[int]int{0: 5, 1: 9}[g.Label]; g.Rank != want || len(g.Angle) != want {
			t.Errorf("session %d label %d: rank %d, %d angles; want %d", g.S, g.Label, g.Rank, len(g.Angle), want)
		}
	}
	ratio, angle, frac, post := rep.PerPCMeans()
	if len(ratio) != 5 || len(angle) != 5 || len(frac) != 5 || len(post) != 5 {
		t.Fatalf("PerPCMeans: lengths %d %d %d %d, want 5", len(ratio), len(angle), len(frac), len(post))
	}
	for i := range ratio {
		var want float64
		for _, g := range rep.Groups {
			want += g.Angle[i] / float64(len(rep.Groups))
		}
		if math.Abs(angle[i]-want) > 1e-12*want {
			t.Errorf("PC %d: mean angle %v, want %v", i, angle[i], want)
		}
	}
}

// A spectrum over 14 decades: PCs of tiny variance (ratios down to ~1e-14,
// above the rank tolerance) are still orthonormal to 1e-10 (before the
// Gram–Schmidt step, w_i·w_j reached 5e-5 on this group), and the PCs of
// non-negligible variance are the covariance route's.
func TestGramWideSpectrum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const m, n = 20, 50
	q := rotation(rng, n)
	x := make([]float64, m*n)
	for r := 0; r < m; r++ {
		for j := 0; j < m; j++ {
			z := rng.NormFloat64() * math.Pow(10, -0.65*float64(j)) // variances 1, 0.05, 0.0025, …
			for i := 0; i < n; i++ {
				x[r*n+i] += q.At(i, j) * z
			}
		}
		for i := 0; i < n; i++ {
			x[r*n+i] += 5
		}
	}
	p, err := Fit(x, m, n)
	if err != nil {
		t.Fatal(err)
	}
	if p.Rank() < 8 || p.Rank() > m-1 {
		t.Fatalf("rank %d, want in [8, %d]", p.Rank(), m-1)
	}
	checkPCA(t, "wide", p, p.Rank())
	ref := refFullPCA(t, x, m, n)
	for i := 0; i < p.Rank() && ref.Var[i] > 1e-6*ref.Var[0]; i++ {
		if !relClose(p.Var[i], ref.Var[i], 1e-9) || floats.Dot(p.Dirs[i], ref.Dirs[i]) < 1-1e-9 {
			t.Errorf("PC %d: Var %v, w·w_ref %v; want %v, > 1 − 1e-9", i, p.Var[i], floats.Dot(p.Dirs[i], ref.Dirs[i]), ref.Var[i])
		}
	}
}
