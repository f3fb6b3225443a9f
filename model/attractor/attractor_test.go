package attractor

import (
	"context"
	"math"
	"testing"
)

// duffing: x' = y, y' = x − x³ − c y. Fixed points (0,0) (saddle) and
// (±1, 0), stable foci for 0 < c < 2√2 (eigenvalues of [[0,1],[−2,−c]]).
type duffing struct{ c float64 }

func (duffing) Dim() int { return 2 }
func (d duffing) Deriv(dst, x []float64) {
	dst[0] = x[1]
	dst[1] = x[0] - x[0]*x[0]*x[0] - d.c*x[1]
}

// vdp is the Van der Pol oscillator x' = y, y' = μ(1 − x²) y − x: an
// unstable focus at the origin (μ < 2) and a limit cycle of amplitude ≈ 2
// (period ≈ 6.663 for μ = 1, Strogatz 2015 §7.5 table).
type vdp struct{ mu float64 }

func (vdp) Dim() int { return 2 }
func (v vdp) Deriv(dst, x []float64) {
	dst[0] = x[1]
	dst[1] = v.mu*(1-x[0]*x[0])*x[1] - x[0]
}

func grid(lo, hi float64, n int) [][]float64 {
	var out [][]float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			out = append(out, []float64{lo + (hi-lo)*float64(i)/float64(n-1), lo + (hi-lo)*float64(j)/float64(n-1)})
		}
	}
	return out
}

func TestDuffingAttractors(t *testing.T) {
	res, err := Find(context.Background(), duffing{0.5}, grid(-2, 2, 9), Options{Dt: 1e-2, MaxTime: 60, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stable()
	if len(st) != 2 {
		t.Fatalf("stable fixed points: got %d, want 2 (%+v)", len(st), res.Fixed)
	}
	for _, f := range st {
		if math.Abs(math.Abs(f.X[0])-1) > 1e-9 || math.Abs(f.X[1]) > 1e-9 {
			t.Errorf("attractor at %v, want (±1, 0) ± 1e-9", f.X)
		}
		if f.Kind != StableFocus {
			t.Errorf("kind: got %v, want stable focus", f.Kind)
		}
		// Eigenvalues −c/2 ± i√(2 − c²/4).
		if math.Abs(f.Leading+0.25) > 1e-6 {
			t.Errorf("leading real part: got %g, want −0.25", f.Leading)
		}
	}
	if len(res.Cycles) != 0 {
		t.Errorf("got %d limit cycles, want 0", len(res.Cycles))
	}
}

func TestFixedPointsFindsSaddle(t *testing.T) {
	fps, err := FixedPoints(context.Background(), duffing{0.5}, grid(-2, 2, 7), Options{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	for _, f := range fps {
		kinds[f.Kind]++
	}
	if len(fps) != 3 || kinds[Saddle] != 1 || kinds[StableFocus] != 2 {
		t.Errorf("got %d fixed points %v, want 2 stable foci and 1 saddle", len(fps), kinds)
	}
}

func TestVanDerPolCycle(t *testing.T) {
	seeds := [][]float64{{0.1, 0}, {3, 3}, {-2, 1}}
	res, err := Find(context.Background(), vdp{1}, seeds, Options{Dt: 1e-3, MaxTime: 40, CycleWindow: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stable()) != 0 {
		t.Errorf("stable fixed points: got %d, want 0", len(res.Stable()))
	}
	if len(res.Cycles) != 1 {
		t.Fatalf("limit cycles: got %d, want 1", len(res.Cycles))
	}
	c := res.Cycles[0]
	if math.Abs(c.Max[0]-2.0086) > 0.01 {
		t.Errorf("cycle amplitude: got %g, want 2.0086 ± 0.01", c.Max[0])
	}
	if math.Abs(c.Period-6.6633) > 0.05 {
		t.Errorf("period: got %g, want 6.663 ± 0.05", c.Period)
	}
	fps, _ := FixedPoints(context.Background(), vdp{1}, [][]float64{{0.1, 0.1}}, Options{})
	if len(fps) != 1 || fps[0].Kind != UnstableFocus {
		t.Errorf("origin: got %+v, want one unstable focus", fps)
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	seeds := grid(-2, 2, 8)
	a, _ := Find(context.Background(), duffing{0.3}, seeds, Options{Dt: 1e-2, MaxTime: 60, Workers: 1})
	b, _ := Find(context.Background(), duffing{0.3}, seeds, Options{Dt: 1e-2, MaxTime: 60, Workers: 2})
	if len(a.Fixed) != len(b.Fixed) {
		t.Fatalf("fixed points: %d vs %d", len(a.Fixed), len(b.Fixed))
	}
	for i := range a.Fixed {
		if a.Fixed[i].First != b.Fixed[i].First || a.Fixed[i].X[0] != b.Fixed[i].X[0] {
			t.Errorf("fixed point %d differs between worker counts", i)
		}
	}
}

// TestSwitchTolSameAttractors: the early Newton switch finds the same
// attractors as full integration.
func TestSwitchTolSameAttractors(t *testing.T) {
	seeds := grid(-2, 2, 9)
	a, _ := Find(context.Background(), duffing{0.5}, seeds, Options{Dt: 1e-2, MaxTime: 80})
	b, _ := Find(context.Background(), duffing{0.5}, seeds, Options{Dt: 1e-2, MaxTime: 80, SwitchTol: 1e-2})
	sa, sb := a.Stable(), b.Stable()
	if len(sa) != len(sb) {
		t.Fatalf("attractors: %d without switch, %d with", len(sa), len(sb))
	}
	for i := range sa {
		if maxDist(sa[i].X, sb[i].X) > 1e-9 || sa[i].Seeds != sb[i].Seeds {
			t.Errorf("attractor %d: %v (%d seeds) vs %v (%d seeds)", i, sa[i].X, sa[i].Seeds, sb[i].X, sb[i].Seeds)
		}
	}
}

// slowLinear is f(x) = −0.01 (x − 1) in n dimensions: one stable node at
// x = 1 whose Jacobian −0.01·I is perfectly conditioned but has a
// determinant (1e−2)^n that underflows to 0 for n ≥ 162.
type slowLinear struct{ n int }

func (s slowLinear) Dim() int { return s.n }
func (s slowLinear) Deriv(dst, x []float64) {
	for i := range x {
		dst[i] = -0.01 * (x[i] - 1)
	}
}

// TestNewtonSmallDeterminant: Newton's method used to give up when det J
// underflowed to 0, so FixedPoints found nothing here.
func TestNewtonSmallDeterminant(t *testing.T) {
	sys := slowLinear{200}
	fps, err := FixedPoints(context.Background(), sys, [][]float64{make([]float64, sys.n)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != 1 || fps[0].Kind != StableNode {
		t.Fatalf("found %d fixed points, want one stable node", len(fps))
	}
	for i, v := range fps[0].X {
		if math.Abs(v-1) > 1e-6 {
			t.Fatalf("x[%d] = %g, want 1", i, v)
		}
	}
}
