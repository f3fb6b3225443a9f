package deconv_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/deconv"
)

// pearson returns the correlation coefficient of a and b.
func pearson(a, b []float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(len(a))
	mb /= float64(len(b))
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

// Example is the typical user flow: a fluorescence trace y_t = b + c_t + σ ε_t
// with AR(1) calcium c_t = g c_{t−1} + s_t (Friedrich et al. 2017, eq. 1–3)
// is deconvolved with every parameter estimated from the data: the noise σ
// from the power spectrum, the decay g from the autocovariance, the baseline
// b, and the noise-constrained penalty λ of eq. 5.
func Example() {
	const (
		T     = 2000
		g     = 0.95 // planted decay per frame
		sigma = 0.2  // planted noise SD
		base  = 1.0  // planted baseline
	)
	rng := rand.New(rand.NewPCG(1, 2))
	spikes := make([]float64, T)
	y := make([]float64, T)
	planted, c := 0, 0.0
	for t := range y {
		if rng.Float64() < 0.02 {
			spikes[t] = 1
			planted++
		}
		c = g*c + spikes[t]
		y[t] = base + c + sigma*rng.NormFloat64()
	}

	r, err := deconv.Deconvolve(y, deconv.Options{Constrained: true, Baseline: true})
	if err != nil {
		panic(err)
	}
	detected := 0
	for _, s := range r.S {
		if s > 0.5 { // events of at least half a planted spike
			detected++
		}
	}
	// The decay estimate carries the reference toolbox's fudge factor 0.98
	// (slightly too fast a decay), which the baseline partly absorbs.
	fmt.Println("planted spikes:", planted)
	fmt.Println("noise SD within 10 % of planted:", math.Abs(r.Sn-sigma) < 0.1*sigma)
	fmt.Println("decay g within 5 % of planted:", math.Abs(r.G-g) < 0.05*g)
	fmt.Println("baseline within 0.2 of planted:", math.Abs(r.B-base) < 0.2)
	fmt.Println("spike correlation > 0.8:", pearson(r.S, spikes) > 0.8)
	fmt.Println("events detected within 10 % of planted:", math.Abs(float64(detected-planted)) <= 0.1*float64(planted))
	// Output:
	// planted spikes: 41
	// noise SD within 10 % of planted: true
	// decay g within 5 % of planted: true
	// baseline within 0.2 of planted: true
	// spike correlation > 0.8: true
	// events detected within 10 % of planted: true
}

// ExampleOASISAR1 calls the solver directly with a known decay g and a fixed
// penalty λ (Friedrich et al. 2017, Algorithm 1). On a noiseless trace with
// λ = 0 the planted spikes come back exactly; λ > 0 shrinks the spikes and
// drops the ones too small to pay for their penalty (eq. 4).
func ExampleOASISAR1() {
	const g = 0.9
	y := make([]float64, 60)
	spikes := make([]float64, len(y))
	spikes[5], spikes[20], spikes[21], spikes[40] = 1, 2, 0.5, 0.1
	c := 0.0
	for t := range y {
		c = g*c + spikes[t]
		y[t] = c
	}
	ch, s := make([]float64, len(y)), make([]float64, len(y))
	for _, lambda := range []float64{0, 1} {
		deconv.OASISAR1(ch, s, y, g, lambda, 0)
		fmt.Printf("λ = %g:", lambda)
		for t, v := range s {
			if v > 1e-9 {
				fmt.Printf(" s[%d] = %.2f", t, v)
			}
		}
		fmt.Println()
	}
	// Output:
	// λ = 0: s[5] = 1.00 s[20] = 2.00 s[21] = 0.50 s[40] = 0.10
	// λ = 1: s[5] = 0.84 s[20] = 1.93 s[21] = 0.41
}

// ExampleDeconvolve_ar2 deconvolves a trace whose calcium follows the AR(2)
// model c_t = g1 c_{t−1} + g2 c_{t−2} + s_t, which captures the indicator's
// rise as well as its decay (Friedrich et al. 2017, eq. 1 with p = 2). Here
// the coefficients are given (G, G2) and λ is noise-constrained; leave G and
// G2 at zero to estimate them with DecayAR2.
func ExampleDeconvolve_ar2() {
	const (
		T     = 2000
		decay = 0.95 // slow root d: decay per frame
		rise  = 0.5  // fast root r: rise
		sigma = 0.1
	)
	g1, g2 := decay+rise, -decay*rise // z² − g1 z − g2 = (z − d)(z − r)
	rng := rand.New(rand.NewPCG(3, 4))
	spikes := make([]float64, T)
	y := make([]float64, T)
	var c1, c2 float64
	for t := range y {
		if rng.Float64() < 0.02 {
			spikes[t] = 1
		}
		c := g1*c1 + g2*c2 + spikes[t]
		c1, c2 = c, c1
		y[t] = c + sigma*rng.NormFloat64()
	}

	r, err := deconv.Deconvolve(y, deconv.Options{AR: 2, G: g1, G2: g2, Constrained: true})
	if err != nil {
		panic(err)
	}
	// The coefficients can also be estimated from the trace by the
	// noise-corrected Yule–Walker equations (fudge 1: no shrinkage); the
	// slow root of z² − g1 z − g2 is the decay.
	g1e, g2e, err := deconv.DecayAR2(y, r.Sn, 0, 1)
	if err != nil {
		panic(err)
	}
	d, _ := deconv.RootsAR2(g1e, g2e)
	fmt.Println("spike correlation > 0.8:", pearson(r.S, spikes) > 0.8)
	fmt.Println("estimated decay root within 3 % of planted:", math.Abs(real(d)-decay) < 0.03*decay)
	// Output:
	// spike correlation > 0.8: true
	// estimated decay root within 3 % of planted: true
}

// ExampleDeconvolveRows deconvolves a cells × frames matrix, one trace per
// row, on several goroutines with the recommended options; each row's
// Result is the one Deconvolve gives for that row alone.
func ExampleDeconvolveRows() {
	const (
		cells, T = 3, 1500
		g        = 0.95
	)
	rng := rand.New(rand.NewPCG(3, 4))
	Y := mat.NewDense(cells, T, nil)
	spikes := make([][]float64, cells)
	for i := range spikes {
		spikes[i] = make([]float64, T)
		c := 0.0
		for t := 0; t < T; t++ {
			if rng.Float64() < 0.02 {
				spikes[i][t] = 1
			}
			c = g*c + spikes[i][t]
			Y.Set(i, t, 2+c+0.2*rng.NormFloat64())
		}
	}
	rs, err := deconv.DeconvolveRows(context.Background(), Y, deconv.Options{Constrained: true, Baseline: true, Workers: 4})
	if err != nil {
		panic(err)
	}
	for i, r := range rs {
		fmt.Printf("cell %d: baseline within 0.2 of 2: %v, spike correlation > 0.8: %v\n",
			i, math.Abs(r.B-2) < 0.2, pearson(r.S, spikes[i]) > 0.8)
	}
	// Output:
	// cell 0: baseline within 0.2 of 2: true, spike correlation > 0.8: true
	// cell 1: baseline within 0.2 of 2: true, spike correlation > 0.8: true
	// cell 2: baseline within 0.2 of 2: true, spike correlation > 0.8: true
}
