package herbert2022

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

// small is a tiny configuration for behavioural tests (not for the claims).
var small = map[string]string{"n_spectra": "100", "seeds": "2", "n": "200", "t_max": "20"}

func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func TestMeta(t *testing.T) {
	m := New().Meta()
	if m.ID != "sparse-lowrank" || m.Family != "dynamics" || !experiment.ValidID(m.ID) {
		t.Errorf("got id %q family %q, want sparse-lowrank dynamics", m.ID, m.Family)
	}
	want := []string{"n_spectra", "seeds", "s_spectra", "lambda0", "n", "s", "lambda0_regimes", "r_chaos", "r_decay", "dt", "t_max"}
	var got []string
	for _, p := range m.Params {
		got = append(got, p.Name)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got params %v, want %v", got, want)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		set  map[string]string
		want []string // substrings of the message
	}{
		{"s = 1", map[string]string{"s": "1"}, []string{"s", "[0,1)"}},
		{"s negative", map[string]string{"s": "-0.1"}, []string{"s", "[0,1)"}},
		{"s_spectra 1", map[string]string{"s_spectra": "0.5,1"}, []string{"s_spectra", "[0,1)"}},
		{"s_spectra not a number", map[string]string{"s_spectra": "0.5,abc"}, []string{"s_spectra", "not a number"}},
		{"s_spectra repeated", map[string]string{"s_spectra": "0.5,0.5"}, []string{"s_spectra", "repeated"}},
		{"dt zero", map[string]string{"dt": "0"}, []string{"dt", "(0,inf)"}},
		{"n zero", map[string]string{"n": "0"}, []string{"n", "[10,inf)"}},
		{"seeds zero", map[string]string{"seeds": "0"}, []string{"seeds"}},
		{"too few steps", map[string]string{"t_max": "0.1", "dt": "0.1"}, []string{"t_max", "dt"}},
		{"unreachable r", map[string]string{"s": "0.999", "n": "10"}, []string{"r_chaos", "unreachable"}},
		{"s = 0 for regimes", map[string]string{"s": "0"}, []string{"r_chaos", "s > 0"}},
		{"unknown", map[string]string{"bogus": "1"}, []string{"bogus", "n_spectra"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := experiment.Config{Seed: 1, Scale: experiment.Quick, Set: tc.set}
			if err := New().Validate(cfg); err == nil || !errors.Is(err, experiment.ErrInput) {
				t.Fatalf("Validate: got %v, want an input error", err)
			}
			_, err := New().Run(context.Background(), cfg)
			if !errors.Is(err, experiment.ErrInput) {
				t.Fatalf("Run: got %v, want an input error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got message %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestDiverged(t *testing.T) {
	// Forward Euler on the leak alone multiplies x by (1-dt) = -2 per step.
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick,
		Set: with(small, "dt", "3", "t_max", "300")})
	var d *experiment.DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("got %v, want a DivergedError", err)
	}
	if d.T != 150 || d.Unit != "τ" {
		t.Errorf("diverged at t = %g %s, want detection at t = 150 τ (step 50)", d.T, d.Unit)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New().Run(ctx, experiment.Config{Seed: 1, Scale: experiment.Quick, Set: small}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestWorkersDeterminism checks that results do not depend on cfg.Workers
// (one stream per network and per regime run).
func TestWorkersDeterminism(t *testing.T) {
	var res [2]*experiment.Result
	for i, w := range []int{1, 2} {
		r, err := New().Run(context.Background(), experiment.Config{Seed: 3, Scale: experiment.Quick, Workers: w, Set: small})
		if err != nil {
			t.Fatal(err)
		}
		res[i] = r
	}
	if !reflect.DeepEqual(res[0].Metrics, res[1].Metrics) {
		for k, v := range res[0].Metrics {
			if res[1].Metrics[k] != v {
				t.Errorf("metric %s: workers 1 got %v, workers 2 got %v", k, v, res[1].Metrics[k])
			}
		}
	}
	if !reflect.DeepEqual(res[0].Checks, res[1].Checks) {
		t.Errorf("checks differ between workers 1 and 2")
	}
}

// TestGridIndependence checks that the spectrum at one s does not depend on
// which other sparsities are in the grid (mask streams are keyed by s).
func TestGridIndependence(t *testing.T) {
	a, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: with(small, "s_spectra", "0.5,0.9")})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: with(small, "s_spectra", "0.9")})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"outlier_mean_s0.9", "bulk_edge_mean_s0.9", "bulk_ratio_median_s0.9"} {
		if a.Metrics[k] != b.Metrics[k] {
			t.Errorf("%s: got %v with s = 0.5 in the grid, %v without", k, a.Metrics[k], b.Metrics[k])
		}
	}
}

