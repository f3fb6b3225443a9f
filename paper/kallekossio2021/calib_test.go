package kallekossio2021

import (
	"context"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"neurolab/experiment"
)

// TestCalibrate prints every metric and check at the scale in KK_SCALE
// (opt-in; KK_SET="name=value,..." overrides parameters; KK_SEEDS="1,2,3"
// runs several seeds, default 1; KK_BRIEF=1 prints one line per seed).
func TestCalibrate(t *testing.T) {
	sc := os.Getenv("KK_SCALE")
	if sc == "" {
		t.Skip("set KK_SCALE=quick|default to run")
	}
	s, _ := experiment.ParseScale(sc)
	set := map[string]string{}
	for _, kv := range strings.Split(os.Getenv("KK_SET"), ",") {
		if a, b, ok := strings.Cut(kv, "="); ok {
			set[a] = b
		}
	}
	seeds := []uint64{1}
	if v := os.Getenv("KK_SEEDS"); v != "" {
		seeds = nil
		for _, f := range strings.Split(v, ",") {
			x, _ := strconv.ParseUint(f, 10, 64)
			seeds = append(seeds, x)
		}
	}
	for _, seed := range seeds {
		t0, c0 := time.Now(), cpuSeconds()
		res, err := New().Run(context.Background(), experiment.Config{Seed: seed, Scale: s, Workers: 2, Set: set})
		if err != nil {
			t.Fatal(err)
		}
		wall, cpu := time.Since(t0), cpuSeconds()-c0
		m := res.Metrics
		if os.Getenv("KK_BRIEF") != "" {
			fails := []string{}
			for _, c := range res.Checks {
				if !c.Pass {
					fails = append(fails, c.Name)
				}
			}
			t.Logf("seed %d: ari %.3f trans %.0f int %.0f cv %.2f sp %.3f minratio %.1f inrange %.0f/%.0f accP %.3f accF %.3f rate %.3f short %.0f size %.0f-%.0f cpu %.1fs wall %.1fs fails %v",
				seed, m["ari_t0_tend"], m["transitions"], m["intervals"], m["interval_cv"], m["spacing_over_mean_interval"],
				m["min_within_between_ratio"], m["checkpoints_with_m_pm1"], m["checkpoints"], m["accuracy_plastic"], m["accuracy_fixed"],
				m["rate_hz"], m["intervals_one_spacing"], m["min_assembly_size"], m["max_assembly_size"], cpu, wall.Seconds(), fails)
			continue
		}
		t.Logf("seed %d wall %v cpu %.1fs", seed, wall, cpu)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%s = %g", k, m[k])
		}
		for _, c := range res.Checks {
			t.Logf("check %s: %g %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
		}
	}
}
