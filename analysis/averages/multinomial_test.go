package averages

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"neurolab/analysis/stats"
)

// routes names the two multinomial routes for table-driven tests.
var routes = []struct {
	name string
	draw func(m *Multinomial, rng *rand.Rand, dst []float64, k int)
}{
	{"alias", (*Multinomial).drawAlias},
	{"binomial", (*Multinomial).drawBinomial},
}

// Invariants on both routes: the counts are whole numbers ≥ 0 summing to k,
// and neurons of weight 0 get none, for weights with zeros first, last and
// in between, one positive weight, weights spanning 600 orders of magnitude,
// and k from 0 to far above the neurons.
func TestMultinomialInvariants(t *testing.T) {
	weights := [][]float64{
		{1, 0, 3, 6},
		{0, 0, 2, 0},
		{0, 5, 0, 1e-300, 1e300, 0},
		{1e-300, 1e-300, 1e-300},
		{7},
		{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0},
	}
	for wi, w := range weights {
		m := NewMultinomial(w)
		for _, r := range routes {
			for _, k := range []int{0, 1, 2, 7, 100, 12345, MaxTrialSpikes} {
				t.Run(fmt.Sprintf("w%d/%s/k=%d", wi, r.name, k), func(t *testing.T) {
					if r.name == "alias" && k > 100_000 {
						t.Skip("one draw per spike")
					}
					rng := rand.New(rand.NewPCG(uint64(wi), uint64(k)))
					dst := make([]float64, len(w))
					for rep := 0; rep < 50; rep++ {
						for i := range dst {
							dst[i] = -1 // must be overwritten
						}
						r.draw(m, rng, dst, k)
						var sum float64
						for i, x := range dst {
							if x < 0 || x != math.Trunc(x) || (w[i] == 0 && x != 0) {
								t.Fatalf("neuron %d (weight %g): count %g", i, w[i], x)
							}
							sum += x
						}
						if sum != float64(k) {
							t.Fatalf("counts %v sum to %g, want k = %d", dst, sum, k)
						}
					}
				})
			}
		}
	}
}

// On a small case both routes have the multinomial's moments: mean k p_n,
// variance k p_n (1 − p_n), covariance −k p_i p_j. Each sample moment over
// M draws is compared through a z-score whose standard error is the sample
// SD of the per-draw terms (x_n − k p_n, or the products (x_i − k p_i)(x_j −
// k p_j)) over √M; |z| < 5 (fixed seeds; a two-sided 5σ tail is 6·10⁻⁷ per
// check, 30 checks).
func TestMultinomialMoments(t *testing.T) {
	w := []float64{1, 0, 3, 6, 2}
	const k, M = 40, 200_000
	var total float64
	for _, v := range w {
		total += v
	}
	p := make([]float64, len(w))
	for i, v := range w {
		p[i] = v / total
	}
	N := len(w)
	for _, r := range routes {
		t.Run(r.name, func(t *testing.T) {
			m := NewMultinomial(w)
			rng := rand.New(rand.NewPCG(21, 22))
			dst := make([]float64, N)
			d := make([]float64, N)
			var s1 [5]float64
			var s2, s2sq [5][5]float64
			for it := 0; it < M; it++ {
				r.draw(m, rng, dst, k)
				for i := range d {
					d[i] = dst[i] - k*p[i]
					s1[i] += d[i]
				}
				for i := 0; i < N; i++ {
					for j := i; j < N; j++ {
						prod := d[i] * d[j]
						s2[i][j] += prod
						s2sq[i][j] += prod * prod
					}
				}
			}
			for i := 0; i < N; i++ {
				// Mean: SE = √(k p (1−p) / M), the exact SD.
				if v := k * p[i] * (1 - p[i]); v > 0 {
					if z := s1[i] / M / math.Sqrt(v/M); math.Abs(z) > 5 {
						t.Errorf("mean of neuron %d: got %.4f, want %.4f (z = %.2f, |z| < 5)", i, k*p[i]+s1[i]/M, k*p[i], z)
					}
				} else if s1[i] != 0 {
					t.Errorf("neuron %d of weight 0: mean count %g, want 0", i, s1[i]/M)
				}
				for j := i; j < N; j++ {
					want := -k * p[i] * p[j]
					if i == j {
						want = k * p[i] * (1 - p[i])
					}
					got := s2[i][j] / M
					sd := math.Sqrt(s2sq[i][j]/M - got*got)
					if sd == 0 {
						if got != want {
							t.Errorf("cov(%d, %d): got %g, want %g exactly", i, j, got, want)
						}
						continue
					}
					if z := (got - want) / (sd / math.Sqrt(M)); math.Abs(z) > 5 {
						t.Errorf("cov(%d, %d): got %.4f, want %.4f (z = %.2f, |z| < 5)", i, j, got, want, z)
					}
				}
			}
		})
	}
}

