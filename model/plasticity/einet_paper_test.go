package plasticity

import (
	"math"
	"math/rand/v2"
	"testing"
)

// PaperEINetConfig holds the competitive-hebbian spec's values exactly
// (authors' config.py: sizes, Δt, τ, a, n, e = 0.1 and the L1 budgets).
func TestPaperEINetConfig(t *testing.T) {
	c := PaperEINetConfig()
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"N_E", float64(c.NE), 80},
		{"N_I", float64(c.NI), 20},
		{"N_in", float64(c.NIn), 80},
		{"dt (ms)", c.Dt, 10},
		{"tau_E (ms)", c.TauE, 20},
		{"tau_I (ms)", c.TauI, 17},
		{"a (Hz)", c.Gain, 0.04},
		{"n", c.Power, 2},
		{"e", c.LearningScale, 0.1},
		{"budget W+U", c.Budgets[0], 0.6},
		{"budget M", c.Budgets[1], 0.3},
		{"budget K+Q", c.Budgets[2], 0.85},
		{"budget P", c.Budgets[3], 0.35},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %v, want %v exactly", tc.got, tc.want)
			}
		})
	}
}

// New sets Δt/τ_E = 1/2 and Δt/τ_I = 1/1.7 (the spec's Euler factors), η =
// e·(0.10, 0.15, 0.20, 0.25)·1e-7, the budgets and normalisation on; the
// initial weights are non-negative, every row of W, M, K and P sits on its
// budget, U and Q are exactly zero, the state is zero, and the same seed
// gives the same weights.
func TestEINetConfigNew(t *testing.T) {
	c := PaperEINetConfig()
	c.NE, c.NI, c.NIn = 12, 5, 16
	c.LearningScale = 2
	n := c.New(rand.New(rand.NewPCG(3, 4)))
	near := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol*math.Abs(want) {
			t.Errorf("%s: got %.17g, want %.17g ± %g rel", name, got, want, tol)
		}
	}
	near("Δt/τ_E", n.DtTauE, 0.5, 0)
	near("Δt/τ_I", n.DtTauI, 1/1.7, 1e-15)
	near("a", n.Gain, 0.04, 0)
	near("n", n.Power, 2, 0)
	for i, want := range []float64{2e-8, 3e-8, 4e-8, 5e-8} {
		near("η", n.Eta[i], want, 1e-15)
	}
	if n.Budgets != c.Budgets || !n.Normalise {
		t.Errorf("budgets %v, normalise %v: want %v, true", n.Budgets, n.Normalise, c.Budgets)
	}
	for i := 0; i < c.NE; i++ {
		near("‖W_i‖₁+‖U_i‖₁", RowNorm(L1, i, n.W, n.U), 0.6, 1e-12)
		near("‖M_i‖₁", RowNorm(L1, i, n.M), 0.3, 1e-12)
	}
	for i := 0; i < c.NI; i++ {
		near("‖K_i‖₁+‖Q_i‖₁", RowNorm(L1, i, n.K, n.Q), 0.85, 1e-12)
		near("‖P_i‖₁", RowNorm(L1, i, n.P), 0.35, 1e-12)
	}
	for name, m := range map[string]*Dense{"W": n.W, "M": n.M, "K": n.K, "P": n.P} {
		for _, w := range m.Data {
			if !(w >= 0) {
				t.Fatalf("%s: got weight %g, want ≥ 0", name, w)
			}
		}
	}
	for name, m := range map[string]*Dense{"U": n.U, "Q": n.Q} {
		for _, w := range m.Data {
			if w != 0 {
				t.Fatalf("%s: got weight %g, want 0", name, w)
			}
		}
	}
	for _, v := range [][]float64{n.XE, n.XI, n.YE, n.YI} {
		for _, x := range v {
			if x != 0 {
				t.Fatalf("initial state: got %g, want 0", x)
			}
		}
	}
	n2 := c.New(rand.New(rand.NewPCG(3, 4)))
	for k, pair := range [][2]*Dense{{n.W, n2.W}, {n.M, n2.M}, {n.K, n2.K}, {n.P, n2.P}} {
		for i := range pair[0].Data {
			if pair[0].Data[i] != pair[1].Data[i] {
				t.Fatalf("matrix %d entry %d: same seed gives %g and %g", k, i, pair[0].Data[i], pair[1].Data[i])
			}
		}
	}
}

func TestEINetConfigBad(t *testing.T) {
	for name, mod := range map[string]func(*EINetConfig){
		"no E cells":   func(c *EINetConfig) { c.NE = 0 },
		"zero dt":      func(c *EINetConfig) { c.Dt = 0 },
		"NaN tau_I":    func(c *EINetConfig) { c.TauI = math.NaN() },
		"no I cells":   func(c *EINetConfig) { c.NI = 0 },
		"no inputs":    func(c *EINetConfig) { c.NIn = 0 },
		"negative τ_E": func(c *EINetConfig) { c.TauE = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			c := PaperEINetConfig()
			mod(&c)
			defer func() {
				if recover() == nil {
					t.Errorf("got no panic, want one")
				}
			}()
			c.New(rand.New(rand.NewPCG(1, 1)))
		})
	}
}
