package rule2022

import (
	"context"
	"math"
	"testing"

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
var notReproduced = map[string]string{
	"hebbnorm_tracks":            "final NRMSE 0.622 / 0.592, want <= 0.35",
	"hebbnorm_vs_homeostat":      "ratio 0.65 / 0.60, want <= 0.5",
	"homeostasis_homeostat":      "0.49 / 0.46, want <= 0.1",
	"homeostasis_hebbhomeo":      "0.31 / 0.21, want <= 0.1",
	"homeostasis_hebbhomeo_norm": "0.60 / 0.25, want <= 0.1",
}

func TestQuick(t *testing.T) {
	res := exptest.Quick(t, New())
	exptest.AllPass(t, res, exptest.Want{Figures: 2, Known: notReproduced})
	if len(res.Notes) == 0 {
		t.Errorf("notes: got none, want the non-reproduced checks recorded")
	}
}

func TestDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	exptest.Deterministic(t, New(), nil)
}

// TestDefaultScale runs the default-scale calibration (NEUROLAB_DEFAULT=1):
// every check passes but the ones notReproduced lists for default scale too.
func TestDefaultScale(t *testing.T) {
	exptest.AllPass(t, exptest.Default(t, New()), exptest.Want{Known: notReproduced})
}

// final_sessions > sessions.
func TestBadInput(t *testing.T) {
	exptest.RunInputError(t, New(), map[string]string{"days": "20", "final_sessions": "10"})
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
