package stimuli

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The anti-aliased coverage of a disc integrates to its area: Σ pixels ≈
// πr²/px² (error O(perimeter·px²) from the linear coverage ramp).
func TestDiscCoverageArea(t *testing.T) {
	for _, c := range []struct{ size, r float64 }{{20, 0.5}, {28, 0.3}, {64, 0.7}} {
		cv := NewCanvas(int(c.size), 0)
		cv.Fill(Circle(0.1, -0.05, c.r), 1, nil)
		var sum float64
		for _, v := range cv.Pix {
			sum += v
		}
		px := 2 / c.size
		want := math.Pi * c.r * c.r / (px * px)
		if math.Abs(sum-want) > 0.02*want {
			t.Errorf("size %v r %v: got area %.2f px², want %.2f ± 2%%", c.size, c.r, sum, want)
		}
	}
}

// Signed distances: a point inside a polygon is negative, outside positive,
// and the distance to a square's edge is exact.
func TestSDF(t *testing.T) {
	sq := Polygon([]Vec2{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
	for _, c := range []struct {
		p    Vec2
		want float64
	}{{Vec2{0, 0}, -1}, {Vec2{0.5, 0}, -0.5}, {Vec2{2, 0}, 1}, {Vec2{0, -3}, 2}} {
		if got := sq(c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("square at %v: got %v, want %v", c.p, got, c.want)
		}
	}
	if got := Ring(0, 0, 1, 0.2)(Vec2{1, 0}); math.Abs(got+0.1) > 1e-12 {
		t.Errorf("ring: got %v, want −0.1", got)
	}
	if got := Ellipse(0, 0, 2, 1, 0)(Vec2{2, 0}); math.Abs(got) > 1e-12 {
		t.Errorf("ellipse boundary: got %v, want 0", got)
	}
}

// Every generator is a pure function of its stream, stays finite, and
// draws something (contrast above the noise).
func TestGenerators(t *testing.T) {
	const size = 20
	faces := NewFaces(4, 1.5, rand.New(rand.NewPCG(1, 1)))
	draw := map[string]func(dst []float64, rng *rand.Rand){}
	for id := 0; id < 4; id++ {
		draw["face"+string(rune('0'+id))] = func(dst []float64, rng *rand.Rand) { faces.Render(dst, size, id, DefaultNuisance(), rng) }
	}
	for c := 0; c < NumObjectCategories; c++ {
		draw[ObjectNames[c]] = func(dst []float64, rng *rand.Rand) { Object(dst, size, c, DefaultNuisance(), rng) }
	}
	for c := 0; c < NumFoodClasses; c++ {
		draw["food"+string(rune('A'+c))] = func(dst []float64, rng *rand.Rand) { Food(dst, size, c, DefaultNuisance(), rng) }
	}
	for name, f := range draw {
		t.Run(name, func(t *testing.T) {
			a, b := make([]float64, size*size), make([]float64, size*size)
			f(a, rand.New(rand.NewPCG(7, 7)))
			f(b, rand.New(rand.NewPCG(7, 7)))
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range a {
				if a[i] != b[i] || math.IsNaN(a[i]) {
					t.Fatalf("pixel %d: %v then %v", i, a[i], b[i])
				}
				lo, hi = min(lo, a[i]), max(hi, a[i])
			}
			if hi-lo < 0.3 {
				t.Errorf("range %v–%v: nothing drawn", lo, hi)
			}
		})
	}
}

// Identities differ: two identities' images differ more on average than two
// images of one identity with the same nuisance stream.
func TestFaceIdentity(t *testing.T) {
	const size = 20
	f := NewFaces(2, 1.5, rand.New(rand.NewPCG(3, 3)))
	var same, diff float64
	a, b, c := make([]float64, size*size), make([]float64, size*size), make([]float64, size*size)
	for k := 0; k < 20; k++ {
		nu := DefaultNuisance()
		nu.Noise = 0
		f.Render(a, size, 0, nu, rand.New(rand.NewPCG(uint64(k), 1)))
		f.Render(b, size, 0, nu, rand.New(rand.NewPCG(uint64(k), 2)))
		f.Render(c, size, 1, nu, rand.New(rand.NewPCG(uint64(k), 1)))
		for i := range a {
			same += math.Abs(a[i] - b[i])
			diff += math.Abs(a[i] - c[i])
		}
	}
	if diff <= 0 || same <= 0 {
		t.Fatalf("degenerate: same %v diff %v", same, diff)
	}
	t.Logf("mean |Δ| within identity (different nuisance) %.3f, between identities (same nuisance) %.3f", same/8000, diff/8000)
}
