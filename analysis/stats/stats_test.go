package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s: got %v, want %v ± %v", name, got, want, tol)
	}
}

func TestPearson(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		x, y []float64
		want float64 // NaN means undefined
	}{
		{"identical", []float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, 1},
		{"reversed", []float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		{"gain and offset", []float64{1, 5, 2, 7}, []float64{103, 115, 106, 121}, 1},
		{"constant gives NaN", []float64{2, 2, 2}, []float64{1, 2, 3}, nan},
		{"NaN pair skipped", []float64{1, 2, nan, 3}, []float64{2, 4, 100, 6}, 1},
		{"one pair gives NaN", []float64{1, nan}, []float64{1, 2}, nan},
		{"orthogonal", []float64{1, -1, 1, -1}, []float64{1, 1, -1, -1}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Pearson(c.x, c.y)
			if math.IsNaN(c.want) {
				if !math.IsNaN(got) {
					t.Errorf("got %v, want NaN", got)
				}
				return
			}
			near(t, c.name, got, c.want, 1e-12)
		})
	}
}

// The three drift correlations are invariant under a positive gain applied to
// a whole matrix (Pearson is scale invariant), and a per-cell gain leaves the
// tuning correlation unchanged.
func TestCorrelationGainInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const cells, bins = 20, 15
	a, b := mat.NewDense(cells, bins, nil), mat.NewDense(cells, bins, nil)
	for i := 0; i < cells; i++ {
		for j := 0; j < bins; j++ {
			a.Set(i, j, rng.ExpFloat64())
			b.Set(i, j, a.At(i, j)+0.5*rng.ExpFloat64())
		}
	}
	var g mat.Dense
	g.Scale(3.7, b)
	near(t, "PV", PVCorrelation(a, &g), PVCorrelation(a, b), 1e-12)
	near(t, "rate", RateCorrelation(a, &g), RateCorrelation(a, b), 1e-12)
	t1, t2 := make([]float64, cells), make([]float64, cells)
	TuningCorrelations(t1, a, b)
	h := mat.DenseCopyOf(b)
	for i := 0; i < cells; i++ {
		for j := 0; j < bins; j++ {
			h.Set(i, j, float64(i+1)*b.At(i, j))
		}
	}
	TuningCorrelations(t2, a, h)
	for i := range t1 {
		near(t, "tuning", t2[i], t1[i], 1e-12)
	}
	near(t, "PV self", PVCorrelation(a, a), 1, 1e-12)
}

func TestMedianMeanNaN(t *testing.T) {
	nan := math.NaN()
	near(t, "mean", MeanNaN([]float64{1, nan, 3}), 2, 0)
	near(t, "median odd", MedianNaN([]float64{5, nan, 1, 3}), 3, 0)
	near(t, "median even", MedianNaN([]float64{4, 1, 3, 2}), 2.5, 0)
	if !math.IsNaN(MeanNaN([]float64{nan})) {
		t.Error("MeanNaN of all-NaN: want NaN")
	}
}

func TestAdjustedRand(t *testing.T) {
	cases := []struct {
		name string
		x, y []int
		want float64
	}{
		{"identical", []int{0, 0, 1, 1, 2, 2}, []int{0, 0, 1, 1, 2, 2}, 1},
		{"permuted labels", []int{0, 0, 1, 1, 2, 2}, []int{5, 5, 0, 0, 9, 9}, 1},
		// Hand-computed: table [[1,1],[1,1]]: Σn_ij C2 = 0, Σa = 2, Σb = 2,
		// E = 4/6, max = 2, ARI = (0−2/3)/(2−2/3) = −0.5.
		{"anti", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5},
		{"one cluster each", []int{0, 0, 0}, []int{1, 1, 1}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { near(t, c.name, AdjustedRand(c.x, c.y), c.want, 1e-12) })
	}
	// Random labelings have ARI ≈ 0.
	rng := rand.New(rand.NewPCG(3, 4))
	x, y := make([]int, 4000), make([]int, 4000)
	for i := range x {
		x[i], y[i] = rng.IntN(3), rng.IntN(3)
	}
	near(t, "random", AdjustedRand(x, y), 0, 0.01)
}

func TestSilhouette(t *testing.T) {
	// Points on a line at 0, 1, 10, 11: clusters {0,1}, {2,3}.
	pos := []float64{0, 1, 10, 11}
	n := len(pos)
	d := make([]float64, n*n)
	for i := range pos {
		for j := range pos {
			d[i*n+j] = math.Abs(pos[i] - pos[j])
		}
	}
	// Point 0: a = 1, b = (10+11)/2 = 10.5, s = 9.5/10.5; by symmetry all equal
	// except point 1: a = 1, b = (9+10)/2 = 9.5, s = 8.5/9.5.
	want := (2*9.5/10.5 + 2*8.5/9.5) / 4
	near(t, "two clusters", Silhouette(d, n, []int{0, 0, 1, 1}), want, 1e-12)
	if !math.IsNaN(Silhouette(d, n, []int{0, 0, 0, 0})) {
		t.Error("one cluster: want NaN")
	}
}

