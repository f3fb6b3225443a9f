package jpca

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/linalg"
)

// planted returns the spec's planted-rotation data (arm-feedback check 2):
// x_c(t) = Q e^{M t} x0_c with a 6-dimensional latent, Q a random
// orthonormal 50×6 matrix, 9 conditions, t = 0…300 ms at 10 ms, no noise.
func planted(rng *rand.Rand, M *mat.Dense) []*mat.Dense {
	const n, k, C, T, dt = 50, 6, 9, 31, 0.01
	return Planted(rng, M, linalg.RandOrthonormal(rng, n, k), C, T, dt)
}

func rotDecayM() *mat.Dense {
	w2, w1 := 2*math.Pi*2, 2*math.Pi*1
	return mat.NewDense(6, 6, []float64{
		0, -w2, 0, 0, 0, 0,
		w2, 0, 0, 0, 0, 0,
		0, 0, 0, -w1, 0, 0,
		0, 0, w1, 0, 0, 0,
		0, 0, 0, 0, -3, 0,
		0, 0, 0, 0, 0, -5,
	})
}

func TestPlantedRotation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	data := planted(rng, rotDecayM())
	r, err := Fit(data, Options{Dims: 6, Dt: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	// Spec: 2.012 Hz with the midpoint regression (NumPy port); within 2%.
	if f := r.Planes[0].Freq; math.Abs(f-2)/2 > 0.02 {
		t.Errorf("jPC1 frequency: got %.4f Hz, want 2 Hz ± 2%%", f)
	}
	if f := r.Planes[1].Freq; math.Abs(f-1)/1 > 0.05 {
		t.Errorf("jPC2 frequency: got %.4f Hz, want 1 Hz ± 5%%", f)
	}
	if ratio := r.Ratio(); ratio < 0.95 {
		t.Errorf("R²_skew/R²_best: got %.4f, want ≥ 0.95", ratio)
	}
	if r.R2Best < 0.99 {
		t.Errorf("R²_best on noiseless linear data: got %.5f, want ≥ 0.99", r.R2Best)
	}
	t.Logf("f1 = %.4f Hz, f2 = %.4f Hz, R²best = %.5f, R²skew = %.5f", r.Planes[0].Freq, r.Planes[1].Freq, r.R2Best, r.R2Skew)
}

// PureDecay returns planted data with a symmetric M (eigenvalues −2…−12 in
// a random orthonormal basis): no rotation.
func pureDecay(rng *rand.Rand) []*mat.Dense {
	Q := linalg.RandOrthonormal(rng, 6, 6)
	D := mat.NewDiagDense(6, []float64{-2, -4, -6, -8, -10, -12})
	var M mat.Dense
	M.Mul(Q, D)
	M.Mul(&M, Q.T())
	return planted(rng, &M)
}

// TestPureDecay: symmetric dynamics give a small R²_skew/R²_best. The
// spec measured 0.03 on one draw; over draws of the basis and initial
// states it ranges 0.02–0.11 (12 draws, seeds 0–11), so the check is on the
// mean over 10 draws, ≤ 0.1 (measured 0.058).
func TestPureDecay(t *testing.T) {
	mean := 0.0
	for s := uint64(0); s < 10; s++ {
		r, err := Fit(pureDecay(rand.New(rand.NewPCG(s, 4))), Options{Dims: 6, Dt: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		mean += r.Ratio() / 10
	}
	if mean > 0.1 {
		t.Errorf("pure decay mean R²_skew/R²_best: got %.4f, want ≤ 0.1", mean)
	}
	t.Logf("mean ratio %.4f", mean)
}

func TestSkewIsSkewAndPlanesOrthonormal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	r, err := Fit(planted(rng, rotDecayM()), Options{Dims: 4, Dt: 0.01, Normalize: true, SoftNorm: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if s := r.Mskew.At(i, j) + r.Mskew.At(j, i); math.Abs(s) > 1e-12 {
				t.Errorf("M_skew + M_skewᵀ (%d,%d): got %g, want 0", i, j, s)
			}
		}
	}
	for _, p := range r.Planes {
		if d := dot(p.InPC[0], p.InPC[1]); math.Abs(d) > 1e-10 {
			t.Errorf("plane axes not orthogonal: dot = %g", d)
		}
		// Counter-clockwise: U2 · M U1 = ω > 0.
		var mu mat.VecDense
		mu.MulVec(r.Mskew, mat.NewVecDense(4, p.InPC[0]))
		if got := dot(p.InPC[1], mu.RawVector().Data); math.Abs(got-p.Omega) > 1e-8*p.Omega {
			t.Errorf("U2·M U1: got %g, want ω = %g", got, p.Omega)
		}
	}
	if r.R2Skew > r.R2Best+1e-12 {
		t.Errorf("R²_skew %g exceeds R²_best %g", r.R2Skew, r.R2Best)
	}
}

func TestBadInput(t *testing.T) {
	good := func(c, T, n int) []*mat.Dense {
		rng := rand.New(rand.NewPCG(1, 1))
		out := make([]*mat.Dense, c)
		for i := range out {
			out[i] = mat.NewDense(T, n, nil)
			for j := range out[i].RawMatrix().Data {
				out[i].RawMatrix().Data[j] = rng.NormFloat64()
			}
		}
		return out
	}
	nan := good(3, 10, 8)
	nan[1].Set(2, 3, math.NaN())
	ragged := good(3, 10, 8)
	ragged[2] = mat.NewDense(9, 8, nil)
	withNil := good(3, 10, 8)
	withNil[1] = nil
	cases := []struct {
		name string
		data []*mat.Dense
		dims int
		want string // substring of the message ("" any)
	}{
		{"nil condition", withNil, 4, "jpca: bad input: condition 1 is nil"},
		{"nil condition 0", []*mat.Dense{nil, nil}, 4, "jpca: bad input: condition 0 is nil"},
		{"one condition", good(1, 10, 8), 4, ""},
		{"nan", nan, 4, "condition 1 contains a non-finite value (NaN at time bin 2, neuron 3)"},
		{"ragged", ragged, 4, ""},
		{"dims>neurons", good(3, 10, 4), 6, ""},
		{"default dims > neurons", good(3, 10, 5), 0, "dims = 6 (Options.Dims; 0 means 6) exceeds the number of neurons 5: want an even number in 2..4"},
		{"odd dims", good(3, 10, 8), 3, ""},
		{"two bins", good(3, 2, 8), 4, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Fit(c.data, Options{Dims: c.dims})
			if !errors.Is(err, ErrInput) {
				t.Errorf("got %v, want ErrInput", err)
			}
			if !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got %v, want an error matching experiment.ErrInput too", err)
			}
			if c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("got %v, want a message containing %q", err, c.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "jpca: bad input: ") {
				t.Errorf("message: got %q, want it to start with %q", err, "jpca: bad input: ")
			}
		})
	}
}

