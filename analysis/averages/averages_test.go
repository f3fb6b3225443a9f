package averages

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"neurolab/analysis/stats"
)

// Under r ~ Poisson(g·μ), r conditioned on its total k is Multinomial(k,
// μ/Σμ) whatever g, so with the true template the percentile of ρ among the
// surrogates is exchangeable: mean ½ for any gain.
func TestPercentileExchangeableAnyGain(t *testing.T) {
	const N, trials, nSurr = 40, 600, 50
	rng := rand.New(rand.NewPCG(11, 12))
	mu := make([]float64, N)
	for n := range mu {
		mu[n] = 2 * math.Exp(rng.NormFloat64())
	}
	table := NewMultinomial(mu)
	buf, surr := make([]float64, N), make([]float64, nSurr)
	r := make([]float64, N)
	for _, g := range []float64{0.3, 1, 4} {
		t.Run("gain", func(t *testing.T) {
			pois := distuv.Poisson{Src: rng}
			var sum float64
			var n int
			for i := 0; i < trials; i++ {
				var k float64
				for j := range r {
					pois.Lambda = g * mu[j]
					r[j] = pois.Rand()
					k += r[j]
				}
				rho := stats.Pearson(r, mu)
				if math.IsNaN(rho) {
					continue
				}
				p, _ := SurrogatePercentile(rng, rho, int(k), mu, table, nSurr, buf, surr)
				sum += p
				n++
			}
			// SD of a uniform mean over ~600 trials: 0.289/√600 = 0.012.
			if m := sum / float64(n); math.Abs(m-0.5) > 0.04 {
				t.Errorf("gain %v: mean perc got %.4f, want 0.5 ± 0.04", g, m)
			}
		})
	}
}

func TestAliasFrequencies(t *testing.T) {
	w := []float64{1, 0, 3, 6}
	a := NewAlias(w)
	rng := rand.New(rand.NewPCG(1, 1))
	cnt := make([]float64, len(w))
	const M = 200000
	for i := 0; i < M; i++ {
		cnt[a.Draw(rng)]++
	}
	for i, v := range w {
		want := v / 10
		if got := cnt[i] / M; math.Abs(got-want) > 0.005 {
			t.Errorf("index %d: got %.4f, want %.4f ± 0.005", i, got, want)
		}
	}
}

// A surrogate that ignores spike count (fixed k) or a raw ρ threshold would
// not give a percentile that depends only on the pattern: check that a trial
// equal to its template scaled has ρ = 1 and percentile near 1.
func TestTemplatesAndReliability(t *testing.T) {
	counts := mat.NewDense(4, 3, []float64{
		1, 2, 3,
		3, 2, 1,
		2, 4, 6,
		6, 4, 2,
	})
	labels := []int{0, 1, 0, 1}
	tm, err := Templates(counts, labels, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1.5, 3, 4.5, 4.5, 3, 1.5}
	for i, v := range tm.RawMatrix().Data {
		if v != want[i] {
			t.Fatalf("template %d: got %v, want %v", i, v, want[i])
		}
	}
	rho, ro, si := make([]float64, 4), make([]float64, 4), make([]float64, 4)
	Reliability(rho, ro, si, counts, tm, labels)
	for i := range si {
		if math.Abs(rho[i]-1) > 1e-12 || math.Abs(ro[i]+1) > 1e-12 || math.Abs(si[i]-2) > 1e-12 {
			t.Errorf("trial %d: got ρ=%v ρ'=%v SI=%v, want 1, −1, 2", i, rho[i], ro[i], si[i])
		}
	}
	if _, err := Templates(counts, []int{0, 0, 0, 0}, 2); err == nil {
		t.Error("empty class: want error")
	}
}

func TestTestWorkersInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	counts := mat.NewDense(300, 20, nil)
	labels := make([]int, 300)
	for i := 0; i < 300; i++ {
		labels[i] = i % 2
		for j := 0; j < 20; j++ {
			counts.Set(i, j, float64(rng.IntN(5+j*labels[i])))
		}
	}
	a, err := Test(context.Background(), counts, labels, 2, Options{Surrogates: 30, Seed: 9, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Test(context.Background(), counts, labels, 2, Options{Surrogates: 30, Seed: 9, Workers: 3})
	for i := range a.Perc {
		if a.Perc[i] != b.Perc[i] && !(math.IsNaN(a.Perc[i]) && math.IsNaN(b.Perc[i])) {
			t.Fatalf("trial %d: workers 1 gives %v, workers 3 gives %v", i, a.Perc[i], b.Perc[i])
		}
	}
}

func BenchmarkSurrogateLoop600x60x200(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 3))
	counts := mat.NewDense(600, 60, nil)
	labels := make([]int, 600)
	pois := distuv.Poisson{Src: rng, Lambda: 2}
	for i := 0; i < 600; i++ {
		labels[i] = i % 2
		for j := 0; j < 60; j++ {
			counts.Set(i, j, pois.Rand())
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Test(context.Background(), counts, labels, 2, Options{Surrogates: 200, Seed: 1, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSubsampleSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	counts := mat.NewDense(40, 60, nil)
	labels := make([]int, 40)
	for i := 0; i < 40; i++ {
		labels[i] = i % 2
		for j := 0; j < 60; j++ {
			counts.Set(i, j, float64(rng.IntN(4)))
		}
	}
	sizes, mp, err := Subsample(context.Background(), counts, labels, 2, 10, 1, Options{Surrogates: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{60, 30, 20, 15, 12, 10, 8, 7, 6}
	if len(sizes) != len(want) || len(mp) != len(want) {
		t.Fatalf("sizes: got %v, want %v", sizes, want)
	}
	for i := range want {
		if sizes[i] != want[i] || math.IsNaN(mp[i]) {
			t.Fatalf("sizes: got %v (means %v), want %v", sizes, mp, want)
		}
	}
}

// The spec's stub "a surrogate that ignores spike count" is not exchangeable:
// with k fixed at the gain-1 expected count, trials at gain 4 (more spikes,
// higher ρ) sit far above their surrogates.
func TestFixedCountSurrogateIsBiased(t *testing.T) {
	const N, trials, nSurr = 40, 300, 50
	rng := rand.New(rand.NewPCG(12, 13))
	mu := make([]float64, N)
	var sum float64
	for n := range mu {
		mu[n] = 2 * math.Exp(rng.NormFloat64())
		sum += mu[n]
	}
	table := NewMultinomial(mu)
	buf, surr, r := make([]float64, N), make([]float64, nSurr), make([]float64, N)
	pois := distuv.Poisson{Src: rng}
	var m float64
	for i := 0; i < trials; i++ {
		for j := range r {
			pois.Lambda = 4 * mu[j]
			r[j] = pois.Rand()
		}
		p, _ := SurrogatePercentile(rng, stats.Pearson(r, mu), int(sum), mu, table, nSurr, buf, surr)
		m += p / trials
	}
	if m < 0.7 {
		t.Errorf("fixed-count surrogate at gain 4: mean percentile %v, want > 0.7 (biased)", m)
	}
}

// Without surrogates (or repeats) no percentile is defined: Subsample's mean
// percentile is NaN, not 0 (a percentile of 0 is a meaningful result).
func TestSubsampleUndefinedMeanIsNaN(t *testing.T) {
	c := mat.NewDense(4, 6, []float64{1, 2, 3, 4, 5, 6, 2, 3, 1, 0, 4, 5, 6, 5, 4, 3, 2, 1, 5, 5, 3, 3, 1, 1})
	labels := []int{0, 0, 1, 1}
	for _, tc := range []struct{ surr, repeats int }{{0, 2}, {10, 0}} {
		sizes, mp, err := Subsample(context.Background(), c, labels, 2, 2, tc.repeats, Options{Surrogates: tc.surr, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(sizes) != 2 || len(mp) != 2 {
			t.Fatalf("surrogates %d, repeats %d: sizes %v, means %v", tc.surr, tc.repeats, sizes, mp)
		}
		for k, v := range mp {
			if !math.IsNaN(v) {
				t.Errorf("surrogates %d, repeats %d: mean percentile at size %d = %g, want NaN", tc.surr, tc.repeats, sizes[k], v)
			}
		}
	}
}

// routeTemplate is a log-normal template of n neurons, 2·e^z with z ~ N(0,
// 1), as the experiment's generator draws at κ = 1.
func routeTemplate(n int) []float64 {
	rng := rand.New(rand.NewPCG(5, uint64(n)))
	w := make([]float64, n)
	for i := range w {
		w[i] = 2 * math.Exp(rng.NormFloat64())
	}
	return w
}

// benchRoute times one surrogate (draw and Pearson correlation with the
// template) of k spikes over len(w) neurons by one route.
func benchRoute(b *testing.B, w []float64, k int, binomial bool) {
	m := NewMultinomial(w)
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]float64, len(w))
	var sink float64
	for b.Loop() {
		if binomial {
			m.drawBinomial(rng, buf, k)
		} else {
			m.drawAlias(rng, buf, k)
		}
		sink += stats.Pearson(buf, w)
	}
	if math.IsNaN(sink) {
		b.Log("NaN correlation")
	}
}

// BenchmarkSurrogateRoutes times both routes over a grid of neurons N and
// spikes per neuron k/N: the crossover behind binomialPerNeuron.
func BenchmarkSurrogateRoutes(b *testing.B) {
	for _, n := range []int{6, 20, 60, 200, 1000} {
		w := routeTemplate(n)
		for _, perNeuron := range []int{1, 2, 4, 8, 16, 32, 64, 128} {
			for _, route := range []string{"alias", "binomial"} {
				b.Run(fmt.Sprintf("N%d/kPerN%d/%s", n, perNeuron, route), func(b *testing.B) {
					benchRoute(b, w, perNeuron*n, route == "binomial")
				})
			}
		}
	}
}
