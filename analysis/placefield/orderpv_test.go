package placefield

import (
	"math"
	"testing"
)

// Trials 0..3 with labels (1, 0, 1, 0) reorder stably to (1, 3, 0, 2); entry
// (a, b) of the result is pv[order[a]][order[b]] = 10·order[a] + order[b],
// NaN on the diagonal.
func TestOrderPV(t *testing.T) {
	n := 4
	pv := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			pv[i*n+j] = float64(10*i + j)
		}
	}
	order := []int{1, 3, 0, 2}
	got := OrderPV(pv, []int{1, 0, 1, 0})
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			v := got[a*n+b]
			if a == b {
				if !math.IsNaN(v) {
					t.Errorf("(%d,%d): got %v, want NaN", a, b, v)
				}
				continue
			}
			if want := float64(10*order[a] + order[b]); v != want {
				t.Errorf("(%d,%d): got %v, want %v", a, b, v, want)
			}
		}
	}
	if pv[0] != 0 {
		t.Errorf("input modified: pv[0] = %v, want 0", pv[0])
	}
}
