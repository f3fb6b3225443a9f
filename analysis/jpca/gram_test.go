package jpca

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

// noisyPlanted returns the planted rotations of rotDecayM loaded on n
// neurons (random orthonormal loadings), conditions × steps bins of 10 ms,
// plus independent noise of std sd and an offset per neuron.
func noisyPlanted(seed uint64, n, conditions, steps int, sd float64) []*mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 17))
	data := Planted(rng, rotDecayM(), linalg.RandOrthonormal(rng, n, 6), conditions, steps, 0.01)
	off := make([]float64, n)
	for i := range off {
		off[i] = 3 * rng.Float64()
	}
	for _, X := range data {
		for t := 0; t < steps; t++ {
			row := X.RawRowView(t)
			for i := range row {
				row[i] += off[i] + sd*rng.NormFloat64()
			}
		}
	}
	return data
}

// fitRoute runs Fit with the PCA forced through the Gram matrix (gram) or
// the N×N second-moment matrix.
func fitRoute(t *testing.T, data []*mat.Dense, opt Options, gram bool) *Result {
	t.Helper()
	saved := useGram
	useGram = func(int, int) bool { return gram }
	defer func() { useGram = saved }()
	r, err := Fit(data, opt)
	if err != nil {
		t.Fatalf("Fit (gram %v): %v", gram, err)
	}
	return r
}

// relClose reports whether a and b agree to tol relative to scale.
func relClose(a, b, scale, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(scale, 1e-300) }

// compareRoutes checks that two fits of the same data agree to tol
// (relative): principal axes (the sign convention makes them comparable
// column by column), variance fractions, R², dynamics, plane frequencies,
// in-plane R² and plane axes.
func compareRoutes(t *testing.T, a, b *Result, tol float64) {
	t.Helper()
	N, k := a.PCs.Dims()
	for j := 0; j < k; j++ {
		for n := 0; n < N; n++ {
			if !relClose(a.PCs.At(n, j), b.PCs.At(n, j), 1, tol) {
				t.Fatalf("PC %d, neuron %d: %.17g vs %.17g", j, n, a.PCs.At(n, j), b.PCs.At(n, j))
			}
		}
		if !relClose(a.VarExpl[j], b.VarExpl[j], a.VarExpl[j], tol) {
			t.Fatalf("variance fraction of PC %d: %.17g vs %.17g", j, a.VarExpl[j], b.VarExpl[j])
		}
	}
	for _, p := range [][2]float64{{a.R2Best, b.R2Best}, {a.R2Skew, b.R2Skew}} {
		if !relClose(p[0], p[1], math.Abs(p[0]), tol) {
			t.Fatalf("R²: %.17g vs %.17g", p[0], p[1])
		}
	}
	mb := mat.Norm(a.Mbest, 2)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			if !relClose(a.Mbest.At(i, j), b.Mbest.At(i, j), mb, tol) || !relClose(a.Mskew.At(i, j), b.Mskew.At(i, j), mb, tol) {
				t.Fatalf("M(%d,%d): best %.17g vs %.17g, skew %.17g vs %.17g", i, j, a.Mbest.At(i, j), b.Mbest.At(i, j), a.Mskew.At(i, j), b.Mskew.At(i, j))
			}
		}
	}
	if len(a.Planes) != len(b.Planes) {
		t.Fatalf("%d planes vs %d", len(a.Planes), len(b.Planes))
	}
	for i := range a.Planes {
		pa, pb := a.Planes[i], b.Planes[i]
		if !relClose(pa.Freq, pb.Freq, math.Abs(pa.Freq), tol) || !relClose(pa.R2, pb.R2, math.Abs(pa.R2), tol) {
			t.Fatalf("plane %d: %.17g Hz (R² %.17g) vs %.17g Hz (R² %.17g)", i, pa.Freq, pa.R2, pb.Freq, pb.R2)
		}
		// The axes within a plane are defined up to a rotation in it (the
		// phase of M_skew's eigenvector): compare the planes through
		// AᵀB (A, B the N×2 axes), a rotation by +θ when they agree with
		// the same sense of rotation.
		var g [2][2]float64
		for x := 0; x < 2; x++ {
			for y := 0; y < 2; y++ {
				g[x][y] = dot(pa.Neural[x], pb.Neural[y])
			}
		}
		det := g[0][0]*g[1][1] - g[0][1]*g[1][0]
		if math.Abs(det-1) > tol || math.Abs(g[0][0]-g[1][1]) > tol || math.Abs(g[0][1]+g[1][0]) > tol {
			t.Fatalf("plane %d: the two fits' planes differ (AᵀB = %v)", i, g)
		}
	}
}

// The Gram route and the N×N route give the same fit on the same data, with
// more neurons than samples (where Fit takes the Gram route at size) and
// with fewer.
func TestGramRouteAgrees(t *testing.T) {
	for _, tc := range []struct{ n, C, T int }{{150, 6, 15}, {60, 6, 15}} {
		for _, opt := range []Options{{Dims: 6, Dt: 0.01, Normalize: true, SoftNorm: 0.1}, {Dims: 4, Dt: 0.01, KeepMean: true}} {
			data := noisyPlanted(3, tc.n, tc.C, tc.T, 0.02)
			compareRoutes(t, fitRoute(t, data, opt, false), fitRoute(t, data, opt, true), 1e-9)
		}
	}
}

// The rule: the Gram route only above gramMinNeurons neurons and with more
// neurons than samples; either side of the threshold both routes agree.
func TestGramThreshold(t *testing.T) {
	for _, tc := range []struct {
		samples, n int
		want       bool
	}{{100, gramMinNeurons, false}, {100, gramMinNeurons + 1, true}, {gramMinNeurons + 1, gramMinNeurons + 1, false}, {5000, 20000, true}, {30, 200, false}} {
		if got := useGram(tc.samples, tc.n); got != tc.want {
			t.Errorf("useGram(%d samples, %d neurons) = %v, want %v", tc.samples, tc.n, got, tc.want)
		}
	}
	if testing.Short() {
		t.Skip("two N×N eigen-decompositions of about 1000 neurons")
	}
	opt := Options{Dims: 6, Dt: 0.01, Normalize: true, SoftNorm: 0.1}
	for _, n := range []int{gramMinNeurons, gramMinNeurons + 1} {
		data := noisyPlanted(4, n, 4, 20, 0.02)
		def, err := Fit(data, opt)
		if err != nil {
			t.Fatal(err)
		}
		other := fitRoute(t, data, opt, n <= gramMinNeurons) // the route Fit did not take
		compareRoutes(t, def, other, 1e-9)
	}
}

// Progress rises to 1 and never goes back.
func TestFitProgress(t *testing.T) {
	for _, gram := range []bool{false, true} {
		var got []float64
		opt := Options{Dims: 6, Dt: 0.01, Progress: func(f float64) { got = append(got, f) }}
		fitRoute(t, noisyPlanted(5, 150, 6, 15, 0.02), opt, gram)
		if len(got) < 3 || got[len(got)-1] != 1 {
			t.Fatalf("gram %v: progress %v, want several values ending at 1", gram, got)
		}
		for i := 1; i < len(got); i++ {
			if !(got[i] > got[i-1]) || got[i] > 1 {
				t.Fatalf("gram %v: progress %v not increasing within [0, 1]", gram, got)
			}
		}
	}
}
