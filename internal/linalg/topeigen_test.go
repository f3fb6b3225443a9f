package linalg

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// withSpectrum returns Q·diag(lam)·Qᵀ (symmetrised) for a random orthogonal Q
// from rng, and Q.
func withSpectrum(rng *rand.Rand, lam []float64) (*mat.SymDense, *mat.Dense) {
	n := len(lam)
	Q := RandOrthonormal(rng, n, n)
	var QD, A mat.Dense
	QD.Mul(Q, mat.NewDiagDense(n, lam))
	A.Mul(&QD, Q.T())
	S := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			S.SetSym(i, j, (A.At(i, j)+A.At(j, i))/2)
		}
	}
	return S, Q
}

// randSym returns an n×n symmetric matrix of standard normal entries.
func randSym(rng *rand.Rand, n int) *mat.SymDense {
	S := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			S.SetSym(i, j, rng.NormFloat64())
		}
	}
	return S
}

// norm2Sym returns ‖a‖₂ = max |λ| from mat.EigenSym (values only).
func norm2Sym(t *testing.T, a *mat.SymDense) float64 {
	t.Helper()
	var es mat.EigenSym
	if !es.Factorize(a, false) {
		t.Fatal("EigenSym failed")
	}
	m := 0.0
	for _, v := range es.Values(nil) {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// checkInvariants checks what TopEigenSym promises whatever the matrix: n
// values in descending order, an n×k result, residuals ‖a v − λ v‖ ≤
// 1e-12·n·‖a‖ and ‖VᵀV − I‖_max ≤ 1e-12·n. It returns the residual norms.
func checkInvariants(t *testing.T, a *mat.SymDense, k int, vals []float64, V *mat.Dense, anorm float64) []float64 {
	t.Helper()
	n := a.SymmetricDim()
	if len(vals) != n {
		t.Fatalf("n = %d: %d values", n, len(vals))
	}
	if !sort.SliceIsSorted(vals, func(i, j int) bool { return vals[i] > vals[j] }) {
		t.Fatalf("n = %d: values not descending: %v", n, vals)
	}
	if r, c := V.Dims(); r != n || c != k {
		t.Fatalf("n = %d, k = %d: vectors %d×%d", n, k, r, c)
	}
	var AV mat.Dense
	AV.Mul(a, V)
	res := make([]float64, k)
	for j := 0; j < k; j++ {
		r := mat.NewVecDense(n, nil)
		for i := 0; i < n; i++ {
			r.SetVec(i, AV.At(i, j)-vals[j]*V.At(i, j))
		}
		res[j] = mat.Norm(r, 2)
		if res[j] > 1e-12*float64(n)*anorm {
			t.Errorf("n = %d: residual of vector %d (λ = %g) is %g, ‖A‖ = %g", n, j, vals[j], res[j], anorm)
		}
	}
	var G mat.Dense
	G.Mul(V.T(), V)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if d := math.Abs(G.At(i, j) - want); d > 1e-12*float64(n) {
				t.Errorf("n = %d: (VᵀV)[%d,%d] = %.17g", n, i, j, G.At(i, j))
			}
		}
	}
	return res
}

// evalErr is the bound n·eps·scale (eps = 2^-52) on the rounding error of
// an n-term inner product of vectors whose norms multiply to scale: the
// error of a computed residual ‖A v − λ v‖ (scale ‖A‖) or of subspaceGap
// (scale 1), added to the Davis–Kahan bounds below.
func evalErr(n int, scale float64) float64 { return float64(n) * 0x1p-52 * scale }

// subspaceGap returns max over the columns v of V of ‖v − U Uᵀ v‖, the
// distance of V's columns from span(U) (U with orthonormal columns).
func subspaceGap(V, U mat.Matrix) float64 {
	var P, R mat.Dense
	P.Mul(U.T(), V)
	R.Mul(U, &P)
	R.Sub(V, &R)
	_, k := R.Dims()
	worst := 0.0
	for j := 0; j < k; j++ {
		worst = math.Max(worst, mat.Norm(R.ColView(j), 2))
	}
	return worst
}

