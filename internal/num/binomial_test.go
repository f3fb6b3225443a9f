package num

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// binomLogPMF is log C(n, x) pˣ (1−p)ⁿ⁻ˣ from log Γ (exact to rounding).
func binomLogPMF(n, x int, p float64) float64 {
	lg := func(v float64) float64 { l, _ := math.Lgamma(v); return l }
	nf, xf := float64(n), float64(x)
	return lg(nf+1) - lg(xf+1) - lg(nf-xf+1) + xf*math.Log(p) + (nf-xf)*math.Log1p(-p)
}

// Degenerate cases are exact and draw nothing.
func TestBinomialDegenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 2, 30, 1000, 1_000_000, 10_000_000} {
		for _, p := range []float64{0, 1e-9, 0.5, 1} {
			x := Binomial(rng, n, p)
			switch {
			case n == 0 && x != 0:
				t.Errorf("Bin(0, %g) = %d, want 0", p, x)
			case p == 0 && x != 0:
				t.Errorf("Bin(%d, 0) = %d, want 0", n, x)
			case p == 1 && x != n:
				t.Errorf("Bin(%d, 1) = %d, want %d", n, x, n)
			}
		}
	}
	// Degenerate draws consume no randomness.
	a, b := rand.New(rand.NewPCG(2, 2)), rand.New(rand.NewPCG(2, 2))
	Binomial(a, 0, 0.3)
	Binomial(a, 5, 0)
	Binomial(a, 5, 1)
	if a.Uint64() != b.Uint64() {
		t.Error("n = 0, p = 0 or p = 1 consumed random numbers")
	}
	for _, c := range []struct {
		n int
		p float64
	}{{-1, 0.5}, {3, -0.1}, {3, 1.1}, {3, math.NaN()}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Binomial(%d, %g) did not panic", c.n, c.p)
				}
			}()
			Binomial(rng, c.n, c.p)
		}()
	}
}

// On the grid n × p, every draw lies in [0, n] and the sample mean and
// variance of M draws match n p and n p q. The mean's z-score is
// (x̄ − n p)/√(n p q / M); the variance's is (s² − σ²)/√((μ₄ − σ⁴)/M), with
// the binomial's central fourth moment μ₄ = n p q (1 + 3 (n−2) p q). Both
// must be below 5 in magnitude (fixed seed; a two-sided 5σ normal tail is
// 6·10⁻⁷ per check, ~100 checks). Where the expected number of rarer
// outcomes over all draws, λ = M·n·min(p, q), is below 25 the normal
// approximation fails, so instead the total number of rarer outcomes (then
// Poisson(λ) to within 1e-9·λ) must be at most 60: P(Poisson(25) > 60) ≈ 10⁻⁹.
func TestBinomialMoments(t *testing.T) {
	const M = 50_000
	for _, n := range []int{0, 1, 2, 30, 1000, 1_000_000, 10_000_000} {
		for _, p := range []float64{0, 1e-9, 1e-3, 0.1, 0.5, 0.73, 1 - 1e-6, 1} {
			t.Run(fmt.Sprintf("n=%d,p=%g", n, p), func(t *testing.T) {
				rng := Stream(7, uint64(n), math.Float64bits(p))
				var sum, sum2, rare float64
				mean := float64(n) * p
				flip := p > 0.5
				for i := 0; i < M; i++ {
					x := Binomial(rng, n, p)
					if x < 0 || x > n {
						t.Fatalf("draw %d = %d, outside [0, %d]", i, x, n)
					}
					d := float64(x) - mean
					sum += d
					sum2 += d * d
					if flip {
						rare += float64(n - x)
					} else {
						rare += float64(x)
					}
				}
				q := 1 - p
				v := float64(n) * p * q
				if v == 0 {
					if sum != 0 || sum2 != 0 {
						t.Fatalf("degenerate Bin(%d, %g): draws differ from %g", n, p, mean)
					}
					return
				}
				lambda := M * float64(n) * math.Min(p, q)
				if lambda < 25 {
					if rare > 60 {
						t.Errorf("rarer outcomes: got %g over %d draws, want ≤ 60 (Poisson mean %.3g)", rare, M, lambda)
					}
					return
				}
				xbar := sum / M
				if z := xbar / math.Sqrt(v/M); math.Abs(z) > 5 {
					t.Errorf("mean: got %.8g, want %.8g ± %.3g (z = %.2f)", mean+xbar, mean, 5*math.Sqrt(v/M), z)
				}
				s2 := (sum2 - M*xbar*xbar) / (M - 1)
				mu4 := v * (1 + 3*(float64(n)-2)*p*q)
				if se := math.Sqrt((mu4 - v*v) / M); se > 0 {
					if z := (s2 - v) / se; math.Abs(z) > 5 {
						t.Errorf("variance: got %.8g, want %.8g ± %.3g (z = %.2f)", s2, v, 5*se, z)
					}
				}
			})
		}
	}
}

