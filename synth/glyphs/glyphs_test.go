package glyphs

import (
	"math/rand/v2"
	"testing"
)

func TestRenderRangeAndInk(t *testing.T) {
	s := DefaultStyle()
	r := rand.New(rand.NewPCG(1, 2))
	for c := 0; c < Classes; c++ {
		t.Run(string(rune('0'+c)), func(t *testing.T) {
			img := make([]float64, s.Size*s.Size)
			s.Render(img, c, r)
			ink := 0.0
			for _, v := range img {
				if v < 0 || v > 1 {
					t.Fatalf("got pixel %g, want in [0, 1]", v)
				}
				ink += v
			}
			if ink < 10 || ink > 120 {
				t.Errorf("got total ink %g, want in [10, 120]", ink)
			}
		})
	}
}

func TestSetBalancedAndDeterministic(t *testing.T) {
	s := DefaultStyle()
	x1, y1 := s.Set(100, rand.New(rand.NewPCG(3, 4)))
	x2, y2 := s.Set(100, rand.New(rand.NewPCG(3, 4)))
	count := make([]int, Classes)
	for i := range y1 {
		count[y1[i]]++
		if y1[i] != y2[i] {
			t.Fatalf("labels differ at %d", i)
		}
		for j := range x1[i] {
			if x1[i][j] != x2[i][j] {
				t.Fatalf("pixels differ at image %d pixel %d", i, j)
			}
		}
	}
	for c, n := range count {
		if n != 10 {
			t.Errorf("class %d: got %d images, want 10", c, n)
		}
	}
}

// The ellipse strokes (classes 0, 8, 9) must end exactly where they start:
// Render keeps a stroke closed only when its last point equals its first,
// and sin(2π) ≠ 0 left a jittered gap in every closed glyph.
func TestClosedStrokesEndAtStart(t *testing.T) {
	closed := 0
	for c, sk := range skeletons {
		for k, st := range sk {
			if len(st) >= 11 { // the circle() strokes (10 or 14 segments)
				closed++
				if st[0] != st[len(st)-1] {
					t.Errorf("class %d stroke %d: starts at %v, ends at %v", c, k, st[0], st[len(st)-1])
				}
			}
		}
	}
	if closed != 4 {
		t.Errorf("%d closed strokes, want 4 (0, two in 8, 9)", closed)
	}
}