// A diagonal matrix is already tridiagonal and splits into 1×1 blocks: the
// values are the sorted diagonal exactly and the vectors unit vectors at
// distinct positions holding them, repeated values included.
func TestTopEigenSymDiagonal(t *testing.T) {
	diag := []float64{3, -1, 7, 0, 7, 2.5, -8, 3, 7}
	n := len(diag)
	a := mat.NewSymDense(n, nil)
	for i, v := range diag {
		a.SetSym(i, i, v)
	}
	want := slices.Clone(diag)
	sort.Sort(sort.Reverse(sort.Float64Slice(want)))
	for _, k := range []int{1, 3, 4, n} {
		vals, V, err := TopEigenSym(a, k)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(vals, want) {
			t.Fatalf("values %v, want %v", vals, want)
		}
		used := map[int]bool{}
		for j := 0; j < k; j++ {
			pos := -1
			for i := 0; i < n; i++ {
				switch v := V.At(i, j); {
				case math.Abs(v) == 1 && pos < 0:
					pos = i
				case v != 0:
					t.Fatalf("k = %d: vector %d is not a unit vector: %v", k, j, mat.Col(nil, j, V))
				}
			}
			if pos < 0 || used[pos] || diag[pos] != vals[j] {
				t.Fatalf("k = %d: vector %d is e_%d for λ = %g (diagonal %v)", k, j, pos, vals[j], diag)
			}
			used[pos] = true
		}
	}
}

// 1×1 and 2×2 matrices against the closed forms; the zero matrix.
func TestTopEigenSymSmall(t *testing.T) {
	vals, V, err := TopEigenSym(mat.NewSymDense(1, []float64{-2.5}), 1)
	if err != nil || vals[0] != -2.5 || math.Abs(V.At(0, 0)) != 1 {
		t.Fatalf("1×1: %v %v %v", vals, V, err)
	}
	for _, p := range [][3]float64{{2, 1, 2}, {1, 1e-3, -4}, {0, 5, 0}, {1e200, 3e199, -2e199}, {3e-200, 1e-200, 2e-200}} {
		x, y, z := p[0], p[1], p[2]
		a := mat.NewSymDense(2, []float64{x, y, y, z})
		// λ± = (x+z)/2 ± hypot((x−z)/2, y); eigenvector of λ+ ∝ (y, λ+ − x).
		m, r := (x+z)/2, math.Hypot((x-z)/2, y)
		want := []float64{m + r, m - r}
		for _, k := range []int{1, 2} {
			vals, V, err := TopEigenSym(a, k)
			if err != nil {
				t.Fatal(err)
			}
			scale := math.Max(math.Abs(want[0]), math.Abs(want[1]))
			for i := range want {
				if math.Abs(vals[i]-want[i]) > 1e-15*scale {
					t.Errorf("%v: λ_%d = %.17g, want %.17g", p, i, vals[i], want[i])
				}
			}
			u0, u1 := y, want[0]-x
			if math.Abs(want[0]-z) > math.Abs(u1) { // the better-conditioned form from the second row
				u0, u1 = want[0]-z, y
			}
			nu := math.Hypot(u0, u1)
			if c := math.Abs(V.At(0, 0)*u0/nu + V.At(1, 0)*u1/nu); math.Abs(c-1) > 1e-15 {
				t.Errorf("%v: top vector %v, want ±(%g, %g)", p, mat.Col(nil, 0, V), u0/nu, u1/nu)
			}
			checkInvariants(t, a, k, vals, V, scale)
		}
	}
	n := 7
	zero := mat.NewSymDense(n, nil)
	for _, k := range []int{1, 4, n} {
		vals, V, err := TopEigenSym(zero, k)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if v != 0 {
				t.Fatalf("zero matrix: values %v", vals)
			}
		}
		checkInvariants(t, zero, k, vals, V, 0)
	}
	vals, V, err = TopEigenSym(&mat.SymDense{}, 0)
	if err != nil || len(vals) != 0 || !V.IsEmpty() {
		t.Fatalf("0×0: %v %v %v", vals, V, err)
	}
}

