package zhang2022

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/internal/num"
	"neurolab/model/attractor"
)

func run(t *testing.T, scale experiment.Scale, workers int, set map[string]string) *experiment.Result {
	t.Helper()
	return exptest.Run(t, New(), scale, workers, set)
}

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

func TestQuick(t *testing.T) {
	start := time.Now()
	res := run(t, experiment.Quick, 2, nil)
	t.Logf("quick scale: %v", time.Since(start))
	exptest.AllPass(t, res, -1, knownShortfall)
	// The product rule's expected count comes from the single node itself:
	// bistable at the paper's node parameters, so 2^6 = 64.
	if k := res.Metrics["product_rule_node_stable"]; k != 2 {
		t.Errorf("product_rule_node_stable: got %v, want 2 (a bistable node)", k)
	}
}

func TestDefaultScale(t *testing.T) {
	if os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1")
	}
	start := time.Now()
	res := run(t, experiment.Default, 2, nil)
	t.Logf("default scale: %v", time.Since(start))
	exptest.Log(t, res)
	exptest.AllPass(t, res, -1, knownShortfall)
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	set := map[string]string{"seeds": "16", "g_max": "1.5", "t_noise": "20"}
	a := run(t, experiment.Quick, 1, set)
	b := run(t, experiment.Quick, 2, set)
	exptest.SameMetrics(t, a, b)
}

func TestBadParams(t *testing.T) {
	for name, set := range map[string]map[string]string{
		"g_step > g_max": {"g_step": "3", "g_max": "2"},
		"negative sigma": {"sigma": "-1"},
		"negative g_fc":  {"g_fc": "-1"},
		"unknown":        {"nope": "1"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := New().Validate(experiment.Config{Scale: experiment.Quick, Set: set}); !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got %v, want ErrInput", err)
			}
		})
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
