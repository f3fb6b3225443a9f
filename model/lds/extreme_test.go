package lds

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// within runs f under a deadline so that a hang fails the test fast.
func within(t *testing.T, name string, f func()) {
	t.Helper()
	deadline.Run(t, 2*time.Second, name, f)
}

func scalarModel(a float64) *Model {
	return &Model{A: mat.NewDense(1, 1, []float64{a}), Q: mat.NewSymDense(1, []float64{1}),
		C: mat.NewDense(2, 1, []float64{1, 0.5}), R: mat.NewSymDense(2, []float64{0.1, 0, 0, 0.1})}
}

// TestExtremeLaggedCovLongLag: a lag of 2^40 (or MinInt) returns at once
// with C a^lag π Cᵀ (before the fix, one matrix product per lag step: hours;
// LaggedCov(MinInt) recursed forever since −MinInt = MinInt).
func TestExtremeLaggedCovLongLag(t *testing.T) {
	for _, a := range []float64{0.9, -0.999999999, 0.999999999} {
		m := scalarModel(a)
		pi := 1 / (1 - a*a)
		for _, lag := range []int{1 << 40, 1<<40 + 1, math.MaxInt, math.MinInt, 2000} {
			within(t, "LaggedCov", func() {
				L, err := m.LaggedCov(lag)
				if err != nil {
					t.Fatalf("a %g lag %d: %v", a, lag, err)
				}
				k := float64(lag)
				if lag < 0 {
					k = -k
				}
				// a^k with the sign of a for odd k.
				ak := math.Pow(math.Abs(a), k)
				if a < 0 && uint64(lag)%2 == 1 {
					ak = -ak
				}
				want := ak * pi // C = (1, 0.5): entry (0,0) is a^k π
				if got := L.At(0, 0); math.Abs(got-want) > 1e-6*math.Abs(want)+1e-300 {
					t.Errorf("a %g lag %d: Cov = %g, want %g", a, lag, got, want)
				}
			})
		}
	}
	// Short lags keep their step-by-step products.
	m := scalarModel(0.9)
	L, _ := m.LaggedCov(3)
	if want := 0.9 * 0.9 * 0.9 / (1 - 0.81); math.Abs(L.At(0, 0)-want) > 1e-12 {
		t.Errorf("lag 3: %g, want %g", L.At(0, 0), want)
	}
}

// TestExtremeInitPCAInputErrors: data whose covariance overflows, and
// constant or underflowing data, are input errors naming the cause (they
// were "PCA eigen-decomposition failed" and a bare "rank-deficient").
func TestExtremeInitPCAInputErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	_, Y, err := scalarModel(0.9).Sample(rng, 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		a    float64
		want string
	}{{"×1e300", 1e300, "overflows"}, {"×1e-300", 1e-300, "rank-deficient"}, {"zero", 0, "rank-deficient"}} {
		Ys := mat.DenseCopyOf(Y)
		Ys.Scale(c.a, Ys)
		within(t, c.name, func() {
			_, err := InitPCA([]Sequence{{Y: Ys}}, 1)
			if !errors.Is(err, experiment.ErrInput) || !containsStr(err.Error(), c.want) {
				t.Errorf("%s: err = %v, want an input error saying %q", c.name, err, c.want)
			}
		})
	}
	if _, err := InitPCA([]Sequence{{Y: Y}}, 1); err != nil {
		t.Fatal(err)
	}
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
