package zhang2022

import (
	"context"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/internal/num"
	"neurolab/model/attractor"
)

// knownShortfall lists checks that fail honestly, with what was measured.
// None at present (seed 1). History: noise_fc_nontrivial failed when check
// 4 took the slowest attractor over every G with ≥ 2 attractors (G = 1.5,
// −3.19 s⁻¹, predicted FC ≤ 0.125); it now follows the spec's reference
// protocol, the slowest attractor at G = g_fc = 1.0: quick 0.507
// (−9.86 s⁻¹, 15 attractors), default 0.488 (−9.56 s⁻¹, 22 attractors),
// simulation within 0.034 of the Lyapunov FC at both scales. The slowest
// attractor at the other G of the default sweep has predicted FC 0 (G =
// 0.5, tie at −10 s⁻¹ with the all-low state), 0.125 (1.5), 0.173 (2),
// 0.112 (2.5), ≤ 0.06 (3–4.5), 0.249 (5): the ≥ 0.3 bar holds only at
// the spec's reference G.
var knownShortfall = map[string]string{}

var want = exptest.Want{Known: knownShortfall}

func TestQuick(t *testing.T) {
	res := exptest.Quick(t, New())
	exptest.AllPass(t, res, want)
	// The product rule's expected count comes from the single node itself:
	// bistable at the paper's node parameters, so 2^6 = 64.
	if k := res.Metrics["product_rule_node_stable"]; k != 2 {
		t.Errorf("product_rule_node_stable: got %v, want 2 (a bistable node)", k)
	}
}

func TestDefaultScale(t *testing.T) { exptest.AllPass(t, exptest.Default(t, New()), want) }

func TestDeterministicAcrossWorkers(t *testing.T) {
	exptest.Deterministic(t, New(), map[string]string{"seeds": "16", "g_max": "1.5", "t_noise": "20"})
}

func TestBadParams(t *testing.T) {
	exptest.Invalid(t, New(), map[string]map[string]string{
		"g_step > g_max": {"g_step": "3", "g_max": "2"},
		"negative sigma": {"sigma": "-1"},
		"negative g_fc":  {"g_fc": "-1"},
		"unknown":        {"nope": "1"},
		// Found by the parameter-edge audit: one noise sample gave NaN FC
		// metrics and exit 3.
		"t_noise < 21 dt": {"t_noise": "0.0001"},
	})
}

// TestTNoiseBound checks the t_noise bound's message and its edge: 21 steps
// of dt give 3 samples, the fewest a correlation needs.
func TestTNoiseBound(t *testing.T) {
	err := New().Validate(experiment.Config{Scale: experiment.Quick, Set: map[string]string{"t_noise": "0.01"}})
	const want = "bad value 0.01 for parameter t_noise: want at least 21·dt = 0.0105 s (3 samples of the noise-driven state, one every 10 steps)"
	if err == nil || err.Error() != want {
		t.Errorf("t_noise = 0.01: got %v, want %q", err, want)
	}
	if err := New().Validate(experiment.Config{Scale: experiment.Quick, Set: map[string]string{"t_noise": "0.0105"}}); err != nil {
		t.Errorf("t_noise = 0.0105 (21 steps): got %v, want nil", err)
	}
}

// TestStableAt checks that check 4 reuses the sweep's attractors when g_fc
// is a sweep point and otherwise searches at g_fc itself.
func TestStableAt(t *testing.T) {
	p := Default(experiment.Quick)
	sc := syntheticSC(num.Stream(1, tagSC), 4, p.Between)
	seeds := seedsFor(num.Stream(1, tagSeeds), 4, 8)
	ctx := context.Background()
	sentinel := []attractor.FixedPoint{{}, {}, {}}
	sweep := []gResult{{g: 1, stable: sentinel}}
	t.Run("on the sweep", func(t *testing.T) {
		p.GFC = 1
		got, err := stableAt(ctx, p, sc, sweep, seeds, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(sentinel) {
			t.Errorf("got %d fixed points, want the sweep's %d", len(got), len(sentinel))
		}
	})
	t.Run("off the sweep", func(t *testing.T) {
		p.GFC = 0 // uncoupled, I_E = 0: each node has only its quiescent state
		got, err := stableAt(ctx, p, sc, sweep, seeds, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || meanSE(got[0].X, 4) > 1e-6 {
			t.Errorf("got %d fixed points, want 1 (all-low)", len(got))
		}
	})
}

// BenchmarkAttractorSearchN16Seeds530 is one G of the default sweep: 512
// uniform + 18 patterned seeds on the 16-region synthetic connectome at
// G = 1.5 (the richest repertoire).
func BenchmarkAttractorSearchN16Seeds530(b *testing.B) {
	p := Default(experiment.Default)
	c := syntheticSC(num.Stream(1, tagSC), 16, p.Between)
	seeds := seedsFor(num.Stream(1, tagSeeds), 16, p.Seeds)
	for i := 0; i < b.N; i++ {
		if _, err := search(context.Background(), p, c, 1.5, 0, seeds, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNoCoordinationFigure checks a run where no swept G has 2 stable fixed
// points (a_E = 0.31, a thousandth of the paper's gain): the coordination
// across attractors is undefined and its heat map came out blank; now the
// figure is left out with a note.
func TestNoCoordinationFigure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the experiment (about 10 s)")
	}
	res := exptest.Run(t, New(), experiment.Quick, 2, map[string]string{"a_E": "0.31", "seeds": "16", "g_max": "1"})
	for _, f := range res.Figures {
		if f.Name == "coordination-vs-fc" {
			t.Errorf("got the coordination-vs-fc figure, want it left out (no G with 2 attractors)")
		}
	}
	exptest.Noted(t, res, "coordination-vs-fc figure is left out")
}

// TestGKey checks the G part of per-G metric names: unchanged at the spec's
// step (0.50), distinct for every G of a finer sweep.
func TestGKey(t *testing.T) {
	for _, c := range []struct {
		g, step float64
		want    string
	}{{0.5, 0.5, "0.50"}, {5, 0.5, "5.00"}, {0.25, 0.25, "0.25"}, {0.005, 0.005, "0.005"}, {0.0005, 0.0005, "0.0005"}, {1.0 / 3, 1.0 / 3, "0.333333"}} {
		if got := gKey(c.g, c.step); got != c.want {
			t.Errorf("gKey(%g, %g): got %q, want %q", c.g, c.step, got, c.want)
		}
	}
	seen := map[string]bool{}
	for k := 0; k <= 200; k++ {
		key := gKey(float64(k)*0.005, 0.005)
		if seen[key] {
			t.Fatalf("g_step 0.005: key %q repeats at k = %d", key, k)
		}
		seen[key] = true
	}
}
