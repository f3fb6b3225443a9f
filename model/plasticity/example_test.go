package plasticity_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/model/plasticity"
)

// Example combines the Hebbian outer-product update with weight clipping and
// competitive L1 row normalisation (Eckmann et al. 2024, Methods), the
// building blocks of plastic rate networks. One linear cell y = w·x receives
// ten inputs; inputs 0–2 share a common signal (correlated), the others are
// independent. Under Hebb's rule Δw = η·y·x the weights follow the input
// covariance, and with a fixed L1 budget the correlated group, the
// covariance's leading direction, wins almost all of it.
func Example() {
	const nIn, budget = 10, 1.0
	rng := rand.New(rand.NewPCG(1, 2))
	w := plasticity.NewDense(1, nIn) // row 0: synapses onto the one cell
	for j := range w.Data {
		w.Data[j] = 0.5 + 0.1*rng.NormFloat64()
	}
	plasticity.NormalizeRows(plasticity.L1, budget, w)

	x := make([]float64, nIn)
	y := make([]float64, 1)
	for step := 0; step < 5000; step++ {
		s := rng.NormFloat64() // shared signal
		for j := range x {
			x[j] = rng.NormFloat64()
			if j < 3 {
				x[j] += 2 * s
			}
		}
		y[0] = 0
		w.MulVecAdd(y, 1, x)
		plasticity.Hebb(w, 0.0005, y, x)
		plasticity.Clip(w.Data, 0, math.Inf(1))
		plasticity.NormalizeRows(plasticity.L1, budget, w)
	}
	group := w.Data[0] + w.Data[1] + w.Data[2]
	fmt.Printf("row L1 norm: %.3f\n", plasticity.RowNorm(plasticity.L1, 0, w))
	fmt.Println("share of the budget on the correlated inputs above 0.9:", group/budget > 0.9)
	// Output:
	// row L1 norm: 1.000
	// share of the budget on the correlated inputs above 0.9: true
}

// ExampleEINet_Step runs the E/I rate network of Eckmann, Young & Gjorgjieva
// (PNAS 2024) with all six matrices plastic under orientation-tuned input.
// The synapse-type-specific normalisation holds every row's L1 budget (W and
// U jointly for E cells) while recurrent E→E weights U grow from zero.
func ExampleEINet_Step() {
	const nIn = 20
	rng := rand.New(rand.NewPCG(1, 2))
	c := plasticity.PaperEINetConfig() // Δt, τ, rate function, budgets of the paper
	c.NE, c.NI, c.NIn = 20, 5, nIn     // a smaller network
	c.LearningScale = 1000             // η = (1, 1.5, 2, 2.5)·1e-5: fast, for a short run
	n := c.New(rng)                    // the paper's initial weights, normalised

	yin := make([]float64, nIn)
	finite := true
	for step := 0; step < 1000 && finite; step++ {
		if step%20 == 0 { // a new stimulus orientation θ every 20 steps
			theta := rng.Float64() * math.Pi
			for k := range yin {
				d := math.Abs(theta - float64(k)*math.Pi/nIn)
				d = min(d, math.Pi-d)
				yin[k] = 140 * math.Exp(-d*d/(2*0.2*0.2))
			}
		}
		finite = n.Step(yin, true)
	}
	fmt.Println("rates finite:", finite)
	fmt.Println("row budgets held within 1e-9:", n.MaxNormDev < 1e-9)
	fmt.Printf("‖W_0‖₁ + ‖U_0‖₁ = %.2f\n", plasticity.RowNorm(plasticity.L1, 0, n.W, n.U))
	fmt.Println("U grew from zero:", plasticity.RowNorm(plasticity.L1, 0, n.U) > 0)
	// Output:
	// rates finite: true
	// row budgets held within 1e-9: true
	// ‖W_0‖₁ + ‖U_0‖₁ = 0.60
	// U grew from zero: true
}

// ExampleSites_Turnover applies the random synaptic turnover of Acker,
// Paradis & Miller (2019, model 2): each day n of the N synapses of a cell are
// removed and n new ones form at free sites. The fraction of the original
// synapses that survive d days is about (1 − n/N)^d.
func ExampleSites_Turnover() {
	const total, N, n, days = 5000, 400, 40, 10
	rng := rand.New(rand.NewPCG(1, 2))
	original := func(*rand.Rand) float64 { return 1 } // mark the original synapses by weight 1
	fresh := func(*rand.Rand) float64 { return 0 }
	s := plasticity.NewSites(rng, total, N, original)
	for d := 0; d < days; d++ {
		s.Turnover(rng, n, fresh, nil, nil)
	}
	var survived float64
	for _, w := range s.W {
		survived += w
	}
	want := math.Pow(1-float64(n)/N, days) // 0.349
	fmt.Println("synapses:", len(s.Index))
	fmt.Println("surviving fraction within 0.1 of (1 − n/N)^d:", math.Abs(survived/N-want) < 0.1)
	// Output:
	// synapses: 400
	// surviving fraction within 0.1 of (1 − n/N)^d: true
}

// ExampleGainBias_Step applies the encoding homeostasis of Rule & O'Leary
// (PNAS 2022): a unit with rate λ = exp(γx + β) adjusts its bias and gain,
// β += k_β·ε_μ and γ += k_γ·ε_σ, until its rates over the inputs x have the
// target mean μ* = 4 and standard deviation σ* = 5.
func ExampleGainBias_Step() {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 60)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	g := plasticity.NewGainBias(1, 0, -2, 4, 5) // γ = 0, β = −2, μ* = 4, σ* = 5
	lam := make([]float64, len(x))
	for it := 0; it < 2000; it++ {
		for i := range x {
			lam[i] = math.Exp(g.Gamma[0]*x[i] + g.Beta[0])
		}
		g.Step(0, lam, 0.2, 0.1)
	}
	mean, sd := plasticity.MeanSD(lam)
	fmt.Printf("mean %.2f, SD %.2f\n", mean, sd)
	// Output:
	// mean 4.00, SD 5.00
}