// TestDenseLimit includes s = 0: no decomposition, the outlier is exactly
// nᵀm/N and no bulk check is made for it.
func TestDenseLimit(t *testing.T) {
	res, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: with(small, "s_spectra", "0,0.8")})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Metrics["outlier_rel_err_max_s0"]; got != 0 {
		t.Errorf("s = 0 outlier error: got %g, want 0", got)
	}
	if _, ok := res.Metrics["bulk_ratio_median_s0"]; ok {
		t.Errorf("s = 0 has a bulk ratio, want none")
	}
	for _, c := range res.Checks {
		if c.Name == "bulk_radius_s0" {
			t.Errorf("s = 0 has a bulk check, want none")
		}
	}
}

// BenchmarkSpectrum1000 is one N = 1000 network's spectrum (connectivity and
// eigenvalues), the unit of work of the default scale.
func BenchmarkSpectrum1000(b *testing.B) {
	p := Default(experiment.Default)
	for i := 0; i < b.N; i++ {
		if _, err := runSpectrum(p, 1, 0.9, i); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRegimeNotes checks that a failed decay or chaos check comes with a
// note explaining what was measured.
func TestRegimeNotes(t *testing.T) {
	p := Default(experiment.Default)
	res := experiment.NewResult(New().Meta(), experiment.Config{Seed: 1}, &p)
	var dyn [nRegimes]dynamics
	dyn[fixedPoint] = dynamics{kappaOK: true, kappaN: 1.3, kappaHat: 1.3}
	dyn[decay] = dynamics{maxAbs: 0.5, r: 0.7, outFO: 1.2, outSD: 0.33, lyapOK: true}
	dyn[chaos] = dynamics{sdMean: 0.003, r: 1.5, lyapOK: true}
	addDynamicsResults(res, p, &dyn)
	want := []string{"did not decay", "settled"}
	if len(res.Notes) != len(want) {
		t.Fatalf("got notes %q, want %d", res.Notes, len(want))
	}
	for i, w := range want {
		if !strings.Contains(res.Notes[i], w) {
			t.Errorf("note %d = %q, want it to mention %q", i, res.Notes[i], w)
		}
	}
	for _, c := range res.Checks {
		if (c.Name == "decay_to_zero" || c.Name == "chaos_fluctuations") && c.Pass {
			t.Errorf("check %s passed on failing dynamics", c.Name)
		}
	}
}

// TestRegimeChecksFollowParameters: a dynamics check whose regime the
// parameters do not predict (r_chaos ≤ 1; λ0 ≥ 1 for the decay run) is left
// out with a note instead of failing.
func TestRegimeChecksFollowParameters(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 2, with(small, "r_chaos", "0.9", "lambda0_regimes", "1.5"))
	exptest.Absent(t, res, "chaos_fluctuations", "decay_to_zero")
	exptest.Noted(t, res, "chaos_fluctuations left out", "decay_to_zero left out")
}

// TestZeroOverlapRegimes: lambda0_regimes = 0 (the bottom of its range)
// makes n = b ξ orthogonal to m, so the decay and chaos runs have no
// low-rank outlier and the first-order estimate nᵀJm/nᵀm is 0/0: it was
// reported as a metric of order 1e16. It is now left out, and the notes do
// not quote it.
func TestZeroOverlapRegimes(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 1, with(small, "lambda0_regimes", "0"))
	for _, k := range []string{"decay", "chaos"} {
		for _, m := range []string{"_outlier_first_order", "_outlier_sd_first_order"} {
			if v, ok := res.Metrics[k+m]; ok {
				t.Errorf("metric %s = %g reported with lambda0_regimes = 0 (no outlier)", k+m, v)
			}
		}
	}
	if _, ok := res.Metrics["fixed_point_outlier_first_order"]; !ok {
		t.Error("fixed_point_outlier_first_order missing (the fixed-point run has λ0 = lambda0 > 0)")
	}
	p := Default(experiment.Default)
	p.Lambda0R = 0
	r := experiment.NewResult(New().Meta(), experiment.Config{Seed: 1}, &p)
	var dyn [nRegimes]dynamics
	dyn[fixedPoint] = dynamics{kappaOK: true, kappaN: 1.3, kappaHat: 1.3}
	dyn[decay] = dynamics{maxAbs: 0.5, r: 0.7, outFO: 1e16, outSD: 1e16}
	dyn[chaos] = dynamics{sdMean: 0.003, r: 1.5, outFO: 1e16}
	addDynamicsResults(r, p, &dyn)
	for _, n := range r.Notes {
		if strings.Contains(n, "first-order estimate") || strings.Contains(n, "e+16") {
			t.Errorf("note quotes the undefined outlier estimate: %q", n)
		}
	}
}

