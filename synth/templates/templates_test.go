package templates

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestGenerateMeans(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	s := Generate(rng, Config{Neurons: 20, Classes: 2, TrialsPerClass: 2000, Mu0: 2, Kappa: 1, GainShape: 2})
	// E[r_in] = E[g]·μ = μ; check the grand mean of class 0 within 3%.
	var got, want float64
	for i, l := range s.Labels {
		if l != 0 {
			continue
		}
		for n := 0; n < 20; n++ {
			got += s.Counts.At(i, n)
			want += s.Templates.At(0, n)
		}
	}
	if math.Abs(got/want-1) > 0.03 {
		t.Errorf("mean count / template: got %v, want 1 ± 0.03", got/want)
	}
	var g float64
	for _, v := range s.Gains {
		g += v
	}
	if m := g / float64(len(s.Gains)); math.Abs(m-1) > 0.03 {
		t.Errorf("mean gain: got %v, want 1 ± 0.03", m)
	}
}

func TestOutcomes(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 1))
	score := make([]float64, 20000)
	for i := range score {
		score[i] = rng.NormFloat64()
	}
	hits := 0
	for _, h := range Outcomes(rng, score, false, 10, 0.75) {
		if h {
			hits++
		}
	}
	if f := float64(hits) / 20000; math.Abs(f-0.75) > 0.01 {
		t.Errorf("irrelevant hit rate: got %v, want 0.75 ± 0.01", f)
	}
	// Relevant: P(hit) = σ(10(s − median)), so scores above the median are
	// mostly hits.
	out := Outcomes(rng, score, true, 10, 0.75)
	above, aboveHit := 0, 0
	for i, s := range score {
		if s > 0.5 {
			above++
			if out[i] {
				aboveHit++
			}
		}
	}
	if f := float64(aboveHit) / float64(above); f < 0.98 {
		t.Errorf("hit rate 0.5 SD above the median: got %v, want ≥ 0.98", f)
	}
}
