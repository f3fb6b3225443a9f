package lds

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// mixedData samples one sequence per entry of lengths (with p inputs).
func mixedData(t testing.TB, rng *rand.Rand, truth *Model, lengths []int, p int) []Sequence {
	var data []Sequence
	for _, T := range lengths {
		var U *mat.Dense
		if p > 0 {
			U = mat.NewDense(T, p, nil)
			for j := range U.RawMatrix().Data {
				U.RawMatrix().Data[j] = rng.NormFloat64()
			}
		}
		_, Y, err := truth.Sample(rng, T, U)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, Sequence{Y: Y, U: U})
	}
	return data
}

// relDiff returns max_i |a_i − b_i| / max(max_i |b_i|, tiny).
func relDiff(a, b []float64) float64 {
	mx, diff := 0.0, 0.0
	for i := range b {
		mx = math.Max(mx, math.Abs(b[i]))
		diff = math.Max(diff, math.Abs(a[i]-b[i]))
	}
	return diff / math.Max(mx, 1e-300)
}

// params flattens every parameter of m that is present, by name.
func params(m *Model) map[string][]float64 {
	out := map[string][]float64{
		"A": denseFlat(nil, m.A), "Q": denseFlat(nil, m.Q), "C": denseFlat(nil, m.C), "R": denseFlat(nil, m.R),
		"Mu0": m.Mu0, "Bias": m.Bias, "Offset": m.Offset,
	}
	if m.V0 != nil {
		out["V0"] = denseFlat(nil, m.V0)
	}
	if m.B != nil {
		out["B"] = denseFlat(nil, m.B)
	}
	if m.D != nil {
		out["D"] = denseFlat(nil, m.D)
	}
	return out
}

// TestSharedCovariancesMatchPerSequence: EM whose E-step runs the
// covariance recursions once per distinct length gives the log-likelihood
// trace, fitted parameters and posteriors of the per-sequence path (a fresh
// covariance pass for every sequence) to 1e-10 relative, on sequences of
// several equal and unequal lengths, with and without inputs.
func TestSharedCovariancesMatchPerSequence(t *testing.T) {
	lengths := []int{40, 25, 40, 40, 25, 9, 40, 2, 60}
	cases := []struct {
		name string
		p    int
		opt  Options
	}{
		{"diagR", 0, Options{Iters: 15, DiagR: true}},
		{"fullR+offset", 0, Options{Iters: 15, FitOffset: true}},
		{"inputs+bias", 2, Options{Iters: 15, FitOffset: true, FitBias: true}},
		{"diagQ+fixInit", 0, Options{Iters: 15, DiagQ: true, FixInit: true}},
	}
	const tol = 1e-10
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(31, uint64(i)))
			const d, n = 3, 7
			truth := randModel(rng, d, n, c.p, true)
			data := mixedData(t, rng, truth, lengths, c.p)
			m0, err := InitPCA(data, d)
			if err != nil {
				t.Fatal(err)
			}
			if c.p > 0 {
				m0.B = mat.NewDense(d, c.p, nil)
				m0.D = mat.NewDense(n, c.p, nil)
			}
			shared, ref := m0.Clone(), m0.Clone()
			got, err := Fit(context.Background(), shared, data, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if c.opt.DiagQ {
				ref.Q = diagOf(ref.Q)
			}
			if c.opt.DiagR {
				ref.R = diagOf(ref.R)
			}
			want, err := fit(context.Background(), ref, data, c.opt, &estep{perSeq: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("trace length: got %d, want %d", len(got), len(want))
			}
			for k := range want {
				if math.Abs(got[k]-want[k]) > tol*math.Abs(want[k]) {
					t.Errorf("iteration %d: LL got %.15g, want %.15g ± %g rel", k, got[k], want[k], tol)
				}
			}
			pw := params(ref)
			for name, g := range params(shared) {
				if w := pw[name]; len(g) != len(w) {
					t.Errorf("%s: got %d entries, want %d", name, len(g), len(w))
				} else if r := relDiff(g, w); r > tol {
					t.Errorf("%s: got relative difference %.3g, want 0 ± %g", name, r, tol)
				}
			}
			posts, _, err := EStep(shared, data)
			if err != nil {
				t.Fatal(err)
			}
			for s, seq := range data {
				p, err := shared.Smooth(seq)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range []struct {
					name     string
					got, ref []float64
				}{{"Mean", posts[s].Mean, p.Mean}, {"Cov", posts[s].Cov, p.Cov}, {"Cross", posts[s].Cross, p.Cross}} {
					if len(f.got) != len(f.ref) {
						t.Fatalf("sequence %d %s: got %d entries, want %d", s, f.name, len(f.got), len(f.ref))
					}
					if r := relDiff(f.got, f.ref); r > tol {
						t.Errorf("sequence %d %s: got relative difference %.3g, want 0 ± %g", s, f.name, r, tol)
					}
				}
				if math.Abs(posts[s].LogLik-p.LogLik) > tol*math.Abs(p.LogLik) {
					t.Errorf("sequence %d: LL got %.15g, want %.15g ± %g rel", s, posts[s].LogLik, p.LogLik, tol)
				}
			}
		})
	}
}

