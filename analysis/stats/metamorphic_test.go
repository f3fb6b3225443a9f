package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Metamorphic tests: transform the input in a way whose effect on the output
// follows from the definitions, and compare two runs. Tolerances cover
// floating-point reordering only.

const metaTol = 1e-12

func closeRel(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func randVec(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// Pearson is invariant to a common permutation of the pairs (sums commute),
// to x → a·x + b with a > 0, and flips sign for a < 0 (the centred sums scale
// by a, the normalisation by |a|); it is symmetric in x and y. Non-finite
// pairs are dropped, so appending pairs with a NaN changes nothing.
func TestMetamorphicPearson(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := 0; trial < 20; trial++ {
		n := 3 + rng.IntN(40)
		x, y := randVec(rng, n), randVec(rng, n)
		for i := range y {
			y[i] += 0.5 * x[i]
		}
		r := Pearson(x, y)
		perm := rng.Perm(n)
		px, py := make([]float64, n), make([]float64, n)
		for i, p := range perm {
			px[i], py[i] = x[p], y[p]
		}
		if got := Pearson(px, py); !closeRel(got, r, metaTol) {
			t.Errorf("permuted pairs: %v, want %v", got, r)
		}
		if got := Pearson(y, x); !closeRel(got, r, metaTol) {
			t.Errorf("swapped: %v, want %v", got, r)
		}
		a, b := 0.1+3*rng.Float64(), 10*rng.NormFloat64()
		ax, nx := make([]float64, n), make([]float64, n)
		for i, v := range x {
			ax[i] = a*v + b
			nx[i] = -a*v + b
		}
		if got := Pearson(ax, y); !closeRel(got, r, 1e-10) {
			t.Errorf("affine a=%g b=%g: %v, want %v", a, b, got, r)
		}
		if got := Pearson(nx, y); !closeRel(got, -r, 1e-10) {
			t.Errorf("negated affine: %v, want %v", got, -r)
		}
		xn := append(append([]float64(nil), x...), math.NaN(), 3, math.Inf(1))
		yn := append(append([]float64(nil), y...), 2, math.NaN(), 5)
		if got := Pearson(xn, yn); !closeRel(got, r, metaTol) {
			t.Errorf("with non-finite pairs appended: %v, want %v", got, r)
		}
	}
}

// genericMatrix hides the *mat.Dense type so that PVCorrelation takes its
// generic (per-column Pearson) path instead of pvDense.
type genericMatrix struct{ mat.Matrix }

// The map correlations on cells × bins matrices: permuting the cells (rows)
// of both maps the same way leaves PVCorrelation and RateCorrelation
// unchanged (each is a correlation across cells) and permutes
// TuningCorrelations; permuting the bins (columns) leaves PVCorrelation (a
// mean over bins) and RateCorrelation (means over bins) unchanged and leaves
// each tuning correlation unchanged. Scaling either map by a > 0 and adding
// an offset changes none of them. The dense fast path equals the generic
// path.
func TestMetamorphicMapCorrelations(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const N, B = 13, 9
	a, b := mat.NewDense(N, B, nil), mat.NewDense(N, B, nil)
	for i := 0; i < N; i++ {
		for j := 0; j < B; j++ {
			v := rng.ExpFloat64()
			a.Set(i, j, v)
			b.Set(i, j, 0.6*v+0.4*rng.ExpFloat64())
		}
	}
	a.Set(2, 3, 0) // a constant column would be skipped; keep them varied
	pv, rate := PVCorrelation(a, b), RateCorrelation(a, b)
	tc := make([]float64, N)
	TuningCorrelations(tc, a, b)

	if got := PVCorrelation(genericMatrix{a}, genericMatrix{b}); !closeRel(got, pv, metaTol) {
		t.Errorf("generic path %v, dense path %v", got, pv)
	}

	rp, cp := rng.Perm(N), rng.Perm(B)
	permute := func(m *mat.Dense) *mat.Dense {
		out := mat.NewDense(N, B, nil)
		for i, p := range rp {
			for j, q := range cp {
				out.Set(i, j, m.At(p, q))
			}
		}
		return out
	}
	pa, pb := permute(a), permute(b)
	if got := PVCorrelation(pa, pb); !closeRel(got, pv, metaTol) {
		t.Errorf("permuted cells and bins: PV %v, want %v", got, pv)
	}
	if got := RateCorrelation(pa, pb); !closeRel(got, rate, metaTol) {
		t.Errorf("permuted cells and bins: rate %v, want %v", got, rate)
	}
	ptc := make([]float64, N)
	TuningCorrelations(ptc, pa, pb)
	for i, p := range rp {
		if !closeRel(ptc[i], tc[p], metaTol) {
			t.Errorf("permuted: tuning of cell %d = %v, want cell %d's %v", i, ptc[i], p, tc[p])
		}
	}

	sa := mat.NewDense(N, B, nil)
	sa.Apply(func(_, _ int, v float64) float64 { return 2.5*v + 7 }, a)
	if got := PVCorrelation(sa, b); !closeRel(got, pv, 1e-10) {
		t.Errorf("affine a: PV %v, want %v", got, pv)
	}
	if got := RateCorrelation(sa, b); !closeRel(got, rate, 1e-10) {
		t.Errorf("affine a: rate %v, want %v", got, rate)
	}
	stc := make([]float64, N)
	TuningCorrelations(stc, sa, b)
	for i := range stc {
		if !closeRel(stc[i], tc[i], 1e-10) {
			t.Errorf("affine a: tuning of cell %d = %v, want %v", i, stc[i], tc[i])
		}
	}
}

// MannWhitney: swapping the samples maps U → n_x n_y − U and AUC → 1 − AUC
// and keeps p (the statistic |U − n_x n_y/2| and the tie correction are
// symmetric); a strictly increasing transform of all values keeps the ranks,
// hence U, AUC and p; permuting within a sample changes nothing.
func TestMetamorphicMannWhitney(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for trial := 0; trial < 20; trial++ {
		nx, ny := 1+rng.IntN(30), 1+rng.IntN(30)
		x, y := make([]float64, nx), make([]float64, ny)
		for i := range x {
			x[i] = float64(rng.IntN(8)) // ties
		}
		for i := range y {
			y[i] = float64(rng.IntN(8)) + 0.5*float64(rng.IntN(2))
		}
		u, auc, p := MannWhitney(x, y)
		u2, auc2, p2 := MannWhitney(y, x)
		if !closeRel(u2, float64(nx*ny)-u, metaTol) || !closeRel(auc2, 1-auc, metaTol) || !closeRel(p2, p, metaTol) {
			t.Errorf("swap: (%v %v %v), want (%v %v %v)", u2, auc2, p2, float64(nx*ny)-u, 1-auc, p)
		}
		f := func(v []float64) []float64 {
			out := make([]float64, len(v))
			for i, a := range v {
				out[i] = math.Exp(a/3) - 4
			}
			rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
			return out
		}
		u3, auc3, p3 := MannWhitney(f(x), f(y))
		if u3 != u || auc3 != auc || p3 != p {
			t.Errorf("monotone transform and shuffle: (%v %v %v), want (%v %v %v)", u3, auc3, p3, u, auc, p)
		}
	}
}

// KSUniform depends on the sample only through its sorted values.
func TestMetamorphicKSUniform(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	x := make([]float64, 50)
	for i := range x {
		x[i] = rng.Float64() * rng.Float64()
	}
	d, p := KSUniform(x)
	y := append([]float64(nil), x...)
	rng.Shuffle(len(y), func(i, j int) { y[i], y[j] = y[j], y[i] })
	if d2, p2 := KSUniform(y); d2 != d || p2 != p {
		t.Errorf("shuffled: (%v, %v), want (%v, %v)", d2, p2, d, p)
	}
	// The reflection v → 1 − v exchanges D⁺ and D⁻, so D is unchanged.
	for i := range y {
		y[i] = 1 - x[i]
	}
	if d2, _ := KSUniform(y); !closeRel(d2, d, 1e-12) {
		t.Errorf("reflected: D %v, want %v", d2, d)
	}
}

// AdjustedRand is symmetric in its arguments and invariant to renaming the
// labels of either labeling and to permuting the items (it depends only on
// the contingency table).
func TestMetamorphicAdjustedRand(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	for trial := 0; trial < 20; trial++ {
		n := 2 + rng.IntN(60)
		x, y := make([]int, n), make([]int, n)
		for i := range x {
			x[i] = rng.IntN(4)
			y[i] = x[i]
			if rng.Float64() < 0.4 {
				y[i] = rng.IntN(5)
			}
		}
		ari := AdjustedRand(x, y)
		if got := AdjustedRand(y, x); !closeRel(got, ari, metaTol) {
			t.Errorf("swapped: %v, want %v", got, ari)
		}
		perm := rng.Perm(n)
		rename := []int{7, -3, 100, 2, 0}
		px, py := make([]int, n), make([]int, n)
		for i, p := range perm {
			px[i] = rename[x[p]]
			py[i] = y[p] * 10
		}
		if got := AdjustedRand(px, py); !closeRel(got, ari, metaTol) {
			t.Errorf("renamed and permuted: %v, want %v", got, ari)
		}
	}
}

// Silhouette is invariant to permuting the items (rows and columns of d and
// the labels together), to renaming the clusters (with empty cluster indices
// in between), and to scaling d by a > 0 (s_i is a ratio of distances).
func TestMetamorphicSilhouette(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	const n = 25
	pts := make([][2]float64, n)
	labels := make([]int, n)
	for i := range pts {
		labels[i] = rng.IntN(3)
		pts[i] = [2]float64{float64(labels[i]) + 0.6*rng.NormFloat64(), 0.6 * rng.NormFloat64()}
	}
	labels[0], labels[1], labels[2] = 0, 1, 2 // every cluster non-empty
	d := make([]float64, n*n)
	for i := range pts {
		for j := range pts {
			d[i*n+j] = math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])
		}
	}
	s := Silhouette(d, n, labels)
	perm := rng.Perm(n)
	rename := []int{5, 0, 3}
	pd := make([]float64, n*n)
	pl := make([]int, n)
	for i, p := range perm {
		pl[i] = rename[labels[p]]
		for j, q := range perm {
			pd[i*n+j] = 4.5 * d[p*n+q]
		}
	}
	if got := Silhouette(pd, n, pl); !closeRel(got, s, 1e-12) {
		t.Errorf("permuted, renamed, scaled: %v, want %v", got, s)
	}
}