// The binomial route's joint distribution is the multinomial's: Pearson's
// chi-square of M draws of k = 6 spikes over weights {2, 0, 5, 3} (28
// outcomes, all with expected counts ≥ 5) against the exact pmf
// k!/Π x_n! Π p_n^{x_n}; the p-value (Wilson–Hilferty approximation) must
// exceed 10⁻⁴ (fixed seed). The alias route is checked the same way.
func TestMultinomialChiSquare(t *testing.T) {
	w := []float64{2, 0, 5, 3}
	p := []float64{0.2, 0, 0.5, 0.3}
	const k, M = 6, 200_000
	for _, r := range routes {
		t.Run(r.name, func(t *testing.T) {
			m := NewMultinomial(w)
			rng := rand.New(rand.NewPCG(31, 32))
			dst := make([]float64, len(w))
			obs := map[[3]int]float64{}
			for it := 0; it < M; it++ {
				r.draw(m, rng, dst, k)
				if dst[1] != 0 {
					t.Fatalf("neuron of weight 0 got %g spikes", dst[1])
				}
				obs[[3]int{int(dst[0]), int(dst[2]), int(dst[3])}]++
			}
			var chi2 float64
			var cells int
			lf := func(n int) float64 { v, _ := math.Lgamma(float64(n) + 1); return v }
			for a := 0; a <= k; a++ {
				for b := 0; a+b <= k; b++ {
					c := k - a - b
					e := M * math.Exp(lf(k)-lf(a)-lf(b)-lf(c)+float64(a)*math.Log(p[0])+float64(b)*math.Log(p[2])+float64(c)*math.Log(p[3]))
					if e < 5 {
						t.Fatalf("cell (%d, %d, %d) expects %.2f < 5", a, b, c, e)
					}
					o := obs[[3]int{a, b, c}]
					chi2 += (o - e) * (o - e) / e
					cells++
				}
			}
			df := float64(cells - 1)
			v := 2 / (9 * df)
			z := (math.Cbrt(chi2/df) - (1 - v)) / math.Sqrt(v)
			if pv := 0.5 * math.Erfc(z/math.Sqrt2); pv < 1e-4 {
				t.Errorf("chi-square %.1f on %g df: p = %.2g, want > 1e-4", chi2, df, pv)
			}
		})
	}
}