// Matrices Q·diag(λ)·Qᵀ with known spectra: distinct values, a cluster of
// three at relative gaps 1e-10, three exactly repeated values, negative
// values, in the top k. The values match λ to 1e-12·‖A‖; each vector whose
// eigenvalue is separated from the rest by gap is within (its residual +
// eps-level reference error)/gap of Q's column (Davis–Kahan), and the
// vectors of a cluster span the cluster's columns of Q.
func TestTopEigenSymKnownSpectrum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{6, 40, 150} {
		for _, kind := range []string{"distinct", "cluster", "repeated", "negative"} {
			lam := make([]float64, n)
			for i := range lam {
				lam[i] = 1 + 9*rng.Float64() // the bulk, in [1, 10)
			}
			var group []float64 // the top eigenvalues that form one cluster
			switch kind {
			case "distinct":
				lam[0], lam[1], lam[2] = 20, 15, 12
			case "cluster":
				group = []float64{20, 20 * (1 + 1e-10), 20 * (1 + 2e-10)}
			case "repeated":
				group = []float64{20, 20, 20}
			case "negative":
				for i := range lam {
					lam[i] = -lam[i]
				}
				lam[0] = -0.5
				lam[1] = -30 // the largest in magnitude, last
			}
			copy(lam, group)
			A, Q := withSpectrum(rng, lam)
			order := make([]int, n)
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(i, j int) bool { return lam[order[i]] > lam[order[j]] })
			anorm := 0.0
			for _, v := range lam {
				anorm = math.Max(anorm, math.Abs(v))
			}
			k := min(n, 5)
			vals, V, err := TopEigenSym(A, k)
			if err != nil {
				t.Fatalf("%s, n = %d: %v", kind, n, err)
			}
			for i, o := range order {
				if math.Abs(vals[i]-lam[o]) > 1e-12*anorm {
					t.Errorf("%s, n = %d: λ_%d = %.17g, want %.17g", kind, n, i, vals[i], lam[o])
				}
			}
			res := checkInvariants(t, A, k, vals, V, anorm)
			// Columns 0..len(group)−1 are the cluster; the others are
			// separated from their neighbours by gap.
			if len(group) > 0 {
				if g := subspaceGap(V.Slice(0, n, 0, len(group)), Q.Slice(0, n, 0, len(group))); g > 1e-12*float64(n) {
					t.Errorf("%s, n = %d: cluster vectors leave the cluster's span by %g", kind, n, g)
				}
			}
			for j := len(group); j < k; j++ {
				gap := math.Inf(1)
				for i, o := range order {
					if i != j {
						gap = math.Min(gap, math.Abs(lam[o]-lam[order[j]]))
					}
				}
				q := Q.ColView(order[j])
				// The residual of Q's column is zero up to the rounding in
				// forming A and evaluating residuals.
				bound := (res[j]+2*evalErr(n, anorm))/gap + evalErr(n, 1)
				if g := subspaceGap(V.Slice(0, n, j, j+1), q); g > bound {
					t.Errorf("%s, n = %d: vector %d is %g from its eigenvector, bound %g", kind, n, j, g, bound)
				}
			}
		}
	}
}

