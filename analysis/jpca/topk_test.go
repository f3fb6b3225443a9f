package jpca

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// fitRoutes runs Fit with both route choices forced: the PCA through the
// Gram matrix (gram) or the second-moment matrix, decomposed with
// linalg.TopEigenSym (topk) or mat.EigenSym.
func fitRoutes(t *testing.T, data []*mat.Dense, opt Options, gram, topk bool) *Result {
	t.Helper()
	saved := useTopK
	useTopK = func(int) bool { return topk }
	defer func() { useTopK = saved }()
	return fitRoute(t, data, opt, gram)
}

// checkTopK checks two fits of the same data, a from EigenSym and b from
// TopEigenSym: principal axes with |dot| ≥ 1 − 1e-9 (the eigenvalues of
// these data are separated), variance fractions to 1e-12, and the whole fit
// through compareRoutes at 1e-9.
func checkTopK(t *testing.T, a, b *Result) {
	t.Helper()
	N, k := a.PCs.Dims()
	for j := 0; j < k; j++ {
		d := 0.0
		for n := 0; n < N; n++ {
			d += a.PCs.At(n, j) * b.PCs.At(n, j)
		}
		if math.Abs(d) < 1-1e-9 {
			t.Errorf("PC %d: |dot| = %.17g between the routes", j, math.Abs(d))
		}
		if math.Abs(a.VarExpl[j]-b.VarExpl[j]) > 1e-12 {
			t.Errorf("variance fraction of PC %d: %.17g vs %.17g", j, a.VarExpl[j], b.VarExpl[j])
		}
	}
	compareRoutes(t, a, b, 1e-9)
}

// TopEigenSym and EigenSym give the same fit on the same data, through the
// N×N matrix (rank-deficient, with a cluster of zero eigenvalues, when
// there are fewer samples than neurons) and through the Gram matrix.
func TestTopKRouteAgrees(t *testing.T) {
	for _, tc := range []struct{ n, C, T int }{{150, 6, 15}, {60, 6, 15}} {
		for _, opt := range []Options{{Dims: 6, Dt: 0.01, Normalize: true, SoftNorm: 0.1}, {Dims: 4, Dt: 0.01, KeepMean: true}} {
			data := noisyPlanted(3, tc.n, tc.C, tc.T, 0.02)
			for _, gram := range []bool{false, true} {
				checkTopK(t, fitRoutes(t, data, opt, gram, false), fitRoutes(t, data, opt, gram, true))
			}
		}
	}
}

// The rule: TopEigenSym only above topkMinDim, on the side of the matrix
// decomposed; just above the threshold, for the N×N matrix (more samples
// than neurons, and fewer) and for the Gram matrix, Fit agrees with the
// EigenSym route.
func TestTopKThreshold(t *testing.T) {
	for _, tc := range []struct {
		m    int
		want bool
	}{{1, false}, {topkMinDim, false}, {topkMinDim + 1, true}, {20000, true}} {
		if got := useTopK(tc.m); got != tc.want {
			t.Errorf("useTopK(%d) = %v, want %v", tc.m, got, tc.want)
		}
	}
	if testing.Short() {
		t.Skip("eigen-decompositions of about 500×500 matrices")
	}
	opt := Options{Dims: 6, Dt: 0.01, Normalize: true, SoftNorm: 0.1}
	for _, tc := range []struct {
		n, C, T int
		gram    bool // the route Fit takes at this size
	}{
		{topkMinDim + 1, 8, 80, false},    // N×N, 640 samples
		{topkMinDim + 1, 4, 20, false},    // N×N, 80 samples: 421 zero eigenvalues
		{gramMinNeurons + 1, 8, 63, true}, // Gram, M = 504
	} {
		data := noisyPlanted(6, tc.n, tc.C, tc.T, 0.02)
		def, err := Fit(data, opt)
		if err != nil {
			t.Fatal(err)
		}
		M := tc.n
		if tc.gram {
			M = tc.C * tc.T
		}
		if useGram(tc.C*tc.T, tc.n) != tc.gram || !useTopK(M) {
			t.Fatalf("case %+v: Fit does not take the route intended", tc)
		}
		checkTopK(t, fitRoutes(t, data, opt, tc.gram, false), def)
	}
}

// Progress rises to 1 and never goes back on the TopEigenSym route.
func TestTopKProgress(t *testing.T) {
	for _, gram := range []bool{false, true} {
		var got []float64
		opt := Options{Dims: 6, Dt: 0.01, Progress: func(f float64) { got = append(got, f) }}
		fitRoutes(t, noisyPlanted(5, 150, 6, 15, 0.02), opt, gram, true)
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

// BenchmarkFitLarge fits 108 conditions × 61 bins × 2000 neurons (the N×N
// route, M = 2000) with TopEigenSym and, unless -short, with EigenSym
// (about a minute or more). It reports the seconds until the matrix is
// formed (form-s) and decomposed (eig-s), from the progress calls.
func BenchmarkFitLarge(b *testing.B) {
	data := noisyPlanted(8, 2000, 108, 61, 0.02)
	for _, topk := range []bool{true, false} {
		name := "EigenSym"
		if topk {
			name = "TopEigenSym"
		}
		b.Run(name, func(b *testing.B) {
			if !topk && testing.Short() {
				b.Skip("mat.EigenSym of 2000×2000 takes about a minute")
			}
			saved := useTopK
			useTopK = func(int) bool { return topk }
			defer func() { useTopK = saved }()
			for b.Loop() {
				var start time.Time
				var marks []float64
				opt := Options{Dims: 6, Dt: 0.01, Normalize: true, SoftNorm: 0.1, Progress: func(f float64) {
					if f == 0.05 {
						start = time.Now()
					}
					marks = append(marks, time.Since(start).Seconds())
				}}
				if _, err := Fit(data, opt); err != nil {
					b.Fatal(err)
				}
				// Progress calls: 0.05 (start of PCA), atForm, 0.9, …
				b.ReportMetric(marks[1], "form-s")
				b.ReportMetric(marks[2]-marks[1], "eig-s")
			}
		})
	}
}
