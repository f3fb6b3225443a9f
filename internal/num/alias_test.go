package num

import (
	"math"
	"testing"
)

// The table's implied probabilities, P(i) = (prob_i + Σ_{j: alias_j = i, j≠i}
// (1 − prob_j)) / n, equal the normalised weights exactly up to rounding.
func TestAliasTableImpliedProbabilities(t *testing.T) {
	cases := []struct {
		name string
		w    []float64
	}{
		{"uniform", []float64{1, 1, 1, 1}},
		{"skewed", []float64{0.1, 5, 2, 0.9}},
		{"zeros", []float64{0, 3, 0, 1, 0}},
		{"single", []float64{2}},
		{"unnormalised", []float64{10, 30, 60}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := len(c.w)
			prob, alias := make([]float64, n), make([]int, n)
			AliasTable(prob, alias, c.w)
			var sum float64
			for _, v := range c.w {
				sum += v
			}
			got := make([]float64, n)
			for j := range prob {
				got[j] += prob[j] / float64(n)
				if alias[j] != j {
					got[alias[j]] += (1 - prob[j]) / float64(n)
				}
			}
			for i := range got {
				if want := c.w[i] / sum; math.Abs(got[i]-want) > 1e-12 {
					t.Errorf("P(%d): got %v, want %v ± 1e-12", i, got[i], want)
				}
			}
		})
	}
}
