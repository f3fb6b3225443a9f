package rule2022

import (
	"context"
	"math"
	"os"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/exptest"
)

func TestRingHeatKernelMatchesExpm(t *testing.T) {
	const L, sigma = 20, 3.0
	k := ringHeatKernel(L, sigma)
	lap := mat.NewDense(L, L, nil)
	for i := 0; i < L; i++ {
		lap.Set(i, i, -2*sigma*sigma/2*-1*-1)
		lap.Set(i, (i+1)%L, sigma*sigma/2)
		lap.Set(i, (i+L-1)%L, sigma*sigma/2)
	}
	var e mat.Dense
	e.Exp(lap)
	for a := 0; a < L; a++ {
		var col float64
		for b := 0; b < L; b++ {
			col += k[b*L+a]
			if d := math.Abs(k[a*L+b] - e.At(a, b)); d > 1e-12 {
				t.Fatalf("kernel (%d,%d): got %g, want %g ± 1e-12", a, b, k[a*L+b], e.At(a, b))
			}
		}
		if math.Abs(col-1) > 1e-12 {
			t.Fatalf("column %d sum: got %g, want 1 ± 1e-12", a, col)
		}
	}
}

func TestNRMSEClosedForm(t *testing.T) {
	// NRMSE = √(1 − mean r) for z-scored rows; identical rows give 0 and
	// negated rows give 1.
	y := []float64{0, 1, 2, 3, 1, 0, 0, 2}
	neg := make([]float64, len(y))
	for i, v := range y {
		neg[i] = -v
	}
	for _, tc := range []struct {
		name string
		z    []float64
		want float64
	}{{"identical", y, 0}, {"negated", neg, math.Sqrt(2)}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nrmse(tc.z, y, 4); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("got %g, want %g ± 1e-12", got, tc.want)
			}
		})
	}
}

func TestEncodingHomeostasis(t *testing.T) {
	// After the final homeostasis every feature's rates have SD near the
	// target 5 (50 iterations do not fully converge), and centring gives mean 0.
	p := Default(experiment.Quick)
	p.K = 10
	fs, err := features(context.Background(), p, 1, []int{0, 50}, 1)
	if err != nil {
		t.Fatal(err)
	}
	for d, f := range fs {
		for k := 0; k < p.K; k++ {
			row := f[k*p.L : (k+1)*p.L]
			var m, v float64
			for _, x := range row {
				m += x
				v += x * x
			}
			m /= float64(p.L)
			sd := math.Sqrt(v/float64(p.L) - m*m)
			if math.Abs(m) > 1e-9 || math.Abs(sd-5) > 1 {
				t.Errorf("day %d feature %d: mean %g SD %g, want 0 ± 1e-9, 5 ± 1", d, k, m, sd)
			}
		}
	}
}

func runScale(t *testing.T, s experiment.Scale, workers int) *experiment.Result {
	t.Helper()
	start := time.Now()
	res, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: s, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v scale, %d workers: %.2f s", s, workers, time.Since(start).Seconds())
	for _, c := range res.Checks {
		t.Logf("check %-28s %8.4f %s %g pass=%v", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
	}
	for k, v := range res.Metrics {
		t.Logf("metric %s = %.4f", k, v)
	}
	for _, n := range res.Notes {
		t.Logf("note: %s", n)
	}
	return res
}

// notReproduced lists the spec's checks that the verified implementation
// does not meet (seed 1; quick / default scale; doc.go has the verification):
//   - hebbnorm_tracks: final NRMSE hebbhomeo+norm 0.622 / 0.592, want ≤ 0.35
//   - hebbnorm_vs_homeostat: ratio 0.65 / 0.60, want ≤ 0.5
//   - homeostasis_homeostat: 0.49 / 0.46, want ≤ 0.1
//   - homeostasis_hebbhomeo: 0.31 / 0.21, want ≤ 0.1
//   - homeostasis_hebbhomeo_norm: 0.60 / 0.25, want ≤ 0.1
//
// TestQuick asserts every other check (fixed_decays, homeostat_decays,
// ordering, recurrent_improves).
var notReproduced = map[string]bool{
	"hebbnorm_tracks": true, "hebbnorm_vs_homeostat": true,
	"homeostasis_homeostat": true, "homeostasis_hebbhomeo": true, "homeostasis_hebbhomeo_norm": true,
}

func TestQuick(t *testing.T) {
	res := runScale(t, experiment.Quick, 2)
	seen := map[string]bool{}
	for _, c := range res.Checks {
		seen[c.Name] = true
		if notReproduced[c.Name] {
			t.Logf("check %s does not reproduce (see doc.go): got %g, want %s %g (pass=%v)", c.Name, c.Value, c.Op, c.Threshold, c.Pass)
			continue
		}
		if !c.Pass {
			t.Errorf("check %s: got %g, want %s %g", c.Name, c.Value, c.Op, c.Threshold)
		}
	}
	for name := range notReproduced {
		if !seen[name] {
			t.Errorf("listed non-reproducing check %s: got no such check, want it present", name)
		}
	}
	if len(res.Notes) == 0 {
		t.Errorf("notes: got none, want the non-reproduced checks recorded")
	}
	if len(res.Figures) != 2 {
		t.Errorf("got %d figures, want 2", len(res.Figures))
	}
}

func TestDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	a := runScale(t, experiment.Quick, 1)
	b := runScale(t, experiment.Quick, 2)
	exptest.SameMetrics(t, a, b)
}

func TestDefaultScale(t *testing.T) {
	if os.Getenv("NEUROLAB_DEFAULT") == "" {
		t.Skip("set NEUROLAB_DEFAULT=1 to run the default-scale calibration")
	}
	res := runScale(t, experiment.Default, 2)
	if !res.Pass {
		t.Errorf("default scale: some check failed")
	}
}

func TestBadInput(t *testing.T) {
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick,
		Set: map[string]string{"days": "20", "final_sessions": "10"}})
	if err == nil {
		t.Fatal("final_sessions > sessions: got nil error, want input error")
	}
}

// benchReplay runs b.N replay sessions of iters iterations of rule on the
// default-scale model (K = 120, L = M = 60).
func benchReplay(b *testing.B, rule Rule, iters int) {
	p := Default(experiment.Default)
	fs, _ := features(context.Background(), p, 1, []int{0}, 1)
	m := &model{p: p, seed: 1}
	m.X0 = mat.NewDense(p.K+1, p.L, fs[0])
	m.Y = targets(p.L, p.Nu*float64(p.L), p.Height)
	m.muY = mat.Sum(m.Y) / float64(p.L*p.L)
	m.W, _ = fitGLM(context.Background(), m.X0, m.Y, p.Rho, 200)
	m.R, _ = fitRecurrent(context.Background(), m.Y, p.Rho, 200)
	m.Sz, m.muZ = activationCov(m.Y)
	r := newReplay(m, rule)
	xs := m.X0.Slice(0, p.K, 0, p.L).(*mat.Dense)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for it := 0; it < iters; it++ {
			r.step(m.X0, xs)
		}
	}
}

func BenchmarkReplaySessionK120L60I50(b *testing.B) { benchReplay(b, HebbNorm, 50) }

func BenchmarkReplaySessionRecurrentK120L60I50(b *testing.B) { benchReplay(b, Recurrent, 50) }

// BenchmarkReplayIterationPredictiveK120L60Iz100 is one replay iteration of
// the predictive rule (I_z = 100 feedback steps, 2.2·10⁷ MAC).
func BenchmarkReplayIterationPredictiveK120L60Iz100(b *testing.B) { benchReplay(b, Predictive, 1) }