// Random symmetric matrices against mat.EigenSym: values to 1e-12·‖A‖,
// residuals and orthonormality, and each vector whose eigenvalue is
// separated by gap from the others within (both residuals)/gap of
// EigenSym's (Davis–Kahan: each is within its residual/gap of the true one).
func TestTopEigenSymVsEigenSym(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	type tc struct{ n, k int }
	var cases []tc
	for n := 1; n <= 60; n++ {
		cases = append(cases, tc{n, 1}, tc{n, min(n, 6)}, tc{n, n})
	}
	if !testing.Short() {
		cases = append(cases, tc{300, 6}, tc{450, 20}, tc{600, 6})
	}
	for _, c := range cases {
		A := randSym(rng, c.n)
		var es mat.EigenSym
		if !es.Factorize(A, true) {
			t.Fatal("EigenSym failed")
		}
		ref := es.Values(nil) // ascending
		var U mat.Dense
		es.VectorsTo(&U)
		anorm := math.Max(math.Abs(ref[0]), math.Abs(ref[c.n-1]))
		vals, V, err := TopEigenSym(A, c.k)
		if err != nil {
			t.Fatalf("n = %d, k = %d: %v", c.n, c.k, err)
		}
		for i := range vals {
			if want := ref[c.n-1-i]; math.Abs(vals[i]-want) > 1e-12*anorm {
				t.Errorf("n = %d: λ_%d = %.17g, EigenSym %.17g", c.n, i, vals[i], want)
			}
		}
		res := checkInvariants(t, A, c.k, vals, V, anorm)
		for j := 0; j < c.k; j++ {
			i := c.n - 1 - j // EigenSym's column
			gap := math.Inf(1)
			if i > 0 {
				gap = ref[i] - ref[i-1]
			}
			if i < c.n-1 {
				gap = math.Min(gap, ref[i+1]-ref[i])
			}
			if gap < 1e-6*anorm {
				continue
			}
			var r mat.VecDense
			u := U.ColView(i)
			r.MulVec(A, u)
			r.AddScaledVec(&r, -ref[i], u)
			bound := (res[j]+mat.Norm(&r, 2)+2*evalErr(c.n, anorm))/gap + evalErr(c.n, 1)
			if g := subspaceGap(V.Slice(0, c.n, j, j+1), u); g > bound {
				t.Errorf("n = %d: vector %d is %g from EigenSym's, bound %g (gap %g)", c.n, j, g, bound, gap)
			}
		}
	}
}

// Same input, bit-identical output; a and the results of smaller k are
// consistent with larger k (the same values, vectors of separated
// eigenvalues the same up to rounding).
func TestTopEigenSymDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	A := randSym(rng, 80)
	before := mat.NewSymDense(80, nil)
	before.CopySym(A)
	v1, V1, err1 := TopEigenSym(A, 6)
	v2, V2, err2 := TopEigenSym(A, 6)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !slices.Equal(v1, v2) || !mat.Equal(V1, V2) {
		t.Fatal("two calls on the same matrix differ")
	}
	if !mat.Equal(A, before) {
		t.Fatal("TopEigenSym modified its input")
	}
	v3, _, err := TopEigenSym(A, 3)
	if err != nil || !slices.Equal(v1, v3) {
		t.Fatalf("values differ with k: %v", err)
	}
}

// Bad input: non-finite entries give an error, k outside [1, n] panics.
func TestTopEigenSymBadInput(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		a := mat.NewSymDense(3, nil)
		a.SetSym(0, 2, bad)
		if _, _, err := TopEigenSym(a, 1); err == nil {
			t.Errorf("entry %v: no error", bad)
		}
	}
	for _, c := range []struct{ n, k int }{{3, 0}, {3, -1}, {3, 4}, {0, 1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("n = %d, k = %d: no panic", c.n, c.k)
				}
			}()
			a := &mat.SymDense{}
			if c.n > 0 {
				a = mat.NewSymDense(c.n, nil)
			}
			TopEigenSym(a, c.k)
		}()
	}
}

// Entries near the ends of float64's range, subnormal ones included, are
// scaled as dsyev does: with integer entries times a power of two (exact),
// the values scale with the matrix and the vectors do not change.
func TestTopEigenSymScaling(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 30
	A := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			A.SetSym(i, j, float64(rng.IntN(101)-50))
		}
	}
	vals, V, err := TopEigenSym(A, 4)
	if err != nil {
		t.Fatal(err)
	}
	anorm := math.Max(math.Abs(vals[0]), math.Abs(vals[n-1]))
	for _, p := range []int{1000, -1000, -1060} {
		var B mat.SymDense
		B.ScaleSym(math.Ldexp(1, p), A)
		bv, BV, err := TopEigenSym(&B, 4)
		if err != nil {
			t.Fatalf("scale 2^%d: %v", p, err)
		}
		// At 2^-1060 the values are subnormal: allow one unit in their last
		// place (2^-1074), and the residuals cannot be evaluated.
		tol := 1e-13*anorm + math.Ldexp(1, -1074-p)
		for i := range vals {
			if got := math.Ldexp(bv[i], -p); math.Abs(got-vals[i]) > tol {
				t.Errorf("scale 2^%d: λ_%d = %.17g·2^%d, want %.17g", p, i, got, p, vals[i])
			}
		}
		if p > -1000 {
			checkInvariants(t, &B, 4, bv, BV, math.Ldexp(anorm, p))
		}
		for j := 0; j < 4; j++ {
			if g := subspaceGap(BV.Slice(0, n, j, j+1), V.Slice(0, n, j, j+1)); g > 1e-12 {
				t.Errorf("scale 2^%d: vector %d moved by %g", p, j, g)
			}
		}
	}
}