// TestRegimeTitles: the decay panel was titled "Decay to 0 (…, r = … < 1)"
// whatever the run did and whatever r_decay was (--set r_decay=1.2 read
// "r = 1.20 < 1"), and the fixed-point panel promised dashed κ_N m_i lines
// that are not drawn when no mean-field root exists.
func TestRegimeTitles(t *testing.T) {
	p := Default(experiment.Default)
	if got := decayTitle(p, dynamics{r: 0.7, maxAbs: 1e-8}); got != "Decay to 0 (λ0 = 0.5, r = 0.70 < 1)" {
		t.Errorf("decayed run: title %q", got)
	}
	got := decayTitle(p, dynamics{r: 1.2, maxAbs: 0.4})
	if strings.Contains(got, "< 1") || !strings.HasPrefix(got, "No decay") {
		t.Errorf("r = 1.2, not decayed: title %q", got)
	}
	if got := fixedTitle(p, dynamics{kappaOK: false, r: 0.3}); strings.Contains(got, "dashed") {
		t.Errorf("no κ root: title %q promises dashed lines", got)
	}
	if got := fixedTitle(p, dynamics{kappaOK: true, r: 0.3}); !strings.Contains(got, "dashed") {
		t.Errorf("κ root: title %q", got)
	}
}

// TestShortRunLyapunov: with fewer than lyapEvery steps in the second half
// (t_max = 1.5 τ at dt = 0.1: 8 steps) the Lyapunov copy was never
// renormalised and λ_max was reported as 0 (a periodic orbit, by
// orbitKind); it is now left out with a note, and the figure does not
// name a regime from it.
func TestShortRunLyapunov(t *testing.T) {
	res := exptest.Run(t, New(), experiment.Quick, 1, with(small, "t_max", "1.5"))
	for _, k := range []string{"decay_lyapunov_max", "chaos_lyapunov_max"} {
		if v, ok := res.Metrics[k]; ok {
			t.Errorf("metric %s = %g reported without a renormalisation", k, v)
		}
	}
	exptest.Noted(t, res, "Lyapunov exponents of the decay and chaos runs are not reported")
	if got := chaosTitle(Default(experiment.Default), dynamics{r: 1.5}); strings.Contains(got, "not chaos") || strings.Contains(got, "Chaos") {
		t.Errorf("unmeasured λ_max: title %q names a regime", got)
	}
	long := exptest.Run(t, New(), experiment.Quick, 1, with(small, "t_max", "3"))
	if _, ok := long.Metrics["chaos_lyapunov_max"]; !ok {
		t.Error("t_max = 3 (15 steps in the second half): chaos_lyapunov_max missing")
	}
}