// TestShuffledControl: permuting time bins within conditions destroys the
// dynamics: R²_best is small with the midpoint regression (spec: 0.002).
func TestShuffledControl(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	data := planted(rng, rotDecayM())
	for _, X := range data {
		T, n := X.Dims()
		perm := rng.Perm(T)
		Y := mat.DenseCopyOf(X)
		for t := 0; t < T; t++ {
			for i := 0; i < n; i++ {
				X.Set(t, i, Y.At(perm[t], i))
			}
		}
	}
	r, err := Fit(data, Options{Dims: 6, Dt: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if r.R2Best > 0.2 {
		t.Errorf("shuffled R²_best: got %.4f, want < 0.2", r.R2Best)
	}
}

// TestScale: Result.Scale is 1/(range + c) per neuron with Normalize and 1
// without.
func TestScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	data := make([]*mat.Dense, 3)
	for c := range data {
		X := mat.NewDense(5, 3, nil)
		for i := range X.RawMatrix().Data {
			X.RawMatrix().Data[i] = rng.NormFloat64()
		}
		data[c] = X
	}
	const soft = 0.5
	want := make([]float64, 3)
	for n := range want {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, X := range data {
			for t := 0; t < 5; t++ {
				lo, hi = math.Min(lo, X.At(t, n)), math.Max(hi, X.At(t, n))
			}
		}
		want[n] = 1 / (hi - lo + soft)
	}
	for _, c := range []struct {
		name string
		opt  Options
		want []float64
	}{
		{"normalised", Options{Dims: 2, Normalize: true, SoftNorm: soft}, want},
		{"raw", Options{Dims: 2}, []float64{1, 1, 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Fit(data, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range c.want {
				if math.Abs(r.Scale[i]-w) > 1e-15 {
					t.Errorf("Scale[%d]: got %g, want %g ± 1e-15", i, r.Scale[i], w)
				}
			}
		})
	}
}

// A condition that is a view of a larger matrix is checked for
// finiteness inside the view only: a NaN in a column outside it is no
// error.
func TestViewFiniteness(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	cases := []struct {
		name    string
		nanCol  int // column of the backing 10×9 matrices set to NaN at row 2
		wantErr bool
	}{
		{"NaN outside the view", 8, false},
		{"NaN inside the view", 3, true},
	}
	for _, c := range cases {
		data := make([]*mat.Dense, 3)
		for i := range data {
			big := mat.NewDense(10, 9, nil)
			for j := range big.RawMatrix().Data {
				big.RawMatrix().Data[j] = rng.NormFloat64()
			}
			big.Set(2, c.nanCol, math.NaN())
			data[i] = big.Slice(0, 10, 0, 8).(*mat.Dense)
		}
		_, err := Fit(data, Options{Dims: 4})
		if got := err != nil; got != c.wantErr {
			t.Errorf("%s: got error %v, want an error: %v", c.name, err, c.wantErr)
		}
		if err != nil && !errors.Is(err, ErrInput) {
			t.Errorf("%s: got %v, want ErrInput", c.name, err)
		}
	}
}

// Two rotations at the same frequency (noise-free) make M_skew's eigenvalue
// ±iω double; the eigenvectors a general eigensolver returns for it need
// not be orthogonal, and the jPC planes built from them overlapped (axes of
// planes 0 and 1 with |dot| ≈ 0.19, in-plane R² summing above R²_skew).
// The planes must be mutually orthogonal and each invariant under M_skew.
func TestDegenerateFrequencyPlanesOrthogonal(t *testing.T) {
	w := 2 * math.Pi * 2
	M := mat.NewDense(6, 6, nil)
	for b, om := range []float64{w, w, 0.5 * w} {
		M.Set(2*b, 2*b+1, -om)
		M.Set(2*b+1, 2*b, om)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	Q := mat.NewDense(12, 6, nil)
	for i := 0; i < 6; i++ {
		Q.Set(2*i, i, 1)
	}
	r, err := Fit(Planted(rng, M, Q, 8, 40, 0.01), Options{Dt: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Planes) != 3 {
		t.Fatalf("%d planes, want 3", len(r.Planes))
	}
	sum := 0.0
	for i, p := range r.Planes {
		sum += p.R2
		for j := i + 1; j < len(r.Planes); j++ {
			for a := 0; a < 2; a++ {
				for b := 0; b < 2; b++ {
					if d := dot(p.InPC[a], r.Planes[j].InPC[b]); math.Abs(d) > 1e-8 {
						t.Errorf("planes %d and %d: axes %d·%d = %g, want 0", i, j, a, b, d)
					}
				}
			}
		}
		// Invariance: M U1 = ω U2 and M U2 = −ω U1.
		var mu1, mu2 mat.VecDense
		mu1.MulVec(r.Mskew, mat.NewVecDense(6, p.InPC[0]))
		mu2.MulVec(r.Mskew, mat.NewVecDense(6, p.InPC[1]))
		for j := 0; j < 6; j++ {
			if e := math.Max(math.Abs(mu1.AtVec(j)-p.Omega*p.InPC[1][j]), math.Abs(mu2.AtVec(j)+p.Omega*p.InPC[0][j])); e > 1e-8*p.Omega {
				t.Errorf("plane %d not invariant under M_skew: residual %g at %d", i, e, j)
				break
			}
		}
	}
	if sum > r.R2Skew+1e-9 {
		t.Errorf("in-plane R² sum to %g, above R²_skew %g", sum, r.R2Skew)
	}
}