// Pearson's chi-square goodness of fit against the exact pmf (from log Γ),
// on both sides of the inversion/BTPE switch at n·min(p, q) = 30, BTPE down
// to the paper's smallest mean 10 (called directly), and where
// BTPE's squeeze and Stirling steps (5.2, 5.3: |y − M| > 20, n p q > 44)
// decide. Cells are the outcomes with expected count ≥ 5, the two tails
// pooled into one cell each. The p-value (Wilson–Hilferty normal
// approximation of the chi-square tail, accurate to a few percent of p
// for df ≥ 5) must exceed 10⁻⁴ (fixed seed).
func TestBinomialChiSquare(t *testing.T) {
	const M = 200_000
	cases := []struct {
		n    int
		p    float64
		btpe bool // draw by BTPE directly, below the switch (p ≤ ½)
	}{
		{30, 0.1, false},           // inversion, mean 3
		{1000, 0.0099, false},      // inversion, mean 9.9
		{1000, 0.0295, false},      // inversion, mean 29.5, just below the switch
		{1000, 0.0305, false},      // BTPE, mean 30.5, just above it
		{1000, 0.0101, true},       // BTPE at the paper's smallest mean, 10.1
		{40, 0.5, true},            // BTPE, n p q = 10
		{12, 0.9, false},           // inversion, flipped
		{200, 0.5, false},          // BTPE with squeeze (n p q = 50)
		{10_000, 0.3, false},       // BTPE, n p q = 2100
		{1_000_000, 0.73, false},   // BTPE, flipped
		{10_000_000, 1e-5, false},  // BTPE, small p
		{10_000_000, 5e-7, false},  // inversion, large n
		{100, 1 - 0.095, false},    // inversion flipped, mean 9.5 of failures
		{100_000, 1 - 4e-4, false}, // BTPE flipped, mean 40 of failures
	}
	for _, c := range cases {
		name := fmt.Sprintf("n=%d,p=%g", c.n, c.p)
		if c.btpe {
			name += ",btpe"
		}
		t.Run(name, func(t *testing.T) {
			rng := Stream(11, uint64(c.n), math.Float64bits(c.p))
			draw := func() int { return Binomial(rng, c.n, c.p) }
			if c.btpe {
				draw = func() int { return binomialBTPE(rng, c.n, c.p) }
			}
			mean, sd := float64(c.n)*c.p, math.Sqrt(float64(c.n)*c.p*(1-c.p))
			lo := max(0, int(mean-12*sd)-5)
			hi := min(c.n, int(mean+12*sd)+5)
			obs := make([]float64, hi-lo+1)
			var below, above float64
			for i := 0; i < M; i++ {
				x := draw()
				switch {
				case x < lo:
					below++
				case x > hi:
					above++
				default:
					obs[x-lo]++
				}
			}
			exp := make([]float64, len(obs))
			var inside float64
			for x := lo; x <= hi; x++ {
				exp[x-lo] = M * math.Exp(binomLogPMF(c.n, x, c.p))
				inside += exp[x-lo]
			}
			if below+above > 0 || inside < M*(1-1e-6) {
				// 12 SD covers all but ~10⁻²⁰ of the mass (the pmf from log Γ of
				// 10⁶ is good to ~10⁻⁹ relative).
				t.Fatalf("%g draws outside [%d, %d], expected mass there %.3g", below+above, lo, hi, M-inside)
			}
			// Pool the tails into cells of expected count ≥ 5.
			var cells [][2]float64
			var co, ce float64
			for i := range obs {
				co += obs[i]
				ce += exp[i]
				if ce >= 5 { // the left tail accumulates until it reaches 5
					cells = append(cells, [2]float64{co, ce})
					co, ce = 0, 0
				}
			}
			if ce > 0 { // right tail below 5: merge into the last cell
				last := &cells[len(cells)-1]
				last[0] += co
				last[1] += ce
			}
			var chi2 float64
			for _, cl := range cells {
				d := cl[0] - cl[1]
				chi2 += d * d / cl[1]
			}
			df := float64(len(cells) - 1)
			p := chiSquareSurvivalWH(chi2, df)
			t.Logf("chi-square %.1f on %g df, p = %.3g", chi2, df, p)
			if df < 5 || p < 1e-4 {
				t.Errorf("chi-square %.1f on %g df: p = %.2g, want > 1e-4 with df ≥ 5", chi2, df, p)
			}
		})
	}
}

