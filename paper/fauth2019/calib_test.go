package fauth2019

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

// TestCalibrate prints every metric and check at the scale in FAUTH_SCALE
// (opt-in; FAUTH_SEED sets the seed, default 1; FAUTH_SET="name=value,..."
// overrides parameters).
func TestCalibrate(t *testing.T) {
	sc := os.Getenv("FAUTH_SCALE")
	if sc == "" {
		t.Skip("set FAUTH_SCALE=quick|default to run")
	}
	s, _ := experiment.ParseScale(sc)
	set := map[string]string{}
	for _, kv := range strings.Split(os.Getenv("FAUTH_SET"), ",") {
		if a, b, ok := strings.Cut(kv, "="); ok {
			set[a] = b
		}
	}
	seed := uint64(1)
	if v, err := strconv.ParseUint(os.Getenv("FAUTH_SEED"), 10, 64); err == nil {
		seed = v
	}
	t0 := time.Now()
	res, err := New().Run(context.Background(), experiment.Config{Seed: seed, Scale: s, Workers: 2, Set: set})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wall %v", time.Since(t0))
	keys := make([]string, 0, len(res.Metrics))
	for k := range res.Metrics {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%s = %g", k, res.Metrics[k])
	}
	for _, c := range res.Checks {
		t.Logf("check %s: %g %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
	}
}
