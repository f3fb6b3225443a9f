package nn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestAddGemmMatchesGonum checks that the AVX kernels give bit for bit the
// result of gonum's serial Dgemm (alpha = 1, beta = 1) for both layouts of
// A, sizes that exercise the 4×8 and 1×8 blocks, the column tail and the k
// blocking, and an A with exact zeros (ReLU outputs), which gonum skips.
func TestAddGemmMatchesGonum(t *testing.T) {
	if !avx {
		t.Skip("no AVX: addGemm is not used")
	}
	cases := []struct {
		name    string
		m, n, k int
		tA      bool
	}{
		{"4x8x1", 4, 8, 1, false},
		{"7x13x5", 7, 13, 5, false},
		{"16x128x128", 16, 128, 128, false},
		{"trans-128x128x600", 128, 128, 600, true},
		{"trans-9x38x33", 9, 38, 33, true},
		{"3x4x300", 3, 4, 300, false},
		{"6x15x9", 6, 15, 9, false},
		{"trans-128x4x3200", 128, 4, 3200, true},
		{"trans-5x7x3", 5, 7, 3, true},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := make([]float64, c.m*c.k)
			for i := range a {
				if rng.Float64() < 0.3 {
					continue
				}
				a[i] = rng.NormFloat64()
			}
			b := make([]float64, c.k*c.n)
			want := make([]float64, c.m*c.n)
			for i := range b {
				b[i] = rng.NormFloat64()
			}
			for i := range want {
				want[i] = rng.NormFloat64()
			}
			got := append([]float64(nil), want...)
			tA, lda := blas.NoTrans, c.k
			if c.tA {
				tA, lda = blas.Trans, c.m
			}
			gonum.Implementation{}.Dgemm(tA, blas.NoTrans, c.m, c.n, c.k, 1, a, lda, b, c.n, 1, want, c.n)
			addGemm(c.tA, c.m, c.n, c.k, a, lda, b, got)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("C[%d]: got %.17g, want %.17g (bit-identical to gonum)", i, got[i], want[i])
				}
			}
		})
	}
}

// TestGemmNTMatchesGonum checks gemmNT (C = A·Bᵀ) bit for bit against
// gonum's serial Dgemm(NoTrans, Trans) with beta = 0, for k below, at and
// above multiples of 4 and n with and without a tail beyond multiples of 8.
func TestGemmNTMatchesGonum(t *testing.T) {
	if !fastGemm() {
		t.Skip("no AVX or not gonum's BLAS: the transposed kernel is not used")
	}
	cases := []struct{ m, n, k int }{{1, 8, 1}, {3, 8, 3}, {5, 25, 8}, {64, 72, 16}, {7, 400, 32}, {9, 38, 6}, {2, 5, 13}}
	rng := rand.New(rand.NewPCG(3, 4))
	var bt []float64
	for _, c := range cases {
		t.Run(fmt.Sprintf("%dx%dx%d", c.m, c.n, c.k), func(t *testing.T) {
			a, b := make([]float64, c.m*c.k), make([]float64, c.n*c.k)
			for i := range a {
				a[i] = rng.NormFloat64()
			}
			for i := range b {
				b[i] = rng.NormFloat64()
			}
			want, got := make([]float64, c.m*c.n), make([]float64, c.m*c.n)
			for i := range got {
				got[i] = 99 // overwritten
			}
			gonum.Implementation{}.Dgemm(blas.NoTrans, blas.Trans, c.m, c.n, c.k, 1, a, c.k, b, c.k, 0, want, c.n)
			gemmNT(2, c.m, c.n, c.k, a, b, got, &bt)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("C[%d]: got %.17g, want %.17g (bit-identical to gonum)", i, got[i], want[i])
				}
			}
		})
	}
}

// TestNetWorkersBitIdentical trains a small CNN for a few steps with
// SetWorkers(1) and SetWorkers(3) and checks that the parameters agree bit
// for bit.
func TestNetWorkersBitIdentical(t *testing.T) {
	train := func(workers int) []*Param {
		rng := rand.New(rand.NewPCG(5, 6))
		net := NewNet(Shape{C: 1, H: 12, W: 12}, rng, NewConv2D(8, 5), ReLU{}, NewMaxPool(2),
			NewConv2D(16, 3), ReLU{}, NewMaxPool(2), NewDense(10), ReLU{}, NewDense(3))
		net.SetWorkers(workers)
		d := gaussianBlobs(rng, 3, 20, 144)
		tr := NewTrainer(net, NewSGD(net.Params(), 0.01, 0.9, 1e-4), 16)
		if _, err := tr.Epoch(context.Background(), d, rand.New(rand.NewPCG(7, 8)), nil); err != nil {
			t.Fatal(err)
		}
		return net.Params()
	}
	ref := train(1)
	for _, w := range []int{2, 3} {
		t.Run(fmt.Sprint("workers", w), func(t *testing.T) {
			got := train(w)
			for k, p := range ref {
				for i, v := range p.W {
					if math.Float64bits(got[k].W[i]) != math.Float64bits(v) {
						t.Fatalf("param %d[%d]: got %.17g, want %.17g (bit-identical)", k, i, got[k].W[i], v)
					}
				}
			}
		})
	}
}

// BenchmarkGemm16x128x128: the RNN's recurrent product per worker and step
// (C += A·B, 16×128 by 128×128), through gemm (AVX kernels in the default
// build).
func BenchmarkGemm16x128x128(b *testing.B) {
	const m, n, k = 16, 128, 128
	a, w, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
	for i := range a {
		a[i] = float64(i%7) - 3
	}
	for i := range w {
		w[i] = float64(i%5) - 2
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		gemm(false, false, m, n, k, 1, a, w, 1, c)
	}
	b.ReportMetric(2*m*n*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
