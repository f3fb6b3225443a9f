package low2021

import (
	"math"
	"testing"
)

// TestUndefinedMetrics checks that the error for undefined metrics names all
// of them in sorted order (it named the first met in map order).
func TestUndefinedMetrics(t *testing.T) {
	m := map[string]float64{"z": math.NaN(), "b": 1, "a": math.Inf(-1), "m": math.Inf(1)}
	for i := 0; i < 20; i++ {
		if got := undefinedMetrics(m); got != "a, m, z" {
			t.Fatalf("got %q, want %q", got, "a, m, z")
		}
	}
	if got := undefinedMetrics(map[string]float64{"a": 1}); got != "" {
		t.Errorf("finite: got %q", got)
	}
}
