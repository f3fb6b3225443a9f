package plasticity

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// EINetConfig holds the settings of the E/I network of Eckmann, Young &
// Gjorgjieva (PNAS 2024) in the paper's units. PaperEINetConfig returns the
// paper's values (authors' config.py, sim.py and init.py at commit 6bcb4ee,
// as the competitive-hebbian spec lists them); New builds and initialises
// the network.
type EINetConfig struct {
	NE, NI, NIn int     // E (PC), I (PV) and input (L4) cells
	Dt          float64 // Euler step Δt (ms)
	TauE, TauI  float64 // membrane time constants τ_E, τ_I (ms)
	Gain, Power float64 // a (Hz) and n of the rate function y = a·[x]_+^n
	// LearningScale is e in (η1, η2, η3, η4) = e·(0.10, 0.15, 0.20, 0.25)·1e-7.
	LearningScale float64
	// Budgets are the L1 row budgets of W+U, M, K+Q and P (EINet.Budgets).
	Budgets [4]float64
}

// etaBase are the relative learning rates of η1..η4 (times e·1e-7).
var etaBase = [4]float64{0.10, 0.15, 0.20, 0.25}

// PaperEINetConfig returns the paper's settings: N_E = 80, N_I = 20,
// N_in = 80, Δt = 10 ms, τ_E = 20 ms, τ_I = 17 ms, y = 0.04·[x]_+², e = 0.1
// (η = (1, 1.5, 2, 2.5)·1e-9) and budgets (0.6, 0.3, 0.85, 0.35). The
// spec's default-scale run uses e = 2 for 10⁶ steps instead of the paper's
// e = 0.1 for 2·10⁷ (same e·T).
func PaperEINetConfig() EINetConfig {
	return EINetConfig{
		NE: 80, NI: 20, NIn: 80,
		Dt: 10, TauE: 20, TauI: 17,
		Gain: 0.04, Power: 2,
		LearningScale: 0.1,
		Budgets:       [4]float64{0.6, 0.3, 0.85, 0.35},
	}
}

// New returns an EINet with these settings (Δt/τ_E, Δt/τ_I, a, n, η, the
// budgets, normalisation on), zero state and the paper's initial weights
// drawn from rng (init.py): W, K ~ |N(0.2, 0.1)| and M, P ~
// |N(2e-4, 1e-4)| elementwise, in that order, each then normalised alone to
// its row budget (W to that of W+U, K to that of K+Q); U and Q are
// normalised to 0 in the paper, so they start at exactly 0 and are not
// drawn. It panics if a size, Δt or a time constant is not positive.
func (c EINetConfig) New(rng *rand.Rand) *EINet {
	if c.NE < 1 || c.NI < 1 || c.NIn < 1 || !(c.Dt > 0) || !(c.TauE > 0) || !(c.TauI > 0) {
		panic(fmt.Sprintf("plasticity: EINetConfig with sizes %d, %d, %d, Δt %g, τ_E %g, τ_I %g", c.NE, c.NI, c.NIn, c.Dt, c.TauE, c.TauI))
	}
	n := NewEINet(c.NE, c.NI, c.NIn)
	n.DtTauE, n.DtTauI = c.Dt/c.TauE, c.Dt/c.TauI
	n.Gain, n.Power = c.Gain, c.Power
	for i, base := range etaBase {
		n.Eta[i] = c.LearningScale * base * 1e-7
	}
	n.Budgets = c.Budgets
	fill := func(m *Dense, mu, sd float64) {
		for i := range m.Data {
			m.Data[i] = math.Abs(mu + sd*rng.NormFloat64())
		}
	}
	fill(n.W, 0.2, 0.1)
	fill(n.K, 0.2, 0.1)
	fill(n.M, 2e-4, 1e-4)
	fill(n.P, 2e-4, 1e-4)
	NormalizeRows(L1, c.Budgets[0], n.W)
	NormalizeRows(L1, c.Budgets[1], n.M)
	NormalizeRows(L1, c.Budgets[2], n.K)
	NormalizeRows(L1, c.Budgets[3], n.P)
	return n
}
