package lds

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// TestHugeDataInputError: under a model of ordinary scale, observations
// ×1e160 and beyond have a log-likelihood below −1.8e308 (≈ −½Σy²/R), which
// no exact rescaling can represent. Filter, Smooth and LogLikelihood used to
// fail with a bare "non-finite log-likelihood" (not an input error); they
// now say what is wrong and what range works. Up to ×1e150 the
// log-likelihood is representable and computed as before.
func TestHugeDataInputError(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m := scalarModel(0.9)
	_, Y, err := m.Sample(rng, 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	scaled := func(a float64) Sequence {
		Ys := mat.DenseCopyOf(Y)
		Ys.Scale(a, Ys)
		return Sequence{Y: Ys}
	}
	for _, a := range []float64{1e160, 1e200, 1e300, -1e300} {
		seq := scaled(a)
		within(t, fmt.Sprint(a), func() {
			_, errF := m.Filter(seq)
			_, errS := m.Smooth(seq)
			_, errL := m.LogLikelihood(seq)
			for name, err := range map[string]error{"Filter": errF, "Smooth": errS, "LogLikelihood": errL} {
				if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "rescale") || !strings.Contains(err.Error(), "1e150") {
					t.Errorf("×%g: %s err = %v, want an input error naming the range and the remedy", a, name, err)
				}
			}
		})
	}
	for _, a := range []float64{1, 1e100, 1e150, 1e-300} {
		ll, err := m.LogLikelihood(scaled(a))
		if err != nil || math.IsInf(ll, 0) || math.IsNaN(ll) {
			t.Errorf("×%g: log-likelihood %g, %v; want a finite value", a, ll, err)
		}
	}
}
