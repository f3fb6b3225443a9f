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

// Generate is Rates then Trials on one stream: bit-identical sessions.
func TestGenerateIsRatesThenTrials(t *testing.T) {
	c := Config{Neurons: 12, Classes: 2, TrialsPerClass: 30, Mu0: 2, Kappa: 1, GainShape: 2, PatternSigma: 0.8}
	a := Generate(rand.New(rand.NewPCG(3, 1)), c)
	rng := rand.New(rand.NewPCG(3, 1))
	b := Trials(rng, c, Rates(rng, c))
	T, N := a.Counts.Dims()
	for i := 0; i < T; i++ {
		for n := 0; n < N; n++ {
			if a.Counts.At(i, n) != b.Counts.At(i, n) {
				t.Fatalf("count (%d, %d): got %v, want %v", i, n, b.Counts.At(i, n), a.Counts.At(i, n))
			}
		}
	}
}

// Sessions drawn by Trials from one set of rates share the population: each
// session's class means estimate the same μ_{c,n}.
func TestTrialsSharePopulation(t *testing.T) {
	c := Config{Neurons: 10, Classes: 2, TrialsPerClass: 4000, Mu0: 2, Kappa: 1, GainShape: 2}
	mu := Rates(rand.New(rand.NewPCG(4, 1)), c)
	for s := uint64(0); s < 2; s++ {
		ses := Trials(rand.New(rand.NewPCG(4, 10+s)), c, mu)
		if ses.Templates != mu {
			t.Fatalf("session %d: Templates is not the given rates", s)
		}
		for k := 0; k < c.Classes; k++ {
			for n := 0; n < c.Neurons; n++ {
				var m float64
				for i := k * c.TrialsPerClass; i < (k+1)*c.TrialsPerClass; i++ {
					m += ses.Counts.At(i, n)
				}
				m /= float64(c.TrialsPerClass)
				// SD of the mean: sqrt((μ + μ²·Var g)/trials), Var g = 1/2.
				want := mu.At(k, n)
				tol := 5 * math.Sqrt((want+want*want/2)/float64(c.TrialsPerClass))
				if math.Abs(m-want) > tol {
					t.Errorf("session %d class %d neuron %d: mean count got %v, want %v ± %v", s, k, n, m, want, tol)
				}
			}
		}
	}
}
