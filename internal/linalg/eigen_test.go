package linalg

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// matchDist returns the largest distance between got and want after pairing
// each wanted value with its nearest unused got value (order-free).
func matchDist(t *testing.T, got, want []complex128) float64 {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d eigenvalues, want %d", len(got), len(want))
	}
	used := make([]bool, len(got))
	worst := 0.0
	for _, w := range want {
		best, bi := math.Inf(1), -1
		for j, g := range got {
			if !used[j] {
				if d := cmplx.Abs(g - w); d < best {
					best, bi = d, j
				}
			}
		}
		used[bi] = true
		worst = math.Max(worst, best)
	}
	return worst
}

// companion returns the companion matrix of the monic polynomial
// x^n + c[n-1] x^(n-1) + ... + c[0], whose eigenvalues are its roots.
func companion(c []float64) *mat.Dense {
	n := len(c)
	a := mat.NewDense(n, n, nil)
	for i := 1; i < n; i++ {
		a.Set(i, i-1, 1)
	}
	for i := 0; i < n; i++ {
		a.Set(i, n-1, -c[i])
	}
	return a
}

func TestEigenvaluesKnown(t *testing.T) {
	th := 0.7
	tests := []struct {
		name string
		a    *mat.Dense
		want []complex128
	}{
		{"diagonal", mat.NewDense(3, 3, []float64{3, 0, 0, 0, -1.5, 0, 0, 0, 0.25}), []complex128{3, -1.5, 0.25}},
		{"rotation", mat.NewDense(2, 2, []float64{math.Cos(th), -math.Sin(th), math.Sin(th), math.Cos(th)}),
			[]complex128{cmplx.Exp(complex(0, th)), cmplx.Exp(complex(0, -th))}},
		// (x-1)(x-2)(x-3)(x+4) = x^4 - 2x^3 - 13x^2 + 38x - 24.
		{"companion real roots", companion([]float64{-24, 38, -13, -2}), []complex128{1, 2, 3, -4}},
		// (x^2+1)(x-2) = x^3 - 2x^2 + x - 2.
		{"companion complex roots", companion([]float64{-2, 1, -2}), []complex128{1i, -1i, 2}},
		{"one by one", mat.NewDense(1, 1, []float64{5}), []complex128{5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := mat.DenseCopyOf(tc.a)
			got, err := Eigenvalues(nil, tc.a)
			if err != nil {
				t.Fatal(err)
			}
			if d := matchDist(t, got, tc.want); d > 1e-12 {
				t.Errorf("got %v, want %v ± 1e-12 (worst distance %g)", got, tc.want, d)
			}
			if !mat.Equal(before, tc.a) {
				t.Errorf("Eigenvalues modified its argument")
			}
		})
	}
}

func randomDense(n int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	a := mat.NewDense(n, n, nil)
	raw := a.RawMatrix()
	for i := range raw.Data {
		raw.Data[i] = rng.NormFloat64() / math.Sqrt(float64(n))
	}
	return a
}

// TestEigenvaluesMatchGonum compares this build's spectrum with the pure-Go
// gonum path on a random 300×300 matrix (in the default build both are the
// same code, so this checks determinism; in the openblas build it compares
// OpenBLAS's dgeev_ with gonum's). Eigenvalues of a random matrix are well
// conditioned on average; 1e-9 is far above the 1.3e-14 agreement measured
// (seed 3, OpenBLAS 0.3.21).
func TestEigenvaluesMatchGonum(t *testing.T) {
	a := randomDense(300, 3)
	got, err := Eigenvalues(nil, a)
	if err != nil {
		t.Fatal(err)
	}
	want, err := gonumEigenvalues(make([]complex128, 300), a)
	if err != nil {
		t.Fatal(err)
	}
	d := matchDist(t, got, want)
	t.Logf("OpenBLAS=%v: worst distance to gonum %.3g", OpenBLAS, d)
	if d > 1e-9 {
		t.Errorf("OpenBLAS=%v: worst eigenvalue distance to gonum %g, want 0 ± 1e-9", OpenBLAS, d)
	}
	// Trace invariant: the sum of eigenvalues equals the trace.
	var sum complex128
	for _, v := range got {
		sum += v
	}
	if tr := mat.Trace(a); cmplx.Abs(sum-complex(tr, 0)) > 1e-9 {
		t.Errorf("sum of eigenvalues %v, want trace %g ± 1e-9", sum, tr)
	}
}

func TestEigenvaluesDstLength(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("no panic for a dst of the wrong length")
		}
	}()
	Eigenvalues(make([]complex128, 2), mat.NewDense(3, 3, nil))
}

var sink []complex128

func benchEigenvalues(b *testing.B, n int) {
	a := randomDense(n, 1)
	dst := make([]complex128, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if sink, err = Eigenvalues(dst, a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEigenvalues300(b *testing.B)  { benchEigenvalues(b, 300) }
func BenchmarkEigenvalues1000(b *testing.B) { benchEigenvalues(b, 1000) }
func BenchmarkEigenvalues2000(b *testing.B) {
	if testing.Short() {
		b.Skip("n = 2000 takes tens of seconds in pure Go")
	}
	benchEigenvalues(b, 2000)
}