// Both routes give the same surrogate distribution of the correlation with
// the template (N = 20 log-normal weights, k = 400): over S surrogates per
// route, the mean correlations agree within 5 standard errors of their
// difference (sample SDs), and so do the percentiles of the alias route's
// quartiles among the binomial route's surrogates (SE √(P(1−P)/S) per
// route, the binomial SE of a proportion).
func TestRoutesSameSurrogateDistribution(t *testing.T) {
	w := routeTemplate(20)
	const k, S = 400, 20_000
	m := NewMultinomial(w)
	corr := make([][]float64, 2)
	for ri, r := range routes {
		rng := rand.New(rand.NewPCG(41, uint64(ri)))
		buf := make([]float64, len(w))
		corr[ri] = make([]float64, S)
		for s := range corr[ri] {
			r.draw(m, rng, buf, k)
			corr[ri][s] = stats.Pearson(buf, w)
		}
	}
	meanSD := func(x []float64) (float64, float64) {
		var s, s2 float64
		for _, v := range x {
			s += v
		}
		mu := s / float64(len(x))
		for _, v := range x {
			s2 += (v - mu) * (v - mu)
		}
		return mu, math.Sqrt(s2 / float64(len(x)-1))
	}
	ma, sa := meanSD(corr[0])
	mb, sb := meanSD(corr[1])
	if z := (ma - mb) / math.Sqrt(sa*sa/S+sb*sb/S); math.Abs(z) > 5 {
		t.Errorf("mean surrogate correlation: alias %.5f, binomial %.5f (z = %.2f, want |z| < 5)", ma, mb, z)
	}
	sorted := append([]float64(nil), corr[0]...)
	sort.Float64s(sorted)
	for _, q := range []float64{0.25, 0.5, 0.75} {
		rho := sorted[int(q*S)]
		pa, pb := stats.Percentile(rho, corr[0]), stats.Percentile(rho, corr[1])
		se := math.Sqrt(pa*(1-pa)/S + pb*(1-pb)/S)
		if z := (pa - pb) / se; math.Abs(z) > 5 {
			t.Errorf("percentile of ρ = %.5f: alias %.4f, binomial %.4f (z = %.2f, want |z| < 5)", rho, pa, pb, z)
		}
	}
}

// highCountSession draws T trials of N neurons, r ~ Poisson(g·μ) with
// μ = 200·e^z and gain g ~ U(0.5, 1.5): k/N ≈ 330 spikes per neuron, on the
// binomial route.
func highCountSession(T, N int, seed uint64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	mu := [2][]float64{make([]float64, N), make([]float64, N)}
	for c := range mu {
		for n := range mu[c] {
			mu[c][n] = 200 * math.Exp(rng.NormFloat64())
		}
	}
	counts := mat.NewDense(T, N, nil)
	labels := make([]int, T)
	pois := distuv.Poisson{Src: rng}
	for i := 0; i < T; i++ {
		labels[i] = i % 2
		g := 0.5 + rng.Float64()
		for n := 0; n < N; n++ {
			pois.Lambda = g * mu[labels[i]][n]
			counts.Set(i, n, pois.Rand())
		}
	}
	return counts, labels
}

// Results do not depend on the workers on the binomial route either (each
// trial draws from its own stream), and template-Poisson trials give
// uniform percentiles there (mean ½; SD of the mean of T uniforms
// 0.289/√T = 0.017 at T = 300, bound 5 SD).
func TestBinomialRouteWorkersAndExchangeable(t *testing.T) {
	const T, N = 300, 12
	counts, labels := highCountSession(T, N, 3)
	for i := 0; i < T; i++ {
		k := int(mat.Sum(counts.RowView(i)))
		if !useBinomial(k, N) {
			t.Fatalf("trial %d: %d spikes over %d neurons would take the alias route; the test needs the binomial one", i, k, N)
		}
	}
	o := Options{Surrogates: 50, Seed: 5, Workers: 1}
	a, err := Test(context.Background(), counts, labels, 2, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Workers = 4
	b, err := Test(context.Background(), counts, labels, 2, o)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Perc {
		if !same(a.Perc[i], b.Perc[i]) || !same(a.SurrMean[i], b.SurrMean[i]) {
			t.Fatalf("trial %d: perc %v/%v, mean %v/%v with 1 and 4 workers", i, a.Perc[i], b.Perc[i], a.SurrMean[i], b.SurrMean[i])
		}
	}
	if mp := stats.MeanNaN(a.Perc); math.Abs(mp-0.5) > 5*0.289/math.Sqrt(T) {
		t.Errorf("mean percentile of template-Poisson trials: got %.4f, want 0.5 ± %.3f", mp, 5*0.289/math.Sqrt(T))
	}
}

// Both routes on a high-count trial (N = 60, k = 240,000, about the
// experiment's trials at κ = 3.9): ns per surrogate, draw and correlation.
func BenchmarkSurrogateHighCount60x240000(b *testing.B) {
	w := routeTemplate(60)
	for _, r := range []string{"alias", "binomial"} {
		b.Run(r, func(b *testing.B) { benchRoute(b, w, 240_000, r == "binomial") })
	}
}
