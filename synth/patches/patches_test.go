package patches

import (
	"math/rand/v2"
	"testing"
)

func TestDiscAndGrid(t *testing.T) {
	if got := len(Disc(2.1)); got != 13 {
		t.Errorf("got %d pixels in the radius-2.1 disc, want 13", got)
	}
	g := Grid(6, 5, 4)
	if len(g) != 36 || g[35] != [2]int{29, 29} {
		t.Errorf("got %d centres ending at %v, want 36 ending at [29 29]", len(g), g[len(g)-1])
	}
}

func TestBinarizeHalf(t *testing.T) {
	s := DefaultStyle()
	img := make([]float64, s.Size*s.Size)
	s.Image(img, rand.New(rand.NewPCG(1, 1)))
	Binarize(img)
	ones := 0.0
	for _, v := range img {
		ones += v
	}
	if ones != float64(len(img)/2) {
		t.Errorf("got %g pixels above the median, want %d", ones, len(img)/2)
	}
}

func TestSetSize(t *testing.T) {
	s := DefaultStyle()
	p := s.Set(100, Disc(2.1), Grid(6, 5, 4), rand.New(rand.NewPCG(2, 2)))
	if len(p) != 100 || len(p[0]) != 13 {
		t.Fatalf("got %d patches of %d, want 100 of 13", len(p), len(p[0]))
	}
}

// Without patch centres no image yields a patch: Set panics instead of
// drawing images forever; n = 0 needs none.
func TestSetNoCentres(t *testing.T) {
	s := DefaultStyle()
	r := rand.New(rand.NewPCG(1, 2))
	if got := s.Set(0, Disc(2.1), nil, r); len(got) != 0 {
		t.Errorf("Set(0) = %d patches", len(got))
	}
	defer func() {
		if recover() == nil {
			t.Error("Set(5) without centres did not panic")
		}
	}()
	s.Set(5, Disc(2.1), nil, r)
}