// The dense fast path of PVCorrelation must equal the generic per-column
// Pearson path on every input, including constant columns (skipped), a
// constant column whose mean is not representable (0.1 repeated), a single
// row, and columns constant in only one of the two maps.
func TestMetamorphicPVDensePath(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	for trial := 0; trial < 200; trial++ {
		r, c := 1+rng.IntN(6), 1+rng.IntN(5)
		a, b := mat.NewDense(r, c, nil), mat.NewDense(r, c, nil)
		for j := 0; j < c; j++ {
			kind := rng.IntN(4)
			for i := 0; i < r; i++ {
				va, vb := rng.NormFloat64(), rng.NormFloat64()
				switch kind {
				case 1:
					va = 0.1
				case 2:
					vb = 1e-300
				case 3:
					va, vb = float64(rng.IntN(2)), float64(rng.IntN(2))
				}
				a.Set(i, j, va)
				b.Set(i, j, vb)
			}
		}
		d, g := PVCorrelation(a, b), PVCorrelation(genericMatrix{a}, genericMatrix{b})
		if !(d == g || math.IsNaN(d) && math.IsNaN(g)) {
			t.Fatalf("%d×%d: dense %v, generic %v\na=%v\nb=%v", r, c, d, g, mat.Formatted(a), mat.Formatted(b))
		}
	}
}
