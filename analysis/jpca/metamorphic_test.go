package jpca

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

// Metamorphic tests: transform the data in a way whose effect on jPCA follows
// from its equations (package documentation, steps 1–5), fit twice and
// compare.
//
// Tolerance: the fit goes through two eigensolvers and two Cholesky solves.
// For the test data (well-separated PC variances and rotation frequencies,
// condition number of the regressions ≲ 10³) a transformed input changes the
// results by a few hundred ulps at most, so 1e-9 relative flags any real
// error (an indexing, sign or normalisation slip changes them at O(1)) while
// allowing rounding.
const metaTol = 1e-9

func metaClose(a, b float64) bool {
	return math.Abs(a-b) <= metaTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// metaData returns C conditions of T bins of N neurons: a 4-d latent with
// two rotations (different frequencies) and a slow decay, embedded by a
// random N×4 matrix, plus small independent noise in every neuron, and a
// positive baseline per neuron.
func metaData(seed uint64) []*mat.Dense {
	const N, C, T, dt = 10, 7, 18, 0.02
	rng := rand.New(rand.NewPCG(seed, 77))
	w1, w2 := 2*math.Pi*3, 2*math.Pi*1.2
	M := mat.NewDense(4, 4, []float64{
		-0.5, -w1, 0, 0,
		w1, -0.5, 0, 0,
		0, 0, -1, -w2,
		0, 0, w2, -1,
	})
	Q := mat.NewDense(N, 4, nil)
	for i := range Q.RawMatrix().Data {
		Q.RawMatrix().Data[i] = rng.NormFloat64() * (1 + float64(i%4))
	}
	data := Planted(rng, M, Q, C, T, dt)
	for _, X := range data {
		for t := 0; t < T; t++ {
			for n, v := range X.RawRowView(t) {
				X.Set(t, n, v+0.05*rng.NormFloat64()+float64(n+5))
			}
		}
	}
	return data
}

func fitMeta(t *testing.T, data []*mat.Dense, o Options) *Result {
	t.Helper()
	r, err := Fit(data, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// projector returns U1U1ᵀ + U2U2ᵀ of a plane in neuron coordinates: the
// plane itself, independent of the in-plane phase of (U1, U2), which the
// eigensolver does not fix.
func projector(p Plane) *mat.Dense {
	n := len(p.Neural[0])
	P := mat.NewDense(n, n, nil)
	for _, u := range p.Neural {
		v := mat.NewVecDense(n, u)
		P.RankOne(P, 1, v, v)
	}
	return P
}

// compareInvariants checks the quantities that do not depend on the neuron
// basis or the PCs' signs: variance fractions, both R², each plane's ω and
// R², the ratio. scale multiplies the wanted ω (a change of Dt).
func compareInvariants(t *testing.T, name string, got, want *Result, omegaScale float64) {
	t.Helper()
	for j := range want.VarExpl {
		if !metaClose(got.VarExpl[j], want.VarExpl[j]) {
			t.Errorf("%s: VarExpl[%d] = %v, want %v", name, j, got.VarExpl[j], want.VarExpl[j])
		}
	}
	if !metaClose(got.R2Best, want.R2Best) || !metaClose(got.R2Skew, want.R2Skew) {
		t.Errorf("%s: R² best %v skew %v, want %v %v", name, got.R2Best, got.R2Skew, want.R2Best, want.R2Skew)
	}
	if len(got.Planes) != len(want.Planes) {
		t.Fatalf("%s: %d planes, want %d", name, len(got.Planes), len(want.Planes))
	}
	for i := range want.Planes {
		g, w := got.Planes[i], want.Planes[i]
		if !metaClose(g.Omega, w.Omega*omegaScale) || !metaClose(g.Freq, w.Freq*omegaScale) || !metaClose(g.R2, w.R2) {
			t.Errorf("%s: plane %d ω %v f %v R² %v, want %v %v %v", name, i, g.Omega, g.Freq, g.R2, w.Omega*omegaScale, w.Freq*omegaScale, w.R2)
		}
	}
}

// mapNeurons returns the data with each row x replaced by f(x).
func mapNeurons(data []*mat.Dense, f func(dst, x []float64)) []*mat.Dense {
	out := make([]*mat.Dense, len(data))
	for c, X := range data {
		T, N := X.Dims()
		out[c] = mat.NewDense(T, N, nil)
		for t := 0; t < T; t++ {
			f(out[c].RawRowView(t), X.RawRowView(t))
		}
	}
	return out
}

// Permuting the neurons permutes the rows of the second-moment matrix's
// eigenvectors; the sign convention (largest loading positive) moves with
// them, so the PCs are permuted, the reduced data, M_best and M_skew are
// unchanged, and each plane is the same plane with permuted neuron
// coordinates. With soft-normalisation the per-neuron scale moves with the
// neuron too.
func TestMetamorphicNeuronPermutation(t *testing.T) {
	data := metaData(1)
	perm := rand.New(rand.NewPCG(3, 3)).Perm(10)
	pd := mapNeurons(data, func(dst, x []float64) {
		for i, p := range perm {
			dst[i] = x[p]
		}
	})
	for _, o := range []Options{{Dims: 4, Dt: 0.02}, {Dims: 4, Dt: 0.02, Normalize: true, SoftNorm: 0.5}} {
		want, got := fitMeta(t, data, o), fitMeta(t, pd, o)
		compareInvariants(t, "permuted neurons", got, want, 1)
		for i, p := range perm {
			if !metaClose(got.Scale[i], want.Scale[p]) {
				t.Errorf("Scale[%d] = %v, want neuron %d's %v", i, got.Scale[i], p, want.Scale[p])
			}
			for j := 0; j < o.Dims; j++ {
				if !metaClose(got.PCs.At(i, j), want.PCs.At(p, j)) {
					t.Fatalf("PCs[%d][%d] = %v, want neuron %d's %v", i, j, got.PCs.At(i, j), p, want.PCs.At(p, j))
				}
			}
		}
		for _, m := range [][2]*mat.Dense{{got.Mbest, want.Mbest}, {got.Mskew, want.Mskew}} {
			if !mat.EqualApprox(m[0], m[1], metaTol*mat.Norm(m[1], math.Inf(1))) {
				t.Errorf("permuted neurons: dynamics matrix\n%v\nwant\n%v", mat.Formatted(m[0]), mat.Formatted(m[1]))
			}
		}
		for k := range want.Planes {
			pg, pw := projector(got.Planes[k]), projector(want.Planes[k])
			for i, p := range perm {
				for j, q := range perm {
					if math.Abs(pg.At(i, j)-pw.At(p, q)) > metaTol {
						t.Fatalf("plane %d: projector (%d,%d) = %v, want (%d,%d) = %v", k, i, j, pg.At(i, j), p, q, pw.At(p, q))
					}
				}
			}
		}
	}
}

// An orthogonal change of the neuron basis, x → Qx (without
// soft-normalisation, which is per neuron), maps the second-moment matrix to
// Q S Qᵀ: the PC variances are unchanged and the PCs are Q w up to sign, so
// the reduced data change by a diagonal ±1 matrix D and the fitted dynamics
// by M → D M D, which keeps both R², the skew eigenvalues ±iω and each
// plane's R²; each plane maps to Q P Qᵀ.
func TestMetamorphicNeuronRotation(t *testing.T) {
	data := metaData(2)
	rng := rand.New(rand.NewPCG(4, 4))
	const N = 10
	Q := linalg.RandOrthonormal(rng, N, N)
	rd := mapNeurons(data, func(dst, x []float64) {
		mat.NewVecDense(N, dst).MulVec(Q, mat.NewVecDense(N, x))
	})
	o := Options{Dims: 4, Dt: 0.02}
	want, got := fitMeta(t, data, o), fitMeta(t, rd, o)
	compareInvariants(t, "rotated neurons", got, want, 1)
	for k := range want.Planes {
		var qp mat.Dense
		qp.Mul(Q, projector(want.Planes[k]))
		qp.Mul(&qp, Q.T())
		if !mat.EqualApprox(projector(got.Planes[k]), &qp, metaTol) {
			t.Errorf("plane %d is not the rotated plane", k)
		}
	}
}

// Conditions are exchangeable: permuting them permutes the stacked rows, so
// the second-moment matrix, the regression sums and every fitted quantity
// are unchanged; the reduced data and projections are permuted.
func TestMetamorphicConditionPermutation(t *testing.T) {
	data := metaData(3)
	perm := rand.New(rand.NewPCG(5, 5)).Perm(len(data))
	pd := make([]*mat.Dense, len(data))
	for i, p := range perm {
		pd[i] = data[p]
	}
	o := Options{Dims: 4, Dt: 0.02}
	want, got := fitMeta(t, data, o), fitMeta(t, pd, o)
	compareInvariants(t, "permuted conditions", got, want, 1)
	if !mat.EqualApprox(got.PCs, want.PCs, metaTol) || !mat.EqualApprox(got.Mskew, want.Mskew, metaTol*mat.Norm(want.Mskew, math.Inf(1))) {
		t.Errorf("permuted conditions: PCs or M_skew changed")
	}
	for i, p := range perm {
		if !mat.EqualApprox(got.Reduced[i], want.Reduced[p], metaTol*mat.Norm(want.Reduced[p], math.Inf(1))) {
			t.Errorf("Reduced[%d] is not condition %d's", i, p)
		}
	}
}

// Scaling all data by a > 0 scales X and dX alike, so PCs, M_best, M_skew, ω
// and R² are unchanged and the reduced data scale by a. Adding a per-neuron
// constant (the same in every condition and bin) is removed exactly by the
// cross-condition mean subtraction (step 2) up to rounding. With
// soft-normalisation, scaling the data and the constant c by a leaves the
// normalised data x/(range+c) unchanged; an offset leaves the range
// unchanged.
func TestMetamorphicScaleOffset(t *testing.T) {
	data := metaData(4)
	const a = 3.5
	scaled := mapNeurons(data, func(dst, x []float64) {
		for i, v := range x {
			dst[i] = a * v
		}
	})
	shifted := mapNeurons(data, func(dst, x []float64) {
		for i, v := range x {
			dst[i] = v + 2*float64(i) - 4
		}
	})
	o := Options{Dims: 4, Dt: 0.02}
	want := fitMeta(t, data, o)
	gs := fitMeta(t, scaled, o)
	compareInvariants(t, "scaled", gs, want, 1)
	if !mat.EqualApprox(gs.PCs, want.PCs, metaTol) || !mat.EqualApprox(gs.Mbest, want.Mbest, metaTol*mat.Norm(want.Mbest, math.Inf(1))) {
		t.Errorf("scaled: PCs or M_best changed")
	}
	for c := range want.Reduced {
		var r mat.Dense
		r.Scale(a, want.Reduced[c])
		if !mat.EqualApprox(gs.Reduced[c], &r, metaTol*mat.Norm(&r, math.Inf(1))) {
			t.Errorf("scaled: Reduced[%d] is not a·Reduced", c)
		}
	}
	// The offset is rounded into data of a different magnitude before it is
	// subtracted again: the residual is O(ε·offset) against data fluctuations
	// of O(1), still far below the tolerance.
	compareInvariants(t, "offset", fitMeta(t, shifted, o), want, 1)

	on := Options{Dims: 4, Dt: 0.02, Normalize: true, SoftNorm: 0.7}
	wn := fitMeta(t, data, on)
	compareInvariants(t, "normalised, offset", fitMeta(t, shifted, on), wn, 1)
	son := on
	son.SoftNorm *= a
	compareInvariants(t, "normalised, scaled data and constant", fitMeta(t, scaled, son), wn, 1)
}

// The bin width only divides dX: M_best, M_skew and ω scale by 1/Δt (the
// frequencies with them), R² is unchanged.
func TestMetamorphicBinWidth(t *testing.T) {
	data := metaData(5)
	want := fitMeta(t, data, Options{Dims: 4, Dt: 0.02})
	got := fitMeta(t, data, Options{Dims: 4, Dt: 0.005})
	compareInvariants(t, "Dt/4", got, want, 4)
	var m mat.Dense
	m.Scale(4, want.Mskew)
	if !mat.EqualApprox(got.Mskew, &m, metaTol*mat.Norm(&m, math.Inf(1))) {
		t.Errorf("Dt/4: M_skew is not 4·M_skew")
	}
}

// Reversing time in every condition keeps the set of midpoints and negates
// every dX, so M → −M for both fits: both R² are unchanged, the skew
// eigenvalues ±iω are the same set (so each plane's |ω| and R²), and each
// plane is the same plane (rotating the other way).
func TestMetamorphicTimeReversal(t *testing.T) {
	data := metaData(6)
	rev := make([]*mat.Dense, len(data))
	for c, X := range data {
		T, N := X.Dims()
		rev[c] = mat.NewDense(T, N, nil)
		for t := 0; t < T; t++ {
			copy(rev[c].RawRowView(t), X.RawRowView(T-1-t))
		}
	}
	o := Options{Dims: 4, Dt: 0.02}
	want, got := fitMeta(t, data, o), fitMeta(t, rev, o)
	compareInvariants(t, "time-reversed", got, want, 1)
	var neg mat.Dense
	neg.Scale(-1, want.Mbest)
	if !mat.EqualApprox(got.Mbest, &neg, metaTol*mat.Norm(&neg, math.Inf(1))) {
		t.Errorf("time-reversed: M_best\n%v\nwant −M_best\n%v", mat.Formatted(got.Mbest), mat.Formatted(&neg))
	}
	for k := range want.Planes {
		if !mat.EqualApprox(projector(got.Planes[k]), projector(want.Planes[k]), metaTol) {
			t.Errorf("time-reversed: plane %d differs", k)
		}
	}
}

// With soft-normalisation and c = 0, each neuron is divided by its range, so
// a positive gain and an offset per neuron (the same in every condition and
// bin) leave the normalised, mean-subtracted data unchanged: the fit is the
// same to rounding. (With c > 0 the gain does not cancel.)
func TestMetamorphicNeuronGainNormalized(t *testing.T) {
	data := metaData(7)
	rng := rand.New(rand.NewPCG(8, 8))
	gain, off := make([]float64, 10), make([]float64, 10)
	for i := range gain {
		gain[i], off[i] = 0.3+4*rng.Float64(), 3*rng.NormFloat64()
	}
	gd := mapNeurons(data, func(dst, x []float64) {
		for i, v := range x {
			dst[i] = gain[i]*v + off[i]
		}
	})
	o := Options{Dims: 4, Dt: 0.02, Normalize: true}
	want, got := fitMeta(t, data, o), fitMeta(t, gd, o)
	compareInvariants(t, "per-neuron gain, c = 0", got, want, 1)
	if !mat.EqualApprox(got.PCs, want.PCs, metaTol) {
		t.Errorf("per-neuron gain, c = 0: PCs changed")
	}
	for i := range gain {
		if !metaClose(got.Scale[i]*gain[i], want.Scale[i]) {
			t.Errorf("Scale[%d] = %v, want %v/%v", i, got.Scale[i], want.Scale[i], gain[i])
		}
	}
}
