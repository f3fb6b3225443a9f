package dimred

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/lds"
)

// LDS is model/lds's EM with diagonal R from its PCA initialisation: the
// log-likelihood trace equals lds.Fit's and the returned latents are the
// smoothed means under the fitted model (lds.Smooth of every trial), to
// 1e-12 relative, for trials of equal and of unequal lengths.
func TestLDSIsModelLDS(t *testing.T) {
	cases := []struct {
		name    string
		lengths []int
	}{
		{"equal", []int{30, 30, 30, 30, 30, 30}},
		{"unequal", []int{30, 18, 30, 45, 18}},
	}
	const iters, tol = 12, 1e-12
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, uint64(i)))
			truth := randomGPFA(rng, 8, []float64{2, 6})
			var Y []*mat.Dense
			for _, T := range c.lengths {
				y, _ := sampleGPFA(rng, truth, T)
				Y = append(Y, y)
			}
			est, got, err := LDS(context.Background(), Y, 2, iters)
			if err != nil {
				t.Fatal(err)
			}
			data := make([]lds.Sequence, len(Y))
			for k, y := range Y {
				data[k] = lds.Sequence{Y: y}
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
			for k := range want {
				if math.Abs(got[k]-want[k]) > tol*math.Abs(want[k]) {
					t.Errorf("iteration %d: log-lik got %.15g, want %.15g ± %g rel", k, got[k], want[k], tol)
				}
			}
			for k, s := range data {
				p, err := m.Smooth(s)
				if err != nil {
					t.Fatal(err)
				}
				T, _ := Y[k].Dims()
				if r, c := est[k].Dims(); r != T || c != 2 {
					t.Fatalf("trial %d: latents %d×%d, want %d×2", k, r, c, T)
				}
				for tt := 0; tt < T; tt++ {
					for j := 0; j < 2; j++ {
						g, w := est[k].At(tt, j), p.MeanAt(tt)[j]
						if math.Abs(g-w) > tol*(1+math.Abs(w)) {
							t.Fatalf("trial %d mean (%d,%d): got %.15g, want %.15g ± %g", k, tt, j, g, w, tol)
						}
					}
				}
			}
		})
	}
}