func TestMannWhitney(t *testing.T) {
	t.Run("separated", func(t *testing.T) {
		u, auc, p := MannWhitney([]float64{4, 5, 6}, []float64{1, 2, 3})
		near(t, "U", u, 9, 0)
		near(t, "AUC", auc, 1, 0)
		// z = (4.5 − 0.5)/sqrt(9·7/12) = 1.7457; p = erfc(z/√2) = 0.0809.
		near(t, "p", p, 0.0809, 5e-4)
	})
	t.Run("ties", func(t *testing.T) {
		_, auc, _ := MannWhitney([]float64{1, 2}, []float64{1, 2})
		near(t, "AUC", auc, 0.5, 0)
	})
	t.Run("null p uniform-ish", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		small := 0
		for r := 0; r < 400; r++ {
			x, y := make([]float64, 30), make([]float64, 40)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			for i := range y {
				y[i] = rng.NormFloat64()
			}
			if _, _, p := MannWhitney(x, y); p < 0.05 {
				small++
			}
		}
		// Binomial(400, 0.05): mean 20, SD 4.4.
		if small < 6 || small > 36 {
			t.Errorf("null rejections: got %d of 400, want 20 ± 16", small)
		}
	})
}

func TestKSUniform(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := make([]float64, 2000)
	for i := range x {
		x[i] = rng.Float64()
	}
	if _, p := KSUniform(x); p < 1e-3 {
		t.Errorf("uniform sample: got p %v, want > 1e-3", p)
	}
	for i := range x {
		x[i] = x[i] * x[i]
	}
	if _, p := KSUniform(x); p > 1e-6 {
		t.Errorf("squared uniform: got p %v, want < 1e-6", p)
	}
	// Known value: Q(1.0) = 0.26999967.
	near(t, "Q(1)", kolmogorovQ(1), 0.26999967, 1e-7)
}

func TestPercentile(t *testing.T) {
	s := []float64{1, 2, 2, 3}
	near(t, "below all", Percentile(0, s), 0, 0)
	near(t, "ties split", Percentile(2, s), (1+1)/4.0, 0)
	near(t, "above all", Percentile(9, s), 1, 0)
}

// The dense fast path of PVCorrelation agrees with the generic NaN-aware path.
func TestPVCorrelationFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	a, b := mat.NewDense(30, 12, nil), mat.NewDense(30, 12, nil)
	for i := 0; i < 30; i++ {
		for j := 0; j < 12; j++ {
			a.Set(i, j, rng.NormFloat64())
			b.Set(i, j, a.At(i, j)+rng.NormFloat64())
		}
	}
	for i := 0; i < 30; i++ { // a constant column: skipped by both paths
		a.Set(i, 3, 1)
	}
	fast := PVCorrelation(a, b)
	slow := PVCorrelation(a.T().T(), b.T().T()) // not *mat.Dense: generic path
	near(t, "fast vs generic", fast, slow, 1e-12)
}

// A constant vector whose mean is not representable (0.1·3/3 ≠ 0.1) is
// still constant: Pearson and PVCorrelation (both paths) give NaN, as
// documented, not the rounding residue of the centred sums.
func TestPearsonConstantNotRepresentable(t *testing.T) {
	for _, v := range []float64{0.1, 0.3, 1.1, 0.7} {
		for n := 2; n < 12; n++ {
			x, y := make([]float64, n), make([]float64, n)
			for i := range x {
				x[i], y[i] = v, float64(i*i%7)
			}
			if r := Pearson(x, y); !math.IsNaN(r) {
				t.Errorf("Pearson(const %g ×%d, y) = %g, want NaN", v, n, r)
			}
			if r := Pearson(y, x); !math.IsNaN(r) {
				t.Errorf("Pearson(y, const %g ×%d) = %g, want NaN", v, n, r)
			}
			a, b := mat.NewDense(n, 1, x), mat.NewDense(n, 1, y)
			if r := PVCorrelation(a, b); !math.IsNaN(r) {
				t.Errorf("PVCorrelation(const %g ×%d column) = %g, want NaN", v, n, r)
			}
			x[0] = math.NaN() // the generic (NaN-aware) path
			if r := PVCorrelation(mat.NewDense(n, 1, x), b); !math.IsNaN(r) {
				t.Errorf("PVCorrelation(const %g ×%d column, NaN) = %g, want NaN", v, n, r)
			}
		}
	}
}

// AdjustedRand of a single item (or none): both labelings put every item in
// one cluster, so the index is 1 as documented, not 0/0.
func TestAdjustedRandSingleItem(t *testing.T) {
	if r := AdjustedRand([]int{0}, []int{3}); r != 1 {
		t.Errorf("AdjustedRand of one item = %g, want 1", r)
	}
	if r := AdjustedRand(nil, nil); r != 1 {
		t.Errorf("AdjustedRand of no items = %g, want 1", r)
	}
}