// TestSharedCovarianceFormMatchesJointGaussian: with a singular R (the
// covariance form), the shared E-step over sequences of mixed lengths
// gives every sequence's exact log-likelihood (the brute-force joint
// Gaussian density) to 1e-10.
func TestSharedCovarianceFormMatchesJointGaussian(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	const d, n, p = 2, 2, 1
	m := randModel(rng, d, n, p, true)
	v := []float64{1, -0.5}
	R := mat.NewSymDense(2, nil)
	for a := 0; a < 2; a++ {
		for b := a; b < 2; b++ {
			R.SetSym(a, b, v[a]*v[b])
		}
	}
	m.R = R
	data := mixedData(t, rng, m, []int{5, 3, 5, 5, 3}, p)
	var w estep
	total, err := w.run(m, data, true)
	if err != nil {
		t.Fatal(err)
	}
	if w.k.info {
		t.Fatal("singular R ran the information form")
	}
	sum := 0.0
	for s, seq := range data {
		T, _ := seq.Y.Dims()
		_, muY, _, _, Syy := joint(m, T, seq.U)
		want := bruteLogDensity(t, muY, Syy, seq.Y)
		sum += want
		if got := w.posts[s].LogLik; !close(got, want, 1e-10) {
			t.Errorf("sequence %d: got LL %.12g, want %.12g ± 1e-10 rel", s, got, want)
		}
	}
	if !close(total, sum, 1e-10) {
		t.Errorf("total LL: got %.12g, want %.12g ± 1e-10 rel", total, sum)
	}
}

// TestEStepAllocationFree: once its buffers exist, an E-step under a new
// model (same shapes) allocates nothing, for diagonal and full R.
func TestEStepAllocationFree(t *testing.T) {
	for i, diagR := range []bool{true, false} {
		name := map[bool]string{true: "diagR", false: "fullR"}[diagR]
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(41, uint64(i)))
			truth := randModel(rng, 3, 6, 0, true)
			data := mixedData(t, rng, truth, []int{30, 30, 12, 30}, 0)
			m, err := InitPCA(data, 3)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{DiagR: diagR}
			if diagR {
				m.R = diagOf(m.R)
			}
			var w estep
			if _, err := w.run(m, data, true); err != nil {
				t.Fatal(err)
			}
			if err := MStep(m, data, w.posts, opt); err != nil {
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(5, func() {
				if _, err := w.run(m, data, true); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("E-step allocations: got %v, want 0", allocs)
			}
		})
	}
}

func benchEMIter(b *testing.B, K, T, d, n int, perSeq bool) {
	rng := rand.New(rand.NewPCG(1, 3))
	truth := randModel(rng, d, n, 0, true)
	lengths := make([]int, K)
	for i := range lengths {
		lengths[i] = T
	}
	data := mixedData(b, rng, truth, lengths, 0)
	m, err := InitPCA(data, d)
	if err != nil {
		b.Fatal(err)
	}
	m.R = diagOf(m.R)
	opt := Options{DiagR: true}
	w := &estep{perSeq: perSeq}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.run(m, data, true); err != nil {
			b.Fatal(err)
		}
		if err := MStep(m, data, w.posts, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEMIterEqualLengthsK40T200D3N30 is one EM iteration (E-step with
// one covariance pass shared by the 40 sequences, M-step) at the size of
// the cilds experiment's LDS fits: 40 trials of 200 frames, D = 3, N = 30,
// diagonal R.
func BenchmarkEMIterEqualLengthsK40T200D3N30(b *testing.B) { benchEMIter(b, 40, 200, 3, 30, false) }

// BenchmarkEMIterPerSequenceK40T200D3N30 is the same iteration with the
// covariance recursions recomputed for every sequence (the reference).
func BenchmarkEMIterPerSequenceK40T200D3N30(b *testing.B) { benchEMIter(b, 40, 200, 3, 30, true) }