// chiSquareSurvivalWH approximates P(χ²_df > x) by Wilson & Hilferty (1931):
// (x/df)^{1/3} is nearly normal with mean 1 − 2/(9df) and variance 2/(9df).
func chiSquareSurvivalWH(x, df float64) float64 {
	v := 2 / (9 * df)
	z := (math.Cbrt(x/df) - (1 - v)) / math.Sqrt(v)
	return 0.5 * math.Erfc(z/math.Sqrt2)
}

// btpeLogRatio (BTPE step 5.3) is log f(y)/f(M) to within the truncation of
// Stirling's series: compared with the sum of the logs of the exact ratios
// f(i)/f(i−1) = (n−i+1)/i · p/q (each log good to ~10⁻¹⁶ absolute, so the
// reference is good to ~10⁻¹² over 8000 terms; log Γ of 10⁷ is not: its
// rounding is ~10⁻⁸), over the values step 5.3 sees (|y − M| > 20) and
// beyond; agreement to 1e-10 absolute or 1e-12 relative.
func TestBTPELogRatio(t *testing.T) {
	for _, c := range []struct {
		n int
		p float64
	}{{100, 0.5}, {1000, 0.3}, {1_000_000, 0.01}, {10_000_000, 0.5}} {
		M := math.Floor(float64(c.n)*c.p + c.p)
		sd := math.Sqrt(float64(c.n) * c.p * (1 - c.p))
		s := c.p / (1 - c.p)
		for _, dy := range []float64{-5 * sd, -25, -21, 0, 21, 25, 5 * sd} {
			y := math.Max(0, math.Min(float64(c.n), math.Floor(M+dy)))
			got := btpeLogRatio(float64(c.n), c.p, M, y)
			var want float64
			for i := M + 1; i <= y; i++ {
				want += math.Log((float64(c.n) - i + 1) / i * s)
			}
			for i := y + 1; i <= M; i++ {
				want -= math.Log((float64(c.n) - i + 1) / i * s)
			}
			if math.Abs(got-want) > math.Max(1e-10, 1e-12*math.Abs(want)) {
				t.Errorf("n=%d p=%g M=%g y=%g: got %.12g, want %.12g ± max(1e-10, 1e-12 relative)", c.n, c.p, M, y, got, want)
			}
		}
	}
}

// Binomial is a pure function of the stream.
func TestBinomialDeterministic(t *testing.T) {
	a, b := Stream(3, 1), Stream(3, 1)
	for i := 0; i < 1000; i++ {
		n, p := 1+i*37, float64(i%97)/96
		if x, y := Binomial(a, n, p), Binomial(b, n, p); x != y {
			t.Fatalf("draw %d: %d != %d from the same stream", i, x, y)
		}
	}
}

var sinkInt int

// BenchmarkBinomial reports ns per draw on both sides of the switch.
func BenchmarkBinomial(b *testing.B) {
	for _, c := range []struct {
		n int
		p float64
	}{{100, 0.01}, {100, 0.05}, {1000, 0.005}, {1000, 0.0099}, {1000, 0.0101}, {1000, 0.02}, {1000, 0.03}, {1000, 0.3}, {10_000_000, 0.4}} {
		b.Run(fmt.Sprintf("n=%d,p=%g", c.n, c.p), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			for b.Loop() {
				sinkInt += Binomial(rng, c.n, c.p)
			}
		})
	}
}

// BenchmarkBinomialSwitch times inversion and BTPE at the same means
// (n = 1000) around BinomialInversionMax: the crossover behind it.
func BenchmarkBinomialSwitch(b *testing.B) {
	for _, mean := range []float64{1, 5, 10, 15, 20, 30, 50} {
		p := mean / 1000
		b.Run(fmt.Sprintf("inversion/mean%g", mean), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			logq := math.Log1p(-p)
			for b.Loop() {
				sinkInt += binomialInv(rng, 1000, p, logq)
			}
		})
		if mean >= 10 {
			b.Run(fmt.Sprintf("btpe/mean%g", mean), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				for b.Loop() {
					sinkInt += binomialBTPE(rng, 1000, p)
				}
			})
		}
	}
}