var benchSym *mat.SymDense

func benchMatrix() *mat.SymDense {
	if benchSym == nil {
		benchSym = randSym(rand.New(rand.NewPCG(9, 10)), 2000)
	}
	return benchSym
}

// BenchmarkTopEigenSym2000 decomposes a 2000×2000 random symmetric matrix,
// top 6 vectors.
func BenchmarkTopEigenSym2000(b *testing.B) {
	A := benchMatrix()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := TopEigenSym(A, 6); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEigenSym2000 is gonum's mat.EigenSym with all vectors on the
// same matrix (skipped under -short: about a minute).
func BenchmarkEigenSym2000(b *testing.B) {
	if testing.Short() {
		b.Skip("mat.EigenSym of 2000×2000 takes about a minute")
	}
	A := benchMatrix()
	b.ResetTimer()
	for b.Loop() {
		var es mat.EigenSym
		if !es.Factorize(A, true) {
			b.Fatal("EigenSym failed")
		}
	}
}

// EigenSymTop's full route returns EigenSym's eigenvalues, descending, and
// its eigenvectors' columns unchanged (bit for bit, repeated eigenvalues in
// EigenSym's order); its partial route is TopEigenSym; when TopEigenSym
// does not converge, it falls back to the full route.
func TestEigenSymTop(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 2, 7, 40} {
		A := randSym(rng, n)
		if n == 40 { // eigenvalues repeated 8 times each
			d := make([]float64, n)
			for i := range d {
				d[i] = float64(i % 5)
			}
			A, _ = withSpectrum(rng, d)
		}
		k := min(n, 3)
		var es mat.EigenSym
		if !es.Factorize(A, true) {
			t.Fatal("EigenSym failed")
		}
		asc := es.Values(nil)
		var U mat.Dense
		es.VectorsTo(&U)
		vals, V, err := EigenSymTop(A, k, false)
		if err != nil {
			t.Fatal(err)
		}
		// Stable descending order of asc.
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(x, y int) bool { return asc[idx[x]] > asc[idx[y]] })
		for j, c := range idx {
			if vals[j] != asc[c] {
				t.Fatalf("n = %d: vals[%d] = %v, want %v", n, j, vals[j], asc[c])
			}
			if j < k {
				for i := 0; i < n; i++ {
					if V.At(i, j) != U.At(i, c) {
						t.Fatalf("n = %d: vector %d differs from EigenSym's column %d", n, j, c)
					}
				}
			}
		}
		pv, PV, err := EigenSymTop(A, k, true)
		if err != nil {
			t.Fatal(err)
		}
		tv, TV, _ := TopEigenSym(A, k)
		if !slices.Equal(pv, tv) || !mat.Equal(PV, TV) {
			t.Fatalf("n = %d: the partial route is not TopEigenSym's result", n)
		}
		saved := topEigenSym
		topEigenSym = func(*mat.SymDense, int) ([]float64, *mat.Dense, error) { return nil, nil, ErrNoConvergence }
		fv, FV, err := EigenSymTop(A, k, true)
		topEigenSym = saved
		if err != nil || !slices.Equal(fv, vals) || !mat.Equal(FV, V) {
			t.Fatalf("n = %d: the fallback is not the full route's result (err %v)", n, err)
		}
	}
	bad := mat.NewSymDense(3, nil)
	bad.SetSym(1, 2, math.NaN())
	for _, partial := range []bool{false, true} {
		if _, _, err := EigenSymTop(bad, 1, partial); err == nil {
			t.Errorf("partial %v: NaN entry accepted", partial)
		}
	}
}
