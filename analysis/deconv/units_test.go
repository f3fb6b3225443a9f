package deconv

import (
	"errors"
	"math"
	"testing"

	"neurolab/experiment"
)

// DecayFromTau samples e^{−t/τ} once per frame: g^{fs·τ} = e^{−1}, and the
// same indicator at twice the frame rate has g' = √g.
func TestDecayFromTau(t *testing.T) {
	g, err := DecayFromTau(0.7, 30)
	if err != nil {
		t.Fatal(err)
	}
	if got := math.Pow(g, 0.7*30); math.Abs(got-math.Exp(-1)) > 1e-12 {
		t.Errorf("g^(τ·fs) = %g, want e^−1", got)
	}
	g2, _ := DecayFromTau(0.7, 60)
	if math.Abs(g2-math.Sqrt(g)) > 1e-12 {
		t.Errorf("g at 60 Hz = %g, want √g(30 Hz) = %g", g2, math.Sqrt(g))
	}
	for _, c := range [][2]float64{{0, 30}, {-1, 30}, {0.7, 0}, {math.NaN(), 30}, {0.7, math.Inf(1)}} {
		if _, err := DecayFromTau(c[0], c[1]); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("DecayFromTau(%g, %g): error %v, want an input error", c[0], c[1], err)
		}
	}
}

// AR2FromTaus gives the AR(2) model whose kernel is the difference of the
// decay and rise exponentials, and whose roots are those exponentials.
func TestAR2FromTaus(t *testing.T) {
	const tauD, tauR, fs = 0.5, 0.05, 30.0
	g1, g2, err := AR2FromTaus(tauD, tauR, fs)
	if err != nil {
		t.Fatal(err)
	}
	d, r := math.Exp(-1/(tauD*fs)), math.Exp(-1/(tauR*fs))
	for k := 0; k < 40; k++ {
		want := (math.Pow(d, float64(k+1)) - math.Pow(r, float64(k+1))) / (d - r)
		if got := KernelAR2(g1, g2, k); math.Abs(got-want) > 1e-12*math.Max(1, want) {
			t.Fatalf("kernel at lag %d = %g, want %g", k, got, want)
		}
	}
	rd, rr := RootsAR2(g1, g2)
	if math.Abs(real(rd)-d) > 1e-12 || math.Abs(real(rr)-r) > 1e-12 {
		t.Errorf("roots %v, %v, want %g, %g", rd, rr, d, r)
	}
	for _, c := range [][3]float64{{0.05, 0.5, fs}, {0.5, 0.5, fs}, {0.5, 0, fs}, {0.5, 0.05, 0}} {
		if _, _, err := AR2FromTaus(c[0], c[1], c[2]); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("AR2FromTaus(%v): error %v, want an input error", c, err)
		}
	}
}
