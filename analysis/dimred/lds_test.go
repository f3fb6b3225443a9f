package dimred

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
)

// The shared-covariance LDS EM (ldsFit) is model/lds's EM with DiagR: the
// log-likelihood of every iterate and the final smoothed means agree with
// lds.Fit to 1e-8 relative.
func TestLDSMatchesModelLDS(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	truth := randomGPFA(rng, 8, []float64{2, 6})
	var Y []*mat.Dense
	for k := 0; k < 20; k++ { // 20 trials: two batches of the batched smoother
		y, _ := sampleGPFA(rng, truth, 30)
		Y = append(Y, y)
	}
	const iters = 15
	_, ms, got, err := fitLDS(context.Background(), Y, 2, iters)
	if err != nil {
		t.Fatal(err)
	}
	data := make([]lds.Sequence, len(Y))
	for i, y := range Y {
		data[i] = lds.Sequence{Y: y}
	}
	m, err := lds.InitPCA(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	want, err := lds.Fit(m, data, lds.Options{Iters: iters, DiagR: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("trace length: got %d, want %d", len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-8*math.Abs(want[i]) {
			t.Fatalf("iteration %d: log-lik got %.12g, want %.12g ± 1e-8 rel", i, got[i], want[i])
		}
	}
	for k, s := range data {
		p, err := m.Smooth(s)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range p.Mean {
			if g := ms[k][i]; math.Abs(g-w) > 1e-6*(1+math.Abs(w)) {
				t.Fatalf("trial %d mean[%d]: got %.10g, want %.10g ± 1e-6", k, i, g, w)
			}
		}
	}
}
