package drift

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

func TestLagCurve(t *testing.T) {
	// 3 × 3 upper triangle: (0,1)=1, (1,2)=3, (0,2)=5.
	m := []float64{math.NaN(), 1, 5, math.NaN(), math.NaN(), 3, math.NaN(), math.NaN(), math.NaN()}
	got := LagCurve(m, 3)
	if got[0] != 2 || got[1] != 5 {
		t.Errorf("got %v, want [2 5]", got)
	}
	if d := LagDifference([]float64{4, 2, 0, 1}, 1, 2, 3, 4); d != 2.5 {
		t.Errorf("LagDifference: got %v, want 2.5", d)
	}
}

// Identical repeats: every correlation is 1, the decoder is perfect, and the
// shuffle control averages 1/bins.
func TestIdenticalRepeats(t *testing.T) {
	const R, B, N = 4, 10, 15
	rng := rand.New(rand.NewPCG(1, 1))
	one := make([]float64, B*N)
	for i := range one {
		one[i] = rng.ExpFloat64()
	}
	x := Responses{Repeats: R, Bins: B, Cells: N}
	for r := 0; r < R; r++ {
		x.Data = append(x.Data, one...)
	}
	res, err := Analyze(context.Background(), x, Options{Shuffles: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for l := range res.PVLag {
		for name, v := range map[string]float64{"PV": res.PVLag[l], "rate": res.RateLag[l], "tuning": res.TuningLag[l], "decoder": res.DecoderLag[l]} {
			if math.Abs(v-1) > 1e-12 {
				t.Errorf("lag %d %s: got %v, want 1", l+1, name, v)
			}
		}
	}
	// With a perfect nearest neighbour, a permutation is right on its fixed
	// points: mean 1 per permutation, i.e. accuracy 1/B (SD of the mean over
	// 2000 permutations: 0.1/√2000 ≈ 0.002).
	if math.Abs(res.Shuffle-1.0/B) > 0.01 {
		t.Errorf("shuffle: got %v, want %v ± 0.01", res.Shuffle, 1.0/B)
	}
}

func TestGainInvariance(t *testing.T) {
	// Scaling one repeat by a gain leaves PV, rate and tuning correlations at
	// 1 but moves the Euclidean decoder's distances (it still wins here since
	// the pattern is preserved only up to gain; no assertion on it).
	const B, N = 8, 12
	rng := rand.New(rand.NewPCG(2, 1))
	a := make([]float64, B*N)
	for i := range a {
		a[i] = 1 + rng.ExpFloat64()
	}
	b := make([]float64, B*N)
	for i := range b {
		b[i] = 2.5 * a[i]
	}
	x := Responses{Repeats: 2, Bins: B, Cells: N, Data: append(append([]float64(nil), a...), b...)}
	res, err := Analyze(context.Background(), x, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]float64{"PV": res.PVLag[0], "rate": res.RateLag[0], "tuning": res.TuningLag[0]} {
		if math.Abs(v-1) > 1e-12 {
			t.Errorf("%s under gain: got %v, want 1", name, v)
		}
	}
}
